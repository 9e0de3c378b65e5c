"""``nicguard preview`` on programs a platform team writes (tests/policy/programs/): raw
NICs, looked-up subnets, computed addresses, guest changes, failing programs and bad input.
Each preview runs a program under mocks (~48 ms per azure-native resource) and starts the
pack: few runs, each asserting a whole report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from nicguard.cli import main

from .conftest import PACK_DIR, PROGRAMS

RAW, GUESTS, BROKEN = PROGRAMS / "raw-nics", PROGRAMS / "guests", PROGRAMS / "broken-program"
CANARY = "CANARY"  # in the guests program's password and in its stack file's ciphertexts


def _preview(capsys, program: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["preview", str(program), *argv, "--policy-pack", str(PACK_DIR), "--waivers", str(PROGRAMS / "no-waivers.yaml")])
    out = capsys.readouterr()
    return code, out.out, out.err


def _summary(out: str) -> list[tuple[str, str, str, str]]:
    return sorted((f["rule_id"], f["severity"], f["status"], f["subject"].rsplit("::", 1)[1]) for f in json.loads(out)["findings"])


def test_raw_network_interfaces_dict_and_class_args_lookups_and_computed_addresses(capsys):
    code, out, err = _preview(capsys, RAW, "--stack-config", str(RAW / "Pulumi.test.yaml"), "--format", "json")

    assert code == 1, err
    assert _summary(out) == [
        ("NG101", "error", "fail", "api"),  # NetworkInterfaceIPConfigurationArgs read like dicts
        ("NG101", "error", "fail", "web"),
        ("NG103", "info", "unknown", "hub-a"),  # get_subnet_output: nothing offline, range not known
        ("NG103", "info", "unknown", "hub-b"),  # plain get_subnet: the same, no crash
        ("NG201", "error", "fail", "computed"),  # the Dynamic config beside an unknown address
        ("NG201", "error", "fail", "worker"),
        ("NG201", "info", "unknown", "computed"),  # Output.concat over an id: not known at preview
    ]
    messages = {f["subject"].rsplit("::", 1)[1] + f["rule_id"]: f["message"] for f in json.loads(out)["findings"]}
    assert "subnet of NIC hub-a (not known until deployment)" in messages["hub-aNG103"], "named by the NIC, not its URN"
    assert "urn:pulumi" not in messages["hub-aNG103"]


def test_guest_changes_are_judged_against_what_azure_hands_each_vm_and_secrets_never_leave(capsys, tmp_path):
    outputs = [f"--output={fmt}={tmp_path / fmt}" for fmt in ("sarif", "markdown", "junit", "text")]
    code, out, err = _preview(capsys, GUESTS, "--stack-config", str(GUESTS / "Pulumi.test.yaml"), "--format", "json", *outputs)

    assert code == 1, err
    assert _summary(out) == [
        # Two NICs with one address each are not Microsoft's multi-IP case: a warning, as drift says.
        ("NG401", "warning", "fail", "app"),
        ("NG402", "error", "fail", "pool-dns"),  # a scale-set extension: 8.8.8.8 is not the VNet's DNS
        ("NG402", "error", "fail", "web-setup"),  # protectedSettings are scanned
        ("NG402", "info", "fail", "dc1-dns"),  # the DC at 127.0.0.1 while the VNet lists the DC
        ("NG402", "warning", "fail", "web-dns"),  # the VNet's own servers: unneeded, not an error
        ("NG403", "warning", "fail", "app"),
    ]
    written = "".join((tmp_path / fmt).read_text() for fmt in ("sarif", "markdown", "junit", "text"))
    assert CANARY not in out + err + written


def test_a_program_that_raises_is_one_line_naming_where_exit_2(capsys):
    code, out, err = _preview(capsys, BROKEN)

    assert code == 2
    assert out == ""
    assert err.strip() == (
        f"nicguard: error: the program failed under mocks at {BROKEN / '__main__.py'}:14: "
        "ValueError: subnet table is empty: add at least one subnet to config"
    )


def test_a_declaration_the_component_refuses_fails_the_preview_exit_1(capsys, tmp_path):
    stack_file = tmp_path / "Pulumi.dup.yaml"
    stack_file.write_text("config:\n  broken-program:duplicate: true\n")

    code, _, err = _preview(capsys, BROKEN, "--stack-config", str(stack_file))

    assert code == 1
    assert "StaticNic 'api-nic' cannot be deployed:\n  - NG101 duplicate-private-ip: 10.0.1.10" in err
    assert "Traceback" not in err


def test_a_missing_config_key_names_the_key_and_the_stack_file_exit_2(capsys, tmp_path):
    program = tmp_path / "conflicts"
    shutil.copytree(PROGRAMS / "conflicts", program)
    stack_file = tmp_path / "Pulumi.partial.yaml"
    stack_file.write_text("config:\n  conflicts:token:\n    secure: AAAB-ciphertext\n")

    code, _, err = _preview(capsys, program, "--stack-config", str(stack_file))

    assert code == 2
    assert err.count("\n") == 1
    assert f"missing required configuration variable 'conflicts:duplicate': add it to {stack_file}" in err


@pytest.mark.parametrize(
    ("setup", "expected"),
    [
        (lambda d: (d / "__main__.py").write_text("print(1)\n"), "is not a Pulumi project: it has no Pulumi.yaml"),
        (lambda d: d.rmdir(), "no such directory"),
        (lambda d: (d / "Pulumi.yaml").write_text("name: [x\n"), "Pulumi.yaml: not valid YAML"),
        (lambda d: (d / "Pulumi.yaml").write_text("name: x\nruntime: nodejs\n"), "runs Python programs only"),
    ],
)
def test_a_directory_that_is_no_python_project_is_one_line_exit_2(capsys, tmp_path, setup, expected):
    program = tmp_path / "program"
    program.mkdir()
    setup(program)

    code, _, err = _preview(capsys, program)

    assert code == 2
    assert expected in err and err.count("\n") == 1
    assert "Errno" not in err


def test_pulumi_yml_is_a_project_file_too(tmp_path):
    from nicguard.cli.preview_cmd import _project

    (tmp_path / "Pulumi.yml").write_text("name: yml\nruntime:\n  name: python\n")

    assert _project(tmp_path) == ("yml", "")


def test_stack_config_values_reach_the_program_as_pulumi_passes_them(tmp_path):
    from nicguard.cli.preview_cmd import _stack_config

    stack_file = tmp_path / "Pulumi.prod.yaml"
    stack_file.write_text(
        "config:\n  count: 3\n  flag: true\n  ratio: 1.5\n  empty:\n  list: [a, 1]\n  p:plain: x\n"
        "  token:\n    secure: AAAB-top\n  admin:\n    user: u\n    password:\n      secure: AAAB-nested\n"
    )

    stack, config, secret_keys = _stack_config(stack_file, "p")

    assert stack == "prod"
    assert config == {
        "p:count": "3", "p:flag": "true", "p:ratio": "1.5", "p:empty": "", "p:list": '["a", 1]', "p:plain": "x",
        "p:token": "AAAB-top", "p:admin": '{"user": "u", "password": "AAAB-nested"}',
    }
    # A structured value holding a secure one is secret as a whole, as Pulumi makes it.
    assert sorted(secret_keys) == ["p:admin", "p:token"]


def test_a_stack_file_that_is_not_yaml_is_one_line(capsys, tmp_path):
    stack_file = tmp_path / "Pulumi.dev.yaml"
    stack_file.write_text("config:\n  a: [1\n")

    code, _, err = _preview(capsys, RAW, "--stack-config", str(stack_file))

    assert code == 2
    assert err.count("\n") == 1 and "not valid YAML" in err


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        # The Pulumi CLI's words (gojsonschema), one line, before anything is reported.
        ({"invalid-dns-server": {"maxDnsServers": "x"}}, 'validating policy config for "nicguard": invalid-dns-server: maxDnsServers: Invalid type. Expected: integer, given: string'),
        ({"all": "strict"}, 'parsing enforcement level for "all": "strict" is not a valid enforcement level'),  # was a traceback
        ("{", "not valid JSON"),
    ],
)
def test_a_bad_pack_config_is_one_line_exit_2(capsys, tmp_path, config, expected):
    path = tmp_path / "pack.json"
    path.write_text(config if isinstance(config, str) else json.dumps(config))

    code, out, err = _preview(capsys, RAW, "--stack-config", str(RAW / "Pulumi.test.yaml"), "--policy-pack-config", str(path))

    assert code == 2 and out == ""
    assert err.startswith(f"nicguard: error: --policy-pack-config {path}: {expected}")
    assert err.count("\n") == 1


def test_a_config_disabling_everything_passes_but_says_so_and_typos_are_named(capsys, tmp_path):
    path = tmp_path / "pack.json"
    path.write_text(json.dumps({"all": "disabled", "invalid-dns-servers": "mandatory", "invalid-dns-server": {"maxDnsServer": 3}}))

    code, out, err = _preview(capsys, BROKEN.parent / "raw-nics", "--stack-config", str(RAW / "Pulumi.test.yaml"), "--policy-pack-config", str(path))

    assert code == 0  # as pulumi preview: nothing enabled, nothing fails
    assert "no findings" in out
    assert "disables every policy: nothing is checked" in err
    assert "'invalid-dns-servers' is not a policy of this pack; ignored" in err
    assert "invalid-dns-server: 'maxDnsServer' is not one of its properties (maxDnsServers); ignored" in err


def test_an_empty_pack_config_file_is_no_config_as_for_the_cli(tmp_path):
    from nicguard.policy.client import read_config_file

    path = tmp_path / "empty.json"
    path.write_text("  \n")

    assert read_config_file(path) == {}


def test_a_program_that_never_finishes_is_stopped_with_one_line(capsys, tmp_path, monkeypatch):
    from nicguard.cli import preview_cmd

    monkeypatch.setattr(preview_cmd, "PROGRAM_TIMEOUT", 0.5)
    (tmp_path / "Pulumi.yaml").write_text("name: slow\nruntime: python\n")
    (tmp_path / "__main__.py").write_text("import time\ntime.sleep(30)\n")

    code, _, err = _preview(capsys, tmp_path)

    assert code == 2
    assert "did not finish under mocks within 0.5 s" in err and err.count("\n") == 1
