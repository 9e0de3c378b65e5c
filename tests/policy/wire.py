"""Resources as the Pulumi engine sends them to a pack: camelCase props, unknowns as the
sentinel string, secrets as signature objects."""

from __future__ import annotations

from typing import Any

from nicguard.policy.client import Resource

UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"
PROJECT, STACK = "proj", "dev"
COMPONENT = "nicguard:network:StaticNic"
NIC_TYPE = "azure-native:network:NetworkInterface"
SUBNET_TYPE = "azure-native:network:Subnet"
STACK_URN = f"urn:pulumi:{STACK}::{PROJECT}::pulumi:pulumi:Stack::{PROJECT}-{STACK}"
SUBNET_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app"


def secret(value: Any) -> dict[str, Any]:
    return {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "value": value}


def urn(type_: str, name: str, parent_type: str | None = None) -> str:
    qualified = f"{parent_type}${type_}" if parent_type else type_
    return f"urn:pulumi:{STACK}::{PROJECT}::{qualified}::{name}"


def stack() -> Resource:
    return Resource(urn=STACK_URN, type="pulumi:pulumi:Stack", name=f"{PROJECT}-{STACK}")


def subnet(name: str = "app", prefix: Any = "10.0.1.0/24", subnet_id: Any = UNKNOWN) -> Resource:
    return Resource(
        urn=urn(SUBNET_TYPE, name),
        type=SUBNET_TYPE,
        name=name,
        inputs={"addressPrefix": prefix, "virtualNetworkName": "vnet", "id": subnet_id},
        parent=STACK_URN,
    )


def static_nic(name: str, prefixes: Any = ("10.0.1.0/24",)) -> Resource:
    """The StaticNic component that ``nic(name)`` is the child of, with its registered outputs."""
    outputs = {"subnetPrefixes": prefixes if isinstance(prefixes, str) else list(prefixes)}
    return Resource(urn=urn(COMPONENT, name), type=COMPONENT, name=name, outputs=outputs, parent=STACK_URN)


def nic(
    name: str,
    address: Any = "10.0.1.10",
    subnet_id: Any = UNKNOWN,
    via: Resource | None = None,
    allocation: Any = "Static",
    dns: Any = (),
    managed: bool = True,
    tags: dict[str, Any] | None = None,
) -> Resource:
    """A NIC; ``via``: the Subnet resource its ipConfigurations depend on (the preview link)."""
    config = {"name": "ipconfig1", "privateIPAddress": address, "privateIPAllocationMethod": allocation, "subnet": {"id": subnet_id}}
    return Resource(
        urn=urn(NIC_TYPE, name, COMPONENT if managed else None),
        type=NIC_TYPE,
        name=name,
        inputs={
            "ipConfigurations": [config],
            "dnsSettings": {"dnsServers": dns if isinstance(dns, (str, dict)) else list(dns)},
            "tags": tags or {},
        },
        parent=urn(COMPONENT, name) if managed else STACK_URN,
        property_dependencies={"ipConfigurations": [via.urn]} if via is not None else {},
    )


def by_policy(response: Any) -> dict[str, list[Any]]:
    found: dict[str, list[Any]] = {}
    for diagnostic in response.diagnostics:
        found.setdefault(diagnostic.policyName, []).append(diagnostic)
    return found


VNET_TYPE = "azure-native:network:VirtualNetwork"
VM_TYPE = "azure-native:compute:VirtualMachine"
EXTENSION_TYPE = "azure-native:compute:VirtualMachineExtension"
RUN_COMMAND_TYPE = "azure-native:compute:VirtualMachineRunCommandByVirtualMachine"


def vnet(name: str = "vnet", dns: Any = ()) -> Resource:
    return Resource(urn=urn(VNET_TYPE, name), type=VNET_TYPE, name=name, inputs={"dhcpOptions": {"dnsServers": list(dns)}}, parent=STACK_URN)


def subnet_in(net: Resource, name: str = "app", prefix: str = "10.0.1.0/24") -> Resource:
    base = subnet(name, prefix)
    return Resource(
        urn=base.urn, type=base.type, name=name, inputs={**base.inputs, "virtualNetworkName": UNKNOWN},
        parent=STACK_URN, property_dependencies={"virtualNetworkName": [net.urn]},
    )


def vm(name: str, nics: list[Resource]) -> Resource:
    return Resource(
        urn=urn(VM_TYPE, name),
        type=VM_TYPE,
        name=name,
        inputs={"networkProfile": {"networkInterfaces": [{"id": UNKNOWN} for _ in nics]}},
        parent=STACK_URN,
        property_dependencies={"networkProfile": [n.urn for n in nics]},
    )


def extension(name: str, target: Resource | str, settings: dict[str, Any] | None = None, protected: Any = None) -> Resource:
    inputs: dict[str, Any] = {"vmName": UNKNOWN if isinstance(target, Resource) else target, "publisher": "Microsoft.Compute", "type": "CustomScriptExtension"}
    if settings is not None:
        inputs["settings"] = settings
    if protected is not None:
        inputs["protectedSettings"] = protected
    return Resource(
        urn=urn(EXTENSION_TYPE, name), type=EXTENSION_TYPE, name=name, inputs=inputs, parent=STACK_URN,
        property_dependencies={"vmName": [target.urn]} if isinstance(target, Resource) else {},
    )


def run_command(name: str, target: Resource, script: str) -> Resource:
    return Resource(
        urn=urn(RUN_COMMAND_TYPE, name), type=RUN_COMMAND_TYPE, name=name,
        inputs={"vmName": UNKNOWN, "source": {"script": script}}, parent=STACK_URN,
        property_dependencies={"vmName": [target.urn]},
    )
