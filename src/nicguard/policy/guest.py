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
from ..core.net import try_parse_ip
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


def _target(resource: Any, prop: str, kind: str, by_name: Mapping[tuple[str, str], Any]) -> Any:
    linked = [d for d in resource.property_dependencies.get(prop, ()) if d.resource_type == kind]
    if linked:
        return linked[0]
    name = text(field(resource.props, prop))
    return by_name.get((kind, name.lower())) if isinstance(name, str) else None


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
    by_name = {}
    for r in resources:
        if r.resource_type in (VM, VMSS):
            name = text(field(r.props, "vmName" if r.resource_type == VM else "vmScaleSetName"))
            by_name[(r.resource_type, (name if isinstance(name, str) else r.name).lower())] = r
    targets = {}
    for resource in resources:
        if resource.resource_type in (VM, VMSS):
            targets[resource.urn] = resource
        elif resource.resource_type in _TARGETS:
            prop, kind = _TARGETS[resource.resource_type]
            targets[resource.urn] = _target(resource, prop, kind, by_name)
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
