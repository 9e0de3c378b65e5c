"""`nicguard drift` with real Linux guests: the probe runs in network namespaces, Run Command
goes through the aio SDK to the local ARM server, which runs the script in the guest."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path

import pytest

from nicguard.cli import main
from nicguard.core.net import resource_name
from nicguard.emulator.estate import parse_estate
from nicguard.emulator.testing import running_emulator

from .emulated import SUBSCRIPTION, cli_args

netns = pytest.importorskip("nicguard.guest.netns")

pytestmark = [
    pytest.mark.root,
    pytest.mark.skipif(os.geteuid() != 0, reason="network namespaces need root"),
    pytest.mark.skipif(bool(netns.missing_tools()), reason=f"missing tools: {netns.missing_tools()}"),
]

ESTATE = f"""
subscription: {SUBSCRIPTION}
resource_groups:
  rg-app:
    vnets:
      vnet1: {{address_space: [10.0.0.0/16], subnets: {{web: 10.0.0.0/24}}}}
    nics:
      nic-clean: {{subnet: vnet1/web, ip: 10.0.0.5, mac: 00-0D-3A-AA-00-05, tags: {{managed-by: nicguard}}}}
      nic-tampered: {{subnet: vnet1/web, ip: 10.0.0.6, mac: 00-0D-3A-AA-00-06, tags: {{managed-by: nicguard}}}}
    vms:
      clean: {{os: linux, nics: [nic-clean]}}
      tampered: {{os: linux, nics: [nic-tampered]}}
"""


def test_real_guests_clean_and_tampered(tmp_path: Path) -> None:
    clean_nic = netns.NicSpec(mac="00:0d:3a:aa:00:05", address="10.0.0.5")
    tampered_nic = netns.NicSpec(mac="00:0d:3a:aa:00:06", address="10.0.0.6")
    with netns.LinuxGuest.start(clean_nic) as clean, netns.LinuxGuest.start(tampered_nic) as tampered:
        # Someone "fixes" the tampered VM by hand: a second address that is the clean VM's.
        tampered.ip("addr", "add", "10.0.0.5/24", "dev", "eth0")
        with running_emulator(parse_estate(ESTATE)) as emulator:
            emulator.vm("clean").guest = clean
            emulator.vm("tampered").guest = tampered
            report_path = tmp_path / "report.json"
            code = main(["drift", *cli_args(emulator), "--run-command-timeout", "20", "--output", f"json={report_path}"])
    report = json.loads(report_path.read_text())
    found = defaultdict(set)
    for finding in report["findings"]:
        found[resource_name(finding["subject"])].add(finding["rule_id"])
    assert report["meta"]["vms_unreadable"] == "0", report["findings"]
    assert {"NG104", "NG301"} <= found["tampered"]
    assert "clean" not in found  # the victim of the shared address is not blamed
    assert code == 1
