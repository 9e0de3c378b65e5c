"""Run Command keeps 4,096 bytes: a VM with 4 NICs of 8 addresses must fit (Windows format here;
the Linux probe is measured for real in test_netns)."""

from __future__ import annotations

from nicguard.core.model import GuestState, InterfaceKind
from nicguard.guest.parsers import read_probe_output

from .probe_format import render, windows_adapter

RUN_COMMAND_LIMIT = 4096


def windows_four_by_eight() -> str:
    records = [["H", "VM-APP-PROD-017"]]
    for n in range(4):
        alias, mac = f"Ethernet {n + 2}", f"00-0D-3A-AA-BB-0{n + 1}"
        records.append(windows_adapter(alias, mac, f"{{6F0B1C2D-3E4F-4A5B-8C7D-9E0F1A2B3C4{n}}}"))
        records.append(
            windows_adapter(
                f"Ethernet {n + 6}",
                mac,
                f"{{0A1B2C3D-4E5F-4061-8293-A4B5C6D7E8F{n}}}",
                "Mellanox ConnectX-5 Virtual Adapter #" + str(n + 2),
            )
        )
    for n in range(4):
        alias = f"Ethernet {n + 2}"
        addresses = [f"10.{n}.0.{10 + k}" for k in range(8)]
        records.append(["A", alias, f"fe80::1c2d:3e4f:5a6b:7c8{n}%{n + 4}/64", "wellknown"])
        records += [["A", alias, f"{a}/24", "manual"] for a in addresses]
        records += [["K", alias, "Dhcp", "Disabled"], ["D", alias, "10.0.0.4,10.0.0.5"]]
        records += [["K", alias, "EnableDHCP", "0"], ["K", alias, "IPAddress", " ".join(addresses)]]
        records += [["K", alias, "NameServer", "10.0.0.4,10.0.0.5"], ["K", alias, "DhcpIPAddress", addresses[0]]]
        records += [["K", alias, "DhcpNameServer", "10.0.0.4 10.0.0.5"]]
    records += [
        ["A", "Loopback Pseudo-Interface 1", "::1/128", "wellknown"],
        ["A", "Loopback Pseudo-Interface 1", "127.0.0.1/8", "wellknown"],
    ]
    return render("windows", records)


def test_windows_four_nics_of_eight_addresses_fit() -> None:
    text = windows_four_by_eight()
    assert len(text.encode()) <= RUN_COMMAND_LIMIT, len(text.encode())
    guest = read_probe_output(text).guest
    assert isinstance(guest, GuestState)
    nics = [i for i in guest.interfaces if i.kind is InterfaceKind.SYNTHETIC]
    assert [len([a for a in i.addresses if a.address.version == 4]) for i in nics] == [8, 8, 8, 8]
    assert sum(i.kind is InterfaceKind.VF for i in guest.interfaces) == 4
