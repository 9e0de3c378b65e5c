"""Guest-side network changes a platform team meets: a DC pointing DNS at itself, a
password and static DNS in protectedSettings, a run command repeating the VNet's DNS,
netplan in cloud-init custom data on a VM with two NICs, a scale-set extension."""

import base64
import sys
from pathlib import Path

import pulumi
from pulumi_azure_native import compute, network

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))  # the repository root: its components/
from components import IpConfig, StaticNic, vnet_dhcp_options  # noqa: E402

PASSWORD = "CANARY-pw-Sup3rS3cret"  # must never appear in any output
config = pulumi.Config()
admin = config.require_object("admin")  # holds a secure value: the whole object is secret
dc_address = f"10.0.1.{config.require_int('dcOctet')}"

vnet = network.VirtualNetwork(
    "vnet",
    resource_group_name="rg",
    address_space={"address_prefixes": ["10.0.0.0/16"]},
    dhcp_options=vnet_dhcp_options("vnet", config.require_object("vnetDns")),  # lists the DC
)
subnet = network.Subnet("app", resource_group_name="rg", virtual_network_name=vnet.name, address_prefix="10.0.1.0/24")


def nic(name, address):
    return StaticNic(name, resource_group_name="rg", subnet_id=subnet.id, subnet_prefixes=["10.0.1.0/24"], ip_configurations=[IpConfig("ipconfig1", address)])


def vm(name, *nics, **os_profile):
    refs = [{"id": n.network_interface_id, "primary": i == 0} for i, n in enumerate(nics)]
    return compute.VirtualMachine(name, resource_group_name="rg", network_profile={"network_interfaces": refs}, os_profile=os_profile or None)


dc = vm("dc1", nic("dc1-nic", dc_address))
web = vm("web", nic("web-nic", "10.0.1.30"))
netplan = """#cloud-config
write_files:
  - path: /etc/netplan/60-static.yaml
    content: |
      network:
        version: 2
        ethernets:
          eth0:
            dhcp4: false
            addresses: [10.0.1.20/24]
"""
app = vm(
    "app",
    nic("app-front", "10.0.1.20"),
    nic("app-back", "10.0.1.21"),
    computer_name="app",
    admin_username=admin["user"],
    admin_password=pulumi.Output.secret(admin["password"]),
    custom_data=base64.b64encode(netplan.encode()).decode(),
)


def script_extension(name, target, **settings):
    return compute.VirtualMachineExtension(
        name, resource_group_name="rg", vm_name=target.name, publisher="Microsoft.Compute", type="CustomScriptExtension", type_handler_version="1.10", **settings
    )


SET_DNS = 'powershell -Command "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses {}"'
# The DC resolves through itself while the VNet hands out its address: info.
script_extension("dc1-dns", dc, settings={"commandToExecute": SET_DNS.format("127.0.0.1")})
# Static DNS and a password in protectedSettings: an error, and the password never printed.
script_extension("web-setup", web, protected_settings={"commandToExecute": f"net user svc {PASSWORD} /add & " + SET_DNS.format(f"10.9.9.9,{PASSWORD}")})
# The VNet's own servers set again in the guest: a warning.
compute.VirtualMachineRunCommandByVirtualMachine(
    "web-dns", resource_group_name="rg", vm_name=web.name, source={"script": SET_DNS.format('("10.0.1.4","10.0.1.5")')}
)
if config.require_bool("scaleSet"):
    scale_set = compute.VirtualMachineScaleSet(
        "pool",
        resource_group_name="rg",
        virtual_machine_profile={
            "network_profile": {
                "network_interface_configurations": [{"name": "nic", "primary": True, "ip_configurations": [{"name": "ipconfig1", "subnet": {"id": subnet.id}}]}]
            }
        },
    )
    compute.VirtualMachineScaleSetExtension(
        "pool-dns",
        resource_group_name="rg",
        vm_scale_set_name=scale_set.name,
        publisher="Microsoft.Compute",
        type="CustomScriptExtension",
        type_handler_version="1.10",
        settings={"commandToExecute": SET_DNS.format("8.8.8.8")},
    )
pulumi.export("sshKey", config.require_secret("sshKey"))
