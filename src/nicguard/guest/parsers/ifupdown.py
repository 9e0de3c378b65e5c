"""Debian ifupdown: ``/etc/network/interfaces`` and ``interfaces.d/*``.

Schema: one ``IfConfig`` per ``iface <name> inet <method>`` stanza: ``dhcp`` (dhcp ->
on, static/manual -> off), ``addresses`` from ``address`` (CIDR or with ``netmask``),
``dns`` from ``dns-nameservers``. ``inet6`` stanzas add addresses only.
"""

from __future__ import annotations

from ._text import ip_or_none, ips_in
from .evidence import NOTHING, Evidence, IfConfig

FORMAT = "ifupdown"
DHCP_METHODS = {"dhcp": True, "static": False, "manual": False}


def parse(text: str, source: str = "/etc/network/interfaces") -> Evidence:
    stanzas: list[dict] = []
    for raw in text.splitlines():
        words = raw.split("#", 1)[0].split()
        if not words:
            continue
        if words[0] == "iface" and len(words) >= 4:
            family_is_v4 = words[2] == "inet"
            stanzas.append(
                {
                    "name": words[1],
                    "dhcp": DHCP_METHODS.get(words[3]) if family_is_v4 else None,
                    "addresses": [],
                    "dns": [],
                }
            )
        elif stanzas and words[0] == "address" and len(words) > 1:
            address = ip_or_none(words[1])
            if address is not None:
                stanzas[-1]["addresses"].append(address)
        elif stanzas and words[0] == "dns-nameservers":
            stanzas[-1]["dns"] += list(ips_in(" ".join(words[1:])))
    if not stanzas:
        return NOTHING
    configs = tuple(
        IfConfig(source, s["name"], None, s["dhcp"], tuple(s["addresses"]), tuple(s["dns"]))
        for s in stanzas
        if s["name"] != "lo"
    )
    return Evidence(configs=configs, formats=(FORMAT,))
