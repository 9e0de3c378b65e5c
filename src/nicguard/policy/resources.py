"""One Azure resource's props (inputs or outputs, camelCase wire names) -> core dataclasses."""

from __future__ import annotations

from typing import Any

from ..core.model import COMPONENT_TYPE, DeclaredIpConfig, DeclaredNic, NicOrigin
from ..core.net import AddressError, IPNetwork, parse_ip, parse_prefix
from ..core.unknown import UNKNOWN, Maybe
from .props import elements, field, string_map, text

STACK = "pulumi:pulumi:Stack"
NIC = "azure-native:network:NetworkInterface"
SUBNET = "azure-native:network:Subnet"
VNET = "azure-native:network:VirtualNetwork"
VM = "azure-native:compute:VirtualMachine"
VM_EXTENSION = "azure-native:compute:VirtualMachineExtension"
VM_RUN_COMMAND = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine"
VMSS = "azure-native:compute:VirtualMachineScaleSet"
VMSS_EXTENSION = "azure-native:compute:VirtualMachineScaleSetExtension"
VMSS_VM_RUN_COMMAND = "azure-native:compute:VirtualMachineScaleSetVMRunCommand"

# Azure's default when privateIPAllocationMethod is omitted.
DEFAULT_ALLOCATION = "Dynamic"


def ancestor_types(urn: str) -> tuple[str, ...]:
    """The types of a resource's Pulumi ancestors, from its URN
    (``urn:pulumi:stack::project::parent$child::name``)."""
    parts = urn.split("::", 3)
    if len(parts) < 4:
        return ()
    return tuple(parts[2].split("$")[:-1])


def nic_origin(urn: str, props: Any) -> NicOrigin:
    ancestors = ancestor_types(urn)
    # A NIC nested anywhere below the component is declared through it.
    parent = COMPONENT_TYPE if COMPONENT_TYPE in ancestors else (ancestors[-1] if ancestors else None)
    return NicOrigin(subject=urn, tags=string_map(field(props, "tags")), parent_type=parent)


def is_managed(origin: NicOrigin, managed_tag: tuple[str, str]) -> bool:
    key, value = managed_tag
    tags = {k.lower(): v.lower() for k, v in origin.tags.items()}
    return origin.parent_type == COMPONENT_TYPE or tags.get(key.lower()) == value.lower()


def _address(value: Any) -> Maybe[Any]:
    if value is UNKNOWN or value is None:
        return value
    try:
        return parse_ip(str(value))
    except AddressError:
        return None


def _ip_config(config: Any, index: int) -> DeclaredIpConfig:
    if config is UNKNOWN:
        return DeclaredIpConfig(f"ipConfigurations[{index}]", UNKNOWN, allocation=UNKNOWN)
    name = text(field(config, "name"))
    allocation = text(field(config, "privateIPAllocationMethod"))
    return DeclaredIpConfig(
        name=name if isinstance(name, str) else f"ipConfigurations[{index}]",
        address=_address(field(config, "privateIPAddress")),
        primary=field(config, "primary") is True,
        allocation=DEFAULT_ALLOCATION if allocation is None else allocation,
    )


def ip_configurations(props: Any) -> tuple[Any, ...]:
    """The NIC's ipConfigurations as raw bags; one UNKNOWN entry when the list is unknown."""
    configs = elements(field(props, "ipConfigurations"))
    return (UNKNOWN,) if configs is UNKNOWN else configs


def subnet_id_of(config: Any) -> Maybe[str | None]:
    return text(field(config, "subnet", "id")) if config is not UNKNOWN else UNKNOWN


def dns_servers(props: Any, *path: str) -> Maybe[tuple[Maybe[str], ...]]:
    entries = elements(field(props, *path))
    if entries is UNKNOWN:
        return UNKNOWN
    return tuple(e if e is UNKNOWN else str(e) for e in entries)


def declared_nic(
    name: str,
    urn: str,
    props: Any,
    prefixes: Maybe[tuple[IPNetwork, ...]] = UNKNOWN,
    raw_configs: tuple[Any, ...] | None = None,
) -> DeclaredNic:
    """``raw_configs``: ``ip_configurations(props)`` when the caller has already read them."""
    configs = ip_configurations(props) if raw_configs is None else raw_configs
    subnet_id = next((s for s in map(subnet_id_of, configs) if isinstance(s, str)), UNKNOWN)
    return DeclaredNic(
        name=name,
        subject=urn,
        id=text(field(props, "id")),
        vm=text(field(props, "virtualMachine", "id")),
        subnet_id=subnet_id,
        subnet_prefixes=prefixes,
        ip_configurations=tuple(_ip_config(c, i) for i, c in enumerate(configs)),
        dns_servers=dns_servers(props, "dnsSettings", "dnsServers"),
    )


def prefixes_of(props: Any) -> Maybe[tuple[IPNetwork, ...]]:
    """A subnet's prefixes from ``addressPrefixes`` and ``addressPrefix`` (Azure may return
    either, whichever was set); UNKNOWN when any is unknown or none can be read."""
    plural = elements(field(props, "addressPrefixes"))
    single = field(props, "addressPrefix")
    if plural is UNKNOWN or single is UNKNOWN or UNKNOWN in plural:
        return UNKNOWN
    texts = [str(p) for p in plural] + ([str(single)] if isinstance(single, str) else [])
    return _parsed_prefixes(texts)


def component_subnet_prefixes(props: Any) -> Maybe[tuple[IPNetwork, ...]]:
    """The prefixes a StaticNic component registered as its ``subnetPrefixes`` output (what
    its NIC's subnet was declared with); UNKNOWN when absent, unknown or unreadable."""
    listed = elements(field(props, "subnetPrefixes"))
    if listed is UNKNOWN or UNKNOWN in listed:
        return UNKNOWN
    return _parsed_prefixes([str(p) for p in listed])


def _parsed_prefixes(texts: list[str]) -> Maybe[tuple[IPNetwork, ...]]:
    try:
        prefixes = tuple(dict.fromkeys(parse_prefix(p) for p in texts))
    except AddressError:
        return UNKNOWN
    return prefixes or UNKNOWN
