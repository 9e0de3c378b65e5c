"""VNet-level DNS: the ``dhcp_options`` of a VirtualNetwork, checked like a NIC's list.

A NIC with an empty DNS list gets the VNet's servers; a VNet with none gets Azure DNS
(168.63.129.16). Set the VNet's servers with this helper so they pass the same rule (NG202)
as NIC-level ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pulumi

from nicguard.core.effective import normalise_dns_entries
from nicguard.core.model import DeclaredNic
from nicguard.core.unknown import UNKNOWN
from nicguard.rules import RULES_BY_ID

from .declaration import DeclarationError, findings_about, raise_on_errors

# NG202's checks (IP literals, AzureProvidedDNS alone, at most 20) are the VNet's rules too;
# the 20-server limit is in fact the VNet's.
DNS_RULES = (RULES_BY_ID["NG202"](),)


def vnet_dhcp_options(vnet_name: str, dns_servers: pulumi.Input[Sequence[pulumi.Input[str]]]) -> Any:
    """``dhcp_options`` for ``network.VirtualNetwork``; [] (or ["AzureProvidedDNS"]) means Azure DNS.

    Plain lists are checked now; Output entries when they resolve, before the VNet gets them.
    """
    if isinstance(dns_servers, str):
        raise DeclarationError(f"VNet {vnet_name}", [f"dns_servers must be a list, not the string {dns_servers!r}"])
    entries = list(dns_servers) if isinstance(dns_servers, (list, tuple)) else dns_servers
    if isinstance(entries, list) and all(isinstance(e, str) for e in entries):
        return {"dns_servers": _checked(vnet_name, entries)}
    return {"dns_servers": pulumi.Output.from_input(entries).apply(lambda resolved: _checked(vnet_name, resolved))}


def _checked(vnet_name: str, entries: Sequence[str]) -> list[str]:
    subject = f"VNet {vnet_name}"
    stand_in = DeclaredNic(
        name=subject,
        subject=subject,
        id=UNKNOWN,
        vm=None,
        subnet_id=UNKNOWN,
        subnet_prefixes=UNKNOWN,
        ip_configurations=(),
        dns_servers=tuple(entries),
    )
    raise_on_errors(subject, findings_about(subject, DNS_RULES, [stand_in]))
    return list(normalise_dns_entries(entries))
