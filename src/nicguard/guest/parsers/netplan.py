"""netplan YAML (``/etc/netplan/*.yaml``), one file or several ``cat`` together.

Schema: one ``IfConfig`` per ``network.ethernets.<id>``: ``interface`` = ``set-name``,
else ``match.name``, else the id; ``mac`` = ``match.macaddress``; ``dhcp`` = ``dhcp4``
(None when the file does not say, as in cloud-init's secondary-address files);
``addresses`` = static ``addresses`` (cloud-init writes an Azure VM's secondary IPs
there); ``dns`` = ``nameservers.addresses``. ``dhcp4-overrides: use-dns: false`` is a
fact (DHCP-provided DNS ignored).
"""

from __future__ import annotations

import re

import yaml

from ...core.model import GuestFact
from ._text import ip_or_none, mac_or_none, truthy
from .evidence import NOTHING, Evidence, IfConfig

FORMAT = "netplan"
_DOCUMENT_START = re.compile(r"^(?=network\s*:)", re.MULTILINE)


def parse(text: str, source: str = "/etc/netplan") -> Evidence:
    evidence = NOTHING
    for document in _DOCUMENT_START.split(text):
        evidence += _parse_document(document, source)
    return evidence


def _parse_document(text: str, source: str) -> Evidence:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return NOTHING
    network = data.get("network") if isinstance(data, dict) else None
    ethernets = network.get("ethernets") if isinstance(network, dict) else None
    if not isinstance(ethernets, dict):
        return NOTHING
    configs, facts = [], []
    for key, settings in ethernets.items():
        if not isinstance(settings, dict):
            continue
        match = settings.get("match") if isinstance(settings.get("match"), dict) else {}
        name = settings.get("set-name") or match.get("name") or str(key)
        nameservers = settings.get("nameservers") if isinstance(settings.get("nameservers"), dict) else {}
        configs.append(
            IfConfig(
                source=source,
                interface=str(name),
                mac=mac_or_none(str(match.get("macaddress") or "")),
                dhcp=truthy(str(settings["dhcp4"])) if "dhcp4" in settings else None,
                addresses=_addresses(settings.get("addresses")),
                dns=_addresses(nameservers.get("addresses")),
            )
        )
        overrides = settings.get("dhcp4-overrides")
        if isinstance(overrides, dict) and truthy(str(overrides.get("use-dns"))) is False:
            facts.append(GuestFact("dhcp-dns-ignored", f"{name}: dhcp4-overrides use-dns: false", source))
    return Evidence(configs=tuple(configs), facts=tuple(facts), formats=(FORMAT,))


def _addresses(value: object) -> tuple:
    # netplan allows "10.0.0.5/24" entries and {"10.0.0.5/24": {lifetime: ...}} mappings.
    entries = value if isinstance(value, list) else []
    texts = [next(iter(e), "") if isinstance(e, dict) else e for e in entries]
    return tuple(a for a in (ip_or_none(str(t)) for t in texts) if a is not None)
