"""Writes tests/guest/recorded/windows/probe-*.txt from the documented v1 format.

Run ``python -m tests.guest.make_recordings`` after a format change; the files are checked in.
"""

from __future__ import annotations

from pathlib import Path

from .probe_format import render, windows_adapter

HERE = Path(__file__).parent / "recorded" / "windows"
GUID = "{6F0B1C2D-3E4F-4A5B-8C7D-9E0F1A2B3C4D}"
VF_GUID = "{0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F9}"
MAC = "00-0D-3A-AA-BB-01"
LOOPBACK = [
    ["A", "Loopback Pseudo-Interface 1", "::1/128", "wellknown"],
    ["A", "Loopback Pseudo-Interface 1", "127.0.0.1/8", "wellknown"],
    ["K", "Loopback Pseudo-Interface 1", "Dhcp", "Disabled"],
]


def guest(addresses, dhcp, dns, registry, extra_adapters=()):
    records = [["H", "VM-WEB"], windows_adapter("Ethernet", MAC, GUID), *extra_adapters]
    records += [["A", "Ethernet", "fe80::1c2d:3e4f:5a6b:7c8d%6/64", "wellknown"]]
    records += [["A", "Ethernet", a, origin] for a, origin in addresses]
    records += LOOPBACK + [["K", "Ethernet", "Dhcp", dhcp], ["D", "Ethernet", dns]]
    records += [["K", "Ethernet", key, value] for key, value in registry]
    return records


SCENARIOS = {
    "clean-dhcp": guest(
        [("10.0.0.5/24", "dhcp")],
        "Enabled",
        "168.63.129.16",
        [("EnableDHCP", "1"), ("DhcpIPAddress", "10.0.0.5"), ("DhcpNameServer", "168.63.129.16")],
    ),
    "static-ip-equal": guest(
        [("10.0.0.5/24", "manual")],
        "Disabled",
        "168.63.129.16",
        [
            ("EnableDHCP", "0"),
            ("IPAddress", "10.0.0.5"),
            ("NameServer", "168.63.129.16"),
            ("DhcpIPAddress", "10.0.0.5"),
            ("DhcpNameServer", "168.63.129.16"),
        ],
    ),
    "static-ip-different": guest(
        [("10.0.0.50/24", "manual")],
        "Disabled",
        "168.63.129.16",
        [
            ("EnableDHCP", "0"),
            ("IPAddress", "10.0.0.50"),
            ("NameServer", "168.63.129.16"),
            ("DhcpIPAddress", "10.0.0.5"),
            ("DhcpNameServer", "168.63.129.16"),
        ],
    ),
    "static-dns": guest(
        [("10.0.0.5/24", "dhcp")],
        "Enabled",
        "8.8.8.8,8.8.4.4",
        [
            ("EnableDHCP", "1"),
            ("NameServer", "8.8.8.8,8.8.4.4"),
            ("DhcpIPAddress", "10.0.0.5"),
            ("DhcpNameServer", "168.63.129.16"),
        ],
    ),
    "vf-twin-and-vswitch": guest(
        [
            ("10.0.0.5/24", "dhcp"),
        ],
        "Enabled",
        "168.63.129.16",
        [("EnableDHCP", "1"), ("DhcpIPAddress", "10.0.0.5"), ("DhcpNameServer", "168.63.129.16")],
        extra_adapters=[
            windows_adapter("Ethernet 2", MAC, VF_GUID, "Mellanox ConnectX-4 Lx Virtual Ethernet Adapter"),
            windows_adapter(
                "vEthernet (nat)",
                "00-15-5D-01-02-03",
                "{11111111-2222-4333-8444-555555555555}",
                "Hyper-V Virtual Ethernet Adapter",
            ),
            ["A", "vEthernet (nat)", "172.20.0.1/20", "manual"],
        ],
    ),
    "dc-self-dns": guest(
        [("10.0.0.4/24", "manual")],
        "Disabled",
        "127.0.0.1,10.0.0.5",
        [
            ("EnableDHCP", "0"),
            ("IPAddress", "10.0.0.4"),
            ("NameServer", "127.0.0.1,10.0.0.5"),
            ("DhcpIPAddress", "10.0.0.4"),
            ("DhcpNameServer", "10.0.0.4 10.0.0.5"),
        ],
    ),
    "not-renewed": guest(
        [("10.0.0.5/24", "dhcp")],
        "Enabled",
        "10.0.0.4",
        [("EnableDHCP", "1"), ("DhcpIPAddress", "10.0.0.5"), ("DhcpNameServer", "10.0.0.4")],
    ),
    "multi-ip-static": guest(
        [("10.0.0.6/24", "manual"), ("10.0.0.5/24", "manual")],
        "Disabled",
        "168.63.129.16",
        [
            ("EnableDHCP", "0"),
            ("IPAddress", "10.0.0.5 10.0.0.6"),
            ("NameServer", "168.63.129.16"),
            ("DhcpIPAddress", "10.0.0.5"),
            ("DhcpNameServer", "168.63.129.16"),
        ],
    ),
    "multi-ip-swapped": guest(
        [("10.0.0.5/24", "manual"), ("10.0.0.6/24", "manual")],
        "Disabled",
        "168.63.129.16",
        [
            ("EnableDHCP", "0"),
            ("IPAddress", "10.0.0.6 10.0.0.5"),
            ("NameServer", "168.63.129.16"),
            ("DhcpIPAddress", "10.0.0.5"),
            ("DhcpNameServer", "168.63.129.16"),
        ],
    ),
}


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    for name, records in SCENARIOS.items():
        (HERE / f"probe-{name}.txt").write_text(render("windows", records), encoding="utf-8")
    error = render("windows", [["H", "VM-WEB"]], status="error:The term 'Get-NetAdapter' is not recognized")
    (HERE / "probe-error.txt").write_text(error, encoding="utf-8")


if __name__ == "__main__":
    main()
