"""A Bundle mapped into core dataclasses: the estate the reconciliation reads."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..azure import arm_json
from ..core.conflicts import AddressClaim, Layer
from ..core.model import AzureNic, AzureVm, AzureVnet, GuestState, GuestUnreadable
from ..core.net import resource_key
from .bundle import Bundle, GuestRecord

GuestReader = Callable[[GuestRecord], GuestState | GuestUnreadable]


@dataclass
class Estate:
    nics: list[AzureNic] = field(default_factory=list)
    vnets: list[AzureVnet] = field(default_factory=list)
    vms: list[AzureVm] = field(default_factory=list)
    vm_tags: dict[str, dict[str, str]] = field(default_factory=dict)  # by resource key
    other_claims: list[AddressClaim] = field(default_factory=list)  # non-NIC holders (Layer.OTHER)
    unresolved_holders: list[str] = field(default_factory=list)  # subnet holders whose address is unknown
    service_nics: set[str] = field(default_factory=set)  # resource keys of NICs Azure made for a service
    guests: dict[str, GuestState | GuestUnreadable] = field(default_factory=dict)  # by VM resource key


def estate_from_bundle(bundle: Bundle, read_guest: GuestReader) -> Estate:
    arm = bundle.arm
    estate = Estate(
        nics=[arm_json.nic_from_arm(d) for d in arm.network_interfaces],
        vnets=[arm_json.vnet_from_arm(d) for d in arm.virtual_networks],
        service_nics={resource_key(d["id"]) for d in arm.network_interfaces if arm_json.service_owner(d)},
    )
    for doc in arm.virtual_machines:
        key = resource_key(doc["id"])
        estate.vms.append(arm_json.vm_from_arm(doc, arm.instance_views.get(key)))
        estate.vm_tags[key] = arm_json.resource_tags(doc)
    estate.other_claims, estate.unresolved_holders = _other_claims(bundle, estate)
    estate.guests = {resource_key(vm_id): read_guest(record) for vm_id, record in bundle.guests.items()}
    return estate


def _frontends(bundle: Bundle) -> dict[str, AddressClaim]:
    """Frontend IP configurations of listed load balancers / gateways, by ip configuration id."""
    found = {}
    for doc in bundle.arm.frontend_holders:
        for config in arm_json.frontend_configs(doc):
            parsed = arm_json.ip_config_from_arm(config)
            if parsed.address is not None and parsed.subnet_id:
                found[resource_key(parsed.id)] = AddressClaim(
                    parsed.subnet_id, parsed.address, parsed.id, Layer.OTHER, parsed.id, parsed.name
                )
    return found


def _other_claims(bundle: Bundle, estate: Estate) -> tuple[list[AddressClaim], list[str]]:
    nic_configs = {resource_key(c.id) for n in estate.nics for c in n.ip_configurations}
    frontends = _frontends(bundle)
    claims, unresolved = [], []
    for vnet in estate.vnets:
        for subnet in vnet.subnets:
            for holder in subnet.ip_configuration_ids:
                key = resource_key(holder)
                if key in nic_configs:
                    continue
                if key in frontends:
                    claims.append(frontends[key])
                else:
                    unresolved.append(holder)
    return claims, unresolved
