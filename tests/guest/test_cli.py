"""``nicguard guest check``: paste-in diagnosis from the command line."""

from __future__ import annotations

import json
import subprocess
import sys

from nicguard.cli import main

from .conftest import RECORDED


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(["guest", "check", *args, "--color", "never"])
    return code, capsys.readouterr().out


def test_static_ip_transcript_fails_with_the_nics_address(capsys) -> None:
    code, out = run(
        capsys,
        str(RECORDED / "windows/ipconfig-en-static-ip-different.txt"),
        "--nic-ip",
        "10.0.0.5",
        "--dns",
        "168.63.129.16",
    )
    assert code == 1
    assert "NG301" in out and "10.0.0.50 differs from the NIC's (10.0.0.5)" in out


def test_clean_probe_output_passes_and_reports_as_json(capsys) -> None:
    code, out = run(capsys, str(RECORDED / "windows/probe-clean-dhcp.txt"), "--format", "json")
    assert code == 0
    assert json.loads(out)["findings"] == []


def test_unreadable_input_exits_2_with_the_reason(capsys, tmp_path) -> None:
    paste = tmp_path / "paste.txt"
    paste.write_text("hello, this is not a transcript\n", encoding="utf-8")
    code, out = run(capsys, str(paste))
    assert code == 2 and "no recognised output" in out


def test_japanese_transcript_saved_as_shift_jis_and_utf16(capsys, tmp_path) -> None:
    text = (RECORDED / "windows/ipconfig-ja-static-ip-different.txt").read_text(encoding="utf-8")
    for encoding in ("cp932", "utf-16"):
        paste = tmp_path / f"paste-{encoding}.txt"
        paste.write_bytes(text.encode(encoding))
        code, out = run(capsys, str(paste), "--nic-ip", "10.0.0.5")
        assert code == 1 and "イーサネット" in out


def test_bad_address_is_an_input_error(capsys) -> None:
    assert main(["guest", "check", str(RECORDED / "windows/probe-clean-dhcp.txt"), "--nic-ip", "10.0.0.999"]) == 2
    assert "--nic-ip/--dns" in capsys.readouterr().err


def test_the_command_loads_neither_pulumi_nor_azure() -> None:
    code = (
        "import sys; from nicguard.cli import main;"
        f"main(['guest', 'check', {str(RECORDED / 'windows/probe-clean-dhcp.txt')!r}, '--format', 'json']);"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'pulumi', 'pulumi_policy', 'azure'}), file=sys.stderr)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stderr.strip().splitlines()[-1] == "[]"
