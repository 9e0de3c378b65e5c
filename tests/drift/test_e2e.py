"""`nicguard drift` end to end: the CLI, the real SDK clients (aio for Run Command) and the
local ARM server, on an estate with one planted problem per VM."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from nicguard.cli import main
from nicguard.core.net import resource_name
from nicguard.emulator.estate import parse_estate
from nicguard.emulator.testing import running_emulator

from .emulated import PlantedVm, cli_args, declared_nic, estate_yaml, mac, manifest_for
from .probe_text import linux_probe, recorded

VMS = [
    PlantedVm("clean", 1),
    PlantedVm("ipdrift", 2),  # declared 10.0.1.21
    PlantedVm("dnsdrift", 3, dns=("10.0.1.4",)),  # declared no DNS; guest still has Azure DNS from DHCP
    PlantedVm("guestdns", 4, guest=recorded(linux_probe("guestdns", mac(4), "10.0.1.14", static_dns=("8.8.8.8",)))),
    PlantedVm("guestip", 5, guest=recorded(linux_probe("guestip", mac(5), None, static=("10.0.1.35",)))),
    PlantedVm("steal", 6, guest=recorded(linux_probe("steal", mac(6), "10.0.1.16", static=("10.0.1.11",)))),
    PlantedVm("legacy", 7, tags="{}"),  # not tagged, not declared
    PlantedVm("stopped", 8, vm={"power_state": "deallocated"}),
    PlantedVm("dynamic", 9, allocation="Dynamic"),
    PlantedVm("lbdup", 10),  # declared at the load balancer's address
]
HOLDERS = ["lb1/fe1: {kind: load-balancer-frontend, subnet: vnet1/web, ip: 10.0.1.50}"]
MANIFEST = manifest_for(
    [v for v in VMS if v.name != "legacy"],
    overrides={
        "ipdrift": {"ipConfigurations": [{"name": "ipconfig1", "address": "10.0.1.21", "primary": True}]},
        "dnsdrift": {"dnsServers": []},
        "lbdup": {"ipConfigurations": [{"name": "ipconfig1", "address": "10.0.1.50", "primary": True}]},
    },
    extra=[declared_nic("nic-gone", "10.0.1.99")],
)
EXPECTED = {
    "nic-ipdrift": {"NG212"},
    "nic-dnsdrift": {"NG213"},
    "dnsdrift": {"NG304"},
    "guestdns": {"NG303"},
    "guestip": {"NG301", "NG302"},
    "steal": {"NG104", "NG301"},
    "nic-legacy": {"NG501"},
    "stopped": {"NG306"},
    "nic-dynamic": {"NG211"},
    "nic-gone": {"NG210"},
    "nic-lbdup": {"NG212", "NG101"},
}


@pytest.fixture(scope="module")
def emulator():
    with running_emulator(parse_estate(estate_yaml(VMS, HOLDERS))) as running:
        yield running


def _drift(tmp_path: Path, *args: str) -> tuple[int, dict]:
    report = tmp_path / "report.json"
    code = main(["drift", *args, "--output", f"json={report}", "--waivers", str(tmp_path / "none.yaml")])
    return code, json.loads(report.read_text())


@pytest.fixture
def manifest(tmp_path: Path) -> Path:
    path = tmp_path / "manifest.json"
    path.write_text(json.dumps(MANIFEST))
    (tmp_path / "none.yaml").write_text("waivers: []\n")
    return path


def _by_name(report: dict) -> dict[str, set[str]]:
    found = defaultdict(set)
    for finding in report["findings"]:
        found[resource_name(finding["subject"])].add(finding["rule_id"])
    return dict(found)


def test_each_planted_problem_is_reported_where_planted_and_nowhere_else(emulator, manifest, tmp_path, capsys) -> None:
    code, report = _drift(tmp_path, "--manifest", str(manifest), *cli_args(emulator))
    assert _by_name(report) == EXPECTED
    assert code == 1
    meta = report["meta"]
    assert (meta["vms_in_scope"], meta["vms_probed"], meta["vms_unreadable"]) == ("10", "9", "1")
    [stopped] = [f for f in report["findings"] if f["rule_id"] == "NG306"]
    assert stopped["status"] == "unknown" and "deallocated" in stopped["message"]
    assert "probing guests" not in capsys.readouterr().err  # quiet when stderr is not a terminal


def test_a_saved_snapshot_gives_the_same_report_offline(emulator, manifest, tmp_path) -> None:
    snapshot = tmp_path / "snapshot.json"
    _, live = _drift(tmp_path, "--manifest", str(manifest), *cli_args(emulator), "--save-snapshot", str(snapshot))
    code, offline = _drift(tmp_path, "--snapshot", str(snapshot))
    assert code == 1
    assert [f["fingerprint"] for f in offline["findings"]] == [f["fingerprint"] for f in live["findings"]]
    assert offline["meta"]["declared"] == "snapshot"


def test_azure_only_mode_checks_guests_conflicts_and_tags(emulator, tmp_path, manifest) -> None:
    _, report = _drift(tmp_path, *cli_args(emulator))
    found = _by_name(report)
    assert not any(rule.startswith("NG2") for rules in found.values() for rule in rules)
    assert found["nic-legacy"] == {"NG501"} and "nic-lbdup" not in found
    assert report["meta"]["declared"] == "azure-only (managed tag)"


def test_two_shards_cover_the_estate_once(emulator, manifest, tmp_path) -> None:
    _, whole = _drift(tmp_path, "--manifest", str(manifest), *cli_args(emulator))
    halves = [_drift(tmp_path, "--manifest", str(manifest), *cli_args(emulator), "--shard", f"{i}/2")[1] for i in (1, 2)]
    assert sum(int(h["meta"]["vms_in_scope"]) for h in halves) == 10
    seen = [f["fingerprint"] for h in halves for f in h["findings"]]
    assert len(seen) == len(set(seen)) and set(seen) <= {f["fingerprint"] for f in whole["findings"]}


def test_tool_errors_are_one_line_and_exit_2(emulator, tmp_path, capsys) -> None:
    assert main(["drift", *cli_args(emulator), "--subscription", "no-such-sub"]) == 2
    assert "inventory failed" in capsys.readouterr().err
    assert main(["drift", "--subscription", "s", "--arm-endpoint", "http://127.0.0.1:1"]) == 2
    assert "must use https" in capsys.readouterr().err
    assert main(["drift", "--snapshot", str(tmp_path / "missing.json")]) == 2
    assert "--snapshot" in capsys.readouterr().err
