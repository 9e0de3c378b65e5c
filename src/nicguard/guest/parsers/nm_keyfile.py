"""NetworkManager keyfiles (``/etc/NetworkManager/system-connections/*.nmconnection``).

Schema: one ``IfConfig``: ``interface`` = ``[connection] interface-name``, ``mac`` =
``[ethernet] mac-address``; ``dhcp`` from ``[ipv4] method`` (auto -> on, manual /
disabled / link-local / shared -> off); ``addresses`` from ``address1=``...,
``addresses=``; ``dns`` from ``dns=`` (``;``-separated). ``ignore-auto-dns=true`` is a
fact (DHCP-provided DNS ignored).
"""

from __future__ import annotations

from ...core.model import GuestFact
from . import _ini
from ._text import address_and_prefix, ips_in, mac_or_none, truthy
from .evidence import NOTHING, Evidence, IfConfig

FORMAT = "networkmanager-keyfile"
DHCP_METHODS = {"auto": True, "manual": False, "disabled": False, "link-local": False, "shared": False}


def parse(text: str, source: str = "/etc/NetworkManager/system-connections") -> Evidence:
    parsed = _ini.sections(text)
    name = _ini.first(parsed, "connection", "interface-name")
    mac = mac_or_none(_ini.first(parsed, "ethernet", "mac-address"))
    method = (_ini.first(parsed, "ipv4", "method") or "").lower()
    if name is None and mac is None and not method:
        return NOTHING
    addresses = []
    for section, pairs in parsed:
        if section.lower() != "ipv4":
            continue
        for key, value in pairs:
            if key.startswith("address"):
                # address1=10.0.0.5/24,10.0.0.1: the gateway follows the comma
                for entry in value.split(";"):
                    address, _ = address_and_prefix(entry.split(",", 1)[0])
                    if address is not None:
                        addresses.append(address)
    dns = ips_in(_ini.first(parsed, "ipv4", "dns") or "")
    config = IfConfig(source, name, mac, DHCP_METHODS.get(method), tuple(dict.fromkeys(addresses)), dns)
    facts = ()
    if truthy(_ini.first(parsed, "ipv4", "ignore-auto-dns")):
        facts = (GuestFact("dhcp-dns-ignored", f"{name or mac}: ipv4.ignore-auto-dns=true", source),)
    return Evidence(configs=(config,), facts=facts, formats=(FORMAT,))
