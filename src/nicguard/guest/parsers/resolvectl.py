"""``resolvectl status`` (systemd-resolved's runtime view; ``systemd-resolve --status`` alike).

Schema: each ``Link N (name)`` section's ``DNS Servers`` as a per-interface
``Resolver``; the ``Global`` section's servers come from ``resolved.conf`` (or a runtime
override), so they are also a system-wide static ``IfConfig``.
"""

from __future__ import annotations

import re

from . import _keyvalue
from ...core.net import IPAddress
from ._text import ip_or_none
from .evidence import NOTHING, Evidence, IfConfig, Resolver

FORMAT = "resolvectl"
_SECTION = re.compile(r"^(Global|Link \d+ \(([^)]+)\))\s*$", re.MULTILINE)
# resolved's server syntax: ADDRESS[:PORT][%IFNAME][#SERVERNAME], IPv6 with a port in brackets.
_SERVER = re.compile(r"^\[?(?P<address>[0-9A-Fa-f:.]+?)\]?(?::\d+)?(?:%[^#\s]*)?(?:#\S*)?$")


def server_address(word: str) -> IPAddress | None:
    """``10.0.0.4#dns.example``, ``10.0.0.4:53``, ``[2001:db8::1]:53%eth0#name`` -> the address."""
    address = ip_or_none(word)
    if address is not None:
        return address
    match = _SERVER.match(word.strip(","))
    if match is None:
        return None
    return ip_or_none(match.group("address"))


def parse(text: str, source: str = "resolvectl status") -> Evidence:
    parts = _SECTION.split(text)
    resolvers, configs = [], []
    for title, name, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=False):
        block = [pair for b in _keyvalue.blocks(body) for pair in b]
        servers = tuple(
            a
            for v in _keyvalue.get(block, "DNS Servers")
            for word in v.split("(", 1)[0].split()
            if (a := server_address(word)) is not None
        )
        if not servers:
            continue
        if title == "Global":
            configs.append(IfConfig(f"{source} (global)", dns=servers))
        else:
            resolvers.append(Resolver(source, servers, name))
    if not (resolvers or configs):
        return NOTHING
    return Evidence(configs=tuple(configs), resolvers=tuple(resolvers), formats=(FORMAT,))
