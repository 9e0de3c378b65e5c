"""Which parser reads a configuration file, by its path in the guest."""

from __future__ import annotations

import fnmatch
import re
from types import ModuleType

from . import cloud_init, dhclient, ifcfg, ifupdown, netplan, networkd, nm_keyfile, resolv_conf
from .evidence import NOTHING, Evidence

FILE_FORMATS = (
    ("*/netplan/*.yaml", netplan),
    ("*/system-connections/*", nm_keyfile),
    ("*.network", networkd),
    ("*/resolved.conf*", networkd),
    ("*/netif/leases/*", networkd),
    ("*/ifcfg-*", ifcfg),
    ("*/sysconfig/network/config", ifcfg),
    ("*/network/interfaces*", ifupdown),
    ("*/cloud/cloud.cfg*", cloud_init),
    ("*resolv.conf", resolv_conf),
    ("*/dhclient*.conf", dhclient),
)
LEASE_FILES = ("*.lease", "*.leases")
_DHCLIENT_LEASE = re.compile(r"^\s*lease\s*\{", re.MULTILINE)


def parser_for(path: str, text: str) -> ModuleType | None:
    for pattern, parser in FILE_FORMATS:
        if fnmatch.fnmatchcase(path, pattern):
            return parser
    if any(fnmatch.fnmatchcase(path, p) for p in LEASE_FILES):
        # NetworkManager keeps dhclient leases or, with its internal client, networkd-style ones.
        return dhclient if _DHCLIENT_LEASE.search(text) else networkd
    return None


def parse_file(path: str, text: str) -> Evidence:
    parser = parser_for(path, text)
    return parser.parse(text, path) if parser is not None else NOTHING
