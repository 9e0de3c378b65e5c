"""Benchmark the guest-override scanner.

    .venv/bin/python bench/scan.py [--files 10000] [--runs 5]

1. Generates a corpus of scripts, cloud-init documents, network files and ARM templates
   (about one in three carries an override) into a temporary folder, then scans it the way
   ``nicguard scan`` does (walk, read, scan, judge with the NG4xx rules) in this process:
   files per second and MB per second.
2. Wall time of one ``nicguard scan`` process on 14 small files (median of --runs runs):
   start-up included, which is what a pre-commit hook or CI step pays. A general IaC
   scanner takes about 3 s for such a set.
Not part of the test suite.
"""

from __future__ import annotations

import argparse
import base64
import gzip
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from nicguard.cli.scan_cmd import _files, _read
from nicguard.core.engine import evaluate
from nicguard.rules.overrides import RULES
from nicguard.scanner import scan_file

FILLER_PS = "Write-Host 'step {n}'\n$items = Get-ChildItem C:\\app -Recurse | Where-Object {{ $_.Length -gt {n} }}\n"
FILLER_SH = "echo 'step {n}'\nfind /opt/app -type f -size +{n}k | xargs -r ls -l\n"


def _powershell(rng: random.Random, dirty: bool) -> tuple[str, str]:
    body = "".join(FILLER_PS.format(n=i) for i in range(rng.randint(5, 40)))
    if dirty:
        body += f"Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.{rng.randint(0, 255)}.4\n"
    return "ps1", "param([string]$Name)\n# configure the app\n" + body


def _shell(rng: random.Random, dirty: bool) -> tuple[str, str]:
    body = "".join(FILLER_SH.format(n=i) for i in range(rng.randint(5, 40)))
    if dirty:
        body += f"cat <<EOF | sudo tee /etc/resolv.conf\nnameserver 10.1.{rng.randint(0, 255)}.4\nEOF\n"
    return "sh", "#!/bin/bash\nset -euo pipefail\n" + body


def _cloud_config(rng: random.Random, dirty: bool) -> tuple[str, str]:
    commands = [f"  - systemctl restart app{i}" for i in range(rng.randint(2, 15))]
    if dirty:
        commands.append(f"  - ip addr add 10.2.{rng.randint(0, 255)}.9/24 dev eth0")
    text = "#cloud-config\npackage_update: true\npackages: [nginx, jq]\nruncmd:\n" + "\n".join(commands) + "\n"
    if rng.random() < 0.3:
        return "txt", base64.b64encode(gzip.compress(text.encode(), mtime=0)).decode()
    return "yaml", text


def _template(rng: random.Random, dirty: bool) -> tuple[str, str]:
    command = "powershell -Command \"Install-WindowsFeature Web-Server\""
    if dirty:
        command = f"powershell -Command \"New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.3.{rng.randint(0, 255)}.7 -PrefixLength 24\""
    resources = [
        {"type": "Microsoft.Network/networkInterfaces", "name": f"nic{i}", "apiVersion": "2023-09-01",
         "properties": {"ipConfigurations": [{"name": "ipconfig1", "properties": {"privateIPAllocationMethod": "Static", "privateIPAddress": f"10.4.0.{i + 4}"}}]}}
        for i in range(rng.randint(1, 10))
    ]
    resources.append({"type": "Microsoft.Compute/virtualMachines/extensions", "name": "vm/cse",
                      "properties": {"publisher": "Microsoft.Compute", "type": "CustomScriptExtension", "settings": {"commandToExecute": command}}})
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "resources": resources}
    return "json", json.dumps(template, indent=2)


def _netplan(rng: random.Random, dirty: bool) -> tuple[str, str]:
    device = f"      addresses: [10.5.{rng.randint(0, 255)}.8/24]\n      dhcp4: false\n" if dirty else "      dhcp4: true\n"
    return "yaml", f"network:\n  version: 2\n  ethernets:\n    eth0:\n{device}"


GENERATORS = (_powershell, _shell, _cloud_config, _template, _netplan)


def generate(root: Path, count: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    total = 0
    for index in range(count):
        folder = root / f"project{index // 500}"
        folder.mkdir(exist_ok=True)
        extension, text = GENERATORS[index % len(GENERATORS)](rng, rng.random() < 0.35)
        data = text.encode()
        (folder / f"file{index}.{extension}").write_bytes(data)
        total += len(data)
    return total


def scan_in_process(root: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    changes, checked = [], 0
    for path, explicit in _files([str(root)]):
        data = _read(path, explicit)
        found = scan_file(path, data) if data is not None else None
        if found is not None:
            checked += 1
            changes.extend(found)
    findings = evaluate([rule() for rule in RULES], changes)
    return time.perf_counter() - start, checked, len(findings)


def cli_wall_time(root: Path, runs: int) -> float:
    small = root / "small"
    small.mkdir()
    rng = random.Random(3)
    for index in range(14):
        extension, text = GENERATORS[index % len(GENERATORS)](rng, index % 3 == 0)
        (small / f"f{index}.{extension}").write_text(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "nicguard", "scan", str(small), "--format", "json"], capture_output=True, check=False)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nicguard-bench-") as folder:
        root = Path(folder)
        corpus = root / "corpus"
        corpus.mkdir()
        size = generate(corpus, args.files)
        seconds = [scan_in_process(corpus) for _ in range(max(1, args.runs // 2))]
        elapsed = statistics.median(s[0] for s in seconds)
        _, checked, findings = seconds[0]
        print(f"corpus: {args.files} files, {size / 1e6:.1f} MB, {checked} scanned, {findings} findings")
        print(f"in process: {elapsed:.2f} s  = {args.files / elapsed:,.0f} files/s, {size / 1e6 / elapsed:.1f} MB/s")
        wall = cli_wall_time(root, args.runs)
        print(f"`nicguard scan` on 14 small files: {wall * 1000:.0f} ms wall (median of {args.runs}; a general IaC scanner: ~3 s)")
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
