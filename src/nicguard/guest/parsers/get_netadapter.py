"""``Get-NetAdapter`` (table view, or ``| Format-List *`` for ``InterfaceGuid``).

Schema: a ``Link`` per row: ``Name``, ``MacAddress``, ``InterfaceDescription`` as the
driver (a Mellanox/ConnectX or "Microsoft Azure Network Adapter" row is an
accelerated-networking twin), ``InterfaceGuid`` when shown.
"""

from __future__ import annotations

from . import _psformat
from ._text import mac_or_none
from .evidence import NOTHING, Evidence, Link

FORMAT = "Get-NetAdapter"


def parse(text: str, source: str = FORMAT) -> Evidence:
    links = tuple(
        Link(
            r["Name"],
            mac_or_none(r.get("MacAddress")),
            r.get("InterfaceDescription") or None,
            guid=(r.get("InterfaceGuid") or "").lower() or None,
            index=_index(r.get("ifIndex") or r.get("InterfaceIndex")),
        )
        for r in _psformat.records(text)
        if r.get("Name") and ("MacAddress" in r or "InterfaceDescription" in r)
    )
    return Evidence(os="windows", links=links, formats=(FORMAT,)) if links else NOTHING


def _index(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None
