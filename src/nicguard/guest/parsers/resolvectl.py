"""``resolvectl status`` (systemd-resolved's runtime view; ``systemd-resolve --status`` alike).

Schema: each ``Link N (name)`` section's ``DNS Servers`` as a per-interface
``Resolver``; the ``Global`` section's servers come from ``resolved.conf`` (or a runtime
override), so they are also a system-wide static ``IfConfig``.
"""

from __future__ import annotations

import re

from . import _keyvalue
from ._text import ips_in
from .evidence import NOTHING, Evidence, IfConfig, Resolver

FORMAT = "resolvectl"
_SECTION = re.compile(r"^(Global|Link \d+ \(([^)]+)\))\s*$", re.MULTILINE)


def parse(text: str, source: str = "resolvectl status") -> Evidence:
    parts = _SECTION.split(text)
    resolvers, configs = [], []
    for title, name, body in zip(parts[1::3], parts[2::3], parts[3::3], strict=False):
        block = [pair for b in _keyvalue.blocks(body) for pair in b]
        servers = tuple(a for v in _keyvalue.get(block, "DNS Servers") for a in ips_in(v.split("(", 1)[0]))
        if not servers:
            continue
        if title == "Global":
            configs.append(IfConfig(f"{source} (global)", dns=servers))
        else:
            resolvers.append(Resolver(source, servers, name))
    if not (resolvers or configs):
        return NOTHING
    return Evidence(configs=tuple(configs), resolvers=tuple(resolvers), formats=(FORMAT,))
