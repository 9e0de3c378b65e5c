"""A fleet where 20% of the VMs misbehave: the run finishes, each faulted VM is UNKNOWN with
its reason, every healthy VM is reported correctly, and the exit code says which happened."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from nicguard.cli import main
from nicguard.core.net import resource_name
from nicguard.emulator.estate import parse_estate
from nicguard.emulator.testing import running_emulator

from .emulated import PlantedVm, cli_args, estate_yaml, mac
from .probe_text import linux_probe, recorded

# name -> (VM settings, what the reason must say)
FAULTS = {
    "f-throttled": ({}, "429"),
    "f-busy": ({"faults": "{busy: true}"}, "409"),
    "f-stopped": ({"power_state": "stopped"}, "VM is stopped"),
    "f-agent": ({"agent_ready": "false"}, "agent is not ready"),
    "f-hang": ({"faults": "{hang: true}"}, "did not finish within"),
    "f-truncated": ({"faults": "{output_limit: 300}"}, "begin marker is missing"),
    "f-garbage": ({"faults": "{garbage: true}"}, "no recognised output"),
}
HEALTHY = 28
STATIC_DNS_EVERY = 4  # every 4th healthy guest pins 8.8.8.8: NG303 there and nowhere else


def _fleet() -> list[PlantedVm]:
    vms = [PlantedVm(name, i, vm=settings) for i, (name, (settings, _)) in enumerate(FAULTS.items(), start=1)]
    for n in range(HEALTHY):
        index = len(FAULTS) + 1 + n
        name = f"h-{n:02d}"
        pinned = ("8.8.8.8",) if n % STATIC_DNS_EVERY == 0 else ()
        vms.append(PlantedVm(name, index, guest=recorded(linux_probe(name, mac(index), f"10.0.1.{index + 10}", static_dns=pinned))))
    return vms


@pytest.fixture(scope="module")
def emulator():
    with running_emulator(parse_estate(estate_yaml(_fleet()))) as running:
        faults = running.faults
        faults.throttle(count=None, retry_after=None, match="POST .*/f-throttled/runCommand")  # never lets up
        faults.throttle(count=2, retry_after=0.01, match="POST .*/h-01/runCommand")  # passes on retry
        faults.throttle(count=1, retry_after=0.01, match="GET .*/networkInterfaces")  # inventory retried
        yield running


def _run(tmp_path: Path, emulator, *extra: str) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(["drift", *cli_args(emulator), "--run-command-timeout", "1", *extra, "--output", f"json={report}"])
    return code, json.loads(report.read_text())


def test_faulted_vms_are_unknown_with_reasons_and_healthy_ones_are_right(emulator, tmp_path: Path) -> None:
    code, report = _run(tmp_path, emulator)
    found = defaultdict(list)
    for finding in report["findings"]:
        found[resource_name(finding["subject"])].append(finding)
    for name, (_, reason) in FAULTS.items():
        [finding] = found.pop(name)
        assert (finding["rule_id"], finding["status"]) == ("NG306", "unknown")
        assert reason in finding["message"], (name, finding["message"])
    expected = {f"h-{n:02d}" for n in range(0, HEALTHY, STATIC_DNS_EVERY)}
    assert {name: {f["rule_id"] for f in fs} for name, fs in found.items()} == {name: {"NG303"} for name in expected}
    assert report["meta"]["vms_in_scope"] == str(len(FAULTS) + HEALTHY)
    assert report["meta"]["vms_unreadable"] == str(len(FAULTS))
    assert code == 1  # NG303 is an error


def test_only_unknowns_exit_2_and_clean_exits_0(emulator, tmp_path: Path) -> None:
    code, report = _run(tmp_path, emulator, "--vm", "f-*", "--vm", "h-01", "--vm", "h-02")
    assert code == 2 and {f["status"] for f in report["findings"]} == {"unknown"}
    code, report = _run(tmp_path, emulator, "--vm", "h-01", "--vm", "h-02")
    assert code == 0 and report["findings"] == []
