"""Build every rule subject from the estate and the declaration, evaluate, keep what is in scope.

Subjects: ``NicPair`` per declared NIC (declared vs Azure), ``VmView`` per VM in scope
(Azure vs guest), ``SubnetClaims`` per subnet over the whole inventory (Azure NICs,
other holders, declared and guest claims), ``NicOrigin`` per NIC (unmanaged). Findings
are then kept when their subject belongs to a VM or NIC in scope: conflicts see every
subnet whole, but a shard reports only its own VMs.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ..azure.arm_json import resource_group_of, subscription_of
from ..core.conflicts import AddressClaim, Layer, index_claims
from ..core.effective import effective_dns
from ..core.engine import evaluate
from ..core.findings import Finding
from ..core.guest_view import NicView, VmView, guest_claims
from ..core.model import AzureNic, AzureVm, DeclaredIpConfig, DeclaredNic, GuestUnreadable, NicOrigin, NicPair
from ..core.net import AZURE_DNS, IPAddress, is_azure_provided_dns, parent_id, resource_key, resource_name, try_parse_ip
from ..core.settings import Settings
from ..core.unknown import UNKNOWN
from .estate import Estate
from .scope import Scope

NOT_PROBED = "the guest was not probed in this run (not in the snapshot)"


@dataclass(frozen=True)
class Outcome:
    findings: tuple[Finding, ...]
    vms_in_scope: int
    nics_in_scope: int
    unreadable: tuple[tuple[str, str], ...]  # (VM id, reason) for every VM in scope not read
    scope_problems: tuple[str, ...] = ()  # filters that select nothing: a typo must not pass as "clean"


class _Index:
    """Lookups over the estate, keyed by resource_key."""

    def __init__(self, estate: Estate):
        self.nics = {resource_key(n.id): n for n in estate.nics}
        self.vms = {resource_key(v.id): v for v in estate.vms}
        self.vnet_dns = {resource_key(v.id): v.dns_servers for v in estate.vnets}
        self.prefixes = {s.id: s.prefixes for v in estate.vnets for s in v.subnets}
        self.nics_of_vm: dict[str, list[AzureNic]] = {}
        for nic in estate.nics:
            if nic.vm_id:
                self.nics_of_vm.setdefault(resource_key(nic.vm_id), []).append(nic)
        self.set_unions = _availability_set_unions(estate, self.nics_of_vm)

    def owner(self, nic: AzureNic) -> str:
        """The id a NIC is scoped and sharded by: its VM's if a listed VM holds it, else its own."""
        if nic.vm_id and resource_key(nic.vm_id) in self.vms:
            return nic.vm_id
        return nic.id


def reconcile(
    estate: Estate,
    declared: Sequence[DeclaredNic] | None,
    scope: Scope,
    settings: Settings,
    rules: Sequence[type],
) -> Outcome:
    index = _Index(estate)
    selected_vms = [v for v in estate.vms if scope.selects_vm(v.id, estate.vm_tags.get(resource_key(v.id), {}))]
    selected = {resource_key(v.id) for v in selected_vms}
    selected |= {
        resource_key(n.id) for n in estate.nics if index.owner(n) == n.id and scope.selects_loose_nic(n.id)
    }
    views = [_vm_view(vm, estate, index) for vm in selected_vms]
    pairs = [_pair(d, index) for d in declared or ()]
    subjects: list[object] = [*pairs, *views]
    subjects += index_claims(_claims(estate, declared or (), views), index.prefixes)
    subjects += _origins(estate, declared)
    owners = _owners(estate, index, pairs)
    findings = evaluate([rule() for rule in rules], subjects, settings)
    kept = tuple(f for f in findings if _in_scope(f.subject, owners, selected, index, scope))
    unreadable = tuple((v.subject, v.guest.reason) for v in views if isinstance(v.guest, GuestUnreadable))
    nics_in_scope = sum(1 for n in estate.nics if resource_key(index.owner(n)) in selected)
    declared_in_scope = any(_in_scope(p.subject, owners, selected, index, scope) for p in pairs)
    problems = _scope_problems(estate, declared, scope, bool(selected) or declared_in_scope)
    return Outcome(kept, len(selected_vms), nics_in_scope, unreadable, problems)


def _scope_problems(
    estate: Estate, declared: Sequence[DeclaredNic] | None, scope: Scope, selected_any: bool
) -> tuple[str, ...]:
    """Why the scope is likely a mistake: a resource group or VM glob that names nothing, a
    declaration wholly outside the listed subscriptions, filters that together select nothing.
    A shard alone may be empty (a small estate split N ways); a filter that matches nothing is
    a typo or a stale pipeline, and reporting it clean would hide every VM it meant."""
    ids = [*(v.id for v in estate.vms), *(n.id for n in estate.nics), *(v.id for v in estate.vnets)]
    vm_ids = [v.id for v in estate.vms]
    for nic in declared or ():
        ids += [i for i in (nic.id, nic.vm) if isinstance(i, str)]
        vm_ids += [nic.vm] if isinstance(nic.vm, str) else []
    problems = []
    groups = {resource_group_of(i).lower() for i in ids}
    problems += [f"--resource-group {g}: nothing listed is in it" for g in scope.resource_groups if g.lower() not in groups]
    names = {resource_name(i).lower() for i in vm_ids}
    problems += [
        f"--vm {p}: matches no VM" for p in scope.vm_patterns if not any(fnmatch.fnmatchcase(n, p.lower()) for n in names)
    ]
    if not problems and scope.filters_place and not selected_any:
        problems.append("the scope selects no VM or NIC: " + ", ".join(f"{k}={v}" for k, v in scope.describe()))
    if declared and scope.subscriptions:
        listed = {s.lower() for s in scope.subscriptions}
        named = {subscription_of(n.id).lower() for n in declared if isinstance(n.id, str)}
        if named and not named & listed:
            problems.append(
                f"the declaration names NICs only in subscription(s) {', '.join(sorted(named))}, none of them "
                "listed: check --subscription"
            )
    return tuple(problems)


def _azure_twin(declared: DeclaredNic, index: _Index) -> AzureNic | None:
    if isinstance(declared.id, str):
        return index.nics.get(resource_key(declared.id))
    return None


def _pair(declared: DeclaredNic, index: _Index) -> NicPair:
    """Declared vs Azure. A declaration without IP configurations (a stack export whose
    configurations are a secret) stands for "not known": Azure's configurations are taken
    as declared with unknown values, so nothing about them is compared."""
    azure = _azure_twin(declared, index)
    if azure is not None and not declared.ip_configurations:
        unknown = tuple(DeclaredIpConfig(c.name, UNKNOWN, c.primary, UNKNOWN) for c in azure.ip_configurations)
        declared = replace(declared, ip_configurations=unknown)
    return NicPair(declared, azure)


def _dns(entries: Iterable[str]) -> tuple[IPAddress, ...]:
    parsed = (try_parse_ip(e) for e in entries)
    return tuple(a for a in parsed if a is not None)


def _nic_servers(nic: AzureNic) -> tuple[IPAddress, ...]:
    """The NIC's own DNS servers. ``AzureProvidedDNS`` on a NIC switches it to Azure DNS
    whatever its VNet says (the ARM spec), so it stands for 168.63.129.16, not for "inherit"."""
    if any(is_azure_provided_dns(str(e)) for e in nic.dns_servers):
        return (AZURE_DNS,)
    return _dns(nic.dns_servers)


def _availability_set_unions(estate: Estate, nics_of_vm: dict[str, list[AzureNic]]) -> dict[str, frozenset[IPAddress]]:
    """Per availability set, the DNS servers of every member's NICs: what Azure may hand any member."""
    unions: dict[str, set[IPAddress]] = {}
    for vm in estate.vms:
        if vm.availability_set_id:
            members = unions.setdefault(resource_key(vm.availability_set_id), set())
            members.update(a for n in nics_of_vm.get(resource_key(vm.id), []) for a in _nic_servers(n))
    return {key: frozenset(servers) for key, servers in unions.items()}


def _nic_view(nic: AzureNic, union: frozenset[IPAddress], index: _Index) -> NicView:
    primary_first = sorted(nic.ip_configurations, key=lambda c: not c.primary)
    subnet = next((c.subnet_id for c in primary_first if c.subnet_id), None)
    vnet_servers = index.vnet_dns.get(resource_key(parent_id(subnet)), ()) if subnet else ()
    applied = frozenset(nic.applied_dns_servers)
    return NicView(nic, effective_dns(_nic_servers(nic), vnet_servers, union | applied))


def _vm_view(vm: AzureVm, estate: Estate, index: _Index) -> VmView:
    key = resource_key(vm.id)
    union = index.set_unions.get(resource_key(vm.availability_set_id or ""), frozenset())
    nics = tuple(_nic_view(n, union, index) for n in index.nics_of_vm.get(key, []))
    guest = estate.guests.get(key) or GuestUnreadable(NOT_PROBED)
    return VmView(subject=vm.id, name=vm.name, os_type=vm.os_type, nics=nics, guest=guest)


def _claims(estate: Estate, declared: Iterable[DeclaredNic], views: Iterable[VmView]) -> list[AddressClaim]:
    claims = [
        AddressClaim(c.subnet_id, c.address, nic.id, Layer.AZURE, nic.id, c.name)
        for nic in estate.nics
        for c in nic.ip_configurations
        if c.subnet_id and c.address is not None
    ]
    claims += estate.other_claims
    for nic in declared:
        if not isinstance(nic.subnet_id, str):
            continue
        owner = nic.id if isinstance(nic.id, str) else nic.subject
        claims += [
            AddressClaim(nic.subnet_id, c.address, owner, Layer.DECLARED, nic.subject, c.name)
            for c in nic.ip_configurations
            if c.address is not UNKNOWN and c.address is not None
        ]
    for view in views:
        claims += guest_claims(view)
    return claims


def _origins(estate: Estate, declared: Sequence[DeclaredNic] | None) -> list[NicOrigin]:
    listed = None if declared is None else {resource_key(d.id) for d in declared if isinstance(d.id, str)}
    return [
        NicOrigin(subject=n.id, tags=n.tags, in_manifest=None if listed is None else resource_key(n.id) in listed)
        for n in estate.nics
        if resource_key(n.id) not in estate.service_nics  # Azure's own (private endpoint): never declarable
    ]


def _owners(estate: Estate, index: _Index, pairs: Iterable[NicPair]) -> dict[str, str]:
    """Finding subject -> the VM or NIC id it is scoped by."""
    owners = {resource_key(v.id): v.id for v in estate.vms}
    owners.update({resource_key(n.id): index.owner(n) for n in estate.nics})
    for pair in pairs:
        if pair.azure is not None:
            owner = index.owner(pair.azure)
        else:
            owner = pair.declared.vm if isinstance(pair.declared.vm, str) else pair.subject
        owners.setdefault(resource_key(pair.subject), owner)
        owners.setdefault(resource_key(pair.declared.subject), owner)
    return owners


def _in_scope(subject: str, owners: dict[str, str], selected: set[str], index: _Index, scope: Scope) -> bool:
    owner = owners.get(resource_key(subject))
    if owner is None:
        # Neither a VM nor a NIC (a subnet, a load balancer frontend): reported once, by shard 1.
        return (scope.shard is None or scope.shard.index == 1) and not scope.filters_vms
    key = resource_key(owner)
    if key in index.vms or key in index.nics:
        return key in selected
    # A declared NIC that is gone, or whose VM is gone: scoped by the id it names.
    return scope.selects_vm(owner, {}) if "/virtualmachines/" in key else scope.selects_loose_nic(owner)
