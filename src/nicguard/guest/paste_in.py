"""The VM view for a pasted probe output or transcript (``nicguard guest check``), pure.

No Azure data is at hand, so the NICs are rebuilt from what the user passes and what the
guest shows. Each ``--nic-ip`` goes to the guest interface whose subnet holds it (else to
the first interface left without one), the first per interface being its primary; the
first interface (in the guest's order) with a NIC holds the VM's primary NIC. Without
``--nic-ip``, an interface's NIC holds the address of the DHCP offer the guest kept
(DhcpIPAddress, the lease's fixed-address) or, failing that, the address it holds from
DHCP now. Azure's DNS is ``--dns``, else the offer's servers (DhcpNameServer,
``domain_name_servers``), else unknown. An interface with neither stays unmatched, and the
view is marked incomplete so its addresses come out UNKNOWN rather than failing. A paste
with no adapter holding an address at all is marked ``unchecked`` (NG306, UNKNOWN): the
rest (static DNS in resolv.conf...) is still judged, but the paste is never taken as clean.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

from ..core.effective import AZURE_DEFAULT_DNS, EffectiveDns, effective_dns
from ..core.guest_view import NIC_LIKE_KINDS, NicView, VmView, routable
from ..core.model import AddressOrigin, AllocationMethod, AzureIpConfig, AzureNic, GuestInterface, GuestUnreadable
from ..core.net import AZURE_DNS, IPAddress
from ..core.unknown import UNKNOWN, Maybe
from .parsers import GuestReading, Offer


def paste_in_view(
    reading: GuestReading,
    subject: str,
    nic_addresses: Sequence[IPAddress] = (),
    dns_servers: Sequence[IPAddress] = (),
) -> VmView:
    guest = reading.guest
    if isinstance(guest, GuestUnreadable):
        return VmView(subject, subject, None, (), guest, nics_complete=False)
    candidates = [i for i in guest.interfaces if i.kind in NIC_LIKE_KINDS and any(routable(i.addresses))]
    offers = {o.interface: o for o in reading.offers}
    assigned = (
        _assign(candidates, nic_addresses) if nic_addresses else {i.name: _offered(i, offers) for i in candidates}
    )
    nics = []
    for interface in candidates:
        addresses = assigned.get(interface.name)
        if not addresses:
            continue
        offer = offers.get(interface.name)
        dns = _dns(dns_servers or (offer.dns if offer else ()))
        nics.append(NicView(_nic(subject, interface, addresses, primary=not nics), dns))
    complete = len(nics) == len(candidates)
    unchecked = None
    if not candidates:
        known_dns = dns_servers or next((o.dns for o in reading.offers if o.dns), ())
        if known_dns:
            # No adapter to hang a NIC on, but Azure's DNS is known: system-wide DNS settings
            # (resolv.conf, resolved.conf) are judged against it.
            nics.append(NicView(AzureNic(f"{subject}#dns", "Azure DNS", None, ()), _dns(known_dns)))
        unchecked = (
            "the paste shows no network adapter holding an address, so the guest's IP settings were not "
            "checked: add the output of `ipconfig /all` (Windows) or `ip addr` (Linux)"
        )
    return VmView(subject, subject, guest.os, tuple(nics), guest, nics_complete=complete, unchecked=unchecked)


def _assign(candidates: list[GuestInterface], addresses: Sequence[IPAddress]) -> dict[str, list[IPAddress]]:
    assigned: dict[str, list[IPAddress]] = {i.name: [] for i in candidates}
    leftovers = []
    for address in addresses:
        home = next((i for i in candidates if _in_subnet_of(address, i)), None)
        if home is None:
            leftovers.append(address)
        else:
            assigned[home.name].append(address)
    for address in leftovers:
        home = next((i for i in candidates if not assigned[i.name]), candidates[0] if candidates else None)
        if home is not None:
            assigned[home.name].append(address)
    return assigned


def _offered(interface: GuestInterface, offers: dict[str, Offer]) -> list[IPAddress]:
    """The address DHCP gave this interface: the kept offer, else an address the guest holds from DHCP now."""
    offer = offers.get(interface.name)
    if offer is not None and offer.address is not None:
        return [offer.address]
    leased = [a.address for a in interface.addresses if a.origin is AddressOrigin.DHCP and a.address.version == 4]
    return leased[:1]


def _in_subnet_of(address: IPAddress, interface: GuestInterface) -> bool:
    return any(
        held.prefix_length is not None
        and held.address.version == address.version
        and address in ipaddress.ip_interface(f"{held.address}/{held.prefix_length}").network
        for held in routable(interface.addresses)
    )


def _dns(servers: Sequence[IPAddress]) -> Maybe[EffectiveDns]:
    if not servers:
        return UNKNOWN
    if tuple(servers) == (AZURE_DNS,):
        return AZURE_DEFAULT_DNS
    return effective_dns(tuple(servers), ())


def _nic(subject: str, interface: GuestInterface, addresses: list[IPAddress], primary: bool) -> AzureNic:
    nic_id = f"{subject}#{interface.name}"
    configs = tuple(
        AzureIpConfig(f"{nic_id}/ipconfig{n}", f"ipconfig{n}", address, AllocationMethod.STATIC, None, primary=n == 1)
        for n, address in enumerate(addresses, start=1)
    )
    return AzureNic(nic_id, interface.name, interface.mac, configs, primary=primary)
