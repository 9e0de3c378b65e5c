"""``networkctl status [LINK]`` (systemd-networkd's runtime view).

Schema: per link a ``Link`` (``Driver``, ``HW Address``), its ``Address`` values as
``Addr`` (``(DHCP4 via ...)`` marks an address from DHCP, and gives a ``Lease``), its
``DNS`` values as a per-interface ``Resolver``.
"""

from __future__ import annotations

import re

from ...core.model import AddressOrigin
from . import _keyvalue
from ._text import ip_or_none, ips_in, mac_or_none
from .evidence import NOTHING, Addr, Evidence, Lease, Link, Resolver

FORMAT = "networkctl"
_HEADER = re.compile(r"^\W*\d+:\s+(\S+)\s*$", re.MULTILINE)


def parse(text: str, source: str = "networkctl status") -> Evidence:
    parts = _HEADER.split(text)
    evidence = NOTHING
    for name, body in zip(parts[1::2], parts[2::2], strict=False):
        evidence += _link(name, body, source)
    return evidence


def _link(name: str, body: str, source: str) -> Evidence:
    block = [pair for b in _keyvalue.blocks(body) for pair in b]
    mac_text = (_keyvalue.one(block, "HW Address") or "").split(" ", 1)[0]
    links = (Link(name, mac_or_none(mac_text), _keyvalue.one(block, "Driver")),)
    addresses, leases = [], []
    for value in _keyvalue.get(block, "Address"):
        address = ip_or_none(value.split(" ", 1)[0])
        if address is None:
            continue
        from_dhcp = "DHCP" in value
        addresses.append(Addr(name, address, origin=AddressOrigin.DHCP if from_dhcp else None))
        if from_dhcp:
            leases.append(Lease(source, name, address))
    servers = tuple(a for v in _keyvalue.get(block, "DNS") for a in ips_in(v))
    resolvers = (Resolver(source, servers, name),) if servers else ()
    return Evidence(
        links=links, addresses=tuple(addresses), leases=tuple(leases), resolvers=resolvers, formats=(FORMAT,)
    )
