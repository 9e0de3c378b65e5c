"""The declaration manifest: its documented schema, the component's output, and the pure parser."""

from __future__ import annotations

import ipaddress
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pulumi
import pytest

from components import MANIFEST_OUTPUT, IpConfig, StaticNic, StaticNicArgs, manifest_output
from nicguard.core.manifest import MANIFEST_SCHEMA, manifest_data, parse_manifest, parse_manifest_json
from nicguard.core.model import DeclaredIpConfig, DeclaredNic
from nicguard.core.unknown import UNKNOWN
from nicguard.errors import InputError

from .conftest import SUBNET_ID, RecordingMocks, run

MANIFEST_DOC = Path(__file__).parents[2] / "docs" / "manifest.md"


def _documented_schema() -> dict[str, Any]:
    """The JSON Schema block of docs/manifest.md: the doc is the single copy of the schema."""
    section = MANIFEST_DOC.read_text(encoding="utf-8").split("## JSON Schema", 1)[1]
    block = re.search(r"```json\n(.*?)```", section, re.DOTALL)
    assert block, "docs/manifest.md lost its JSON Schema block"
    return json.loads(block.group(1))


def _declared(name: str = "web-nic", **overrides: Any) -> DeclaredNic:
    fields: dict[str, Any] = {
        "name": name,
        "subject": f"/nics/{name}",
        "id": f"/nics/{name}",
        "vm": f"/vms/{name}",
        "subnet_id": SUBNET_ID,
        "subnet_prefixes": (ipaddress.ip_network("10.0.1.0/24"),),
        "ip_configurations": (DeclaredIpConfig("ipconfig1", ipaddress.ip_address("10.0.1.10"), primary=True),),
        "dns_servers": ("10.0.1.4",),
    }
    return DeclaredNic(**{**fields, **overrides})


def test_the_component_manifest_matches_the_documented_schema(mocks: RecordingMocks) -> None:
    def program() -> pulumi.Output[Any]:
        web = StaticNic(
            "web-nic",
            StaticNicArgs(
                resource_group_name="rg",
                subnet_id=SUBNET_ID,
                subnet_prefixes=["10.0.1.0/24", "fd00::/64"],
                ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True), IpConfig("v6", "fd00::10")],
                dns_servers=["AzureProvidedDNS"],
            ),
        )
        db = StaticNic(
            "db-nic",
            resource_group_name="rg",
            subnet_id=SUBNET_ID,
            subnet_prefixes=["10.0.1.0/24"],
            ip_configurations=[IpConfig("ipconfig1", pulumi.Output.from_input("10.0.1.11"))],
            dns_servers=["10.0.1.4", "10.0.1.5"],
        )
        return manifest_output([web, db], {web: "/vms/web1"})

    manifest = run(program)

    jsonschema.validate(manifest, _documented_schema())
    web, db = manifest["nics"]
    assert web == {
        "name": "web-nic",
        "id": "/subscriptions/0000/resourceGroups/rg/providers/NetworkInterface/web-nic",
        "vm": "/vms/web1",
        "subnetId": SUBNET_ID,
        "subnetPrefixes": ["10.0.1.0/24", "fd00::/64"],
        "ipConfigurations": [
            {"name": "ipconfig1", "address": "10.0.1.10", "primary": True},
            {"name": "v6", "address": "fd00::10", "primary": False},
        ],
        "dnsServers": [],
    }
    assert db["vm"] is None and db["dnsServers"] == ["10.0.1.4", "10.0.1.5"]
    assert db["ipConfigurations"] == [{"name": "ipconfig1", "address": "10.0.1.11", "primary": True}]


def test_vm_ids_must_name_listed_nics(mocks: RecordingMocks) -> None:
    def program() -> None:
        web = StaticNic(
            "web-nic",
            resource_group_name="rg",
            subnet_id=SUBNET_ID,
            subnet_prefixes=["10.0.1.0/24"],
            ip_configurations=[IpConfig("ipconfig1", "10.0.1.10")],
        )
        manifest_output([], {web: "/vms/web1"})

    with pytest.raises(ValueError, match="not in nics: web-nic"):
        run(program)


def test_the_pure_writer_matches_the_schema_and_round_trips() -> None:
    nics = (_declared("web-nic"), _declared("app-nic", vm=None, dns_servers=()))

    data = manifest_data(nics)

    jsonschema.validate(data, _documented_schema())
    assert parse_manifest(data) == nics
    assert parse_manifest_json(json.dumps(data)) == nics


def test_all_stack_outputs_are_accepted_too() -> None:
    outputs = {"subnetId": SUBNET_ID, MANIFEST_OUTPUT: manifest_data([_declared()])}

    assert parse_manifest(outputs) == (_declared(),)


def test_the_writer_refuses_values_not_known_yet() -> None:
    with pytest.raises(ValueError, match="id is not known yet"):
        manifest_data([_declared(id=UNKNOWN)])


_DELETE = object()


def _valid() -> dict[str, Any]:
    return manifest_data([_declared()])


def _with(path: list[Any], value: Any) -> dict[str, Any]:
    data = _valid()
    target: Any = data
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param("[secret]", "is a secret: read it with `pulumi stack output --json --show-secrets`", id="secret"),
        pytest.param([], "manifest (top level): expected an object, got list", id="not-an-object"),
        pytest.param(
            _with(["schema"], "nicguard.manifest/v2"),
            "unsupported manifest schema 'nicguard.manifest/v2'",
            id="newer-schema",
        ),
        pytest.param(_with(["schema"], _DELETE), "unsupported manifest schema None", id="no-schema"),
        pytest.param(_with(["nics"], {}), "manifest nics: expected a list, got dict", id="nics-not-a-list"),
        pytest.param(
            _with(["nics", 0, "id"], _DELETE), "manifest nics[0].id: expected a non-empty string, got None", id="no-id"
        ),
        pytest.param(
            _with(["nics", 0, "vm"], 7), "manifest nics[0].vm: expected a non-empty string, got 7", id="vm-not-a-string"
        ),
        pytest.param(
            _with(["nics", 0, "ipConfigurations", 0, "address"], "10.0.1.x"),
            "manifest nics[0].ipConfigurations[0].address: '10.0.1.x' is not an IP address",
            id="bad-address",
        ),
        pytest.param(
            _with(["nics", 0, "ipConfigurations", 0, "primary"], "yes"),
            "manifest nics[0].ipConfigurations[0].primary: expected true or false",
            id="primary-not-bool",
        ),
        pytest.param(
            _with(["nics", 0, "subnetPrefixes", 0], "10.0.1.5/24"),
            "manifest nics[0].subnetPrefixes[0]: '10.0.1.5/24' is not a valid address prefix",
            id="bad-prefix",
        ),
        pytest.param(
            {"schema": MANIFEST_SCHEMA, "nics": [_valid()["nics"][0]] * 2},
            "manifest lists NIC /nics/web-nic twice",
            id="duplicate-nic",
        ),
    ],
)
def test_bad_manifests_fail_with_the_path_of_the_problem(data: Any, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_manifest(data)

    assert message in str(caught.value)


def test_text_that_is_not_json_is_an_input_error() -> None:
    with pytest.raises(InputError, match="the manifest is not valid JSON"):
        parse_manifest_json("nicguardManifest: [secret]")
