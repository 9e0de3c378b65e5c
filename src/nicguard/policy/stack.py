"""The whole stack as the stack policies judge it: NICs linked to subnets, address claims
per subnet (the NICs' declared addresses and the addresses guest scripts set), and the
guest changes of every VM judged in its network context.

Built once per AnalyzeStack request and shared by every stack policy (see ``server``).
Links go through known ids first and, while an id is still unknown at preview, through
``property_dependencies`` (the Subnet resource feeding a NIC's ``ipConfigurations``,
the NICs feeding a VM's ``networkProfile``, the VM feeding an extension's ``vmName``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field as dataclass_field
from typing import Any, Protocol

from ..core.conflicts import AddressClaim, Layer, SubnetClaims, declared_claims, index_claims
from ..core.effective import EffectiveDns, effective_dns, normalise_dns_entries
from ..core.model import COMPONENT_TYPE, DeclaredNic, NicOrigin
from ..core.net import IPAddress, IPNetwork, containing_prefix, parent_id, resource_key, try_parse_ip
from ..core.unknown import UNKNOWN, Maybe
from ..scanner import ChangeKind, GuestChange
from .guest import change_targets, guest_changes
from .props import elements, field, has_secrets, text
from .resources import (
    NIC,
    SUBNET,
    VM,
    VNET,
    component_subnet_prefixes,
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
    multi_ip: bool  # a NIC of the VM has several IPv4 configurations


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


def _subnet_labels(nic: Any, configs: tuple[Any, ...], subnets: _Subnets, nic_label: str) -> tuple[str, ...]:
    labels = []
    for config in configs:
        subnet_id = subnet_id_of(config)
        if isinstance(subnet_id, str) and subnet_id:
            labels.append(subnets.label_for(subnet_id))
            continue
        linked = {subnets.by_urn[d.urn] for d in _deps(nic, "ipConfigurations", SUBNET) if d.urn in subnets.by_urn}
        # Not linked (a looked-up subnet, an unknown id): a subnet of its own, named after the NIC.
        labels.append(linked.pop() if len(linked) == 1 else f"of NIC {nic_label} (not known until deployment)")
    return tuple(labels)


def _stack_nic(resource: Any, subnets: _Subnets, nic_label: str) -> StackNic:
    configs = ip_configurations(resource.props)
    labels = _subnet_labels(resource, configs, subnets, nic_label)
    prefixes = subnets.prefixes.get(labels[0], UNKNOWN) if labels else UNKNOWN
    return StackNic(
        resource=resource,
        declared=declared_nic(resource.name, resource.urn, resource.props, prefixes, configs),
        origin=nic_origin(resource.urn, resource.props),
        subnet_labels=labels,
    )


def stack_declared_claims(nics: Iterable[StackNic]) -> list[AddressClaim]:
    return [claim for nic in nics for claim in declared_claims(nic.declared, nic.subnet_labels)]


def _parsed_dns(entries: Maybe[tuple[Maybe[str], ...]]) -> Maybe[tuple[IPAddress, ...]]:
    if entries is UNKNOWN or any(e is UNKNOWN for e in entries):
        return UNKNOWN
    parsed = [try_parse_ip(e) for e in normalise_dns_entries(entries)]
    return UNKNOWN if None in parsed else tuple(parsed)


def _vm_nics(vm: Any, nics_by_id: Mapping[str, StackNic], nics_by_urn: Mapping[str, StackNic]) -> list[StackNic]:
    """The VM's NICs in the stack, primary first."""
    refs = elements(field(vm.props, "networkProfile", "networkInterfaces"))
    ids = [text(field(ref, "id")) for ref in refs] if refs is not UNKNOWN else [UNKNOWN]
    nics = [nics_by_id[resource_key(i)] for i in ids if isinstance(i, str) and resource_key(i) in nics_by_id]
    if len(nics) < len(ids):
        nics = [nics_by_urn[d.urn] for d in _deps(vm, "networkProfile", NIC) if d.urn in nics_by_urn]
    return nics


def _vm_network(nics: Sequence[StackNic], subnets: _Subnets) -> VmNetwork:
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
    return VmNetwork(known_addresses, effective, multi_ip=any(_multi_ip(n) for n in nics))


def _multi_ip(nic: StackNic) -> bool:
    """Several IPv4 configurations on one NIC: Microsoft's multi-IP case, where static in-guest
    addresses are documented practice. Two NICs with one address each, or IPv4 plus IPv6, are
    not it (the drift check's ``NicView.multi_ip`` says the same)."""
    configs = nic.declared.ip_configurations
    return sum(1 for c in configs if not (isinstance(c.address, IPAddress) and c.address.version == 6)) > 1


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


def _component_prefixes(nics: Iterable[StackNic]) -> dict[str, tuple[IPNetwork, ...]]:
    """Subnet prefixes the StaticNic components declare (their ``subnetPrefixes`` output), by
    the subnet label of their NIC. A subnet whose components disagree gets none: which of
    them is right only the subnet itself can say."""
    declared: dict[str, dict[frozenset[IPNetwork], tuple[IPNetwork, ...]]] = {}
    for nic in nics:
        parent = nic.resource.parent
        if parent is None or parent.resource_type != COMPONENT_TYPE:
            continue
        prefixes = component_subnet_prefixes(parent.props)
        if prefixes is UNKNOWN:
            continue
        for label in nic.subnet_labels:
            declared.setdefault(label, {})[frozenset(prefixes)] = prefixes
    return {label: next(iter(found.values())) for label, found in declared.items() if len(found) == 1}


def _guest_subnet(
    address: IPAddress, vm_nics: Sequence[StackNic], prefixes: Mapping[str, tuple[IPNetwork, ...]]
) -> tuple[StackNic, str] | None:
    """The VM's NIC and subnet an address set inside its guest lands in: the subnet whose
    prefixes hold it, else the primary NIC's subnet while its prefixes are not known. An
    address outside every subnet of the VM reaches no other NIC (NG401 reports it)."""
    for nic in vm_nics:
        for label in dict.fromkeys(nic.subnet_labels):
            known = prefixes.get(resource_key(label))
            if known is not None and containing_prefix(address, known) is not None:
                return nic, label
    primary_label = vm_nics[0].subnet_labels[0] if vm_nics and vm_nics[0].subnet_labels else None
    if primary_label is not None and resource_key(primary_label) not in prefixes:
        return vm_nics[0], primary_label
    return None


def guest_claims(
    changes: Iterable[GuestChange],
    nics_of_change: Callable[[GuestChange], Sequence[StackNic]],
    prefixes: Mapping[str, tuple[IPNetwork, ...]],
) -> list[AddressClaim]:
    """The static addresses guest scripts set, claimed for the NIC of the VM they run on, so
    that NG104 sees a guest taking another NIC's address. The VM's own declared addresses
    are left out: setting them in the guest is NG401's concern, not a conflict."""
    prefixes_by_key = {resource_key(label): found for label, found in prefixes.items()}
    claims = []
    for change in changes:
        if change.kind is not ChangeKind.ADDRESS_SET:
            continue
        vm_nics = nics_of_change(change)
        own = {config.address for nic in vm_nics for config in nic.declared.ip_configurations}
        for address in change.addresses:
            placed = _guest_subnet(address, vm_nics, prefixes_by_key) if address not in own else None
            if placed is None:
                continue
            nic, label = placed
            owner = nic.declared.id if isinstance(nic.declared.id, str) else nic.resource.urn
            claims.append(AddressClaim(label, address, owner, Layer.GUEST, change.subject))
    return claims


def build_model(resources: Sequence[Any], outside: OutsideLookup | None = None) -> StackModel:
    subnets = _Subnets(resources)
    nic_resources = [r for r in resources if r.resource_type == NIC]
    names = Counter(r.name for r in nic_resources)
    # Messages name a NIC by its Pulumi name, by its URN only when that name is ambiguous.
    nics = tuple(_stack_nic(r, subnets, r.name if names[r.name] == 1 else r.urn) for r in nic_resources)
    nics_by_urn = {n.resource.urn: n for n in nics}
    nics_by_id = {resource_key(n.declared.id): n for n in nics if isinstance(n.declared.id, str)}
    vm_nics = {vm.urn: _vm_nics(vm, nics_by_id, nics_by_urn) for vm in resources if vm.resource_type == VM}
    vm_networks = {urn: _vm_network(found, subnets) for urn, found in vm_nics.items()}
    targets = change_targets(resources)
    changes = guest_changes(
        resources,
        targets,
        vm_networks.__getitem__,
        lambda vmss: _scale_set_vnet_dns(vmss, subnets),
        lambda resource: has_secrets(resource.props),
    )
    claims = stack_declared_claims(nics)
    found = outside(claims, frozenset(nics_by_id)) if outside is not None else OutsideClaims()
    # A Subnet resource of the stack says best what its prefixes are, then Azure (the live
    # check), then what the StaticNic components were told.
    prefixes = {
        **_component_prefixes(nics),
        **found.prefixes,
        **{k: v for k, v in subnets.prefixes.items() if v is not UNKNOWN},
    }

    def nics_of_change(change: GuestChange) -> Sequence[StackNic]:
        target = targets.get(change.origin.resource)
        return vm_nics.get(target.urn, ()) if target is not None else ()

    guests = guest_claims(changes, nics_of_change, prefixes)
    subnet_claims = index_claims([*claims, *found.claims, *guests], prefixes)
    return StackModel(nics, tuple(subnet_claims), tuple(changes), list(found.problems))
