"""``Get-NetIPConfiguration`` (list view; ``-Detailed`` adds the MAC and the DHCP state).

Schema: per block a ``Link`` (``InterfaceAlias``, ``InterfaceDescription``,
``NetAdapter.LinkLayerAddress``), ``IPv4Address``/``IPv6Address`` as ``Addr``,
``DNSServer`` as a per-interface ``Resolver``, ``NetIPv4Interface.DHCP`` as an ``IfConfig``.
"""

from __future__ import annotations

from . import _keyvalue
from ._text import ip_or_none, ips_in, mac_or_none, truthy
from .evidence import NOTHING, Addr, Evidence, IfConfig, Link, Resolver

FORMAT = "Get-NetIPConfiguration"


def parse(text: str, source: str = FORMAT) -> Evidence:
    evidence = NOTHING
    for block in _keyvalue.blocks(text, starts_block=lambda key: key == "InterfaceAlias"):
        alias = _keyvalue.one(block, "InterfaceAlias")
        if not alias:
            continue
        link = Link(
            alias,
            mac_or_none(_keyvalue.one(block, "NetAdapter.LinkLayerAddress")),
            _keyvalue.one(block, "InterfaceDescription"),
            index=_index(_keyvalue.one(block, "InterfaceIndex")),
        )
        addresses = tuple(
            Addr(alias, a)
            for a in (ip_or_none(v) for v in _keyvalue.get(block, "IPv4Address") + _keyvalue.get(block, "IPv6Address"))
            if a is not None
        )
        servers = tuple(a for v in _keyvalue.get(block, "DNSServer") for a in ips_in(v))
        dhcp = truthy(_keyvalue.one(block, "NetIPv4Interface.DHCP"))
        evidence += Evidence(
            os="windows",
            links=(link,),
            addresses=addresses,
            configs=(IfConfig(source, alias, dhcp=dhcp),) if dhcp is not None else (),
            resolvers=(Resolver(source, servers, alias),) if servers else (),
            formats=(FORMAT,),
        )
    return evidence


def _index(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None
