"""``Get-NetIPAddress`` (list view, or a table with ``PrefixOrigin``).

Schema: an ``Addr`` per record: ``IPAddress``, ``InterfaceAlias`` (the default table shows
only ``ifIndex``: named ``ifindex:N``, resolved against the adapters during assembly), ``PrefixLength`` and
the origin from ``PrefixOrigin``: Dhcp -> dhcp, Manual -> static, RouterAdvertisement ->
dhcp (set by the network, not by hand); WellKnown/Other say nothing.
"""

from __future__ import annotations

from ...core.model import AddressOrigin
from . import _psformat
from ._text import ip_or_none
from .evidence import NOTHING, Addr, Evidence

FORMAT = "Get-NetIPAddress"
PREFIX_ORIGINS = {"dhcp": AddressOrigin.DHCP, "manual": AddressOrigin.STATIC, "routeradvertisement": AddressOrigin.DHCP}


def prefix_origin(text: str | None) -> AddressOrigin | None:
    return PREFIX_ORIGINS.get((text or "").strip().lower())


def parse(text: str, source: str = FORMAT) -> Evidence:
    addresses = []
    for r in _psformat.records(text):
        address, alias = ip_or_none(r.get("IPAddress")), r.get("InterfaceAlias")
        index = (r.get("ifIndex") or r.get("InterfaceIndex") or "").strip()
        if not alias and index.isdigit():
            alias = f"ifindex:{index}"  # the default table names the adapter by ifIndex only
        if address is None or not alias:
            continue
        length = (r.get("PrefixLength") or "").strip()
        addresses.append(
            Addr(alias, address, int(length) if length.isdigit() else None, prefix_origin(r.get("PrefixOrigin")))
        )
    return Evidence(os="windows", addresses=tuple(addresses), formats=(FORMAT,)) if addresses else NOTHING
