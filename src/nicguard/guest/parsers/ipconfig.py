"""``ipconfig /all``, English and Japanese.

Schema: per adapter section (``Ethernet adapter Ethernet 2:`` / ``イーサネット アダプター
イーサネット 2:``) a ``Link`` (alias, ``Physical Address``/``物理アドレス``, ``Description``/
``説明``), its IPv4/IPv6 addresses as ``Addr`` (prefix from the subnet mask), its ``DNS
Servers``/``DNS サーバー`` as a per-interface ``Resolver``, and ``DHCP Enabled``/``DHCP 有効``
as an ``IfConfig``: with DHCP off the DNS servers can only be static. With DHCP on,
ipconfig does not tell static DNS from DHCP DNS (the registry's ``NameServer`` does).
"""

from __future__ import annotations

import re

from ._text import ip_or_none, ips_in, mac_or_none, prefix_from_mask, truthy
from .evidence import NOTHING, Addr, Evidence, IfConfig, Link, Resolver

FORMAT = "ipconfig"
_ADAPTER = re.compile(r"^\S.*?(?:adapter|アダプター)\s+(.+?)\s*:\s*$")
_FIELD = re.compile(r"^ {1,7}(\S[^:]*?)[ .]*:\s?(.*)$")
FIELDS = {
    "host name": "host", "ホスト名": "host",
    "description": "description", "説明": "description",
    "physical address": "mac", "物理アドレス": "mac",
    "dhcp enabled": "dhcp", "dhcp 有効": "dhcp",
    "ipv4 address": "ipv4", "ip address": "ipv4", "ipv4 アドレス": "ipv4", "ip アドレス": "ipv4",
    "ipv6 address": "ipv6", "ipv6 アドレス": "ipv6",
    "link-local ipv6 address": "ipv6", "リンクローカル ipv6 アドレス": "ipv6",
    "temporary ipv6 address": "ipv6", "一時 ipv6 アドレス": "ipv6",
    "subnet mask": "mask", "サブネット マスク": "mask",
    "dns servers": "dns", "dns サーバー": "dns",
}  # fmt: skip


def parse(text: str, source: str = "ipconfig /all") -> Evidence:
    hostname = None
    sections: list[tuple[str, dict[str, list[str]]]] = []
    field = None
    for line in text.splitlines():
        if adapter := _ADAPTER.match(line):
            sections.append((adapter.group(1), {}))
            field = None
            continue
        if match := _FIELD.match(line):
            field = FIELDS.get(re.sub(r"\s+", " ", match.group(1)).lower())
            value = match.group(2).strip()
            if field == "host":
                hostname = value or None
            elif field and sections:
                sections[-1][1].setdefault(field, []).extend([value] if value else [])
            continue
        if field and sections and line.startswith(" " * 8) and line.strip():
            sections[-1][1].setdefault(field, []).append(line.strip())
    if not sections:
        return NOTHING
    evidence = Evidence(hostname=hostname, os="windows", formats=(FORMAT,))
    for alias, values in sections:
        evidence += _adapter(alias, values, source)
    return evidence


def _adapter(alias: str, values: dict[str, list[str]], source: str) -> Evidence:
    link = Link(alias, mac_or_none(_first(values, "mac")), _first(values, "description"))
    masks = [prefix_from_mask(m) for m in values.get("mask", [])]
    addresses = []
    for index, text in enumerate(values.get("ipv4", [])):
        address = ip_or_none(text)
        if address is not None:
            addresses.append(Addr(alias, address, masks[index] if index < len(masks) else None))
    for text in values.get("ipv6", []):
        address = ip_or_none(text)
        if address is not None:
            addresses.append(Addr(alias, address))
    servers = tuple(a for v in values.get("dns", []) for a in ips_in(v))
    dhcp = truthy(_first(values, "dhcp"))
    configs = (IfConfig(source, alias, dhcp=dhcp, dns=servers if dhcp is False else ()),) if dhcp is not None else ()
    resolvers = (Resolver(source, servers, alias),) if servers else ()
    return Evidence(links=(link,), addresses=tuple(addresses), configs=configs, resolvers=resolvers)


def _first(values: dict[str, list[str]], field: str) -> str | None:
    found = values.get(field)
    return found[0] if found else None
