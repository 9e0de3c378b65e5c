"""Drift at fleet scale: Run Command fan-out wall time, ARM requests per VM, snapshot memory.

    .venv/bin/python bench/drift.py            # 1,000 VMs live, 10,000 VMs from a snapshot
    .venv/bin/python bench/drift.py --quick    # 128 VMs live, 1,000 from a snapshot

Live: the local ARM server runs in its own process (``nicguard emulator``) so its CPU
does not share the client's GIL; each Run Command stays InProgress for --latency
seconds. Ideal wall time is ceil(N / C) x latency; the target is within 1.3x of it,
plus the inventory. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from nicguard.azure.clients import ArmTarget
from nicguard.azure.inventory import ArmDocuments
from nicguard.azure.run_command import RunnerOptions
from nicguard.core.settings import Settings
from nicguard.drift.bundle import Bundle, GuestRecord
from nicguard.drift.estate import estate_from_bundle
from nicguard.drift.live import collect
from nicguard.drift.probe import read_guest
from nicguard.drift.reconcile import reconcile
from nicguard.drift.scope import Scope
from nicguard.drift.snapshot import read_snapshot, write_snapshot
from nicguard.rules import ALL_RULES

SUBSCRIPTION = "00000000-0000-0000-0000-00000000be4c"
RG = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg-bench"
VMS_PER_SUBNET = 250


def _address(index: int) -> str:
    subnet, host = divmod(index, VMS_PER_SUBNET)
    return f"10.{subnet // 256}.{subnet % 256}.{host + 4}"


def estate_yaml(count: int, latency: float) -> str:
    subnets = math.ceil(count / VMS_PER_SUBNET)
    lines = [
        f"subscription: {SUBSCRIPTION}",
        f"faults: {{run_command_seconds: {latency}}}",
        "resource_groups:",
        "  rg-bench:",
        "    vnets:",
        "      vnet1:",
        "        address_space: [10.0.0.0/8]",
        "        subnets:",
        *(f"          s{s}: 10.{s // 256}.{s % 256}.0/24" for s in range(subnets)),
        "    nics:",
        *(f"      nic{i}: {{subnet: vnet1/s{i // VMS_PER_SUBNET}, ip: {_address(i)}, mac: {_mac(i)}, "
          "tags: {managed-by: nicguard}}" for i in range(count)),
        "    vms:",
        *(f"      vm{i}: {{os: linux, nics: [nic{i}], guest: {{recorded: {{stdout: {json.dumps(probe_output(i))}}}}}}}"
          for i in range(count)),
    ]
    return "\n".join(lines) + "\n"


def _mac(index: int) -> str:
    return f"00-0D-3A-{index >> 16 & 255:02X}-{index >> 8 & 255:02X}-{index & 255:02X}"


def probe_output(index: int) -> str:
    """A clean Linux guest's probe output (format v1): DHCP address and DNS, with its lease."""
    address = _address(index)
    records = [
        f"H\tvm{index}",
        f"I\teth0\t{_mac(index).replace('-', ':').lower()}\thv_netvsc\t-\t-\tUP",
        f"A\teth0\t{address}/24\tdynamic",
        "R\teth0",
        "D\teth0\t168.63.129.16",
        "F\t/var/lib/dhcp/dhclient.eth0.leases",
        "|\t0\tlease {",
        '|\t2\tinterface "eth0";',
        f"|\t2\tfixed-address {address};",
        "|\t2\toption domain-name-servers 168.63.129.16;",
        "|\t0\t}",
    ]
    body = "\n".join(records)
    return f"NICGUARD-PROBE\tv1\tlinux\n{body}\nNICGUARD-PROBE-END\tv1\tstatus=ok\tlines={len(records)}\ttrunc=0\n"


def start_emulator(estate: Path, workdir: Path) -> tuple[subprocess.Popen, dict[str, str]]:
    process = subprocess.Popen(
        [sys.executable, "-m", "nicguard", "emulator", "--estate", str(estate), "--ca-dir", str(workdir)],
        stdout=subprocess.PIPE,
        text=True,
    )
    found: dict[str, str] = {}
    while len(found) < 3:
        line = process.stdout.readline()
        if not line:
            raise SystemExit(f"the emulator exited with {process.wait()}")
        key, _, value = line.strip().partition("=")
        found[key] = value
    return process, found


def bench_live(count: int, concurrency: int, latency: float, poll: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        estate = Path(tmp) / "estate.yaml"
        estate.write_text(estate_yaml(count, latency))
        process, found = start_emulator(estate, Path(tmp))
        try:
            target = ArmTarget(
                arm_endpoint=found["NICGUARD_ARM_ENDPOINT"],
                ca_bundle=Path(found["NICGUARD_ARM_CA"]),
                polling_interval=poll,
            )
            options = RunnerOptions(concurrency=concurrency, timeout=latency * 10, retries=3)
            started = time.monotonic()
            bundle, stats = asyncio.run(collect(target, [SUBSCRIPTION], Scope(), options, None))
            wall = time.monotonic() - started
        finally:
            process.terminate()
            process.wait()
    probed = sum(1 for g in bundle.guests.values() if g.stdout is not None)
    ideal = math.ceil(count / concurrency) * latency
    print(f"live: {count} VMs, concurrency {concurrency}, Run Command latency {latency:g} s, poll {poll:g} s")
    probing = wall - stats.inventory_seconds
    print(f"  probed {probed}/{count}; wall {wall:.1f} s = inventory {stats.inventory_seconds:.1f} s + probing {probing:.1f} s")
    print(f"  ideal probing ceil(N/C) x latency = {ideal:.1f} s; probing / ideal = {probing / ideal:.2f} (target <= 1.3)")
    print(f"  ARM requests {stats.requests} = {stats.requests / count:.1f} per VM")


def snapshot_bundle(count: int) -> Bundle:
    nics, vms, vnets, guests = [], [], [], {}
    subnets = math.ceil(count / VMS_PER_SUBNET)
    vnet = f"{RG}/providers/Microsoft.Network/virtualNetworks/vnet1"
    for i in range(count):
        nic = f"{RG}/providers/Microsoft.Network/networkInterfaces/nic{i}"
        vm = f"{RG}/providers/Microsoft.Compute/virtualMachines/vm{i}"
        nics.append({
            "id": nic, "name": f"nic{i}", "tags": {"managed-by": "nicguard"},
            "properties": {
                "macAddress": _mac(i),
                "virtualMachine": {"id": vm},
                "dnsSettings": {"dnsServers": [], "appliedDnsServers": []},
                "ipConfigurations": [{
                    "id": f"{nic}/ipConfigurations/ipconfig1", "name": "ipconfig1",
                    "properties": {"privateIPAddress": _address(i), "privateIPAllocationMethod": "Static",
                                   "subnet": {"id": f"{vnet}/subnets/s{i // VMS_PER_SUBNET}"}, "primary": True},
                }],
            },
        })
        vms.append({
            "id": vm, "name": f"vm{i}",
            "properties": {
                "storageProfile": {"osDisk": {"osType": "Linux"}},
                "networkProfile": {"networkInterfaces": [{"id": nic}]},
                "instanceView": {"statuses": [{"code": "PowerState/running"}],
                                 "vmAgent": {"statuses": [{"displayStatus": "Ready"}]}},
            },
        })
        guests[vm] = GuestRecord(stdout=probe_output(i))
    vnets.append({
        "id": vnet, "name": "vnet1",
        "properties": {"subnets": [
            {"id": f"{vnet}/subnets/s{s}", "name": f"s{s}",
             "properties": {"addressPrefix": f"10.{s // 256}.{s % 256}.0/24",
                            "ipConfigurations": [{"id": f"{RG}/providers/Microsoft.Network/networkInterfaces/nic{i}/ipConfigurations/ipconfig1"}
                                                 for i in range(s * VMS_PER_SUBNET, min(count, (s + 1) * VMS_PER_SUBNET))]}}
            for s in range(subnets)
        ]},
    })
    return Bundle(ArmDocuments(nics, vnets, vms), guests, None, "bench")


def bench_snapshot(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "snapshot.json"
        write_snapshot(snapshot_bundle(count), path)
        size = path.stat().st_size
        tracemalloc.start()
        started = time.monotonic()
        bundle = read_snapshot(path)
        estate = estate_from_bundle(bundle, read_guest)
        del bundle
        outcome = reconcile(estate, None, Scope(), Settings(), ALL_RULES)
        wall = time.monotonic() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"snapshot: {count} VMs, file {size / 1e6:.1f} MB; read + reconcile {wall:.1f} s; "
          f"{len(outcome.findings)} findings")
    print(f"  peak traced memory {peak / 1e6:.0f} MB; process max RSS {rss:.0f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="128 live VMs and a 1,000-VM snapshot")
    parser.add_argument("--vms", type=int, help="live VMs (default 1000, quick 128)")
    parser.add_argument("--snapshot-vms", type=int, help="snapshot VMs (default 10000, quick 1000)")
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--latency", type=float, default=2.0, help="seconds each Run Command stays InProgress")
    parser.add_argument("--poll", type=float, default=0.25, help="client polling interval in seconds")
    args = parser.parse_args()
    bench_live(args.vms or (128 if args.quick else 1000), args.concurrency, args.latency, args.poll)
    bench_snapshot(args.snapshot_vms or (1000 if args.quick else 10000))


if __name__ == "__main__":
    main()
