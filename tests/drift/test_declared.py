"""Declared truth from a `pulumi stack export` file and from the manifest."""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from nicguard.core.unknown import UNKNOWN
from nicguard.drift.declared import SECRET_SIG, load_manifest, load_stack_export
from nicguard.errors import InputError

from .arm_docs import SUBNET_ID, nic_id

STACK = "urn:pulumi:prod::estate"


def _nic(name: str, parent: str | None, ip: str | None, tags=None, allocation="Static", dns=None) -> dict:
    config = {"name": "ipconfig1", "subnet": {"id": SUBNET_ID}, "primary": True, "privateIPAllocationMethod": allocation}
    if ip:
        config["privateIPAddress"] = ip
    inputs = {"ipConfigurations": [config], "tags": tags or {}}
    if dns is not None:
        inputs["dnsSettings"] = {"dnsServers": dns}
    outputs = {
        "id": nic_id(name),
        "ipConfigurations": [{"name": "ipconfig1", "privateIPAddress": ip or "10.0.1.77"}],
        "virtualMachine": {"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"},
    }
    resource = {
        "urn": f"{STACK}::nicguard:network:StaticNic$azure-native:network:NetworkInterface::{name}",
        "custom": True,
        "id": nic_id(name),
        "type": "azure-native:network:NetworkInterface",
        "inputs": inputs,
        "outputs": outputs,
    }
    if parent:
        resource["parent"] = parent
    return resource


def _export(tmp_path: Path, resources: list[dict]) -> Path:
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"version": 3, "deployment": {"manifest": {}, "resources": resources}}))
    return path


def test_stack_export_reads_component_children_and_tagged_nics(tmp_path: Path) -> None:
    component = {"urn": f"{STACK}::nicguard:network:StaticNic::web", "type": "nicguard:network:StaticNic", "custom": False}
    subnet = {"urn": f"{STACK}::azure-native:network:Subnet::web", "type": "azure-native:network:Subnet", "id": SUBNET_ID,
              "outputs": {"addressPrefix": "10.0.1.0/24"}}
    resources = [
        component,
        subnet,
        _nic("web", component["urn"], "10.0.1.10", dns=["10.0.1.4"]),
        _nic("tagged", None, None, tags={"Managed-By": "NICGUARD"}, allocation="Dynamic"),
        _nic("other", None, "10.0.1.12"),
    ]
    web, tagged = load_stack_export(_export(tmp_path, resources))
    assert (web.name, web.id, web.dns_servers) == ("web", nic_id("web"), ("10.0.1.4",))
    assert web.subnet_prefixes == (ipaddress.ip_network("10.0.1.0/24"),)
    assert web.ip_configurations[0].address == ipaddress.ip_address("10.0.1.10")
    assert web.ip_configurations[0].allocation == "Static"
    # Left to Azure in the program: the address Pulumi last saw is the baseline.
    assert tagged.ip_configurations[0].address == ipaddress.ip_address("10.0.1.77")
    assert tagged.ip_configurations[0].allocation == "Dynamic"
    assert tagged.vm.endswith("/vm1")


def test_secret_values_become_unknown(tmp_path: Path) -> None:
    nic = _nic("web", None, None, tags={"managed-by": "nicguard"})
    nic["inputs"]["ipConfigurations"][0]["privateIPAddress"] = {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "x"}
    nic["inputs"]["dnsSettings"] = {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "y"}
    [declared] = load_stack_export(_export(tmp_path, [nic]))
    assert declared.ip_configurations[0].address is UNKNOWN
    assert declared.dns_servers is UNKNOWN


@pytest.mark.parametrize("content", ["not json", "[]", '{"version": 3}'])
def test_a_file_that_is_not_a_stack_export_is_an_input_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content)
    with pytest.raises(InputError, match="--stack-export"):
        load_stack_export(path)


def test_manifest_from_stack_output(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps({"schema": "nicguard.manifest/v1", "nics": [{
        "name": "web", "id": nic_id("web"), "vm": None, "subnetId": SUBNET_ID, "subnetPrefixes": ["10.0.1.0/24"],
        "ipConfigurations": [{"name": "ipconfig1", "address": "10.0.1.10", "primary": True}], "dnsServers": [],
    }]}))
    [nic] = load_manifest(path)
    assert nic.id == nic_id("web")
    with pytest.raises(InputError, match="--manifest"):
        load_manifest(tmp_path / "missing.json")
