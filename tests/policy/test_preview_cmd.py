"""``nicguard preview``: a program run with mocks, every resource sent to the real pack."""

from __future__ import annotations

import json
import shutil

from nicguard.cli import main

from .conftest import PACK_DIR, PROGRAMS, REPO

CONFLICTS = PROGRAMS / "conflicts"
OFFLINE_CONFIG, BROKEN_CONFIG = REPO / "examples" / "Pulumi.offline.yaml", REPO / "examples" / "Pulumi.broken.yaml"
STAND_IN_SECRET_MARK = "FAKE"  # in both stand-in secrets of those files


def _preview(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["preview", *argv, "--policy-pack", str(PACK_DIR), "--waivers", str(PROGRAMS / "no-waivers.yaml")])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_example_stack_is_clean_offline(capsys):
    code, out, _ = _preview(capsys, str(REPO), "--stack-config", str(OFFLINE_CONFIG), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert [f for f in report["findings"] if f["severity"] == "error"] == []
    assert STAND_IN_SECRET_MARK not in out


def test_the_broken_example_stack_fails_on_what_only_the_pack_sees(capsys):
    code, out, _ = _preview(capsys, str(REPO), "--stack-config", str(BROKEN_CONFIG), "--format", "json")
    findings = json.loads(out)["findings"]
    assert code == 1
    assert sorted((f["rule_id"], f["subject"].rsplit("::", 1)[1]) for f in findings if f["severity"] == "error") == [
        ("NG104", "app1-script-1"),  # app1's guest takes web1's address
        ("NG401", "app1-script-1"),
        ("NG402", "web1-script-1"),  # static DNS in web1's guest ...
        ("NG404", "web1-script-1"),  # ... locked against DHCP
    ]
    assert STAND_IN_SECRET_MARK not in out


def test_violations_come_back_as_findings_with_exit_1(capsys):
    code, out, _ = _preview(capsys, str(CONFLICTS), "--stack-config", str(CONFLICTS / "Pulumi.test.yaml"), "--format", "json")
    findings = json.loads(out)["findings"]
    summary = sorted((f["rule_id"], f["severity"], f["subject"].rsplit("::", 1)[1]) for f in findings)
    assert code == 1
    assert summary == [
        ("NG101", "error", "api"),
        ("NG101", "error", "web"),
        ("NG201", "error", "worker"),  # Dynamic, reported once (not again as "no IPv4 address")
        ("NG501", "info", "legacy"),
    ]
    assert "CANARY" not in out


def test_an_advisory_config_turns_errors_into_warnings(capsys, tmp_path):
    config = tmp_path / "advisory.json"
    config.write_text(json.dumps({"all": "advisory"}))
    code, out, _ = _preview(
        capsys, str(CONFLICTS), "--stack-config", str(CONFLICTS / "Pulumi.test.yaml"), "--policy-pack-config", str(config), "--format", "json"
    )
    assert code == 0
    assert {f["severity"] for f in json.loads(out)["findings"]} == {"warning", "info"}


def test_an_invalid_pack_config_is_a_tool_error(capsys, tmp_path):
    config = tmp_path / "bad.json"
    config.write_text(json.dumps({"invalid-dns-server": {"maxDnsServers": 0}}))
    code, _, err = _preview(capsys, str(CONFLICTS), "--stack-config", str(CONFLICTS / "Pulumi.test.yaml"), "--policy-pack-config", str(config))
    assert code == 2
    assert "invalid-dns-server: maxDnsServers: Must be greater than or equal to 1" in err


def test_a_program_that_cannot_run_is_a_tool_error(capsys, tmp_path):
    program = tmp_path / "conflicts"
    shutil.copytree(CONFLICTS, program)
    code, _, err = _preview(capsys, str(program))  # no stack config: config.require fails
    assert code == 2
    assert "missing required configuration variable 'conflicts:duplicate': pass the stack's config with --stack-config FILE" in err
