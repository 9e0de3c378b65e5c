"""Guest changes in a stack: every resource that runs or boots a VM with a script or config
(extensions, run commands, custom/user data, unattend content, and their scale-set forms),
scanned with the stack context of the VM it targets, as the drift check judges a live guest.

The target is found through ``property_dependencies`` first (``vmName``,
``vmScaleSetName``: the VM's name is unknown at preview when Pulumi auto-names it), else by
the Azure name. A VM's context is its NICs' addresses and the effective DNS (NIC list, else
the VNet's, else Azure DNS); a scale set's instances get dynamic addresses, so only its DNS
is known. A change whose VM is not in the stack is judged as a bare file (Azure's defaults).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ..core.effective import effective_dns
from ..core.net import parent_id, resource_key, try_parse_ip
from ..core.unknown import UNKNOWN
from ..scanner import BARE_FILE, GuestChange, Origin, ScanContext, scan_properties
from .props import elements, field, plain, text
from .resources import VM, VM_EXTENSION, VM_RUN_COMMAND, VMSS, VMSS_EXTENSION, VMSS_VM_RUN_COMMAND

# The resource type, and the property naming the VM (or scale set) it runs on.
_TARGETS = {
    VM_EXTENSION: ("vmName", VM),
    VM_RUN_COMMAND: ("vmName", VM),
    VMSS_EXTENSION: ("vmScaleSetName", VMSS),
    VMSS_VM_RUN_COMMAND: ("vmScaleSetName", VMSS),
}


def _scan_context(network: Any) -> ScanContext:
    addresses = network.addresses
    return ScanContext(
        nic_addresses=addresses,
        effective_dns=network.effective if network.effective is not UNKNOWN else None,
        own_addresses=frozenset(addresses) if addresses is not UNKNOWN else frozenset(),
        multi_ip=network.multi_ip,
    )


def _target(resource: Any, prop: str, kind: str, by_name: Mapping[tuple[str, str], Any], by_id: Mapping[str, Any]) -> Any:
    linked = [d for d in resource.property_dependencies.get(prop, ()) if d.resource_type == kind]
    if linked:
        return linked[0]
    # Deployed state (``pulumi up``, ``pulumi policy analyze``) holds outputs: no ``vmName``,
    # but the resource's own id, ``.../virtualMachines/<vm>/extensions/<name>``.
    own_id = text(field(resource.props, "id"))
    if isinstance(own_id, str) and resource_key(parent_id(own_id)) in by_id:
        return by_id[resource_key(parent_id(own_id))]
    name = text(field(resource.props, prop))
    if not isinstance(name, str) and isinstance(own_id, str) and "/" in own_id:
        name = parent_id(own_id).rsplit("/", 1)[-1]
    return by_name.get((kind, name.lower())) if isinstance(name, str) else None


def _azure_name(resource: Any, prop: str) -> str:
    """A VM's or scale set's Azure name: the ``vmName`` input, the ``name`` output, else the
    Pulumi name (Azure-native auto-names from it, with a random suffix)."""
    for key in (prop, "name"):
        name = text(field(resource.props, key))
        if isinstance(name, str) and name:
            return name
    return resource.name


def _vmss_context(vmss: Any, vnet_dns: Callable[[Any], Any]) -> ScanContext:
    first = field(vmss.props, "virtualMachineProfile", "networkProfile", "networkInterfaceConfigurations", 0)
    entries = elements(field(first, "dnsSettings", "dnsServers"))
    if entries is UNKNOWN or UNKNOWN in entries:
        return BARE_FILE
    nic_dns = tuple(a for a in map(try_parse_ip, entries) if a is not None)
    vnet = vnet_dns(vmss)
    if nic_dns or vnet is not UNKNOWN:
        return ScanContext(effective_dns=effective_dns(nic_dns, () if vnet is UNKNOWN else vnet))
    return BARE_FILE


def change_targets(resources: Iterable[Any]) -> dict[str, Any]:
    """The VM or scale set each guest-changing resource runs on, by the resource's URN: a VM
    or scale set itself (its custom data), else the target of an extension or run command
    (None when it is not in the stack)."""
    resources = list(resources)
    by_name, by_id = {}, {}
    for r in resources:
        if r.resource_type in (VM, VMSS):
            name = _azure_name(r, "vmName" if r.resource_type == VM else "vmScaleSetName")
            by_name[(r.resource_type, name.lower())] = r
            known_id = text(field(r.props, "id"))
            if isinstance(known_id, str) and known_id:
                by_id[resource_key(known_id)] = r
    targets = {}
    for resource in resources:
        if resource.resource_type in (VM, VMSS):
            targets[resource.urn] = resource
        elif resource.resource_type in _TARGETS:
            prop, kind = _TARGETS[resource.resource_type]
            found = _target(resource, prop, kind, by_name, by_id)
            targets[resource.urn] = found if found is None or found.resource_type == kind else None
    return targets


def guest_changes(
    resources: Iterable[Any],
    targets: Mapping[str, Any],
    vm_context: Callable[[str], Any],
    vnet_dns: Callable[[Any], Any],
    has_secrets: Callable[[Any], bool],
) -> list[GuestChange]:
    """``targets``: ``change_targets(resources)``; ``vm_context(urn)``: the VmNetwork of a VM
    in the stack; ``vnet_dns(vmss)``: the DNS of the VNet a scale set's subnet belongs to
    (UNKNOWN if not known); ``has_secrets(resource)``: whether any of its values was secret
    (then nothing of it is quoted)."""
    changes = []
    for resource in resources:
        if resource.urn not in targets:
            continue
        target = targets[resource.urn]
        if target is None:
            context = BARE_FILE
        elif target.resource_type == VM:
            context = _scan_context(vm_context(target.urn))
        else:
            context = _vmss_context(target, vnet_dns)
        changes += scan_properties(
            plain(resource.props), Origin(resource=resource.urn), context, secret=has_secrets(resource)
        )
    return changes
