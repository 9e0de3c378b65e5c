"""Estates for the local ARM server, and the client settings that keep tests fast."""

from __future__ import annotations

from nicguard.azure.clients import ArmTarget
from nicguard.azure.run_command import RunnerOptions

SUBSCRIPTION = "00000000-0000-0000-0000-0000000e2e00"
FAST_RUNNER = RunnerOptions(concurrency=16, timeout=2.0, retries=2, backoff=0.05)


def target_for(emulator) -> ArmTarget:
    return ArmTarget(arm_endpoint=emulator.endpoint, ca_bundle=emulator.ca_path, retries=3, polling_interval=0.01)


def estate_yaml(vms: dict[str, dict], extra_nics: str = "", holders: str = "") -> str:
    """One subnet 10.0.1.0/24; ``vms`` maps a name to its NIC settings and VM settings."""
    nics, machines = [], []
    for index, (name, spec) in enumerate(vms.items(), start=10):
        nic = spec.get("nic", {})
        ip = nic.get("ip", f"10.0.1.{index}")
        tags = nic.get("tags", "{managed-by: nicguard}")
        line = f"      nic-{name}: {{subnet: vnet1/web, ip: {ip}, allocation: {nic.get('allocation', 'Static')}, tags: {tags}"
        if "dns" in nic:
            line += f", dns_servers: {nic['dns']}"
        nics.append(line + "}")
        vm = spec.get("vm", {})
        entries = [f"os: {vm.get('os', 'linux')}", f"nics: [nic-{name}]"] + [f"{k}: {v}" for k, v in vm.items() if k != "os"]
        machines.append(f"      {name}: {{{', '.join(entries)}}}")
    return f"""
subscription: {SUBSCRIPTION}
resource_groups:
  rg-app:
    vnets:
      vnet1:
        address_space: [10.0.0.0/16]
        subnets: {{web: 10.0.1.0/24}}
    holders:
{holders or "      {}"}
    nics:
{chr(10).join(nics)}
{extra_nics}
    vms:
{chr(10).join(machines)}
"""
