"""What every source format yields: pieces of evidence, assembled later into a ``GuestState``.

A parser reports only what its source shows; deciding (DHCP or static, which DNS is in
use) happens once, in ``assemble``, over the evidence of every source together. An
interface is named by the guest's name for it (``eth0``, ``Ethernet 2``) or, for Windows
registry keys, by ``{GUID}``, resolved against the adapters during assembly.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ...core.model import AddressOrigin, GuestFact
from ...core.net import IPAddress

IMMUTABLE_RESOLV_CONF = "resolv-conf-immutable"  # the fact that turns resolv.conf's servers static


@dataclass(frozen=True)
class Link:
    name: str
    mac: str | None = None  # normalised
    driver: str | None = None  # Linux driver, or Windows InterfaceDescription
    link_kind: str | None = None  # iproute2 ``-d`` kind (veth, bridge, dummy, ...)
    master: str | None = None
    loopback: bool = False
    guid: str | None = None  # Windows InterfaceGuid, lower case with braces
    index: int | None = None  # Windows ifIndex / InterfaceIndex (Get-NetIPAddress tables name only this)


@dataclass(frozen=True)
class Addr:
    interface: str
    address: IPAddress
    prefix_length: int | None = None
    origin: AddressOrigin | None = None  # only when the source says so itself (PrefixOrigin, "DHCP4 via")
    dynamic: bool = False  # iproute2 ``dynamic``: proves a lease when set, proves nothing when not
    secondary: bool = False


@dataclass(frozen=True)
class IfConfig:
    """What one configuration source sets for one interface (``interface=None``: system-wide)."""

    source: str
    interface: str | None = None
    mac: str | None = None
    dhcp: bool | None = None  # DHCPv4 on; None: this source does not say
    addresses: tuple[IPAddress, ...] = ()  # set statically
    dns: tuple[IPAddress, ...] = ()  # set statically


@dataclass(frozen=True)
class Lease:
    """A DHCP offer the guest holds: what Azure handed out at the last renewal."""

    source: str
    interface: str | None
    address: IPAddress | None
    dns: tuple[IPAddress, ...] = ()


@dataclass(frozen=True)
class Resolver:
    """The DNS servers one view of the resolver shows, in order."""

    source: str
    servers: tuple[IPAddress, ...]
    interface: str | None = None  # None: system-wide (resolv.conf)
    stub: bool = False  # systemd-resolved's stub (127.0.0.53): the real servers are elsewhere
    upstream: bool = False  # resolved's own list (/run/systemd/resolve/resolv.conf)


@dataclass(frozen=True)
class Evidence:
    os: str | None = None
    hostname: str | None = None
    links: tuple[Link, ...] = ()
    addresses: tuple[Addr, ...] = ()
    configs: tuple[IfConfig, ...] = ()
    leases: tuple[Lease, ...] = ()
    resolvers: tuple[Resolver, ...] = ()
    dhcp_routes: tuple[str, ...] = ()  # interfaces with ``proto dhcp`` routes
    facts: tuple[GuestFact, ...] = ()
    formats: tuple[str, ...] = ()  # the source formats that contributed
    # Why a block that is network configuration could not be read (an ipconfig in a language
    # not understood): the whole reading is then unreadable, never judged from the rest.
    unreadable: tuple[str, ...] = ()

    def __add__(self, other: Evidence) -> Evidence:
        merged = {}
        for f in fields(self):
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            merged[f.name] = mine + theirs if isinstance(mine, tuple) else (mine if mine is not None else theirs)
        return Evidence(**merged)

    @property
    def empty(self) -> bool:
        return not (
            self.links
            or self.addresses
            or self.configs
            or self.leases
            or self.resolvers
            or self.facts
            or self.unreadable
        )


NOTHING = Evidence()
