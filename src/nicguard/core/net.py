"""Address math and identifier normalisation, as Azure does it.

Sources (copied facts, see README "Azure facts we rely on"):
- Azure reserves the first four and the last IPv4 address of every prefix,
  relative to the prefix (10.0.0.128/26 reserves .128-.131 and .191).
- IPv6 reservations inside a /64 are not documented: none are assumed here.
- ``privateIPAddress`` may arrive as a CIDR string ("172.20.2.16/28").
- MACs arrive as ``00-0D-3A-..``, ``000D3A..`` or ``00:0d:3a:..``.
- Resource ids compare case-insensitively.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

AZURE_DNS = ipaddress.IPv4Address("168.63.129.16")
AZURE_PROVIDED_DNS = "azureprovideddns"
IPV4_RESERVED_AT_START = 4
IPV4_RESERVED_AT_END = 1

_MAC_HEX = re.compile(r"[0-9a-f]{12}")


class AddressError(ValueError):
    """A value that should be an IP address, prefix or MAC is not one."""


def parse_ip(text: str) -> IPAddress:
    """An address from ``10.0.0.4``, ``10.0.0.4/24`` (ARM may send a CIDR) or ``fe80::1%eth0``."""
    raw = str(text).strip()
    host = raw.split("/", 1)[0].split("%", 1)[0]
    try:
        return ipaddress.ip_address(host)
    except ValueError:
        raise AddressError(f"{raw!r} is not an IP address") from None


def try_parse_ip(text: object) -> IPAddress | None:
    """Like parse_ip, but None for anything that is not an address."""
    if not isinstance(text, str):
        return None
    try:
        return parse_ip(text)
    except AddressError:
        return None


def parse_prefix(text: str) -> IPNetwork:
    """A subnet prefix; host bits set ("10.0.0.5/24") are an error, as in Azure."""
    raw = str(text).strip()
    try:
        return ipaddress.ip_network(raw, strict=True)
    except ValueError as exc:
        raise AddressError(f"{raw!r} is not a valid address prefix: {exc}") from None


def parse_prefixes(values: Iterable[str]) -> tuple[IPNetwork, ...]:
    return tuple(parse_prefix(v) for v in values)


def normalise_mac(text: str) -> str:
    """``00-0D-3A-1B-C7-21`` / ``000D3A1BC721`` / ``00:0d:3a:1b:c7:21`` -> ``00:0d:3a:1b:c7:21``."""
    hex_only = re.sub(r"[^0-9a-fA-F]", "", str(text)).lower()
    if not _MAC_HEX.fullmatch(hex_only):
        raise AddressError(f"{text!r} is not a MAC address")
    return ":".join(hex_only[i : i + 2] for i in range(0, 12, 2))


def same_resource_id(a: str, b: str) -> bool:
    return resource_key(a) == resource_key(b)


def resource_key(resource_id: str) -> str:
    """The comparable form of an Azure resource id (case-insensitive, no trailing slash)."""
    return resource_id.strip().rstrip("/").lower()


def resource_name(resource_id: str) -> str:
    """The last segment of a resource id (the resource's own name)."""
    return resource_id.rstrip("/").rsplit("/", 1)[-1]


def parent_id(resource_id: str, levels: int = 1) -> str:
    """``.../virtualNetworks/v/subnets/s`` with levels=1 -> ``.../virtualNetworks/v``."""
    parts = resource_id.rstrip("/").split("/")
    return "/".join(parts[: len(parts) - 2 * levels])


def is_reserved(address: IPAddress, prefix: IPNetwork) -> bool:
    """True if Azure reserves this address in this prefix (IPv4 only: IPv6 is undocumented)."""
    if address.version != 4 or prefix.version != 4 or address not in prefix:
        return False
    offset = int(address) - int(prefix.network_address)
    return offset < IPV4_RESERVED_AT_START or offset > prefix.num_addresses - 1 - IPV4_RESERVED_AT_END


def containing_prefix(address: IPAddress, prefixes: Iterable[IPNetwork]) -> IPNetwork | None:
    for prefix in prefixes:
        if prefix.version == address.version and address in prefix:
            return prefix
    return None


def reserved_addresses(prefix: IPNetwork) -> tuple[IPAddress, ...]:
    """The addresses Azure reserves in an IPv4 prefix, for messages and docs."""
    if prefix.version != 4:
        return ()
    first = int(prefix.network_address)
    last = int(prefix.broadcast_address)
    head = [ipaddress.IPv4Address(first + i) for i in range(IPV4_RESERVED_AT_START)]
    return (*head, ipaddress.IPv4Address(last))


def is_azure_provided_dns(text: str) -> bool:
    return str(text).strip().lower() == AZURE_PROVIDED_DNS
