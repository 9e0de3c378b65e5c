"""`make demo` end to end: every step gives the exit code the example is built for, and the
recorded guest outputs in examples/guests/ still say what the live guests say."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from nicguard.emulator.guests import live_guests_usable

REPO = Path(__file__).resolve().parents[1]


def _demo(guests: str) -> dict[str, set[str]]:
    env = {**os.environ, "NICGUARD_GUESTS": guests}
    result = subprocess.run(
        [sys.executable, "-m", "nicguard.demo"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    findings = json.loads((REPO / "out" / "drift.json").read_text())["findings"]
    by_vm: dict[str, set[str]] = {}
    for finding in findings:
        by_vm.setdefault(finding["subject"].rsplit("/", 1)[-1], set()).add(finding["rule_id"])
    return by_vm


PLANTED = {
    "web2": {"NG303"},
    "app2": {"NG301", "NG302", "NG303"},
    "web3": {"NG104", "NG301", "NG302", "NG303"},
    "app3": {"NG304"},
    "app3-nic": {"NG211", "NG212", "NG213"},
    "web4": {"NG306"},
}


def test_demo_with_recorded_guests() -> None:
    assert _demo("recorded") == PLANTED


@pytest.mark.root
@pytest.mark.skipif(not live_guests_usable(), reason="live guests need root, dnsmasq and dhclient")
def test_demo_with_live_guests_matches_the_recordings() -> None:
    assert _demo("live") == PLANTED
