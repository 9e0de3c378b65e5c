"""Estates for the local ARM server, and the settings that keep tests fast."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from nicguard.azure.clients import ArmTarget
from nicguard.azure.run_command import RunnerOptions

from .probe_text import linux_probe, recorded

SUBSCRIPTION = "00000000-0000-0000-0000-0000000e2e00"
RG = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-app"
SUBNET_ID = f"{RG}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/web"
FAST_RUNNER = RunnerOptions(concurrency=16, timeout=2.0, retries=2, backoff=0.05)
MANAGED = "{managed-by: nicguard}"


def target_for(emulator) -> ArmTarget:
    return ArmTarget(arm_endpoint=emulator.endpoint, ca_bundle=emulator.ca_path, retries=3, polling_interval=0.01)


def cli_args(emulator) -> list[str]:
    return [
        "--subscription", SUBSCRIPTION, "--arm-endpoint", emulator.endpoint, "--ca-bundle", str(emulator.ca_path),
        "--poll-interval", "0.01", "--retry-backoff", "0.05", "--retries", "2", "--run-command-timeout", "2",
    ]


def mac(index: int) -> str:
    return f"00-0D-3A-E2-{index // 256:02X}-{index % 256:02X}"


@dataclass
class PlantedVm:
    """One VM with one NIC; ``guest`` is a recorded guest's YAML, default a clean DHCP guest."""

    name: str
    index: int
    ip: str = ""
    allocation: str = "Static"
    dns: tuple[str, ...] = ()
    tags: str = MANAGED
    vm: dict[str, str] = field(default_factory=dict)
    guest: str | None = None
    os: str = "linux"

    def __post_init__(self) -> None:
        self.ip = self.ip or f"10.0.1.{self.index + 10}"
        if self.guest is None:
            self.guest = recorded(linux_probe(self.name, mac(self.index), self.ip))

    @property
    def nic(self) -> str:
        return f"nic-{self.name}"

    def nic_yaml(self) -> str:
        dns = f", dns_servers: {json.dumps(list(self.dns))}" if self.dns else ""
        return (f"      {self.nic}: {{subnet: vnet1/web, ip: {self.ip}, allocation: {self.allocation}, "
                f"mac: {mac(self.index)}, tags: {self.tags}{dns}}}")

    def vm_yaml(self) -> str:
        entries = [f"os: {self.os}", f"nics: [{self.nic}]", f"guest: {self.guest}", *(f"{k}: {v}" for k, v in self.vm.items())]
        return f"      {self.name}: {{{', '.join(entries)}}}"


def estate_yaml(vms: list[PlantedVm], holders: list[str] = ()) -> str:
    return "\n".join([
        f"subscription: {SUBSCRIPTION}",
        "resource_groups:",
        "  rg-app:",
        "    vnets:",
        "      vnet1: {address_space: [10.0.0.0/16], subnets: {web: 10.0.1.0/24}}",
        "    holders:" + ("" if holders else " {}"),
        *(f"      {h}" for h in holders),
        "    nics:",
        *(v.nic_yaml() for v in vms),
        "    vms:",
        *(v.vm_yaml() for v in vms),
        "",
    ])


def manifest_for(vms: list[PlantedVm], overrides: dict[str, dict] = {}, extra: list[dict] = ()) -> dict:
    """The component's manifest declaring each VM's NIC as planted, with per-NIC overrides."""
    nics = []
    for vm in vms:
        entry = {
            "name": vm.nic,
            "id": f"{RG}/providers/Microsoft.Network/networkInterfaces/{vm.nic}",
            "vm": f"{RG}/providers/Microsoft.Compute/virtualMachines/{vm.name}",
            "subnetId": SUBNET_ID,
            "subnetPrefixes": ["10.0.1.0/24"],
            "ipConfigurations": [{"name": "ipconfig1", "address": vm.ip, "primary": True}],
            "dnsServers": list(vm.dns),
        }
        entry.update(overrides.get(vm.name, {}))
        nics.append(entry)
    return {"schema": "nicguard.manifest/v1", "nics": [*nics, *extra]}


def declared_nic(name: str, ip: str) -> dict:
    return {
        "name": name, "id": f"{RG}/providers/Microsoft.Network/networkInterfaces/{name}", "vm": None,
        "subnetId": SUBNET_ID, "subnetPrefixes": ["10.0.1.0/24"],
        "ipConfigurations": [{"name": "ipconfig1", "address": ip, "primary": True}], "dnsServers": [],
    }
