"""Run-time knobs the rules read; one frozen object, built by each adapter from its config."""

from __future__ import annotations

from dataclasses import dataclass, field

from .net import IPAddress

# Azure documents 20 DNS servers per VNet (networking limits); no separate NIC limit is
# documented, so the same ceiling is applied to a NIC's list.
MAX_DNS_SERVERS = 20


@dataclass(frozen=True)
class Settings:
    # DNS servers the user names as legitimate in-guest settings (e.g. their domain controllers).
    allowed_dns_servers: frozenset[IPAddress] = field(default_factory=frozenset)
    max_dns_servers: int = MAX_DNS_SERVERS
    managed_tag: tuple[str, str] = ("managed-by", "nicguard")
