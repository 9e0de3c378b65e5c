"""Recorded Windows and Linux outputs (probe and console transcripts), judged end to end."""

from __future__ import annotations

import pytest

from .conftest import judge_text, outcome, recorded

E, W, INFO = "error", "warning", "info"
FAIL, UNKNOWN = "fail", "unknown"

CASES = [
    # Windows probe output
    ("windows/probe-clean-dhcp.txt", (), (), set()),
    ("windows/probe-static-ip-equal.txt", (), (), {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", W, FAIL)}),
    ("windows/probe-static-ip-different.txt", (), (), {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", W, FAIL)}),
    ("windows/probe-static-dns.txt", (), (), {("NG303", E, FAIL)}),
    ("windows/probe-vf-twin-and-vswitch.txt", (), (), set()),
    ("windows/probe-dc-self-dns.txt", (), (), {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", INFO, FAIL)}),
    (
        "windows/probe-dc-self-dns.txt",
        ("10.0.0.4",),
        ("10.0.0.8",),
        {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", E, FAIL)},
    ),
    ("windows/probe-not-renewed.txt", (), (), set()),
    ("windows/probe-not-renewed.txt", ("10.0.0.5",), ("10.0.0.8",), {("NG304", W, FAIL)}),
    (
        "windows/probe-multi-ip-static.txt",
        ("10.0.0.5", "10.0.0.6"),
        ("168.63.129.16",),
        {("NG301", INFO, FAIL), ("NG302", INFO, FAIL), ("NG303", INFO, FAIL)},
    ),
    (
        "windows/probe-multi-ip-swapped.txt",
        ("10.0.0.5", "10.0.0.6"),
        ("168.63.129.16",),
        {("NG301", INFO, FAIL), ("NG301", E, FAIL), ("NG302", INFO, FAIL), ("NG303", INFO, FAIL)},
    ),
    ("windows/probe-error.txt", (), (), {("NG306", W, UNKNOWN)}),
    # ipconfig /all, English and Japanese
    ("windows/ipconfig-en-clean-dhcp.txt", (), ("10.0.0.4", "10.0.0.6"), set()),
    ("windows/ipconfig-en-clean-dhcp.txt", (), ("10.0.0.8",), {("NG304", INFO, UNKNOWN)}),
    ("windows/ipconfig-en-static-ip-different.txt", (), (), {("NG303", W, UNKNOWN), ("NG305", INFO, UNKNOWN)}),
    (
        "windows/ipconfig-en-static-ip-different.txt",
        ("10.0.0.5",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    ("windows/ipconfig-ja-clean-dhcp.txt", (), ("168.63.129.16",), set()),
    (
        "windows/ipconfig-ja-static-ip-different.txt",
        ("10.0.0.5",),
        ("10.1.1.1", "10.1.1.2"),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", W, FAIL)},
    ),
    # PowerShell cmdlets and the registry
    ("windows/transcript-powershell-static-dns.txt", (), (), {("NG303", E, FAIL)}),
    (
        "windows/transcript-cmd-reg-query-static-ip.txt",
        (),
        (),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", W, FAIL)},
    ),
    # Linux transcripts
    ("linux/transcript-ubuntu-clean.txt", (), ("10.0.0.4", "10.0.0.6"), set()),
    ("linux/transcript-ubuntu-clean.txt", (), ("10.0.0.8",), {("NG304", INFO, UNKNOWN)}),
    (
        "linux/transcript-rhel-nm-static.txt",
        ("10.0.0.5",),
        (),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", W, UNKNOWN)},
    ),
    (
        "linux/transcript-rhel-nm-static.txt",
        ("10.0.0.5",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    ("linux/transcript-debian-immutable-resolv.txt", (), (), {("NG303", E, FAIL)}),
    ("linux/transcript-nm-glibc-three.txt", (), ("10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"), set()),
]


@pytest.mark.parametrize(
    ("name", "nic_ips", "dns", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_recorded_output_is_judged(name, nic_ips, dns, expected) -> None:
    findings = judge_text(recorded(name), nic_ips, dns)
    assert outcome(findings) == expected, [(f.rule_id, f.severity, f.status, f.message) for f in findings]
