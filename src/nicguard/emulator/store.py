"""The estate in memory: what ARM holds, and Azure's rules for changing it.

Resources are keyed by ``net.resource_key`` (ids compare case-insensitively, as in ARM)
and kept in estate order, so listings are stable. Tests may change a VM's
``power_state``, ``agent_ready`` or ``faults`` while the server runs.
"""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..core import net
from ..core.net import IPAddress, IPNetwork
from .faults import VmFaults
from .guests import GuestBackend, RecordedGuest

STATIC = "Static"
DYNAMIC = "Dynamic"


class ArmError(Exception):
    """An ARM error response: HTTP status plus Azure's error code and message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(f"{code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass
class Subnet:
    id: str
    name: str
    prefixes: tuple[IPNetwork, ...]
    plural: bool = False  # served as ``addressPrefixes`` (multi-prefix subnets), not ``addressPrefix``


@dataclass
class Vnet:
    id: str
    name: str
    location: str
    address_space: tuple[IPNetwork, ...]
    subnets: list[Subnet]
    dns_servers: tuple[str, ...] = ()
    dns_suffix: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass
class IpConfig:
    name: str
    subnet_id: str
    address: IPAddress | None
    allocation: str = STATIC
    primary: bool = False


@dataclass
class Nic:
    id: str
    name: str
    location: str
    ip_configs: list[IpConfig]
    dns_servers: tuple[str, ...] = ()
    mac: str | None = None  # ARM style 00-0D-3A-..; None until attached to a VM
    accelerated_networking: bool = False
    ip_forwarding: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    vm_id: str | None = None
    private_endpoint_id: str | None = None  # set on the NIC Azure creates for a private endpoint

    def ip_config_id(self, config: IpConfig) -> str:
        return f"{self.id}/ipConfigurations/{config.name}"


@dataclass
class Holder:
    """Something other than a NIC that takes an address in a subnet (LB frontend, private endpoint)."""

    id: str
    subnet_id: str
    address: IPAddress | None
    location: str = ""

    @property
    def parent_id(self) -> str:
        """The load balancer or application gateway whose frontend this is."""
        return net.parent_id(self.id)


@dataclass
class Vm:
    id: str
    name: str
    location: str
    os_type: str  # "Linux" | "Windows"
    nic_ids: list[str]
    vm_uuid: str
    size: str = "Standard_D2s_v5"
    power_state: str = "running"  # a core.model.PowerState value
    agent_ready: bool = True
    availability_set_id: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    guest: GuestBackend = field(default_factory=RecordedGuest)
    faults: VmFaults = field(default_factory=VmFaults)


@dataclass(frozen=True)
class Claim:
    """An address taken in a subnet, by a NIC ip configuration or another holder."""

    holder_id: str
    address: IPAddress | None


class Store:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.subscriptions: dict[str, str] = {}
        self.resource_groups: dict[tuple[str, str], str] = {}
        self.vnets: dict[str, Vnet] = {}
        self.nics: dict[str, Nic] = {}
        self.vms: dict[str, Vm] = {}
        self.holders: list[Holder] = []
        # subnet key -> keys of the NICs with an ip configuration in it, in the order of ``nics``
        # (a replaced NIC moves to the end of both): claims per subnet without a walk over every NIC.
        self._nics_in_subnet: dict[str, dict[str, None]] = {}
        self._holder_at: dict[str, dict[IPAddress, str]] = {}  # subnet key -> address -> holder id
        self._sets: dict[str, list[Vm]] = {}  # availability set key -> its VMs (see _set_members)
        self._sets_of_vms = -1

    # --- lookups ---------------------------------------------------------------------

    def require_scope(self, subscription: str, resource_group: str | None = None) -> None:
        if subscription.lower() not in self.subscriptions:
            raise ArmError(404, "SubscriptionNotFound", f"The subscription '{subscription}' could not be found.")
        if resource_group is not None and (subscription.lower(), resource_group.lower()) not in self.resource_groups:
            raise ArmError(404, "ResourceGroupNotFound", f"Resource group '{resource_group}' could not be found.")

    def in_scope(self, resource_id: str, subscription: str, resource_group: str | None = None) -> bool:
        prefix = f"/subscriptions/{subscription}/"
        if resource_group is not None:
            prefix += f"resourcegroups/{resource_group}/"
        return net.resource_key(resource_id).startswith(prefix.lower())

    def subnet(self, subnet_id: str) -> Subnet | None:
        vnet = self.vnets.get(net.resource_key(net.parent_id(subnet_id)))
        if vnet is None:
            return None
        return next((s for s in vnet.subnets if net.same_resource_id(s.id, subnet_id)), None)

    def vnet_of(self, subnet: Subnet) -> Vnet:
        return self.vnets[net.resource_key(net.parent_id(subnet.id))]

    def _index(self, nic: Nic, present: bool) -> None:
        key = net.resource_key(nic.id)
        for config in nic.ip_configs:
            subnet_key = net.resource_key(config.subnet_id)
            bucket = self._nics_in_subnet.setdefault(subnet_key, {})
            taken = self._holder_at.setdefault(subnet_key, {})
            if present:
                bucket[key] = None
                if config.address is not None:
                    taken[config.address] = nic.ip_config_id(config)
            else:
                bucket.pop(key, None)
                if config.address is not None and taken.get(config.address) == nic.ip_config_id(config):
                    del taken[config.address]

    def add_holder(self, holder: Holder) -> None:
        """A non-NIC holder (check its address with ``check_static`` first)."""
        with self.lock:
            self.holders.append(holder)
            if holder.address is not None:
                self._holder_at.setdefault(net.resource_key(holder.subnet_id), {})[holder.address] = holder.id

    def claims(self, subnet_id: str) -> Iterator[Claim]:
        """Every ip configuration using the subnet, in estate order (NICs first)."""
        for key in list(self._nics_in_subnet.get(net.resource_key(subnet_id), ())):
            nic = self.nics[key]
            for config in nic.ip_configs:
                if net.same_resource_id(config.subnet_id, subnet_id):
                    yield Claim(nic.ip_config_id(config), config.address)
        for holder in self.holders:
            if net.same_resource_id(holder.subnet_id, subnet_id):
                yield Claim(holder.id, holder.address)

    def holder_of(self, subnet_id: str, address: IPAddress) -> str | None:
        return self._holder_at.get(net.resource_key(subnet_id), {}).get(address)

    def vm_of(self, nic: Nic) -> Vm | None:
        return self.vms.get(net.resource_key(nic.vm_id)) if nic.vm_id else None

    def vm_named(self, name: str) -> Vm:
        found = [vm for vm in self.vms.values() if vm.name.lower() == name.lower()]
        if len(found) != 1:
            raise KeyError(f"{len(found)} VMs are named {name!r}")
        return found[0]

    def _set_members(self, availability_set_id: str) -> list[Vm]:
        """The VMs of an availability set, in estate order (VMs are only ever added)."""
        if self._sets_of_vms != len(self.vms):
            self._sets = {}
            for vm in self.vms.values():
                if vm.availability_set_id:
                    self._sets.setdefault(net.resource_key(vm.availability_set_id), []).append(vm)
            self._sets_of_vms = len(self.vms)
        return self._sets.get(net.resource_key(availability_set_id), [])

    def applied_dns_servers(self, nic: Nic) -> tuple[str, ...]:
        """The NIC's own servers, or for a VM in an availability set the union over the set's NICs."""
        vm = self.vm_of(nic)
        if vm is None or vm.availability_set_id is None:
            return tuple(s for s in nic.dns_servers if not net.is_azure_provided_dns(s))
        union: dict[str, None] = {}
        for other in self._set_members(vm.availability_set_id):
            for nic_id in other.nic_ids:
                for server in self.nics[net.resource_key(nic_id)].dns_servers:
                    if not net.is_azure_provided_dns(server):
                        union[server] = None
        return tuple(union)

    # --- addresses -------------------------------------------------------------------

    def free_addresses(self, subnet: Subnet, after: IPAddress | None = None) -> Iterator[IPAddress]:
        """Addresses Azure could hand out, lowest first (IPv4 prefixes only)."""
        taken = self._holder_at.get(net.resource_key(subnet.id), {})
        for prefix in subnet.prefixes:
            if prefix.version != 4:
                continue
            first = int(prefix.network_address) + net.IPV4_RESERVED_AT_START
            last = int(prefix.broadcast_address) - net.IPV4_RESERVED_AT_END
            if after is not None and after in prefix:
                first = max(first, int(after) + 1)
            for value in range(first, last + 1):
                address = ipaddress.IPv4Address(value)
                if address not in taken:
                    yield address

    def check_static(self, subnet: Subnet, address: IPAddress, holder_id: str) -> None:
        """Azure's checks for a requested static address, with Azure's error codes."""
        prefix = net.containing_prefix(address, subnet.prefixes)
        if prefix is None:
            raise ArmError(
                400,
                "PrivateIPAddressNotInSubnet",
                f"IP configuration {holder_id} references the private IP address {address} "
                f"which is not in the address prefix of subnet {subnet.id}.",
            )
        if net.is_reserved(address, prefix):
            raise ArmError(
                400,
                "PrivateIPAddressInReservedRange",
                f"Private static IP address {address} falls within reserved IP range of subnet prefix {prefix}.",
            )
        other = self.holder_of(subnet.id, address)
        if other is not None:
            raise ArmError(
                400,
                "PrivateIPAddressInUse",
                f"IP configuration {holder_id} is using the private IP address {address} "
                f"which is already allocated to resource {other}.",
            )

    # --- changes ---------------------------------------------------------------------

    def put_nic(self, proposed: Nic, snapshot: bool = False) -> tuple[Nic, bool]:
        """Create or replace a NIC as ARM would; returns (stored NIC, created).

        ``snapshot`` (the estate file) keeps given Dynamic addresses, as Azure once assigned them;
        a PUT through the API gets Dynamic addresses from Azure instead.
        """
        with self.lock:
            key = net.resource_key(proposed.id)
            current = self.nics.get(key)
            if current is not None:
                proposed.mac, proposed.vm_id = current.mac, current.vm_id
                self.nics.pop(key)  # its own addresses must not count as taken
                self._index(current, present=False)
            try:
                self._settle_addresses(proposed, current, snapshot)
                _check_dns_servers(proposed.dns_servers)
            except ArmError:
                if current is not None:
                    self.nics[key] = current
                    self._index(current, present=True)
                raise
            if not any(c.primary for c in proposed.ip_configs):
                proposed.ip_configs[0].primary = True
            self.nics[key] = proposed
            self._index(proposed, present=True)
            return proposed, current is None

    def _settle_addresses(self, nic: Nic, current: Nic | None, snapshot: bool) -> None:
        if not nic.ip_configs:
            raise ArmError(400, "NetworkInterfaceMustHaveAtLeastOneIpConfiguration",
                           f"Network interface {nic.id} must have at least one IP configuration.")
        names = [c.name.lower() for c in nic.ip_configs]
        duplicate = next((c.name for c in nic.ip_configs if names.count(c.name.lower()) > 1), None)
        if duplicate is not None:
            raise ArmError(400, "InvalidRequestFormat",
                           f"Network interface {nic.id} has more than one IP configuration named {duplicate}.")
        if sum(1 for c in nic.ip_configs if c.primary) > 1:
            raise ArmError(400, "NetworkInterfaceMustHaveOneOneIPConfigAsPrimary",
                           f"Network Interface {nic.id} specifies more than one IPConfiguration as Primary.")
        previous = {c.name.lower(): c.address for c in current.ip_configs} if current else {}
        claimed: set[IPAddress] = set()
        for config in nic.ip_configs:
            subnet = self.subnet(config.subnet_id)
            if subnet is None:
                raise ArmError(400, "InvalidResourceReference",
                               f"Resource {config.subnet_id} referenced by resource {nic.id} was not found.")
            config.subnet_id = subnet.id
            holder_id = nic.ip_config_id(config)
            kept = previous.get(config.name.lower())
            if config.address is not None and (config.allocation == STATIC or snapshot):
                self.check_static(subnet, config.address, holder_id)
                if config.address in claimed:
                    raise ArmError(400, "PrivateIPAddressInUse",
                                   f"IP configuration {holder_id} uses {config.address} twice on {nic.id}.")
            elif kept is not None and net.containing_prefix(kept, subnet.prefixes) and kept not in claimed:
                config.address = kept  # Dynamic (or Static without an address) keeps what it had
            else:
                config.address = next((a for a in self.free_addresses(subnet) if a not in claimed), None)
                if config.address is None:
                    raise ArmError(400, "SubnetIsFull", f"Subnet {subnet.id} has no free address for {holder_id}.")
            claimed.add(config.address)


def _check_dns_servers(servers: tuple[str, ...]) -> None:
    for server in servers:
        if net.try_parse_ip(server) is None and not net.is_azure_provided_dns(server):
            raise ArmError(400, "InvalidDnsServerIPAddressFormat",
                           f"DNS server IP address {server!r} has an invalid format.")
