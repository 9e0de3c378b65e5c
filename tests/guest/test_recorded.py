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
    (
        "windows/ipconfig-en-static-ip-different.txt",
        (),
        (),
        {("NG302", W, UNKNOWN), ("NG303", W, UNKNOWN), ("NG305", INFO, UNKNOWN)},
    ),
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
    # Support-case pastes: Windows Server 2016-2022 with VF twins, tunnels, Windows' fec0 DNS placeholders
    (
        "windows/ipconfig-en-2019-vf-tunnels-static-secondary.txt",
        (),
        (),
        {("NG303", W, UNKNOWN), ("NG305", INFO, UNKNOWN)},
    ),
    (
        "windows/ipconfig-en-2019-vf-tunnels-static-secondary.txt",
        ("10.1.0.4", "10.2.0.50", "10.2.0.51"),
        ("168.63.129.16",),
        {("NG301", INFO, FAIL), ("NG303", E, FAIL)},
    ),
    (
        "windows/ipconfig-en-static-dns-with-fec0-placeholders.txt",
        ("10.0.0.5",),
        ("168.63.129.16",),
        {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", W, FAIL)},
    ),
    ("windows/ipconfig-en-dhcp-with-fec0-placeholders.txt", (), ("168.63.129.16",), set()),
    ("windows/ipconfig-ja-fullwidth-punctuation.txt", (), ("10.0.0.4", "10.0.0.6"), set()),
    # ipconfig in a language nicguard does not read: unreadable, never half-read
    ("windows/ipconfig-de-unsupported.txt", (), (), {("NG306", W, UNKNOWN)}),
    ("windows/ipconfig-fr-unsupported.txt", (), (), {("NG306", W, UNKNOWN)}),
    ("windows/ipconfig-nl-unsupported.txt", (), (), {("NG306", W, UNKNOWN)}),
    ("windows/transcript-de-ipconfig-with-powershell.txt", ("10.0.0.5",), (), {("NG306", W, UNKNOWN)}),
    (
        "windows/transcript-powershell-start-transcript-static.txt",
        (),
        (),
        {("NG302", W, UNKNOWN), ("NG303", W, UNKNOWN), ("NG305", INFO, UNKNOWN)},
    ),
    (
        "windows/transcript-powershell-start-transcript-static.txt",
        ("10.0.0.5",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    ("windows/transcript-powershell-list-views.txt", (), (), {("NG303", E, FAIL)}),
    ("windows/transcript-powershell-list-views.txt", ("10.0.0.5",), ("10.0.0.4", "10.0.0.5"), {("NG303", INFO, FAIL)}),
    (
        "windows/transcript-cmd-reg-query-only.txt",
        (),
        (),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    # Support-case pastes: Linux
    ("linux/transcript-ubuntu2204-two-nics-hand-added-ip.txt", (), (), {("NG301", E, FAIL)}),
    (
        "linux/transcript-ubuntu2204-two-nics-hand-added-ip.txt",
        ("10.0.0.4", "10.0.1.4"),
        ("168.63.129.16",),
        {("NG301", E, FAIL)},
    ),
    ("linux/transcript-resolved-255-global-dns-sni.txt", (), ("168.63.129.16",), {("NG303", E, FAIL)}),
    ("linux/transcript-systemd-resolve-old-ip-brief.txt", (), ("10.0.0.4", "10.0.0.6"), {("NG305", INFO, UNKNOWN)}),
    (
        "linux/transcript-systemd-resolve-old-ip-brief.txt",
        ("10.0.0.5",),
        ("10.0.0.4", "10.0.0.6"),
        {("NG302", INFO, UNKNOWN)},
    ),
    ("linux/transcript-rhel9-nmcli-clean.txt", (), (), set()),
    (
        "linux/transcript-rhel8-nmcli-connection-static.txt",
        ("10.0.0.7",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    (
        "linux/transcript-suse-static-netconfig.txt",
        ("10.0.0.6",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
    (
        "linux/transcript-networkd-static-and-dhcp.txt",
        ("10.0.0.80", "10.0.1.9"),
        ("168.63.129.16",),
        {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", E, FAIL)},
    ),
    (
        "linux/transcript-debian-ifupdown-static.txt",
        ("10.0.0.70",),
        ("168.63.129.16",),
        {("NG301", W, FAIL), ("NG302", W, FAIL), ("NG303", E, FAIL)},
    ),
    # Pastes without a runtime view of the adapters
    ("linux/transcript-resolv-conf-only.txt", (), (), {("NG303", W, UNKNOWN), ("NG306", W, UNKNOWN)}),
    ("linux/transcript-resolv-conf-only.txt", (), ("168.63.129.16",), {("NG303", E, FAIL), ("NG306", W, UNKNOWN)}),
    (
        "linux/transcript-ifcfg-only-static.txt",
        (),
        (),
        {("NG302", W, UNKNOWN), ("NG303", W, UNKNOWN), ("NG305", INFO, UNKNOWN)},
    ),
    (
        "linux/transcript-ifcfg-only-static.txt",
        ("10.0.0.5",),
        ("168.63.129.16",),
        {("NG301", E, FAIL), ("NG302", E, FAIL), ("NG303", E, FAIL)},
    ),
]


@pytest.mark.parametrize(
    ("name", "nic_ips", "dns", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_recorded_output_is_judged(name, nic_ips, dns, expected) -> None:
    findings = judge_text(recorded(name), nic_ips, dns)
    assert outcome(findings) == expected, [(f.rule_id, f.severity, f.status, f.message) for f in findings]
