"""``nicguard scan``: folders, skipped directories, exit codes, errors, and a light import graph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nicguard.cli import main

DIRTY = "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4\n"
SHELL_MODULES = ("pulumi", "pulumi_policy", "azure", "grpc", "aiohttp")


@pytest.fixture()
def repo(tmp_path: Path) -> Path:
    (tmp_path / "scripts").mkdir()
    (tmp_path / "scripts" / "dns.ps1").write_text(DIRTY, encoding="utf-8")
    (tmp_path / "scripts" / "ok.sh").write_text("#!/bin/sh\necho hello\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("Never run `" + DIRTY.strip() + "` on Azure.\n", encoding="utf-8")
    (tmp_path / "tool.py").write_text("network:\n  version: 2\n", encoding="utf-8")
    (tmp_path / "blob.bin").write_bytes(b"\x00\x01" * 500 + DIRTY.encode())
    for skipped in (".git", "node_modules", ".venv"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "dns.ps1").write_text(DIRTY, encoding="utf-8")
    return tmp_path


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out)


def test_folder_scan_reports_file_and_line_and_skips_the_rest(repo: Path, capsys) -> None:
    assert main(["scan", str(repo), "--format", "json"]) == 1
    report = _json(capsys)
    assert [f["subject"] for f in report["findings"]] == [f"{repo / 'scripts' / 'dns.ps1'}:1"]
    assert report["findings"][0]["rule_id"] == "NG402"
    assert report["summary"]["checked"] == 2  # dns.ps1 and ok.sh


def test_clean_tree_exits_zero(tmp_path: Path, capsys) -> None:
    (tmp_path / "ok.ps1").write_text("Set-DnsClientServerAddress -InterfaceAlias Ethernet -ResetServerAddresses\n")
    assert main(["scan", str(tmp_path)]) == 0
    assert "no findings (1 checked)" in capsys.readouterr().out


def test_fail_on_and_allowed_dns(repo: Path, capsys) -> None:
    assert main(["scan", str(repo / "scripts"), "--allow-dns", "10.0.0.4", "--format", "json"]) == 0
    assert _json(capsys)["findings"][0]["severity"] == "info"
    assert main(["scan", str(repo / "scripts"), "--allow-dns", "10.0.0.4", "--fail-on", "info", "--format", "json"]) == 1


def test_other_formats_and_outputs(repo: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "out" / "report.json"
    assert main(["scan", str(repo / "scripts"), "--output", f"json={target}", "--color", "never"]) == 1
    assert "NG402" in capsys.readouterr().out
    assert json.loads(target.read_text())["findings"]


def test_missing_path_is_one_error_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "nicguard", "scan", str(tmp_path / "nope")], capture_output=True, text=True)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"nicguard: error: {tmp_path / 'nope'}: no such file or directory"]


def test_unreadable_file_is_one_error_line(tmp_path: Path, capsys) -> None:
    dangling = tmp_path / "user-data"
    dangling.symlink_to(tmp_path / "gone")
    assert main(["scan", str(dangling)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nicguard: error: cannot read") and "Traceback" not in err and len(err.splitlines()) == 1


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads every file")
def test_permission_denied_in_a_folder_walk(tmp_path: Path, capsys) -> None:
    locked = tmp_path / "dns.ps1"
    locked.write_text(DIRTY)
    locked.chmod(0)
    try:
        assert main(["scan", str(tmp_path)]) == 2
    finally:
        locked.chmod(0o600)
    assert "cannot read" in capsys.readouterr().err


def test_scan_loads_no_pulumi_azure_or_grpc(repo: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "nicguard", "scan", str(repo)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    loaded = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import time:")}
    heavy = sorted(m for m in loaded if m.split(".")[0] in SHELL_MODULES)
    assert loaded and not heavy, f"nicguard scan imported {heavy}"
