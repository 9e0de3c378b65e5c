"""``ipconfig /all``, English and Japanese.

Schema: per adapter section (``Ethernet adapter Ethernet 2:`` / ``イーサネット アダプター
イーサネット 2:``) a ``Link`` (alias, ``Physical Address``/``物理アドレス``, ``Description``/
``説明``), its IPv4/IPv6 addresses as ``Addr`` (prefix from the subnet mask), its ``DNS
Servers``/``DNS サーバー`` as a per-interface ``Resolver``, and ``DHCP Enabled``/``DHCP 有効``
as an ``IfConfig``: with DHCP off the DNS servers can only be static. With DHCP on,
ipconfig does not tell static DNS from DHCP DNS (the registry's ``NameServer`` does).

ipconfig's labels follow the display language. Output in another language (German
``Ethernet-Adapter``, French ``Carte Ethernet``, Dutch ``Beschrijving``...) is never
half-read: it makes the reading unreadable with the reason (``Evidence.unreadable``).
Windows' IPv6 placeholders ``fec0:0:0:ffff::1-3`` in the DNS list are dropped in assembly.
"""

from __future__ import annotations

import re

from ._text import ip_or_none, ips_in, mac_or_none, prefix_from_mask, truthy
from .evidence import NOTHING, Addr, Evidence, IfConfig, Link, Resolver

FORMAT = "ipconfig"
_ADAPTER = re.compile(r"^\S.*?(?:adapter|アダプター)\s+(.+?)\s*[:：]\s*$")
_FIELD = re.compile(r"^ {1,7}(\S[^:：]*?)[ .．]*[:：]\s?(.*)$")
# An ipconfig /all adapter field in any language: a label, dot leaders, a colon and a MAC
# (the Physical Address line; ipconfig /displaydns has the leaders but no MAC).
_DOTTED_MAC_FIELD = re.compile(
    r"^ {1,7}\S.*?(?:\. ){2,}.*?[:：]\s*(?:[0-9A-Fa-f]{2}-){5}[0-9A-Fa-f]{2}\s*$", re.MULTILINE
)
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
    "autoconfiguration ipv4 address": "ipv4", "自動構成 ipv4 アドレス": "ipv4",
}  # fmt: skip
# Labels understood but not needed: they show the output is in a language this parser reads.
UNDERSTOOD = {
    "media state", "connection-specific dns suffix", "default gateway", "dhcp server", "lease obtained",
    "lease expires", "netbios over tcpip", "autoconfiguration enabled", "primary dns suffix", "node type",
    "ip routing enabled", "wins proxy enabled", "dns suffix search list", "dhcpv6 iaid", "dhcpv6 client duid",
    "メディアの状態", "接続固有の dns サフィックス", "デフォルト ゲートウェイ", "dhcp サーバー",
    "リース取得", "リースの有効期限", "自動構成有効", "ノード タイプ", "tcpip 上の netbios",
    "netbios over tcp/ip",
}  # fmt: skip
UNSUPPORTED_LANGUAGE = (
    "ipconfig /all output in a language nicguard does not read (it reads English and Japanese): paste "
    "`Get-NetIPConfiguration -Detailed`, `Get-NetIPAddress` and `Get-DnsClientServerAddress` instead "
    "(PowerShell prints the same English names in every language), or run nicguard's probe"
)


def looks_like_ipconfig(text: str) -> bool:
    """ipconfig /all's adapter layout in any language: a dot-leader field holding a MAC."""
    return bool(_DOTTED_MAC_FIELD.search(text))


def parse(text: str, source: str = "ipconfig /all") -> Evidence:
    hostname = None
    sections: list[tuple[str, dict[str, list[str]]]] = []
    field = None
    understood = 0
    for line in text.splitlines():
        if adapter := _ADAPTER.match(line):
            sections.append((adapter.group(1), {}))
            field = None
            continue
        if match := _FIELD.match(line):
            label = re.sub(r"\s+", " ", match.group(1)).lower()
            field = FIELDS.get(label)
            understood += field is not None or label in UNDERSTOOD
            value = match.group(2).strip()
            if field == "host":
                hostname = value or None
            elif field and sections:
                sections[-1][1].setdefault(field, []).extend([value] if value else [])
            continue
        if field and sections and line.startswith(" " * 8) and line.strip():
            sections[-1][1].setdefault(field, []).append(line.strip())
    read_a_mac = any(values.get("mac") for _, values in sections)
    if (understood == 0 or not read_a_mac) and looks_like_ipconfig(text):
        return Evidence(os="windows", formats=(FORMAT,), unreadable=(UNSUPPORTED_LANGUAGE,))
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
