"""Red Hat / SUSE ``ifcfg-<name>`` files and SUSE's ``/etc/sysconfig/network/config``.

Schema: one ``IfConfig``: ``interface`` = ``DEVICE`` (else the file name), ``mac`` =
``HWADDR``; ``dhcp`` from ``BOOTPROTO`` (dhcp -> on, none/static -> off); ``addresses``
from ``IPADDR``/``IPADDRn`` (SUSE: ``IPADDR='10.0.0.5/24'``); ``dns`` from ``DNSn``.
An alias file (``ifcfg-eth0:0``) adds addresses to eth0 and says nothing about DHCP.
``NETCONFIG_DNS_STATIC_SERVERS`` (SUSE) is a system-wide static DNS list.
"""

from __future__ import annotations

import re

from ._text import ip_or_none, ips_in, mac_or_none
from .evidence import NOTHING, Evidence, IfConfig

FORMAT = "ifcfg"
_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Z_][A-Z0-9_]*)=(.*)$")
DHCP_MODES = {"dhcp": True, "dhcp4": True, "none": False, "static": False}


def parse(text: str, source: str = "/etc/sysconfig/network-scripts/ifcfg") -> Evidence:
    values: dict[str, str] = {}
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line)
        if match:
            values[match.group(1)] = match.group(2).strip().strip("'\"")
    static_servers = ips_in(values.get("NETCONFIG_DNS_STATIC_SERVERS", ""))
    if static_servers:
        return Evidence(configs=(IfConfig(source, dns=static_servers),), formats=(FORMAT,))
    device = values.get("DEVICE") or _name_from_path(source)
    if not device or not values:
        return NOTHING
    is_alias = ":" in device
    addresses = [ip_or_none(v) for k, v in sorted(values.items()) if re.fullmatch(r"IPADDR\d*(_\w+)?", k)]
    dns = tuple(a for k, v in sorted(values.items()) if re.fullmatch(r"DNS\d+", k) for a in ips_in(v))
    config = IfConfig(
        source=source,
        interface=device.split(":", 1)[0],
        mac=mac_or_none(values.get("HWADDR")),
        dhcp=None if is_alias else DHCP_MODES.get(values.get("BOOTPROTO", "").lower()),
        addresses=tuple(a for a in addresses if a is not None),
        dns=dns,
    )
    return Evidence(configs=(config,), formats=(FORMAT,))


def _name_from_path(source: str) -> str | None:
    base = source.rsplit("/", 1)[-1]
    return base[len("ifcfg-") :] if base.startswith("ifcfg-") and base != "ifcfg-lo" else None
