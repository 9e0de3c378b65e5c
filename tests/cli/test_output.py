"""``nicguard.cli.output.emit``: exit codes, several outputs, waivers, and one-line input errors."""

from __future__ import annotations

import argparse
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from nicguard.cli.output import add_report_options, emit
from nicguard.core.findings import Finding, Severity, Status
from nicguard.errors import InputError
from nicguard.rules import RULES_BY_ID

NIC = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-web-01"


@pytest.fixture(autouse=True)
def _in_empty_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keeps a stray .nicguard.yaml in the working directory out of these tests."""
    monkeypatch.chdir(tmp_path)


def _args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_report_options(parser)
    return parser.parse_args(argv)


def _finding(rule_id: str = "NG101", severity: Severity | None = None, status: Status = Status.FAIL,
             subject: str = NIC) -> Finding:
    rule = RULES_BY_ID[rule_id]
    return Finding(rule.id, rule.name, rule.category, severity or rule.severity, status, subject,
                   f"{rule.name} on {subject}", rule.remediation)


def _json_out(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out)


def test_no_findings_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert emit([], _args(), checked=3) == 0
    assert "no findings (3 checked)" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("severity", "fail_on", "code"),
    [
        (Severity.ERROR, "error", 1),
        (Severity.WARNING, "error", 0),
        (Severity.WARNING, "warning", 1),
        (Severity.INFO, "warning", 0),
        (Severity.INFO, "info", 1),
    ],
)
def test_exit_1_only_at_or_above_fail_on(severity: Severity, fail_on: str, code: int) -> None:
    assert emit([_finding(severity=severity)], _args("--fail-on", fail_on), checked=1) == code


@pytest.mark.parametrize(
    ("statuses", "unknown_is_failure", "code"),
    [
        ((Status.UNKNOWN,), False, 0),
        ((Status.UNKNOWN,), True, 2),
        ((Status.UNKNOWN, Status.FAIL), True, 1),  # a real failure outranks "could not check"
    ],
)
def test_unknown_findings_fail_only_when_asked(statuses, unknown_is_failure: bool, code: int) -> None:
    findings = [_finding(status=s, subject=f"{NIC}-{i}") for i, s in enumerate(statuses)]
    assert emit(findings, _args(), checked=2, unknown_is_failure=unknown_is_failure) == code


def test_several_outputs_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = _args("--format", "json", "--output", "sarif=out/a/nicguard.sarif", "--output", "junit=out/b/junit.xml",
                 "--output", "markdown=summary.md")
    assert emit([_finding()], args, checked=1) == 1
    assert _json_out(capsys)["findings"][0]["rule_id"] == "NG101"
    sarif = json.loads((tmp_path / "out/a/nicguard.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "NG101"
    assert ET.parse(tmp_path / "out/b/junit.xml").getroot().get("failures") == "1"
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("### nicguard: 1 error")


@pytest.mark.parametrize("spec", ["sarif", "yaml=out.yaml", "sarif=", "=out.sarif"])
def test_bad_output_spec_is_one_line_input_error(spec: str, tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        emit([_finding()], _args("--output", "json=first.json", "--output", spec), checked=1)
    message = str(caught.value)
    assert "\n" not in message and repr(spec) in message and "FORMAT=PATH" in message
    assert not (tmp_path / "first.json").exists()  # nothing written before the specs are checked


def test_unwritable_output_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "taken").mkdir()
    with pytest.raises(InputError, match=r"^--output json=taken: cannot write it"):
        emit([], _args("--output", "json=taken"), checked=0)


def test_colour_follows_the_color_option(capsys: pytest.CaptureFixture[str]) -> None:
    emit([_finding()], _args("--color", "always"), checked=1)
    assert "\x1b[" in capsys.readouterr().out
    emit([_finding()], _args("--color", "never"), checked=1)
    assert "\x1b[" not in capsys.readouterr().out


# --- waivers -------------------------------------------------------------------------------

WAIVER = """\
waivers:
  - rule: {rule}
    subject: "*/nic-web-01"
    reason: accepted until the migration (CHG-1234)
    expires: {expires}
"""


def _write_waivers(path: Path, rule: str = "NG101", expires: str = "2999-12-31") -> Path:
    path.write_text(WAIVER.format(rule=rule, expires=expires), encoding="utf-8")
    return path


def test_waived_finding_is_suppressed_and_does_not_fail(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = _write_waivers(tmp_path / "waivers.yaml", rule="duplicate-private-ip")
    assert emit([_finding()], _args("--format", "json", "--waivers", str(waivers)), checked=1) == 0
    (finding,) = _json_out(capsys)["findings"]
    assert (finding["status"], finding["waiver"]) == ("suppressed", "accepted until the migration (CHG-1234)")


def test_default_waiver_file_is_picked_up(tmp_path: Path) -> None:
    _write_waivers(tmp_path / ".nicguard.yaml")
    assert emit([_finding()], _args(), checked=1) == 0


def test_expired_waiver_is_reported_and_suppresses_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = _write_waivers(tmp_path / "waivers.yaml", expires="2020-01-31")
    assert emit([_finding()], _args("--format", "json", "--waivers", str(waivers)), checked=1) == 1
    data = _json_out(capsys)
    assert data["findings"][0]["status"] == "fail"
    assert [(n["kind"], n["expires"], n["location"]) for n in data["waiver_notices"]] == [
        ("expired", "2020-01-31", f"{waivers}:2")
    ]


def test_unmatched_waiver_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    waivers = _write_waivers(tmp_path / "waivers.yaml", rule="NG501")
    assert emit([_finding()], _args("--format", "json", "--waivers", str(waivers)), checked=1) == 1
    assert [n["kind"] for n in _json_out(capsys)["waiver_notices"]] == ["unmatched"]


def test_missing_waiver_file_named_on_the_command_line_is_an_error() -> None:
    with pytest.raises(InputError, match="does not exist"):
        emit([], _args("--waivers", "nope.yaml"), checked=0)


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("waivers:\n  - rule: NG101\n    subject: [unclosed\n", 4, "not valid YAML"),
        ("waivers:\n  - rule: NG101\n    subject: x\n    reason: r\n", 2, "lacks expires"),
        ("waivers:\n  - rule: NG999\n    subject: x\n    reason: r\n    expires: 2030-01-01\n", 2, "no rule 'NG999'"),
        ("waivers:\n  - rule: NG101\n    subject: x\n    reason: r\n    expires: 2030-02-30\n", 5, "not a date"),
        ("waivers:\n  - rule: NG101\n    subject: [a, b]\n    reason: r\n    expires: 2030-01-01\n", 3, "single value"),
        ("waivers:\n  - rule: NG101\n    subject: x\n    reason: ''\n    expires: 2030-01-01\n", 4, "needs a reason"),
        ("waivers:\n  - rule: NG101\n    subjet: x\n    reason: r\n    expires: 2030-01-01\n", 2, "lacks subject"),
        ("waiver: []\n", 1, "top-level 'waivers:'"),
    ],
    ids=["bad-yaml", "missing-field", "unknown-rule", "bad-date", "list-value", "empty-reason", "misspelt-key",
         "no-waivers-key"],
)
def test_bad_waiver_file_names_file_and_line(tmp_path: Path, text: str, line: int, problem: str) -> None:
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        emit([_finding()], _args("--waivers", str(waivers)), checked=1)
    message = str(caught.value)
    assert message.startswith(f"{waivers}:{line}: ") and problem in message and "\n" not in message


def test_a_waiver_file_with_every_entry_commented_out_is_empty(tmp_path: Path) -> None:
    (tmp_path / ".nicguard.yaml").write_text("waivers:\n#  - rule: NG101\n", encoding="utf-8")
    assert emit([_finding()], _args(), checked=1) == 1
