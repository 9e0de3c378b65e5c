"""Two managed NICs claim one address behind a Subnet whose id is unknown at preview, a
managed NIC is Dynamic, and a NIC outside nicguard holds a secret tag."""

import pulumi
from pulumi_azure_native import network

config = pulumi.Config()
MANAGED = {"managed-by": "nicguard"}

vnet = network.VirtualNetwork("vnet", resource_group_name="rg", address_space={"address_prefixes": ["10.0.0.0/16"]})
subnet = network.Subnet("app", resource_group_name="rg", virtual_network_name=vnet.name, address_prefix="10.0.1.0/24")


def nic(name, address=None, allocation="Static", tags=MANAGED):
    config_ = {"name": "ipconfig1", "private_ip_allocation_method": allocation, "subnet": {"id": subnet.id}}
    if address:
        config_["private_ip_address"] = address
    return network.NetworkInterface(name, resource_group_name="rg", ip_configurations=[config_], tags=tags)


nic("web", config.require("duplicate"))
nic("api", config.require("duplicate"))
nic("worker", allocation="Dynamic")
nic("legacy", "10.0.1.30", tags={"owner": config.require_secret("token")})
