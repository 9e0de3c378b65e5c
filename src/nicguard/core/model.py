"""The three layers (declared, Azure, guest) as frozen dataclasses.

Adapters (Pulumi preview props, Azure SDK objects, probe output, snapshots) build
these; rules only ever read them. ``UNKNOWN`` means "not known yet" (a preview
output); ``None`` means "absent" (a NIC with no VM).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from .net import IPAddress, IPNetwork
from .unknown import Maybe

# --- declared: what the Pulumi component says --------------------------------------


@dataclass(frozen=True)
class DeclaredIpConfig:
    name: str
    address: Maybe[IPAddress | None]  # None: no address (Dynamic)
    primary: bool = False
    allocation: Maybe[str] = "Static"


@dataclass(frozen=True)
class DeclaredNic:
    """A NIC as declared. ``dns_servers`` keeps the raw entries so bad ones can be reported;
    ``()`` (or ``("AzureProvidedDNS",)``) means "inherit from the VNet"."""

    name: str
    subject: str  # URN at preview, resource id after deployment
    id: Maybe[str | None]
    vm: Maybe[str | None]
    subnet_id: Maybe[str]
    subnet_prefixes: Maybe[tuple[IPNetwork, ...]]
    ip_configurations: tuple[DeclaredIpConfig, ...]
    dns_servers: Maybe[tuple[Maybe[str], ...]] = ()


# --- Azure: what ARM holds ------------------------------------------------------------


class AllocationMethod(StrEnum):
    STATIC = "Static"
    DYNAMIC = "Dynamic"


class PowerState(StrEnum):
    RUNNING = "running"
    STARTING = "starting"
    STOPPING = "stopping"
    STOPPED = "stopped"
    DEALLOCATING = "deallocating"
    DEALLOCATED = "deallocated"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class AzureIpConfig:
    id: str
    name: str
    address: IPAddress | None
    allocation: AllocationMethod
    subnet_id: str | None
    primary: bool = False


@dataclass(frozen=True)
class AzureNic:
    id: str
    name: str
    mac: str | None  # normalised (net.normalise_mac)
    ip_configurations: tuple[AzureIpConfig, ...]
    dns_servers: tuple[str, ...] = ()
    applied_dns_servers: tuple[IPAddress, ...] = ()
    vm_id: str | None = None
    accelerated_networking: bool = False
    primary: bool = True  # primary NIC of its VM
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def addresses(self) -> tuple[IPAddress, ...]:
        return tuple(c.address for c in self.ip_configurations if c.address is not None)

    @property
    def primary_address(self) -> IPAddress | None:
        for config in self.ip_configurations:
            if config.primary and config.address is not None and config.address.version == 4:
                return config.address
        v4 = [a for a in self.addresses if a.version == 4]
        return v4[0] if v4 else None


@dataclass(frozen=True)
class AzureSubnet:
    id: str
    name: str
    prefixes: tuple[IPNetwork, ...]
    ip_configuration_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class AzureVnet:
    id: str
    name: str
    dns_servers: tuple[IPAddress, ...] = ()
    subnets: tuple[AzureSubnet, ...] = ()


@dataclass(frozen=True)
class AzureVm:
    id: str
    name: str
    power_state: PowerState
    os_type: str | None  # "Linux" | "Windows"
    nic_ids: tuple[str, ...] = ()
    availability_set_id: str | None = None
    agent_ready: bool | None = None


# --- guest: what the OS really uses ---------------------------------------------------


class AddressOrigin(StrEnum):
    DHCP = "dhcp"
    STATIC = "static"
    LINK_LOCAL = "link-local"
    UNKNOWN = "unknown"


class DnsSource(StrEnum):
    DHCP = "dhcp"
    STATIC = "static"
    UNKNOWN = "unknown"


class InterfaceKind(StrEnum):
    SYNTHETIC = "synthetic"  # the Azure NIC as the guest sees it (hv_netvsc, Hyper-V adapter)
    VF = "vf"  # accelerated-networking twin: same MAC, no IP
    VIRTUAL = "virtual"  # docker/bridge/veth/loopback: never an Azure NIC
    OTHER = "other"


@dataclass(frozen=True)
class GuestAddress:
    address: IPAddress
    prefix_length: int | None
    origin: AddressOrigin


@dataclass(frozen=True)
class GuestInterface:
    name: str
    mac: str | None
    driver: str | None  # Linux driver or Windows adapter description
    kind: InterfaceKind
    addresses: tuple[GuestAddress, ...] = ()
    dhcp_enabled: bool | None = None


@dataclass(frozen=True)
class GuestDnsServer:
    address: IPAddress
    source: DnsSource
    interface: str | None = None


@dataclass(frozen=True)
class GuestFact:
    """A configuration fact that shows (or rules out) an override, with where it was seen."""

    kind: str  # e.g. "resolv-conf-immutable", "cloud-init-network-disabled"
    detail: str
    source: str  # file path or command


@dataclass(frozen=True)
class GuestState:
    os: str  # "linux" | "windows"
    interfaces: tuple[GuestInterface, ...]
    dns_servers: tuple[GuestDnsServer, ...] = ()
    facts: tuple[GuestFact, ...] = ()
    hostname: str | None = None
    probe_version: str | None = None


@dataclass(frozen=True)
class GuestUnreadable:
    """The guest could not be read; the reason is reported, the VM is never called clean."""

    reason: str


# --- views: what the cross-layer rules evaluate ---------------------------------------


@dataclass(frozen=True)
class NicPair:
    """A declared NIC and what Azure holds for it (None: not found in Azure)."""

    declared: DeclaredNic
    azure: AzureNic | None

    @property
    def subject(self) -> str:
        if self.azure is not None:
            return self.azure.id
        return self.declared.subject


COMPONENT_TYPE = "nicguard:network:StaticNic"


@dataclass(frozen=True)
class NicOrigin:
    """Where a NIC comes from, to tell NICs declared through the component from others."""

    subject: str
    tags: dict[str, str] = field(default_factory=dict)
    parent_type: Maybe[str | None] = None  # Pulumi parent's type token, at preview
    in_manifest: bool | None = None  # listed in the component's manifest (drift)
