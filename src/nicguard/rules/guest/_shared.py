"""Helpers and remediation text shared by the guest rules (subject: ``core.guest_view.VmView``)."""

from __future__ import annotations

from ...core.guest_view import InterfaceMatch, NicView, VmView
from ...core.judge import Verdict
from ...core.model import DnsSource, GuestState, GuestUnreadable
from ...core.net import IPAddress

REMEDIATION_IP = (
    "Set the address on the Azure NIC through the component (a static IP configuration) and put the "
    "guest back on DHCP (Windows: `Set-NetIPInterface -Dhcp Enabled`; Linux: `dhcp4: true`, "
    "`BOOTPROTO=dhcp` or `ipv4.method auto`). A VM already cut off needs a restart, then a NIC reset: "
    "move the IP to another free static address and back (`az vm repair reset-nic`)."
)
REMEDIATION_DNS = (
    "Set DNS servers on the NIC or the VNet through the component, never in the guest; then return the "
    "guest to DHCP-provided DNS (Windows: `Set-DnsClientServerAddress -ResetServerAddresses`; Linux: "
    "remove the static nameservers, `chattr -i /etc/resolv.conf`) and renew the lease. A VM already cut "
    "off needs a restart, then a NIC reset: move the IP to another free static address and back."
)


def readable(view: VmView) -> GuestState | None:
    return None if isinstance(view.guest, GuestUnreadable) else view.guest


def primary_match(view: VmView) -> InterfaceMatch | None:
    primary = view.primary_nic
    return next((m for m in view.matches() if primary is not None and m.nic is primary), None)


def nic_for_interface(view: VmView, interface: str | None) -> NicView | None:
    """The NIC behind a guest interface (None when it matches none); a system-wide setting
    goes with the primary NIC."""
    if interface is None:
        return view.primary_nic
    return next((m.nic for m in view.matches() if m.interface.name == interface), None)


def worst(verdicts: list[Verdict]) -> Verdict | None:
    return max(verdicts, key=lambda v: v.severity.rank, default=None)


def listed(addresses) -> str:
    return ", ".join(str(a) for a in addresses) or "none"


def dns_by_interface(guest: GuestState, source: DnsSource) -> dict[str | None, tuple[IPAddress, ...]]:
    """The guest's DNS servers of one source, grouped by interface (None: system-wide), in order."""
    groups: dict[str | None, list[IPAddress]] = {}
    for server in guest.dns_servers:
        if server.source is source and server.address not in groups.setdefault(server.interface, []):
            groups[server.interface].append(server.address)
    return {interface: tuple(servers) for interface, servers in groups.items()}


def where(interface: str | None) -> str:
    return interface or "system-wide"
