"""One VM as the NG3xx rules see it: its Azure NICs beside what its guest OS really uses.

Build a ``VmView`` from Azure data (the drift check) or from a pasted transcript
(``nicguard guest check``)::

    VmView(
        subject=vm.id,                      # what findings name
        name=vm.name,
        os_type=vm.os_type,                 # "Linux" | "Windows" | None
        nics=tuple(
            NicView(nic, effective_dns(nic_dns, vnet_dns, availability_set_union))
            for nic in nics_of_the_vm       # every NIC of the VM; AzureNic.primary marks the primary
        ),
        guest=reading,                      # GuestState, or GuestUnreadable with the reason
    )

``NicView.effective_dns`` is what Azure's DHCP hands that NIC (``core.effective``), or
``UNKNOWN`` when it is not known (a paste-in without ``--dns`` and no DHCP offer visible).
``nics_complete=False`` says the NIC list may miss some of the VM's NICs (a paste-in), so a
guest address that no listed NIC holds is reported as UNKNOWN instead of failing.
``unchecked`` names what a readable guest could not show (NG306 reports it as UNKNOWN).

Matching a guest interface to a NIC: by normalised MAC first (Azure keys a NIC by MAC; the
guest's adapter GUID or index changes on a NIC reset), then, for interfaces whose MAC no
NIC has, by an address the NIC holds, then (an interface and a NIC both without a MAC, as a
paste-in builds them) by the interface's name. Accelerated-networking VF twins and virtual adapters
(docker, bridges, loopback) are never matched.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .conflicts import AddressClaim, Layer
from .effective import EffectiveDns
from .model import AzureNic, GuestAddress, GuestInterface, GuestState, GuestUnreadable, InterfaceKind
from .net import IPAddress
from .unknown import Maybe

NIC_LIKE_KINDS = (InterfaceKind.SYNTHETIC, InterfaceKind.OTHER)


@dataclass(frozen=True)
class NicView:
    nic: AzureNic
    effective_dns: Maybe[EffectiveDns]

    @property
    def multi_ip(self) -> bool:
        """Several IPv4 configurations: Microsoft documents static in-guest addresses for these."""
        return sum(1 for a in self.nic.addresses if a.version == 4) > 1


@dataclass(frozen=True)
class InterfaceMatch:
    interface: GuestInterface
    nic: NicView | None  # None: no NIC of the VM matches this interface


@dataclass(frozen=True)
class VmView:
    subject: str
    name: str
    os_type: str | None
    nics: tuple[NicView, ...]
    guest: GuestState | GuestUnreadable
    nics_complete: bool = True
    # What a readable guest view could not show (a paste-in without any adapter holding an
    # address): NG306 reports it as UNKNOWN, so a partial paste is never taken as clean.
    unchecked: str | None = None

    @property
    def primary_nic(self) -> NicView | None:
        return next((n for n in self.nics if n.nic.primary), self.nics[0] if self.nics else None)

    def matches(self) -> tuple[InterfaceMatch, ...]:
        """Every NIC-like guest interface with the NIC it stands for (empty if unreadable)."""
        if isinstance(self.guest, GuestUnreadable):
            return ()
        return match_interfaces(self.guest, self.nics)

    def own_addresses(self) -> frozenset[IPAddress]:
        """Everything this VM answers on: its NICs' addresses and its guest's, for DNS-server-VM checks."""
        held = {a for n in self.nics for a in n.nic.addresses}
        held |= {a.address for m in self.matches() for a in routable(m.interface.addresses)}
        return frozenset(held)


def routable(addresses: tuple[GuestAddress, ...]) -> Iterator[GuestAddress]:
    """Addresses a NIC could own: not link-local (169.254/16, fe80::/10), not loopback."""
    return (a for a in addresses if not (a.address.is_link_local or a.address.is_loopback))


def match_interfaces(guest: GuestState, nics: tuple[NicView, ...]) -> tuple[InterfaceMatch, ...]:
    candidates = [i for i in guest.interfaces if i.kind in NIC_LIKE_KINDS]
    by_mac = {n.nic.mac: n for n in nics if n.nic.mac}
    paired: dict[int, NicView] = {}
    for index, interface in enumerate(candidates):
        nic = by_mac.get(interface.mac) if interface.mac else None
        if nic is not None:
            paired[index] = nic
    taken = {id(n) for n in paired.values()}
    for index, interface in enumerate(candidates):
        if index in paired:
            continue
        held = {a.address for a in routable(interface.addresses)}
        nic = next((n for n in nics if id(n) not in taken and held & set(n.nic.addresses)), None)
        if nic is None and interface.mac is None:
            # A NIC known without its MAC (a paste-in rebuilds it from --nic-ip for a guest
            # interface whose MAC the paste does not show) is named after that interface.
            nic = next(
                (n for n in nics if id(n) not in taken and n.nic.mac is None and n.nic.name == interface.name), None
            )
        if nic is not None:
            paired[index] = nic
            taken.add(id(nic))
    return tuple(InterfaceMatch(i, paired.get(index)) for index, i in enumerate(candidates))


def guest_claims(view: VmView) -> tuple[AddressClaim, ...]:
    """The guest's addresses as ``Layer.GUEST`` claims for the subnet conflict index (NG104).

    A claim is made in the subnet of the NIC the interface matches, owned by that NIC, so
    an address the same NIC holds in Azure is no conflict. Interfaces matching no NIC give
    no claim: their subnet is not known.
    """
    claims = []
    for match in view.matches():
        if match.nic is None:
            continue
        subnet_id = _subnet_of(match.nic.nic)
        if subnet_id is None:
            continue
        for address in routable(match.interface.addresses):
            claims.append(
                AddressClaim(
                    subnet_id, address.address, match.nic.nic.id, Layer.GUEST, view.subject, match.interface.name
                )
            )
    return tuple(claims)


def _subnet_of(nic: AzureNic) -> str | None:
    configs = sorted(nic.ip_configurations, key=lambda c: not c.primary)
    return next((c.subnet_id for c in configs if c.subnet_id), None)
