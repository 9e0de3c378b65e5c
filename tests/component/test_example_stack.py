"""The example stack at the repository root: its project file, its config, and its program."""

from __future__ import annotations

import copy
import json
import runpy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pulumi
import pytest
import yaml

from components import MANIFEST_OUTPUT, DeclarationError
from components.example import main
from components.example.config import StackConfigError

from .conftest import PROJECT, RecordingMocks, run, stack_outputs
from .test_manifest import _documented_schema

ROOT = Path(__file__).parents[2]
PROJECT_SCHEMA = Path(__file__).parent / "schemas" / "pulumi-project.json"
SECRETS = {
    f"{PROJECT}:sshPublicKey": "ssh-ed25519 AAAAC3Nza test@example",
    f"{PROJECT}:adminPassword": "S3cret-Passw0rd!",
}
NIC = "azure-native:network:NetworkInterface"
VM = "azure-native:compute:VirtualMachine"

# Pulumi's wire form of a secret value: {SIG_KEY: SECRET_SIG, "value": ...} (pulumi/runtime/rpc.py).
SIG_KEY, SECRET_SIG = "4dabf18193072939515e22adb298388d", "1b47061264138c4ac30d75fd1eb44270"

Configure = Callable[..., RecordingMocks]


def _dev_config() -> dict[str, Any]:
    return _stack_config("Pulumi.dev.yaml")


def _stack_config(path: str) -> dict[str, Any]:
    return yaml.safe_load((ROOT / path).read_text(encoding="utf-8"))["config"]


def _configure(
    configured_mocks: Configure, config: dict[str, Any], secrets: dict[str, str] = SECRETS, preview: bool = False
) -> RecordingMocks:
    return configured_mocks({**config, **secrets}, secret_keys=list(secrets), preview=preview)


def test_the_project_file_matches_pulumis_schema() -> None:
    project = yaml.safe_load((ROOT / "Pulumi.yaml").read_text(encoding="utf-8"))

    jsonschema.validate(project, json.loads(PROJECT_SCHEMA.read_text(encoding="utf-8")))
    assert project["name"] == PROJECT
    assert project["runtime"] == {"name": "python", "options": {"toolchain": "pip", "virtualenv": ".venv"}}


@pytest.mark.parametrize(
    ("path", "additions"),
    [
        ("examples/Pulumi.offline.yaml", set()),
        ("examples/Pulumi.broken.yaml", {f"{PROJECT}:guestScripts"}),
    ],
)
def test_the_preview_stack_files_keep_the_dev_stacks_config(path: str, additions: set[str]) -> None:
    # `nicguard preview` reads one stack file: a change to Pulumi.dev.yaml must reach these too.
    config = _stack_config(path)
    secrets = {key for key, value in config.items() if isinstance(value, dict) and set(value) == {"secure"}}
    assert secrets == set(SECRETS)
    assert {key: config[key] for key in config.keys() - secrets - additions} == _dev_config()


def test_the_dev_stack_deploys_what_its_config_says(configured_mocks: Configure) -> None:
    mocks = _configure(configured_mocks, _dev_config())

    manifest = run(lambda: (main(), stack_outputs()[MANIFEST_OUTPUT])[1])

    vnet = mocks.inputs("azure-native:network:VirtualNetwork")["vnet"]
    assert vnet["addressSpace"] == {"addressPrefixes": ["10.20.0.0/16"]}
    assert vnet["dhcpOptions"] == {"dnsServers": ["168.63.129.16"]}
    assert mocks.inputs("azure-native:network:Subnet")["vms"]["addressPrefix"] == "10.20.1.0/24"
    nics = mocks.inputs(NIC)
    assert nics["web1-nic"]["dnsSettings"] == {"dnsServers": []}, "web1 inherits the VNet's DNS"
    assert nics["app1-nic"]["dnsSettings"] == {"dnsServers": ["10.20.1.4", "168.63.129.16"]}
    assert [c["privateIPAddress"] for c in nics["web1-nic"]["ipConfigurations"]] == ["10.20.1.10"]
    assert {c["privateIPAllocationMethod"] for n in nics.values() for c in n["ipConfigurations"]} == {"Static"}
    vms = mocks.inputs(VM)
    web1_profile, app1_profile = (_secret_value(vms[name]["osProfile"]) for name in ("web1", "app1"))
    assert web1_profile["linuxConfiguration"]["disablePasswordAuthentication"] is True
    assert app1_profile["adminPassword"] == SECRETS[f"{PROJECT}:adminPassword"]
    assert vms["app1"]["networkProfile"]["networkInterfaces"][0]["id"].endswith("/NetworkInterface/app1-nic")
    jsonschema.validate(manifest, _documented_schema())
    assert {n["name"]: n["vm"].rsplit("/", 1)[-1] for n in manifest["nics"]} == {"web1-nic": "web1", "app1-nic": "app1"}


def test_the_dev_stack_previews_with_its_addresses_visible(configured_mocks: Configure) -> None:
    mocks = _configure(configured_mocks, _dev_config(), preview=True)

    run(main)

    nics = mocks.inputs(NIC)
    assert nics["app1-nic"]["ipConfigurations"][0]["privateIPAddress"] == "10.20.1.20"
    assert nics["app1-nic"]["dnsSettings"] == {"dnsServers": ["10.20.1.4", "168.63.129.16"]}


def test_main_module_runs_the_example(configured_mocks: Configure) -> None:
    mocks = _configure(configured_mocks, _dev_config())

    run(lambda: runpy.run_path(str(ROOT / "__main__.py"), run_name="__main__") and None)

    assert sorted(mocks.names(VM)) == ["app1", "web1"]


def _secret_value(value: dict[str, Any]) -> Any:
    """The value inside Pulumi's wire form of a secret; fails if the value is not secret."""
    assert value.get(SIG_KEY) == SECRET_SIG, "secret config must reach Azure as a secret"
    return value["value"]


def _broken(edit: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    config = copy.deepcopy(_dev_config())
    edit(config)
    return config


NETWORK, VMS = f"{PROJECT}:network", f"{PROJECT}:vms"


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        pytest.param(_broken(lambda c: c.pop(NETWORK)), ["network is missing"], id="no-network"),
        pytest.param(
            _broken(lambda c: c.pop("azure-native:location")), ["azure-native:location is missing"], id="no-location"
        ),
        pytest.param(
            _broken(lambda c: c[NETWORK].update(addressSpace="10.20.0.0/33")),
            ["network.addressSpace: '10.20.0.0/33' is not a valid address prefix"],
            id="bad-cidr",
        ),
        pytest.param(
            _broken(lambda c: c[NETWORK].update(subnetPrefix="10.30.1.0/24")),
            ["network.subnetPrefix 10.30.1.0/24 is not inside network.addressSpace 10.20.0.0/16"],
            id="subnet-outside-vnet",
        ),
        pytest.param(_broken(lambda c: c.pop(VMS)), ["vms is missing or empty"], id="no-vms"),
        pytest.param(
            _broken(lambda c: (c[VMS][0].pop("ipAddress"), c[VMS][1].update(os="solaris"))),
            ["vms[0].ipAddress is missing", "vms[1].os is 'solaris': use one of linux, windows"],
            id="every-vm-problem-at-once",
        ),
        pytest.param(
            _broken(lambda c: c[VMS][1].update(name="web1")),
            ["the name 'web1' is used more than once"],
            id="duplicate-vm",
        ),
        pytest.param(
            _broken(lambda c: c.update({f"{PROJECT}:guestScripts": [{"vm": "db1", "script": "echo"}, {"vm": "web1"}]})),
            ["guestScripts[0].vm must name one of the vms", "guestScripts[1].script is missing"],
            id="guest-script-problems",
        ),
        pytest.param(
            _broken(lambda c: c[VMS][1].update(name="application-server-01")),
            ["is longer than 15 characters (Windows limit)"],
            id="windows-name-too-long",
        ),
    ],
)
def test_config_mistakes_fail_with_one_message_listing_them(
    configured_mocks: Configure, config: dict[str, Any], expected: list[str]
) -> None:
    mocks = _configure(configured_mocks, config)

    with pytest.raises(StackConfigError) as caught:
        run(main)

    assert caught.value.args[0].startswith("the stack configuration has")
    for text in expected:
        assert text in caught.value.args[0]
    assert isinstance(caught.value, pulumi.RunError)
    assert mocks.registered == [], "nothing is declared from a broken config"


def test_missing_secrets_are_listed_with_the_command_that_sets_them(configured_mocks: Configure) -> None:
    _configure(configured_mocks, _broken(lambda c: c.pop("azure-native:location")), secrets={})

    with pytest.raises(StackConfigError) as caught:
        run(main)

    assert "sshPublicKey is missing: `pulumi config set --secret sshPublicKey <value>`" in caught.value.args[0]
    assert "adminPassword is missing: `pulumi config set --secret adminPassword <value>`" in caught.value.args[0]
    assert "azure-native:location is missing" in caught.value.args[0], "one message for every mistake"


def test_a_linux_only_stack_needs_no_admin_password(configured_mocks: Configure) -> None:
    config = _broken(lambda c: c[VMS].pop(1))
    mocks = _configure(
        configured_mocks, config, secrets={f"{PROJECT}:sshPublicKey": SECRETS[f"{PROJECT}:sshPublicKey"]}
    )

    run(main)

    assert mocks.names(VM) == ["web1"]


def test_an_ip_outside_the_subnet_is_refused_by_the_component(configured_mocks: Configure) -> None:
    _configure(configured_mocks, _broken(lambda c: c[VMS][0].update(ipAddress="10.20.2.10")))

    with pytest.raises(DeclarationError) as caught:
        run(main)

    assert caught.value.what == "StaticNic 'web1-nic'"
    assert "NG103 private-ip-outside-subnet: 10.20.2.10 is outside subnet" in caught.value.args[0]


def test_two_vms_with_one_ip_are_refused_at_preview_time(configured_mocks: Configure) -> None:
    _configure(configured_mocks, _broken(lambda c: c[VMS][1].update(ipAddress="10.20.1.10")))

    with pytest.raises(DeclarationError, match=r"NG101 duplicate-private-ip: 10\.20\.1\.10 .* claimed by web1-nic"):
        run(main)
