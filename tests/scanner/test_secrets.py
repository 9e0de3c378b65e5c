"""A secret inside a scanned payload never reaches any output format, nor the CLI's streams."""

from __future__ import annotations

import base64
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nicguard.core.engine import evaluate
from nicguard.core.findings import Report, sort_findings
from nicguard.render import FORMATS
from nicguard.rules.overrides import RULES
from nicguard.scanner import scan_file

CANARY = "CANARY-7f3a9c"


def _script(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


PAYLOADS = {
    "creds.ps1": (
        f"New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.5 -PrefixLength 24 -CimSession "
        f"(New-CimSession -Credential (New-Object PSCredential('admin', (ConvertTo-SecureString '{CANARY}' -AsPlainText -Force))))\n"
        f"Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4 -CimSession (New-CimSession -ComputerName \"https://h/?sv=1&sig={CANARY}\")\n"
        f"Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.5 -Password {CANARY}\n"
    ),
    "wmic.cmd": f'wmic /user:admin /password:{CANARY} nicconfig where index=1 call SetDNSServerSearchOrder ("10.0.0.6")\n',
    "nm.sh": f"nmcli con mod eth0 ipv4.dns 10.0.0.7 802-1x.password {CANARY}\nresolvectl dns eth0 10.0.0.8 --token={CANARY}\n",
    "azuredeploy.json": json.dumps(
        {
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "resources": [
                {
                    "type": "Microsoft.Compute/virtualMachines/extensions",
                    "name": "vm/cse",
                    "properties": {
                        "publisher": "Microsoft.Compute",
                        "type": "CustomScriptExtension",
                        "protectedSettings": {
                            "commandToExecute": f'netsh interface ip set dns "{CANARY}" static 10.0.0.9 & echo {CANARY}',
                            "storageAccountKey": CANARY,
                        },
                    },
                },
                {
                    "type": "Microsoft.Compute/virtualMachines/extensions",
                    "name": "vm/linux",
                    "properties": {
                        "publisher": "Microsoft.Azure.Extensions",
                        "type": "CustomScript",
                        "protectedSettings": {
                            "script": _script(f"echo nameserver 10.0.0.10 > /tmp/{CANARY}/../../etc/resolv.conf\nip addr add 10.0.1.11/24 dev {CANARY}\n")
                        },
                    },
                },
            ],
        },
        indent=2,
    ),
    "ops.sh": (
        f"az vm extension set -g rg --vm-name vm --name CustomScript --publisher Microsoft.Azure.Extensions "
        f"--protected-settings '{{\"commandToExecute\": \"resolvectl dns {CANARY} 10.0.0.12\", \"storageAccountKey\": \"{CANARY}\"}}'\n"
    ),
    "broken.json": (
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [\n'
        f'{{"properties": {{"protectedSettings": {{"commandToExecute": "netsh interface ip set dns {CANARY} static 10.0.0.13 & echo {CANARY}"'
    ),
    "main.tf": (
        'resource "azurerm_virtual_machine_extension" "x" {\n  protected_settings = jsonencode({\n'
        f'    commandToExecute = "netsh interface ip set dns {CANARY} static 10.0.0.14"\n    storageAccountKey = "{CANARY}"\n  }})\n}}\n'
    ),
}


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("secrets")
    for name, text in PAYLOADS.items():
        (root / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(tree: Path) -> Report:
    changes = [c for path in sorted(tree.iterdir()) for c in scan_file(str(path), path.read_bytes()) or []]
    findings = evaluate([rule() for rule in RULES], changes)
    assert len(findings) >= 12, "the canary payloads must produce findings, or this test proves nothing"
    return Report("nicguard", "test", sort_findings(findings), checked=len(PAYLOADS))


def _available_formats() -> list[str]:
    available = []
    for name in FORMATS:
        try:
            importlib.import_module(f"nicguard.render.{name}_format")
        except ImportError:
            continue
        available.append(name)
    return available


@pytest.mark.parametrize("fmt", _available_formats())
def test_canary_absent_from_every_format(report: Report, fmt: str) -> None:
    from nicguard.render import renderer

    output = renderer(fmt)(report)
    assert output.strip()
    assert CANARY not in output


def test_canary_absent_from_the_changes_themselves(tree: Path) -> None:
    for path in tree.iterdir():
        for change in scan_file(str(path), path.read_bytes()) or []:
            assert CANARY not in repr(change)


def test_canary_absent_from_cli_streams(tree: Path) -> None:
    for fmt in ("text", "json"):
        result = subprocess.run(
            [sys.executable, "-m", "nicguard", "scan", str(tree), "--format", fmt, "--color", "never"],
            capture_output=True, text=True, timeout=60,
        )
        assert result.returncode == 1, result.stderr
        assert CANARY not in result.stdout + result.stderr
