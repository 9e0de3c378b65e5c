"""Bad input and unreachable Azure: one actionable line, exit 2, fast; never a traceback."""

from __future__ import annotations

import json
import logging
import socket
import time
from pathlib import Path

import pytest

from nicguard.azure.clients import quiet_sdk_logging
from nicguard.azure.inventory import inventory_failure
from nicguard.cli import main
from nicguard.core.settings import Settings
from nicguard.core.unknown import UNKNOWN
from nicguard.drift.declared import SECRET_SIG, load_manifest, load_stack_export
from nicguard.drift.estate import estate_from_bundle
from nicguard.drift.probe import read_guest
from nicguard.drift.reconcile import reconcile
from nicguard.drift.scope import Scope
from nicguard.drift.snapshot import SNAPSHOT_SCHEMA, bundle_from_data, read_snapshot
from nicguard.emulator.testing import running_emulator
from nicguard.errors import InputError
from nicguard.rules import ALL_RULES

from .fleet import ESTATE, SUB_A, manifest


def _one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("nicguard: error: "), err
    return err[0]


def test_a_manifest_saved_by_windows_powershell_is_read(tmp_path: Path) -> None:
    # `pulumi stack output nicguardManifest --json > manifest.json` in Windows PowerShell 5: UTF-16 LE + BOM
    path = tmp_path / "manifest.json"
    path.write_bytes(json.dumps(manifest()).encode("utf-16"))
    assert len(load_manifest(path)) == len(manifest()["nics"])
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(manifest()).encode())  # UTF-8 with BOM
    assert len(load_manifest(path)) == len(manifest()["nics"])


@pytest.mark.parametrize("flag", ["--manifest", "--stack-export", "--snapshot"])
def test_a_binary_input_file_is_one_line(tmp_path: Path, capsys, flag: str) -> None:
    path = tmp_path / "input.json"
    path.write_bytes(b"\xff\x00\x81garbage")
    assert main(["drift", flag, str(path), "--subscription", "s", "--arm-endpoint", "https://127.0.0.1:9"]) == 2
    assert f"{flag} {path}: not UTF-8 or UTF-16 text" in _one_error_line(capsys)


def test_manifest_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    path.write_text("{bad")
    with pytest.raises(InputError, match=rf"--manifest {path}: the manifest is not valid JSON"):
        load_manifest(path)


def test_snapshot_with_odd_arm_shapes_is_read_defensively(tmp_path: Path) -> None:
    vm = f"/subscriptions/{SUB_A}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
    vnet = f"/subscriptions/{SUB_A}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
    data = {
        "schema": SNAPSHOT_SCHEMA,
        "arm": {
            "virtualMachines": [{"id": vm, "tags": 5, "properties": {"networkProfile": "x", "storageProfile": []}}],
            "virtualNetworks": [{"id": vnet, "properties": {"subnets": [{"id": 5}, "x", {"id": f"{vnet}/subnets/a"}]}}],
            "frontendHolders": [{"id": "/x/loadBalancers/lb", "properties": {"frontendIPConfigurations": [[1], "y"]}}],
        },
        "guests": {vm: {"unreadable": "VM is stopped"}},
    }
    bundle = bundle_from_data(data)
    outcome = reconcile(estate_from_bundle(bundle, read_guest), None, Scope(), Settings(), ALL_RULES)
    assert [f.rule_id for f in outcome.findings] == ["NG306"]


@pytest.mark.parametrize(
    "arm",
    [
        {"networkInterfaces": [{"id": 5}]},
        {"virtualMachines": ["x"]},
    ],
)
def test_snapshot_resources_need_string_ids(arm: dict) -> None:
    with pytest.raises(InputError, match="must be a list of ARM resources"):
        bundle_from_data({"schema": SNAPSHOT_SCHEMA, "arm": arm})


def test_snapshot_declared_entries_must_be_objects(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"schema": SNAPSHOT_SCHEMA, "arm": {}, "declared": [5]}))
    with pytest.raises(InputError, match=r"declared\[0\]: expected an object"):
        read_snapshot(path)


def test_stack_export_secrets_hide_values_not_nics(tmp_path: Path) -> None:
    secret = {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:x"}
    nic = {"urn": "urn:pulumi:s::p::azure-native:network:NetworkInterface::n", "id": "/x/networkInterfaces/n",
           "type": "azure-native:network:NetworkInterface", "inputs": {
               "ipConfigurations": [secret], "dnsSettings": {"dnsServers": "10.0.0.4"}, "tags": {"managed-by": "nicguard"}}}
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"version": 3, "deployment": {"resources": [nic]}}))
    [declared] = load_stack_export(path)
    assert declared.ip_configurations == () and declared.subnet_id is UNKNOWN  # not known: not compared
    assert declared.dns_servers is UNKNOWN  # not a list as Pulumi writes it


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_an_unreachable_arm_endpoint_fails_fast_in_one_line(capsys) -> None:
    started = time.monotonic()
    code = main(["drift", "--subscription", SUB_A, "--arm-endpoint", f"https://127.0.0.1:{_closed_port()}"])
    assert code == 2 and time.monotonic() - started < 3  # no retry storm
    assert "cannot reach Azure Resource Manager at https://127.0.0.1:" in _one_error_line(capsys)


def test_an_untrusted_certificate_names_the_ca_bundle_flag(capsys) -> None:
    with running_emulator(ESTATE) as emulator:
        started = time.monotonic()
        assert main(["drift", "--subscription", SUB_A, "--arm-endpoint", emulator.endpoint]) == 2
    assert time.monotonic() - started < 3
    assert "TLS certificate is not trusted" in _one_error_line(capsys)


def test_sdk_warnings_do_not_reach_stderr(capsys) -> None:
    quiet_sdk_logging()
    logging.getLogger("azure.identity._credentials.chained").warning("a page of credential diagnostics")
    assert capsys.readouterr().err == ""


def test_a_missing_login_says_how_to_sign_in() -> None:
    from azure.core.exceptions import ClientAuthenticationError

    message = inventory_failure(
        ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token.\nAttempted credentials: ..."),
        "https://management.azure.com",
    )
    assert "\n" not in message and "az login" in message and message.startswith("cannot get an Azure access token")
