"""``Get-NetIPInterface`` (table view).

Schema: for each IPv4 row an ``IfConfig`` with ``dhcp`` from the ``Dhcp`` column
(Enabled/Disabled); the ``ifIndex`` of each alias as a ``Link`` (to name Get-NetIPAddress's rows).
"""

from __future__ import annotations

from . import _psformat
from ._text import truthy
from .evidence import NOTHING, Evidence, IfConfig, Link

FORMAT = "Get-NetIPInterface"


def parse(text: str, source: str = FORMAT) -> Evidence:
    configs = tuple(
        IfConfig(source, r["InterfaceAlias"], dhcp=truthy(r.get("Dhcp")))
        for r in _psformat.records(text)
        if r.get("InterfaceAlias") and r.get("AddressFamily", "IPv4") == "IPv4" and truthy(r.get("Dhcp")) is not None
    )
    links = tuple(
        Link(r["InterfaceAlias"], index=int(r["ifIndex"]))
        for r in _psformat.records(text)
        if r.get("InterfaceAlias") and (r.get("ifIndex") or "").isdigit()
    )
    return Evidence(os="windows", configs=configs, links=links, formats=(FORMAT,)) if configs else NOTHING
