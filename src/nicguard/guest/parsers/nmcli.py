"""``nmcli connection show <name>`` and ``nmcli device show [dev]`` (plain or ``-t``).

Schema: a device block (``GENERAL.DEVICE``), or an active connection's runtime section
(``GENERAL.DEVICES``), gives a ``Link`` (``GENERAL.HWADDR``),
``IP4.ADDRESS[n]`` as ``Addr``, ``IP4.DNS[n]`` as a per-interface ``Resolver``; a
connection block gives an ``IfConfig`` (``ipv4.method`` auto -> DHCP on, else off;
``ipv4.addresses`` and ``ipv4.dns`` static) and ``DHCP4.OPTION[n]`` (``ip_address``,
``domain_name_servers``) a ``Lease``; ``ipv4.ignore-auto-dns yes`` is a fact.
"""

from __future__ import annotations

from ...core.model import GuestFact
from ._text import address_and_prefix, ip_or_none, ips_in, mac_or_none, truthy
from .evidence import NOTHING, Addr, Evidence, IfConfig, Lease, Link, Resolver

FORMAT = "nmcli"
DHCP_METHODS = {"auto": True, "manual": False, "disabled": False, "link-local": False, "shared": False}


def parse(text: str, source: str = "nmcli") -> Evidence:
    evidence = NOTHING
    for block in _blocks(text):
        evidence += _block(block, source)
    return evidence


def _blocks(text: str) -> list[list[tuple[str, str]]]:
    """Properties per device or connection: a new block starts at ``GENERAL.DEVICE`` or ``connection.id``."""
    found: list[list[tuple[str, str]]] = [[]]
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or "." not in key or " " in key:
            continue
        if key in ("GENERAL.DEVICE", "connection.id") and any(
            k in ("GENERAL.DEVICE", "connection.id") for k, _ in found[-1]
        ):
            found.append([])
        value = value.strip().replace("\\:", ":")  # -t escapes the colons of MACs and IPv6
        found[-1].append((key, "" if value == "--" else value))
    return [b for b in found if b]


def _block(pairs: list[tuple[str, str]], source: str) -> Evidence:
    props: dict[str, str] = {}
    for key, value in pairs:
        props.setdefault(key, value)
    # An active connection (nmcli connection show NAME) names its device in GENERAL.DEVICES.
    devices = (props.get("GENERAL.DEVICES") or "").split()
    name = props.get("GENERAL.DEVICE") or props.get("connection.interface-name") or (devices[:1] or [None])[0]
    if not name:
        return NOTHING
    links, addresses, resolvers, configs, leases, facts = [], [], [], [], [], []
    if "GENERAL.DEVICE" in props or devices:
        links.append(Link(name, mac_or_none(props.get("GENERAL.HWADDR"))))
        for key, value in pairs:
            if key.startswith(("IP4.ADDRESS", "IP6.ADDRESS")):
                address, length = address_and_prefix(value)
                if address is not None:
                    addresses.append(Addr(name, address, length))
        servers = tuple(a for k, v in pairs if k.startswith(("IP4.DNS", "IP6.DNS")) for a in ips_in(v))
        if servers:
            resolvers.append(Resolver(source, servers, name))
    method = props.get("ipv4.method", "").lower()
    if method:
        statics = tuple(a for a in (address_and_prefix(p)[0] for p in props.get("ipv4.addresses", "").split(",")) if a)
        mac = mac_or_none(props.get("802-3-ethernet.mac-address"))
        configs.append(
            IfConfig(source, name, mac, DHCP_METHODS.get(method), statics, ips_in(props.get("ipv4.dns", "")))
        )
        if truthy(props.get("ipv4.ignore-auto-dns")):
            facts.append(GuestFact("dhcp-dns-ignored", f"{name}: ipv4.ignore-auto-dns yes", source))
    options = {}
    for key, value in pairs:
        if key.startswith("DHCP4.OPTION"):
            option, _, option_value = value.partition("=")
            options[option.strip()] = option_value.strip()
    if "ip_address" in options or "domain_name_servers" in options:
        leases.append(
            Lease(source, name, ip_or_none(options.get("ip_address")), ips_in(options.get("domain_name_servers", "")))
        )
    return Evidence(
        links=tuple(links),
        addresses=tuple(addresses),
        configs=tuple(configs),
        leases=tuple(leases),
        resolvers=tuple(resolvers),
        facts=tuple(facts),
        formats=(FORMAT,),
    )
