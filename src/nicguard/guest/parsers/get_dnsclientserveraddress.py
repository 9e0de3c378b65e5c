"""``Get-DnsClientServerAddress`` (table view; its two-line header included).

Schema: a per-interface ``Resolver`` from ``ServerAddresses`` (``{10.0.0.4, 10.0.0.5}``),
IPv4 and IPv6 rows of one alias joined. It shows the servers in use, never whether they
are static: the registry's ``NameServer`` tells that.
"""

from __future__ import annotations

from . import _psformat
from ._text import ips_in
from .evidence import NOTHING, Evidence, Resolver

FORMAT = "Get-DnsClientServerAddress"


def parse(text: str, source: str = FORMAT) -> Evidence:
    servers: dict[str, list] = {}
    for r in _psformat.records(text):
        alias = r.get("InterfaceAlias")
        if not alias:
            continue
        found = servers.setdefault(alias, [])
        found += [a for a in ips_in(r.get("ServerAddresses", "")) if a not in found]
    resolvers = tuple(Resolver(source, tuple(found), alias) for alias, found in servers.items() if found)
    return Evidence(os="windows", resolvers=resolvers, formats=(FORMAT,)) if resolvers else NOTHING
