"""``nicguard rules`` through the real entry point."""

from __future__ import annotations

import json

import pytest

from nicguard.cli import main
from nicguard.rules import ALL_RULES


def test_rules_as_json_lists_the_whole_catalog(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["version"] == 1
    assert [r["id"] for r in data["rules"]] == [r.id for r in ALL_RULES]
    assert set(data["rules"][0]) == {"id", "name", "category", "severity", "summary", "remediation"}


def test_an_input_error_is_one_line_on_stderr_and_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--write-docs", str(tmp_path / "no-repo")]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("nicguard: error: ") and captured.err.count("\n") == 1
