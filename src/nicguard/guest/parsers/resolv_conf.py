"""``/etc/resolv.conf`` and systemd-resolved's ``/run/systemd/resolve/resolv.conf``.

Schema: one ``Resolver`` with the ``nameserver`` lines in order; ``stub`` when every
server is resolved's local stub (127.0.0.53 / 127.0.0.54: the real servers are listed
by resolved itself), ``upstream`` for resolved's own file. ``search`` lines are not
evidence of anything: Azure hands out ``reddog.microsoft.com`` with custom DNS.
"""

from __future__ import annotations

import ipaddress

from ._text import ip_or_none
from .evidence import NOTHING, Evidence, Resolver

FORMAT = "resolv.conf"
RESOLVED_STUBS = frozenset({ipaddress.IPv4Address("127.0.0.53"), ipaddress.IPv4Address("127.0.0.54")})
RESOLVED_UPSTREAM = "/run/systemd/resolve/resolv.conf"


def parse(text: str, source: str = "/etc/resolv.conf") -> Evidence:
    servers = []
    for line in text.splitlines():
        words = line.split()
        if len(words) >= 2 and words[0] == "nameserver":
            address = ip_or_none(words[1])
            if address is not None and address not in servers:
                servers.append(address)
    if not servers:
        return NOTHING
    stub = all(s in RESOLVED_STUBS for s in servers)
    resolver = Resolver(source, tuple(servers), stub=stub, upstream=source.endswith(RESOLVED_UPSTREAM))
    return Evidence(resolvers=(resolver,), formats=(FORMAT,))
