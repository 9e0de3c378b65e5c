"""iproute2 output: ``ip addr`` / ``ip link`` (plain, ``-o``, ``-d``, ``-br``, ``-j``) and ``ip route``.

Schema: ``Link`` per interface (name, MAC, ``master``, loopback, the ``-d`` link kind);
``Addr`` per address with the ``dynamic`` and ``secondary`` flags (``dynamic`` is not
proof of static when absent: Azure leases show ``valid_lft forever``); the interfaces of
``proto dhcp`` routes in ``dhcp_routes``.
"""

from __future__ import annotations

import json
import re

from ._text import address_and_prefix, mac_or_none
from .evidence import NOTHING, Addr, Evidence, Link
from .kinds import VIRTUAL_LINK_KINDS

FORMAT = "iproute2"
_HEADER = re.compile(r"^\d+:\s+([^:\s@]+)(?:@\S+)?:\s+<([^>]*)>(.*)$")
_ONELINE_ADDR = re.compile(r"^\d+:\s+([^:\s@]+)(?:@\S+)?\s+(inet6?)\s+(\S+)(.*)$")
_LINK_LINE = re.compile(r"^\s*link/(\w+)(?:\s+([0-9a-fA-F:]{17}))?")
_ADDR_LINE = re.compile(r"^\s+(inet6?)\s+(\S+)(.*)$")
_BRIEF = re.compile(r"^(\S+?)(?:@\S+)?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT)\s*(.*)$")
_MASTER = re.compile(r"\bmaster\s+(\S+)")
_ROUTE_DEV = re.compile(r"\bdev\s+(\S+)")


def parse(text: str, source: str = "ip") -> Evidence:
    if text.lstrip().startswith("["):
        return _parse_json(text)
    links: dict[str, Link] = {}
    addresses: list[Addr] = []
    routes: list[str] = []
    current: str | None = None
    for line in text.splitlines():
        if "proto dhcp" in line and (dev := _ROUTE_DEV.search(line)):
            routes.append(dev.group(1))
            continue
        if header := _HEADER.match(line):
            current = header.group(1)
            flags, rest = header.group(2).split(","), header.group(3)
            master = _MASTER.search(rest)
            links[current] = Link(current, master=master.group(1) if master else None, loopback="LOOPBACK" in flags)
            line = rest.replace("\\", "\n")
            for part in line.splitlines()[1:]:
                _apply_link_line(links, current, part)
            continue
        if oneline := _ONELINE_ADDR.match(line):
            addresses += _addr(oneline.group(1), oneline.group(3), oneline.group(4))
            continue
        if current and (address := _ADDR_LINE.match(line)):
            addresses += _addr(current, address.group(2), address.group(3))
            continue
        if current and line.startswith(" "):
            _apply_link_line(links, current, line)
            continue
        if brief := _BRIEF.match(line):
            current = None
            addresses += _brief(brief.group(1), brief.group(3), links)
    if not (links or addresses or routes):
        return NOTHING
    return Evidence(
        links=tuple(links.values()),
        addresses=tuple(addresses),
        dhcp_routes=tuple(dict.fromkeys(routes)),
        formats=(FORMAT,),
    )


def _apply_link_line(links: dict[str, Link], name: str, line: str) -> None:
    link = links[name]
    if match := _LINK_LINE.match(line):
        links[name] = Link(
            name,
            mac_or_none(match.group(2)),
            link.driver,
            link.link_kind,
            link.master,
            link.loopback or match.group(1) == "loopback",
        )
        return
    kind = line.split()[0] if line.split() else ""
    if kind in VIRTUAL_LINK_KINDS and link.link_kind is None:
        links[name] = Link(name, link.mac, link.driver, kind, link.master, link.loopback)


def _addr(name: str, text: str, rest: str) -> list[Addr]:
    address, length = address_and_prefix(text)
    if address is None:
        return []
    flags = rest.split()
    return [Addr(name, address, length, dynamic="dynamic" in flags, secondary="secondary" in flags)]


def _brief(name: str, rest: str, links: dict[str, Link]) -> list[Addr]:
    found = []
    for word in rest.split():
        mac = mac_or_none(word) if word.count(":") == 5 and "/" not in word else None
        if mac is not None:
            links[name] = Link(name, mac)
        elif "/" in word:
            address, length = address_and_prefix(word)
            if address is not None:
                found.append(Addr(name, address, length, secondary=bool(found)))
    return found


def _parse_json(text: str) -> Evidence:
    try:
        data = json.loads(text)
    except ValueError:
        return NOTHING
    links, addresses = [], []
    for entry in data if isinstance(data, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("ifname"), str):
            continue
        name = entry["ifname"]
        info = entry.get("linkinfo") if isinstance(entry.get("linkinfo"), dict) else {}
        links.append(
            Link(
                name,
                mac_or_none(str(entry.get("address") or "")),
                link_kind=info.get("info_kind") if isinstance(info.get("info_kind"), str) else None,
                master=entry.get("master") if isinstance(entry.get("master"), str) else None,
                loopback=entry.get("link_type") == "loopback",
            )
        )
        for item in entry.get("addr_info") or []:
            if isinstance(item, dict):
                address, _ = address_and_prefix(str(item.get("local", "")))
                length = item.get("prefixlen")
                if address is not None:
                    addresses.append(
                        Addr(
                            name,
                            address,
                            length if isinstance(length, int) else None,
                            dynamic=bool(item.get("dynamic")),
                            secondary=bool(item.get("secondary")),
                        )
                    )
    if not links:
        return NOTHING
    return Evidence(links=tuple(links), addresses=tuple(addresses), formats=(FORMAT,))
