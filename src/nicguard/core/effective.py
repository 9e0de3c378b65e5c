"""What Azure's DHCP hands a guest: the effective DNS list of a NIC."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from .net import AZURE_DNS, IPAddress, is_azure_provided_dns, parse_ip


class DnsOrigin(StrEnum):
    NIC = "nic"
    VNET = "vnet"
    AZURE = "azure"


_ORIGIN_WORDS = {DnsOrigin.NIC: "from the NIC", DnsOrigin.VNET: "from the VNet", DnsOrigin.AZURE: "(Azure's default DNS)"}


@dataclass(frozen=True)
class EffectiveDns:
    """``servers`` in the order DHCP hands them out; ``acceptable`` adds what an
    availability set may legitimately add (the union of every NIC's servers in the set)."""

    servers: tuple[IPAddress, ...]
    origin: DnsOrigin
    acceptable: frozenset[IPAddress]

    def describe(self) -> str:
        listed = ", ".join(str(s) for s in self.servers)
        return f"{listed} {_ORIGIN_WORDS[self.origin]}"


def normalise_dns_entries(entries: Iterable[str]) -> tuple[str, ...]:
    """``["AzureProvidedDNS"]`` means the same as ``[]``: inherit (Azure rejects it in a list)."""
    cleaned = tuple(str(e).strip() for e in entries)
    return tuple(e for e in cleaned if not is_azure_provided_dns(e))


def dns_addresses(entries: Iterable[str]) -> tuple[IPAddress, ...]:
    """Parsed DNS entries; raises AddressError on a non-literal (rules report those first)."""
    return tuple(parse_ip(e) for e in normalise_dns_entries(entries))


def effective_dns(
    nic_servers: Sequence[IPAddress],
    vnet_servers: Sequence[IPAddress],
    availability_set_union: Iterable[IPAddress] = (),
) -> EffectiveDns:
    """NIC list if non-empty, else the VNet's, else Azure DNS (168.63.129.16)."""
    if nic_servers:
        servers, origin = tuple(nic_servers), DnsOrigin.NIC
    elif vnet_servers:
        servers, origin = tuple(vnet_servers), DnsOrigin.VNET
    else:
        servers, origin = (AZURE_DNS,), DnsOrigin.AZURE
    return EffectiveDns(servers, origin, frozenset(servers) | frozenset(availability_set_union))


AZURE_DEFAULT_DNS = effective_dns((), ())
