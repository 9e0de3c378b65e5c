"""ARM JSON (as listed live or read from a snapshot) -> core dataclasses.

Works on the REST shape (``properties.ipConfigurations[].properties.privateIPAddress``),
which is what the SDK models' ``as_dict()`` returns and what a snapshot stores, so the
live and offline paths share one mapping. Pure: no SDK import. ARM fields are read
defensively: a missing or malformed field becomes "absent", never a crash.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core import net
from ..core.model import AllocationMethod, AzureIpConfig, AzureNic, AzureSubnet, AzureVm, AzureVnet, PowerState

Json = Mapping[str, Any]


def _props(doc: Json) -> Json:
    value = doc.get("properties")
    return value if isinstance(value, Mapping) else {}


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def _ref_id(value: object) -> str | None:
    if isinstance(value, Mapping) and isinstance(value.get("id"), str):
        return value["id"]
    return None


def _addresses(values: object) -> tuple[net.IPAddress, ...]:
    parsed = (net.try_parse_ip(v) for v in _list(values))
    return tuple(a for a in parsed if a is not None)


def _mac(value: object) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return net.normalise_mac(value)
    except net.AddressError:
        return None


def _allocation(value: object) -> AllocationMethod:
    return AllocationMethod.STATIC if str(value).lower() == "static" else AllocationMethod.DYNAMIC


def resource_tags(doc: Json) -> dict[str, str]:
    tags = doc.get("tags")
    return {str(k): str(v) for k, v in tags.items()} if isinstance(tags, Mapping) else {}


_tags = resource_tags


def frontend_configs(doc: Json) -> list[Json]:
    """The frontend IP configurations of a load balancer or application gateway document."""
    return [c for c in _list(_props(doc).get("frontendIPConfigurations")) if isinstance(c, Mapping)]


def ip_config_from_arm(doc: Json) -> AzureIpConfig:
    props = _props(doc)
    return AzureIpConfig(
        id=str(doc.get("id", "")),
        name=str(doc.get("name", "")),
        address=net.try_parse_ip(props.get("privateIPAddress")),
        allocation=_allocation(props.get("privateIPAllocationMethod")),
        subnet_id=_ref_id(props.get("subnet")),
        primary=bool(props.get("primary", False)),
    )


SERVICE_NIC_OWNERS = ("privateEndpoint", "privateLinkService")


def service_owner(doc: Json) -> str | None:
    """The private endpoint or private link service Azure created this NIC for, if any.

    Such a NIC is Azure's: it cannot be declared through the component or changed by hand.
    """
    props = _props(doc)
    return next((ref for ref in (_ref_id(props.get(k)) for k in SERVICE_NIC_OWNERS) if ref), None)


def nic_from_arm(doc: Json) -> AzureNic:
    props = _props(doc)
    dns = props.get("dnsSettings") if isinstance(props.get("dnsSettings"), Mapping) else {}
    return AzureNic(
        id=str(doc["id"]),
        name=str(doc.get("name") or net.resource_name(doc["id"])),
        mac=_mac(props.get("macAddress")),
        ip_configurations=tuple(
            ip_config_from_arm(c) for c in _list(props.get("ipConfigurations")) if isinstance(c, Mapping)
        ),
        dns_servers=tuple(str(s) for s in _list(dns.get("dnsServers"))),
        applied_dns_servers=_addresses(dns.get("appliedDnsServers")),
        vm_id=_ref_id(props.get("virtualMachine")),
        accelerated_networking=bool(props.get("enableAcceleratedNetworking", False)),
        primary=bool(props.get("primary", True)),
        tags=_tags(doc),
    )


def _subnet_prefixes(props: Json) -> tuple[net.IPNetwork, ...]:
    # A subnet normally carries one of addressPrefix / addressPrefixes; read both.
    raw = [props.get("addressPrefix"), *_list(props.get("addressPrefixes"))]
    prefixes: dict[net.IPNetwork, None] = {}
    for value in raw:
        if isinstance(value, str):
            try:
                prefixes[net.parse_prefix(value)] = None
            except net.AddressError:
                continue
    return tuple(prefixes)


def subnet_from_arm(doc: Json) -> AzureSubnet:
    props = _props(doc)
    holders = (_ref_id(c) for c in _list(props.get("ipConfigurations")))
    return AzureSubnet(
        id=str(doc["id"]),
        name=str(doc.get("name") or net.resource_name(doc["id"])),
        prefixes=_subnet_prefixes(props),
        ip_configuration_ids=tuple(h for h in holders if h),
    )


def vnet_from_arm(doc: Json) -> AzureVnet:
    props = _props(doc)
    dhcp = props.get("dhcpOptions") if isinstance(props.get("dhcpOptions"), Mapping) else {}
    return AzureVnet(
        id=str(doc["id"]),
        name=str(doc.get("name") or net.resource_name(doc["id"])),
        dns_servers=_addresses(dhcp.get("dnsServers")),
        subnets=tuple(
            subnet_from_arm(s) for s in _list(props.get("subnets")) if isinstance(s, Mapping) and isinstance(s.get("id"), str)
        ),
    )


def _status_codes(instance_view: Json | None, *path: str) -> list[str]:
    node: object = instance_view or {}
    for key in path:
        node = node.get(key) if isinstance(node, Mapping) else None
    return [str(s.get("code", "")) for s in _list(node) if isinstance(s, Mapping)]


def power_state(instance_view: Json | None) -> PowerState:
    for code in _status_codes(instance_view, "statuses"):
        kind, _, value = code.partition("/")
        if kind.lower() == "powerstate":
            try:
                return PowerState(value.lower())
            except ValueError:
                return PowerState.UNKNOWN
    return PowerState.UNKNOWN


def agent_ready(instance_view: Json | None) -> bool | None:
    """True/False from the VM agent's statuses; None when the view carries no agent status."""
    agent = (instance_view or {}).get("vmAgent")
    if not isinstance(agent, Mapping):
        return None
    statuses = [s for s in _list(agent.get("statuses")) if isinstance(s, Mapping)]
    if not statuses:
        return None
    return any(str(s.get("displayStatus", "")).lower() == "ready" for s in statuses)


def embedded_instance_view(doc: Json) -> Json | None:
    """The instance view a statusOnly listing embeds in each VM, if any."""
    view = _props(doc).get("instanceView")
    return view if isinstance(view, Mapping) else None


def vm_from_arm(doc: Json, instance_view: Json | None = None) -> AzureVm:
    props = _props(doc)
    view = instance_view if instance_view is not None else embedded_instance_view(doc)
    storage = props.get("storageProfile") if isinstance(props.get("storageProfile"), Mapping) else {}
    os_disk = storage.get("osDisk") if isinstance(storage.get("osDisk"), Mapping) else {}
    network = props.get("networkProfile") if isinstance(props.get("networkProfile"), Mapping) else {}
    nic_ids = (_ref_id(n) for n in _list(network.get("networkInterfaces")))
    return AzureVm(
        id=str(doc["id"]),
        name=str(doc.get("name") or net.resource_name(doc["id"])),
        power_state=power_state(view),
        os_type=str(os_disk["osType"]) if os_disk.get("osType") else None,
        nic_ids=tuple(n for n in nic_ids if n),
        availability_set_id=_ref_id(props.get("availabilitySet")),
        agent_ready=agent_ready(view),
    )


def resource_group_of(resource_id: str) -> str:
    parts = resource_id.strip("/").split("/")
    lowered = [p.lower() for p in parts]
    return parts[lowered.index("resourcegroups") + 1] if "resourcegroups" in lowered else ""


def subscription_of(resource_id: str) -> str:
    parts = resource_id.strip("/").split("/")
    return parts[1] if len(parts) > 1 and parts[0].lower() == "subscriptions" else ""
