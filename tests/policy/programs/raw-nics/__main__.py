"""NICs made directly with ``network.NetworkInterface``: dict args and args classes, Static
and Dynamic, a subnet looked up with an invoke (nothing under mocks), an address computed
from an Output that is unknown at preview."""

import pulumi
from pulumi_azure_native import network

MANAGED = {"managed-by": "nicguard"}
config = pulumi.Config()

vnet = network.VirtualNetwork("vnet", resource_group_name="rg", address_space={"address_prefixes": ["10.0.0.0/16"]})
subnet = network.Subnet("app", resource_group_name="rg", virtual_network_name=vnet.name, address_prefix="10.0.1.0/24")
hub = network.get_subnet_output(resource_group_name="rg-net", virtual_network_name="hub", subnet_name="vms")
hub_plain = network.get_subnet(resource_group_name="rg-net", virtual_network_name="hub", subnet_name="vms")


def static(name, address, subnet_id):
    return {"name": name, "private_ip_allocation_method": "Static", "private_ip_address": address, "subnet": {"id": subnet_id}}


# Dict args, Static: fine.
network.NetworkInterface("web", resource_group_name="rg", tags=MANAGED, ip_configurations=[static("ipconfig1", config.require("webAddress"), subnet.id)])
# Args classes (SubnetArgs adds subnet policy defaults to the NIC), Static, same address as web: NG101.
network.NetworkInterface(
    "api",
    resource_group_name="rg",
    tags=MANAGED,
    ip_configurations=[
        network.NetworkInterfaceIPConfigurationArgs(
            name="ipconfig1",
            private_ip_allocation_method=network.IPAllocationMethod.STATIC,
            private_ip_address="10.0.1.10",
            subnet=network.SubnetArgs(id=subnet.id),
        )
    ],
)
# Args classes, Dynamic: NG201 (Azure's default allocation when omitted, too).
network.NetworkInterface(
    "worker",
    resource_group_name="rg",
    tags=MANAGED,
    ip_configurations=[network.NetworkInterfaceIPConfigurationArgs(name="ipconfig1", private_ip_allocation_method="Dynamic", subnet=network.SubnetArgs(id=subnet.id))],
)
# On a looked-up subnet (nothing under mocks): its range cannot be checked, nothing else is wrong.
network.NetworkInterface("hub-a", resource_group_name="rg", tags=MANAGED, ip_configurations=[static("ipconfig1", "10.9.1.10", hub.id)])
network.NetworkInterface("hub-b", resource_group_name="rg", tags=MANAGED, ip_configurations=[static("ipconfig1", "10.9.1.10", hub_plain.id)])
# An address computed from an Output unknown at preview, beside a Dynamic configuration: the
# unknown one is "not known yet", the Dynamic one still an error.
octet = subnet.id.apply(lambda _: "40")
network.NetworkInterface(
    "computed",
    resource_group_name="rg",
    tags=MANAGED,
    ip_configurations=[
        {**static("one", pulumi.Output.concat("10.0.1.", octet), subnet.id), "primary": True},
        {"name": "two", "private_ip_allocation_method": "Dynamic", "subnet": {"id": subnet.id}},
    ],
)
