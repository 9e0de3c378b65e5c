"""ISC dhclient files: lease files (``/var/lib/dhcp/dhclient*.leases``) and ``dhclient.conf``.

Schema: the last ``lease { ... }`` block per interface gives a ``Lease``
(``interface``, ``fixed-address``, ``option domain-name-servers``); in ``dhclient.conf``
``supersede``/``prepend domain-name-servers`` is a system-wide static DNS setting
(``IfConfig``) and a fact.
"""

from __future__ import annotations

import re

from ...core.model import GuestFact
from ._text import ip_or_none, ips_in
from .evidence import NOTHING, Evidence, IfConfig, Lease

FORMAT = "dhclient"
_OVERRIDE = re.compile(r"^\s*(supersede|prepend)\s+domain-name-servers\s+([^;]*);?", re.MULTILINE)
_INTERFACE = re.compile(r'interface\s+"([^"]+)"')
_LEASE_START = re.compile(r"^\s*lease\s*\{", re.MULTILINE)


def parse(text: str, source: str = "/var/lib/dhcp/dhclient.leases") -> Evidence:
    blocks = _LEASE_START.split(text)
    if len(blocks) == 1:
        return _conf(text, source)
    latest: dict[str | None, Lease] = {}
    for block in blocks[1:]:
        interface = _INTERFACE.search(block)
        address, dns = None, ()
        for line in block.splitlines():
            words = line.strip().rstrip(";").split(None, 1)
            if len(words) == 2 and words[0] == "fixed-address":
                address = ip_or_none(words[1])
            elif line.strip().startswith("option domain-name-servers"):
                dns = ips_in(line.strip().rstrip(";")[len("option domain-name-servers") :])
        if address is not None or dns:
            name = interface.group(1) if interface else None
            latest[name] = Lease(source, name, address, dns)
    if not latest:
        return NOTHING
    return Evidence(leases=tuple(latest.values()), formats=(FORMAT,))


def _conf(text: str, source: str) -> Evidence:
    configs, facts = [], []
    for match in _OVERRIDE.finditer(text):
        servers = ips_in(match.group(2))
        if servers:
            configs.append(IfConfig(source, dns=servers))
            facts.append(GuestFact("dhclient-dns-override", f"{match.group(1)} domain-name-servers", source))
    if not configs:
        return NOTHING
    return Evidence(configs=tuple(configs), facts=tuple(facts), formats=(FORMAT,))
