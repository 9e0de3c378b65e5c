"""The whole stack as the stack policies judge it: NICs linked to subnets, address claims
per subnet, and the guest changes of every VM judged in its network context.

Built once per AnalyzeStack request and shared by every stack policy (see ``server``).
Links go through known ids first and, while an id is still unknown at preview, through
``property_dependencies`` (the Subnet resource feeding a NIC's ``ipConfigurations``,
the NICs feeding a VM's ``networkProfile``, the VM feeding an extension's ``vmName``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Protocol

from ..core.conflicts import AddressClaim, Layer, SubnetClaims, index_claims
from ..core.effective import EffectiveDns, effective_dns, normalise_dns_entries
from ..core.model import DeclaredNic, NicOrigin
from ..core.net import IPAddress, IPNetwork, parent_id, resource_key, try_parse_ip
from ..core.unknown import UNKNOWN, Maybe
from ..scanner import GuestChange
from .guest import guest_changes
from .props import elements, field, has_secrets, text
from .resources import (
    NIC,
    SUBNET,
    VM,
    VNET,
    declared_nic,
    dns_servers,
    ip_configurations,
    nic_origin,
    prefixes_of,
    subnet_id_of,
)


@dataclass(frozen=True)
class StackNic:
    resource: Any  # the PolicyResource
    declared: DeclaredNic
    origin: NicOrigin
    subnet_labels: tuple[str, ...]  # per IP configuration


@dataclass(frozen=True)
class VmNetwork:
    """What Azure hands a VM's guest: UNKNOWN parts stay UNKNOWN until deployment."""

    addresses: Maybe[tuple[IPAddress, ...]]
    effective: Maybe[EffectiveDns]
    multi_ip: bool


@dataclass
class StackModel:
    nics: tuple[StackNic, ...]
    subnets: tuple[SubnetClaims, ...]
    guest_changes: tuple[GuestChange, ...]
    problems: list[str] = dataclass_field(default_factory=list)  # e.g. a failed live lookup

    def subjects(self, subject_type: type) -> Sequence[object]:
        if subject_type is SubnetClaims:
            return self.subnets
        if subject_type is NicOrigin:
            return [nic.origin for nic in self.nics]
        if subject_type is GuestChange:
            return self.guest_changes
        return ()


def _deps(resource: Any, prop: str, resource_type: str) -> list[Any]:
    found = {d.urn: d for d in resource.property_dependencies.get(prop, ()) if d.resource_type == resource_type}
    return list(found.values())


class _Subnets:
    """Stack subnets (standalone and inline in a VNet) by id and URN, with their prefixes and VNet."""

    def __init__(self, resources: Iterable[Any]) -> None:
        self.prefixes: dict[str, Maybe[tuple[IPNetwork, ...]]] = {}
        self.vnet_of: dict[str, Any] = {}
        self._by_id: dict[str, str] = {}
        self.by_urn: dict[str, str] = {}
        vnets = [r for r in resources if r.resource_type == VNET]
        vnets_by_name = {text(field(v.props, "virtualNetworkName")) or v.name: v for v in vnets}
        vnets_by_id = {resource_key(i): v for v in vnets if isinstance(i := text(field(v.props, "id")), str)}
        for vnet in vnets:
            inline_subnets = elements(field(vnet.props, "subnets"))
            for inline in () if inline_subnets is UNKNOWN else inline_subnets:
                subnet_id = text(field(inline, "id"))
                if isinstance(subnet_id, str):
                    self._add(subnet_id, prefixes_of(inline), vnet)
        standalone = [r for r in resources if r.resource_type == SUBNET]
        names = Counter(s.name for s in standalone)
        for subnet in standalone:
            subnet_id = text(field(subnet.props, "id"))
            if isinstance(subnet_id, str):
                label = subnet_id
            else:
                # Messages name the subnet by this label; the URN only when the name is ambiguous.
                label = f"{subnet.name if names[subnet.name] == 1 else subnet.urn} (id not known until deployment)"
            vnet = next(iter(_deps(subnet, "virtualNetworkName", VNET)), None)
            if vnet is None:
                vnet = vnets_by_name.get(text(field(subnet.props, "virtualNetworkName")))
            if vnet is None and isinstance(subnet_id, str):
                vnet = vnets_by_id.get(resource_key(parent_id(subnet_id)))
            self._add(label, prefixes_of(subnet.props), vnet)
            self.by_urn[subnet.urn] = label

    def _add(self, label: str, prefixes: Maybe[tuple[IPNetwork, ...]], vnet: Any) -> None:
        self.prefixes[label] = prefixes
        self.vnet_of[label] = vnet
        self._by_id[resource_key(label)] = label

    def label_for(self, subnet_id: str) -> str:
        """A stack subnet's label for a known id; an outside subnet keeps its id."""
        return self._by_id.get(resource_key(subnet_id), subnet_id)


def _subnet_labels(nic: Any, configs: tuple[Any, ...], subnets: _Subnets) -> tuple[str, ...]:
    labels = []
    for config in configs:
        subnet_id = subnet_id_of(config)
        if isinstance(subnet_id, str):
            labels.append(subnets.label_for(subnet_id))
            continue
        linked = {subnets.by_urn[d.urn] for d in _deps(nic, "ipConfigurations", SUBNET) if d.urn in subnets.by_urn}
        labels.append(linked.pop() if len(linked) == 1 else f"{nic.urn} (subnet not known until deployment)")
    return tuple(labels)


def _stack_nic(resource: Any, subnets: _Subnets) -> StackNic:
    configs = ip_configurations(resource.props)
    labels = _subnet_labels(resource, configs, subnets)
    prefixes = subnets.prefixes.get(labels[0], UNKNOWN) if labels else UNKNOWN
    return StackNic(
        resource=resource,
        declared=declared_nic(resource.name, resource.urn, resource.props, prefixes, configs),
        origin=nic_origin(resource.urn, resource.props),
        subnet_labels=labels,
    )


def declared_claims(nics: Iterable[StackNic]) -> list[AddressClaim]:
    """One claim per known address; each IP configuration is its own owner, so an address
    used twice inside one NIC is a duplicate too."""
    return [
        AddressClaim(
            subnet_id=label,
            address=config.address,
            owner=f"{nic.resource.name}/{config.name}",
            layer=Layer.DECLARED,
            subject=nic.resource.urn,
        )
        for nic in nics
        for config, label in zip(nic.declared.ip_configurations, nic.subnet_labels)
        if isinstance(config.address, IPAddress)
    ]


def _parsed_dns(entries: Maybe[tuple[Maybe[str], ...]]) -> Maybe[tuple[IPAddress, ...]]:
    if entries is UNKNOWN or any(e is UNKNOWN for e in entries):
        return UNKNOWN
    parsed = [try_parse_ip(e) for e in normalise_dns_entries(entries)]
    return UNKNOWN if None in parsed else tuple(parsed)


def _vm_network(vm: Any, nics_by_id: Mapping[str, StackNic], nics_by_urn: Mapping[str, StackNic], subnets: _Subnets) -> VmNetwork:
    refs = elements(field(vm.props, "networkProfile", "networkInterfaces"))
    ids = [text(field(ref, "id")) for ref in refs] if refs is not UNKNOWN else [UNKNOWN]
    nics = [nics_by_id[resource_key(i)] for i in ids if isinstance(i, str) and resource_key(i) in nics_by_id]
    if len(nics) < len(ids):
        nics = [nics_by_urn[d.urn] for d in _deps(vm, "networkProfile", NIC) if d.urn in nics_by_urn]
    if not nics:
        return VmNetwork(UNKNOWN, UNKNOWN, False)
    addresses = [c.address for n in nics for c in n.declared.ip_configurations]
    known_addresses = UNKNOWN if any(not isinstance(a, IPAddress) for a in addresses) else tuple(addresses)
    primary = nics[0]
    nic_dns = _parsed_dns(primary.declared.dns_servers)
    vnet = subnets.vnet_of.get(primary.subnet_labels[0]) if primary.subnet_labels else None
    vnet_dns = _parsed_dns(dns_servers(vnet.props, "dhcpOptions", "dnsServers")) if vnet is not None else UNKNOWN
    if nic_dns is UNKNOWN or (not nic_dns and vnet_dns is UNKNOWN):
        effective: Maybe[EffectiveDns] = UNKNOWN
    else:
        effective = effective_dns(nic_dns, () if vnet_dns is UNKNOWN else vnet_dns)
    return VmNetwork(known_addresses, effective, multi_ip=len(addresses) > 1)


def _scale_set_vnet_dns(vmss: Any, subnets: _Subnets) -> Maybe[tuple[IPAddress, ...]]:
    profile = field(vmss.props, "virtualMachineProfile", "networkProfile", "networkInterfaceConfigurations", 0)
    subnet_id = text(field(profile, "ipConfigurations", 0, "subnet", "id"))
    if isinstance(subnet_id, str):
        label = subnets.label_for(subnet_id)
    else:
        linked = [subnets.by_urn[d.urn] for d in _deps(vmss, "virtualMachineProfile", SUBNET) if d.urn in subnets.by_urn]
        label = linked[0] if len(linked) == 1 else None
    vnet = subnets.vnet_of.get(label) if label is not None else None
    return _parsed_dns(dns_servers(vnet.props, "dhcpOptions", "dnsServers")) if vnet is not None else UNKNOWN


class OutsideLookup(Protocol):
    """Who outside the stack holds addresses in the stack's subnets (the live check)."""

    def __call__(self, claims: Sequence[AddressClaim], own_nic_ids: frozenset[str]) -> OutsideClaims: ...


@dataclass(frozen=True)
class OutsideClaims:
    claims: tuple[AddressClaim, ...] = ()
    prefixes: Mapping[str, tuple[IPNetwork, ...]] = dataclass_field(default_factory=dict)
    problems: tuple[str, ...] = ()


def build_model(resources: Sequence[Any], outside: OutsideLookup | None = None) -> StackModel:
    subnets = _Subnets(resources)
    nics = tuple(_stack_nic(r, subnets) for r in resources if r.resource_type == NIC)
    nics_by_urn = {n.resource.urn: n for n in nics}
    nics_by_id = {resource_key(n.declared.id): n for n in nics if isinstance(n.declared.id, str)}
    vm_networks = {
        vm.urn: _vm_network(vm, nics_by_id, nics_by_urn, subnets) for vm in resources if vm.resource_type == VM
    }
    changes = guest_changes(
        resources,
        vm_networks.__getitem__,
        lambda vmss: _scale_set_vnet_dns(vmss, subnets),
        lambda resource: has_secrets(resource.props),
    )
    claims = declared_claims(nics)
    found = outside(claims, frozenset(nics_by_id)) if outside is not None else OutsideClaims()
    prefixes = {**found.prefixes, **{k: v for k, v in subnets.prefixes.items() if v is not UNKNOWN}}
    subnet_claims = index_claims([*claims, *found.claims], prefixes)
    return StackModel(nics, tuple(subnet_claims), tuple(changes), list(found.problems))
