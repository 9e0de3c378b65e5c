"""The example stack's configuration, read from Pulumi config and checked in one pass.

Every mistake found is listed in one StackConfigError, so a person fixes the stack file
once instead of once per `pulumi preview`. Addresses are checked against the subnet by the
StaticNic component itself (the rules), not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pulumi

from nicguard.core.net import AddressError, IPNetwork, parse_prefix
from nicguard.errors import InputError

OS_TYPES = ("linux", "windows")
DEFAULT_VM_SIZE = "Standard_B2s"
DEFAULT_ADMIN_USERNAME = "azureuser"
WINDOWS_COMPUTER_NAME_MAX = 15  # NetBIOS limit on Windows computer names


class StackConfigError(InputError, pulumi.RunError):
    """The stack configuration is incomplete or wrong; lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"the stack configuration has {len(problems)} problem(s):\n{listed}")


@dataclass(frozen=True)
class VmSpec:
    name: str
    os: str  # "linux" | "windows"
    ip_address: str
    size: str
    dns_servers: tuple[str, ...]  # () inherits the VNet's servers


@dataclass(frozen=True)
class GuestScript:
    """A script run inside a VM's guest by Azure (a run command): software set-up, never IP or DNS."""

    vm: str
    script: str


@dataclass(frozen=True)
class ExampleConfig:
    location: str
    resource_group_name: str
    address_space: str
    subnet_prefix: str
    vnet_dns_servers: tuple[str, ...]  # () means Azure DNS
    admin_username: str
    vms: tuple[VmSpec, ...]
    guest_scripts: tuple[GuestScript, ...] = ()


@dataclass(frozen=True)
class Secrets:
    admin_password: pulumi.Output[str] | None
    ssh_public_key: pulumi.Output[str] | None


def load_config() -> tuple[ExampleConfig, Secrets]:
    """Read the running stack's config; raise StackConfigError listing every problem."""
    config = pulumi.Config()
    problems: list[str] = []
    raw = {
        "location": pulumi.Config("azure-native").get("location"),
        "resourceGroupName": config.get("resourceGroupName"),
        "adminUsername": config.get("adminUsername"),
        "network": _object_config(config, "network", problems),
        "vms": _object_config(config, "vms", problems),
        "guestScripts": _object_config(config, "guestScripts", problems),
    }
    parsed = parse_config(raw, default_resource_group=f"rg-nicguard-{pulumi.get_stack()}", problems=problems)
    # From the raw list, so a missing secret is reported together with any other mistake.
    os_types = _os_types(raw["vms"])
    secrets = Secrets(
        admin_password=_secret(config, "adminPassword", "windows" in os_types, problems),
        ssh_public_key=_secret(config, "sshPublicKey", "linux" in os_types, problems),
    )
    if problems or parsed is None:
        raise StackConfigError(problems)
    return parsed, secrets


def parse_config(raw: Mapping[str, Any], default_resource_group: str, problems: list[str]) -> ExampleConfig | None:
    """The config from plain values; appends to ``problems`` and returns None if unusable."""
    start = len(problems)
    location = raw.get("location")
    if not isinstance(location, str) or not location:
        problems.append("azure-native:location is missing: `pulumi config set azure-native:location westeurope`")
    network = raw.get("network")
    if not isinstance(network, Mapping):
        problems.append(
            "network is missing: set network.addressSpace and network.subnetPrefix, e.g. "
            "`pulumi config set --path network.addressSpace 10.20.0.0/16`"
        )
        network = {}
    address_space = _prefix(network, "addressSpace", problems)
    subnet_prefix = _prefix(network, "subnetPrefix", problems)
    if address_space and subnet_prefix and not _inside(subnet_prefix, address_space):
        problems.append(f"network.subnetPrefix {subnet_prefix} is not inside network.addressSpace {address_space}")
    vnet_dns = _string_list(network.get("dnsServers", []), "network.dnsServers", problems)
    vms = _vms(raw.get("vms"), problems)
    guest_scripts = _guest_scripts(raw.get("guestScripts"), {vm.name.lower() for vm in vms}, problems)
    if len(problems) > start:
        return None
    return ExampleConfig(
        location=str(location),
        resource_group_name=raw.get("resourceGroupName") or default_resource_group,
        address_space=str(address_space),
        subnet_prefix=str(subnet_prefix),
        vnet_dns_servers=vnet_dns,
        admin_username=raw.get("adminUsername") or DEFAULT_ADMIN_USERNAME,
        vms=vms,
        guest_scripts=guest_scripts,
    )


def _vms(value: object, problems: list[str]) -> tuple[VmSpec, ...]:
    if not isinstance(value, list) or not value:
        problems.append("vms is missing or empty: list the VMs, each with name, os and ipAddress")
        return ()
    specs = [_vm(entry, f"vms[{i}]", problems) for i, entry in enumerate(value)]
    names = [s.name.lower() for s in specs if s is not None]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"vms: the name {name!r} is used more than once")
    return tuple(s for s in specs if s is not None)


def _vm(entry: object, path: str, problems: list[str]) -> VmSpec | None:
    if not isinstance(entry, Mapping):
        problems.append(f"{path}: expected an object with name, os and ipAddress")
        return None
    fields = {key: entry.get(key) for key in ("name", "os", "ipAddress")}
    for key, value in fields.items():
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{path}.{key} is missing")
    if any(not isinstance(v, str) or not v.strip() for v in fields.values()):
        return None
    name, os_type = fields["name"].strip(), fields["os"].strip().lower()
    if os_type not in OS_TYPES:
        problems.append(f"{path}.os is {fields['os']!r}: use one of {', '.join(OS_TYPES)}")
    if os_type == "windows" and len(name) > WINDOWS_COMPUTER_NAME_MAX:
        problems.append(f"{path}.name {name!r} is longer than {WINDOWS_COMPUTER_NAME_MAX} characters (Windows limit)")
    return VmSpec(
        name=name,
        os=os_type,
        ip_address=fields["ipAddress"].strip(),
        size=str(entry.get("size") or DEFAULT_VM_SIZE),
        dns_servers=_string_list(entry.get("dnsServers", []), f"{path}.dnsServers", problems),
    )


def _guest_scripts(value: object, vm_names: set[str], problems: list[str]) -> tuple[GuestScript, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("guestScripts must be a list of objects with vm and script")
        return ()
    scripts = []
    for i, entry in enumerate(value):
        vm = entry.get("vm") if isinstance(entry, Mapping) else None
        script = entry.get("script") if isinstance(entry, Mapping) else None
        if not isinstance(vm, str) or vm.strip().lower() not in vm_names:
            problems.append(f"guestScripts[{i}].vm must name one of the vms")
        elif not isinstance(script, str) or not script.strip():
            problems.append(f"guestScripts[{i}].script is missing")
        else:
            scripts.append(GuestScript(vm.strip(), script))
    return tuple(scripts)


def _os_types(vms: object) -> set[str]:
    entries = vms if isinstance(vms, list) else []
    return {str(vm.get("os", "")).strip().lower() for vm in entries if isinstance(vm, Mapping)}


def _prefix(network: Mapping[str, Any], key: str, problems: list[str]) -> IPNetwork | None:
    value = network.get(key)
    if not isinstance(value, str):
        problems.append(f"network.{key} is missing (an address prefix such as 10.20.0.0/16)")
        return None
    try:
        return parse_prefix(value)
    except AddressError as exc:
        problems.append(f"network.{key}: {exc}")
        return None


def _inside(inner: IPNetwork, outer: IPNetwork) -> bool:
    return inner.version == outer.version and inner.subnet_of(outer)  # type: ignore[arg-type]


def _string_list(value: object, path: str, problems: list[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        problems.append(f"{path} must be a list of addresses (an empty list inherits)")
        return ()
    return tuple(value)


def _object_config(config: pulumi.Config, key: str, problems: list[str]) -> Any:
    try:
        return config.get_object(key)
    except ValueError as exc:  # json.JSONDecodeError
        problems.append(f"{key} is not valid structured config ({exc}); set it with `pulumi config set --path`")
        return None


def _secret(config: pulumi.Config, key: str, needed: bool, problems: list[str]) -> pulumi.Output[str] | None:
    if not needed:
        return None
    secret = config.get_secret(key)
    if secret is None:
        problems.append(f"{key} is missing: `pulumi config set --secret {key} <value>`")
    return secret
