"""Evidence from every source -> one ``GuestState``: the decisions, made once, in one place.

Address origin, in order: link-local; what the source itself says (Windows PrefixOrigin,
networkd "DHCP4 via"); listed as a static address by a configuration source; the address
of the interface's DHCP lease; the iproute2 ``dynamic`` flag (a lease set a lifetime);
the first IPv4 address of an interface whose DHCP is on; then the interface's DHCP mode
(off: static; on: added by hand, so static); with no evidence at all: unknown. The
``dynamic`` flag never proves *static*: Azure's leases show ``valid_lft forever``.

DNS in use: per-interface views (Windows, resolvectl) over resolved's upstream list over
``/etc/resolv.conf``; resolved's stub (127.0.0.53) is never taken as a server. A server
is static when a configuration source sets it (or ``/etc/resolv.conf`` is immutable and
the list came from it), DHCP when a lease offered it, else unknown.
"""

from __future__ import annotations

import fnmatch
import ipaddress
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ...core.model import (
    AddressOrigin,
    DnsSource,
    GuestAddress,
    GuestDnsServer,
    GuestInterface,
    GuestState,
    InterfaceKind,
)
from ...core.net import IPAddress
from ...core.model import GuestFact
from .evidence import IMMUTABLE_RESOLV_CONF, Addr, Evidence, IfConfig, Lease, Link, Resolver
from .kinds import classify

# Windows lists these site-local IPv6 placeholders as DNS servers on any interface without
# IPv6 DNS (ipconfig, Get-DnsClientServerAddress, Get-NetIPConfiguration): never a setting.
PLACEHOLDER_DNS = frozenset(ipaddress.IPv6Address(f"fec0:0:0:ffff::{n}") for n in (1, 2, 3))
CONFIGURATION_ONLY = "configuration-only"
INDEX_REF = re.compile(r"^ifindex:(\d+)$")


@dataclass(frozen=True)
class Offer:
    """What the guest's DHCP client last received for one interface (stands in for Azure in a paste-in)."""

    interface: str
    address: IPAddress | None
    dns: tuple[IPAddress, ...]


def assemble(evidence: Evidence) -> GuestState:
    evidence = _configuration_only(_by_index(evidence))
    view = _Links(evidence)
    macs_with_addresses = {
        view.links[a.interface].mac for a in evidence.addresses if _routable(a.address) and view.links[a.interface].mac
    }
    mac_count = Counter(link.mac for link in view.links.values() if link.mac)
    interfaces = []
    dhcp_by_name: dict[str, bool | None] = {}
    for name, link in view.links.items():
        configs = view.configs_for(name)
        leases = [lease for lease in evidence.leases if view.resolve(lease.interface, lease.address) == name]
        # Static addresses a configuration sets but the runtime view lacks (not applied yet: the
        # next restart takes them), from a source that names this interface unambiguously.
        unique_mac = link.mac is not None and mac_count[link.mac] == 1
        configured = [
            a
            for c in configs
            if c.dhcp is not True and (c.interface == name or (c.mac is not None and unique_mac))
            for a in c.addresses
        ]
        addresses = _addresses_for(name, evidence.addresses, configs, configured)
        dhcp = _dhcp_enabled(name, configs, leases, addresses, evidence)
        dhcp_by_name[name] = dhcp
        routable = any(_routable(a.address) for a in addresses)
        shared = link.mac in macs_with_addresses and not routable
        kind = classify(name, link.driver, link.link_kind, link.master, link.loopback, routable, shared)
        interfaces.append(
            GuestInterface(
                name=name,
                mac=link.mac,
                driver=link.driver,
                kind=kind,
                addresses=tuple(
                    GuestAddress(a.address, a.prefix_length, _origin(a, configs, leases, dhcp, addresses))
                    for a in addresses
                ),
                dhcp_enabled=dhcp if kind in (InterfaceKind.SYNTHETIC, InterfaceKind.OTHER) else None,
            )
        )
    ignored = {i.name for i in interfaces if i.kind in (InterfaceKind.VIRTUAL, InterfaceKind.VF)}
    return GuestState(
        os=evidence.os or "unknown",
        interfaces=tuple(interfaces),
        dns_servers=tuple(
            s for s in _dns_servers(view, dhcp_by_name) if s.interface not in ignored and s.address not in PLACEHOLDER_DNS
        ),
        facts=tuple(dict.fromkeys(evidence.facts)),
        hostname=evidence.hostname,
    )


def offers(evidence: Evidence) -> tuple[Offer, ...]:
    """The DHCP offers visible in the guest, one per interface (the first source with a value wins)."""
    evidence = _configuration_only(_by_index(evidence))
    view = _Links(evidence)
    found: dict[str, Offer] = {}
    for lease in evidence.leases:
        name = view.resolve(lease.interface, lease.address)
        if name is None:
            continue
        known = found.get(name, Offer(name, None, ()))
        found[name] = Offer(name, known.address or lease.address, known.dns or lease.dns)
    return tuple(found.values())


def _by_index(evidence: Evidence) -> Evidence:
    """Addresses named only by ``ifIndex`` (Get-NetIPAddress's table) get their adapter's name."""
    if not any(INDEX_REF.match(a.interface) for a in evidence.addresses):
        return evidence
    names = {link.index: link.name for link in evidence.links if link.index is not None}

    def named(a: Addr) -> Addr:
        ref = INDEX_REF.match(a.interface)
        if ref is None:
            return a
        return replace(a, interface=names.get(int(ref.group(1)), f"ifIndex {ref.group(1)}"))

    return replace(evidence, addresses=tuple(named(a) for a in evidence.addresses))


def _configuration_only(evidence: Evidence) -> Evidence:
    """A paste with configuration files (ifcfg, netplan, keyfiles, registry values) but no runtime
    view of any interface: each interface a configuration names is taken as configured, its static
    addresses (and, with DHCP on, the address its lease holds) as held."""
    if evidence.links or evidence.addresses:
        return evidence
    links: dict[str, Link] = {}
    addresses: list[Addr] = []
    for config in evidence.configs:
        name = config.interface or config.mac
        if name is None or (config.dhcp is None and not config.addresses):
            continue
        links.setdefault(name, Link(name, config.mac))
        addresses += [Addr(name, a, origin=AddressOrigin.STATIC) for a in config.addresses]
    for lease in evidence.leases:
        if lease.interface in links and lease.address is not None:
            dhcp_on = any(c.dhcp for c in evidence.configs if lease.interface in (c.interface, c.mac))
            if dhcp_on and lease.address not in {a.address for a in addresses if a.interface == lease.interface}:
                addresses.append(Addr(lease.interface, lease.address, origin=AddressOrigin.DHCP))
    if not links:
        return evidence
    fact = GuestFact(
        CONFIGURATION_ONLY,
        "no runtime view (ipconfig, ip addr) in the paste: interfaces judged from their configuration",
        "paste",
    )
    return replace(evidence, links=tuple(links.values()), addresses=tuple(addresses), facts=(*evidence.facts, fact))


class _Links:
    """The guest's interfaces by name, and how a reference in some source resolves to one."""

    def __init__(self, evidence: Evidence) -> None:
        self.evidence = evidence
        names: list[str] = []
        for name in [link.name for link in evidence.links] + [a.interface for a in evidence.addresses]:
            if name not in names:
                names.append(name)
        self.links = {name: _merged_link(name, evidence.links) for name in names}
        self.holders = {a.address: a.interface for a in reversed(evidence.addresses)}
        self.guids = {link.guid.lower(): name for name, link in self.links.items() if link.guid}
        # A registry key names its adapter by GUID only; the address it holds names it too.
        for ref, held in [(c.interface, c.addresses) for c in evidence.configs] + [
            (lease.interface, (lease.address,)) for lease in evidence.leases
        ]:
            if ref and ref.startswith("{"):
                holder = next((self.holders[a] for a in held if a in self.holders), None)
                if holder is not None:
                    self.guids.setdefault(ref.lower(), holder)

    def resolve(self, ref: str | None, address: IPAddress | None = None) -> str | None:
        """A name for a reference that is a name, a Windows ``{GUID}``, or nothing (then by address,
        then the only interface holding a routable address)."""
        if ref in self.links:
            return ref
        if ref and ref.lower() in self.guids:
            return self.guids[ref.lower()]
        if address is not None and address in self.holders:
            return self.holders[address]
        if ref is None or ref.startswith("{"):
            addressed = {a.interface for a in self.evidence.addresses if _routable(a.address)}
            nic_like = [n for n, link in self.links.items() if n in addressed and not link.loopback and not link.master]
            return nic_like[0] if len(nic_like) == 1 else None
        return None

    def configs_for(self, name: str) -> list[IfConfig]:
        mac = self.links[name].mac
        chosen = []
        for config in self.evidence.configs:
            if config.interface is None and config.mac is None:
                continue  # system-wide: DNS only
            if config.mac is not None and mac is not None:
                if config.mac == mac:
                    chosen.append(config)
            elif config.interface and any(c in config.interface for c in "*?["):
                # networkd Name=eth*, netplan match: name: "en*"
                if fnmatch.fnmatchcase(name, config.interface):
                    chosen.append(config)
            elif self.resolve(config.interface, next(iter(config.addresses), None)) == name:
                chosen.append(config)
        return chosen


def _routable(address: IPAddress) -> bool:
    return not (address.is_link_local or address.is_loopback)


def _merged_link(name: str, links: Iterable[Link]) -> Link:
    """One link per name: the first value each source gives wins (sources list the richest first)."""
    merged = Link(name)
    for link in links:
        if link.name != name:
            continue
        merged = Link(
            name,
            merged.mac or link.mac,
            merged.driver or link.driver,
            merged.link_kind or link.link_kind,
            merged.master or link.master,
            merged.loopback or link.loopback,
            merged.guid or link.guid,
            merged.index if merged.index is not None else link.index,
        )
    return merged


def _addresses_for(
    name: str, addresses: Iterable[Addr], configs: list[IfConfig], configured: list[IPAddress]
) -> list[Addr]:
    """One entry per address (the first source to give an origin wins), the guest's primary first:
    the kernel's non-secondary address, else the first a static configuration lists (Windows
    keeps the primary first in the registry's IPAddress). ``configured``: static addresses a
    configuration sets for this interface, added (after the held ones) when not held."""
    merged: dict[IPAddress, Addr] = {}
    for a in addresses:
        if a.interface != name:
            continue
        known = merged.get(a.address)
        if known is None:
            merged[a.address] = a
        else:
            merged[a.address] = Addr(
                name,
                a.address,
                known.prefix_length or a.prefix_length,
                known.origin or a.origin,
                known.dynamic or a.dynamic,
                known.secondary and a.secondary,
            )
    held = bool(merged)
    for address in configured:
        if address not in merged:
            merged[address] = Addr(name, address, origin=AddressOrigin.STATIC, secondary=held)
    listed = [address for c in configs for address in c.addresses]
    return sorted(merged.values(), key=lambda a: (a.secondary, listed.index(a.address) if a.address in listed else -1))


def _dhcp_enabled(
    name: str, configs: list[IfConfig], leases: list[Lease], addresses: list[Addr], evidence: Evidence
) -> bool | None:
    votes = [c.dhcp for c in configs if c.dhcp is not None]
    if votes:
        # A source that turns DHCP off is the override a guard must not miss.
        return all(votes)
    held = {a.address for a in addresses}
    if any(lease.address in held for lease in leases):
        return True
    if name in evidence.dhcp_routes or any(a.dynamic or a.origin is AddressOrigin.DHCP for a in addresses):
        return True
    return None


def _origin(
    a: Addr, configs: list[IfConfig], leases: list[Lease], dhcp: bool | None, addresses: list[Addr]
) -> AddressOrigin:
    if a.address.is_link_local:
        return AddressOrigin.LINK_LOCAL
    if a.origin is not None:
        return a.origin
    if any(a.address in c.addresses for c in configs):
        return AddressOrigin.STATIC
    if any(lease.address == a.address for lease in leases) or a.dynamic:
        return AddressOrigin.DHCP
    first_v4 = next((x.address for x in addresses if x.address.version == 4 and _routable(x.address)), None)
    if dhcp and a.address == first_v4:
        return AddressOrigin.DHCP
    if dhcp is None:
        return AddressOrigin.UNKNOWN
    return AddressOrigin.STATIC


def _dns_servers(view: _Links, dhcp_by_name: dict[str, bool | None]) -> tuple[GuestDnsServer, ...]:
    evidence = view.evidence
    immutable = any(f.kind == IMMUTABLE_RESOLV_CONF for f in evidence.facts)
    windows = evidence.os == "windows"
    servers: list[GuestDnsServer] = []
    for resolver in _resolvers_in_use(evidence):
        frozen_file = immutable and resolver.interface is None and not resolver.upstream
        name = _name(view, resolver.interface)
        for address in resolver.servers:
            source = DnsSource.STATIC if frozen_file else _dns_source(address, resolver.interface, view)
            if source is DnsSource.UNKNOWN and windows and name is not None and dhcp_by_name.get(name) is False:
                # Windows takes DNS from DHCP only with DHCP on: with it off, the servers were typed
                # in. (Linux's "off" may come from a file not in use while a DHCP client runs.)
                source = DnsSource.STATIC
            servers.append(GuestDnsServer(address, source, name))
    seen = {s.address for s in servers}
    for config in evidence.configs:
        for address in config.dns:
            if address not in seen:
                seen.add(address)
                servers.append(GuestDnsServer(address, DnsSource.STATIC, _name(view, config.interface)))
    return tuple(servers)


def _name(view: _Links, ref: str | None) -> str | None:
    """A setting's interface by name; None (system-wide) stays None."""
    return (view.resolve(ref) or ref) if ref is not None else None


def _resolvers_in_use(evidence: Evidence) -> list[Resolver]:
    live = [r for r in evidence.resolvers if not r.stub and r.servers]
    per_interface = [r for r in live if r.interface is not None]
    if per_interface:
        return _first_per_interface(per_interface)
    upstream = [r for r in live if r.upstream]
    return (upstream or live)[:1]


def _first_per_interface(resolvers: list[Resolver]) -> list[Resolver]:
    chosen: dict[str, Resolver] = {}
    for r in resolvers:
        chosen.setdefault(r.interface or "", r)
    return list(chosen.values())


def _dns_source(address: IPAddress, interface: str | None, view: _Links) -> DnsSource:
    def applies(ref: str | None) -> bool:
        return interface is None or ref is None or view.resolve(ref) in (interface, None)

    if any(address in c.dns and applies(c.interface) for c in view.evidence.configs):
        return DnsSource.STATIC
    if any(address in lease.dns and applies(lease.interface) for lease in view.evidence.leases):
        return DnsSource.DHCP
    return DnsSource.UNKNOWN
