"""The ``Tcpip\\Parameters\\Interfaces\\{GUID}`` registry values, as ``Get-ItemProperty`` (list
view) or ``reg query ... /s`` prints them; the Windows probe's ``K`` records use the same
mapping.

Schema per interface key: ``EnableDHCP`` -> ``IfConfig.dhcp``; ``IPAddress`` (static,
REG_MULTI_SZ, primary first) -> ``IfConfig.addresses``; ``NameServer`` (static DNS,
overrides DHCP when not empty) -> ``IfConfig.dns``; ``DhcpIPAddress`` and
``DhcpNameServer`` (what DHCP last offered) -> ``Lease``. The interface is the key's
``{GUID}``, resolved against the adapters during assembly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from . import _psformat
from ._text import ips_in, truthy
from .evidence import NOTHING, Evidence, IfConfig, Lease

FORMAT = "tcpip-registry"
_GUID = re.compile(r"\{[0-9A-Fa-f-]{36}\}")
_REG_VALUE = re.compile(r"^\s+(\w+)\s+REG_\w+\s*(.*)$")
WANTED = ("EnableDHCP", "IPAddress", "NameServer", "DhcpIPAddress", "DhcpNameServer")


def parse(text: str, source: str = "registry") -> Evidence:
    evidence = NOTHING
    for guid, values in _reg_query(text) or _item_properties(text):
        evidence += interface_values(guid, values, source)
    return evidence


def interface_values(interface: str, values: Mapping[str, str], source: str) -> Evidence:
    def listed(name: str) -> tuple:
        # REG_MULTI_SZ: "a\0b" in reg query, "{a, b}" in PowerShell; 0.0.0.0 means none.
        return tuple(a for a in ips_in(values.get(name, "").replace("\\0", " ")) if not a.is_unspecified)

    if not any(name in values for name in WANTED):
        return NOTHING
    config = IfConfig(
        source,
        interface,
        dhcp=truthy(values.get("EnableDHCP")),
        addresses=listed("IPAddress"),
        dns=listed("NameServer"),
    )
    offered = listed("DhcpIPAddress")
    leases = ()
    if offered or listed("DhcpNameServer"):
        leases = (Lease(source, interface, offered[0] if offered else None, listed("DhcpNameServer")),)
    return Evidence(configs=(config,), leases=leases, formats=(FORMAT,))


def _reg_query(text: str) -> list[tuple[str, dict[str, str]]]:
    keys: list[tuple[str, dict[str, str]]] = []
    for line in text.splitlines():
        if line.upper().startswith(("HKEY_", "HKLM")):
            # Interfaces\{GUID} only: its per-network subkeys (Interfaces\{GUID}\<hex>) hold
            # settings of other networks, not the ones in use.
            guid = _GUID.search(line.rstrip().rsplit("\\", 1)[-1])
            keys.append((guid.group(0).lower() if guid else "", {}))
        elif keys and (match := _REG_VALUE.match(line)):
            keys[-1][1][match.group(1)] = match.group(2).strip()
    return [(guid, values) for guid, values in keys if guid]


def _item_properties(text: str) -> list[tuple[str, dict[str, str]]]:
    found = []
    for record in _psformat.records(text):
        guid = _GUID.search(record.get("PSChildName", "") or record.get("PSPath", ""))
        if guid:
            found.append((guid.group(0).lower(), record))
    return found
