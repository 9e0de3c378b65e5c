"""The example stack: one VNet with VNet-level DNS, one subnet, and VMs whose NICs are StaticNics.

Nothing network-related is configured inside the guests: IPs and DNS live on the NICs and
the VNet only, as Microsoft recommends. Optional guest scripts (run commands) stand for the
set-up scripts real stacks run; the policy pack checks that they leave IP and DNS alone.
"""

from __future__ import annotations

import pulumi
from pulumi_azure_native import compute, network, resources

from ..args import IpConfig, StaticNicArgs
from ..manifest_output import MANIFEST_OUTPUT, manifest_output
from ..static_nic import StaticNic
from ..vnet_dns import vnet_dhcp_options
from .config import ExampleConfig, GuestScript, Secrets, VmSpec, load_config

IMAGES = {
    "linux": {
        "publisher": "Canonical",
        "offer": "0001-com-ubuntu-server-jammy",
        "sku": "22_04-lts-gen2",
        "version": "latest",
    },
    "windows": {
        "publisher": "MicrosoftWindowsServer",
        "offer": "WindowsServer",
        "sku": "2022-datacenter-azure-edition",
        "version": "latest",
    },
}


def main() -> None:
    """The Pulumi program: read the stack's config, declare the resources, export the manifest."""
    config, secrets = load_config()
    build(config, secrets)


def build(config: ExampleConfig, secrets: Secrets) -> None:
    group = resources.ResourceGroup("rg", resource_group_name=config.resource_group_name, location=config.location)
    vnet = network.VirtualNetwork(
        "vnet",
        resource_group_name=group.name,
        location=group.location,
        address_space={"address_prefixes": [config.address_space]},
        dhcp_options=vnet_dhcp_options("vnet", list(config.vnet_dns_servers)),
    )
    subnet = network.Subnet(
        "vms",
        resource_group_name=group.name,
        virtual_network_name=vnet.name,
        subnet_name="vms",
        address_prefix=config.subnet_prefix,
    )
    vm_ids: dict[StaticNic, pulumi.Output[str]] = {}
    vms: dict[str, compute.VirtualMachine] = {}
    for spec in config.vms:
        nic = StaticNic(
            f"{spec.name}-nic",
            StaticNicArgs(
                resource_group_name=group.name,
                location=group.location,
                nic_name=f"{spec.name}-nic",
                subnet_id=subnet.id,
                subnet_prefixes=[config.subnet_prefix],
                ip_configurations=[IpConfig("ipconfig1", spec.ip_address, primary=True)],
                dns_servers=list(spec.dns_servers),
                tags={"vm": spec.name},
            ),
        )
        machine = _virtual_machine(spec, nic, group, config, secrets)
        vms[spec.name.lower()] = machine
        vm_ids[nic] = machine.id
    _run_guest_scripts(config.guest_scripts, vms, group)
    pulumi.export("subnetId", subnet.id)
    pulumi.export(MANIFEST_OUTPUT, manifest_output(list(vm_ids), vm_ids))


def _virtual_machine(
    spec: VmSpec, nic: StaticNic, group: resources.ResourceGroup, config: ExampleConfig, secrets: Secrets
) -> compute.VirtualMachine:
    return compute.VirtualMachine(
        spec.name,
        resource_group_name=group.name,
        location=group.location,
        vm_name=spec.name,
        hardware_profile={"vm_size": spec.size},
        network_profile={"network_interfaces": [{"id": nic.network_interface_id, "primary": True}]},
        os_profile=_os_profile(spec, config, secrets),
        storage_profile={
            "image_reference": IMAGES[spec.os],
            "os_disk": {
                "create_option": "FromImage",
                "delete_option": "Delete",
                "managed_disk": {"storage_account_type": "StandardSSD_LRS"},
            },
        },
    )


def _run_guest_scripts(
    scripts: tuple[GuestScript, ...], vms: dict[str, compute.VirtualMachine], group: resources.ResourceGroup
) -> None:
    runs_per_vm: dict[str, int] = {}
    for script in scripts:
        vm = script.vm.lower()
        runs_per_vm[vm] = runs_per_vm.get(vm, 0) + 1
        name = f"{vm}-script-{runs_per_vm[vm]}"
        compute.VirtualMachineRunCommandByVirtualMachine(
            name,
            resource_group_name=group.name,
            location=group.location,
            vm_name=vms[vm].name,  # an Output of the VM: the run command waits for it
            run_command_name=name,
            source={"script": script.script},
        )


def _os_profile(spec: VmSpec, config: ExampleConfig, secrets: Secrets) -> dict[str, object]:
    profile: dict[str, object] = {"computer_name": spec.name, "admin_username": config.admin_username}
    if spec.os == "windows":
        profile["admin_password"] = secrets.admin_password
        profile["windows_configuration"] = {"provision_vm_agent": True, "enable_automatic_updates": True}
    else:
        profile["linux_configuration"] = {
            "disable_password_authentication": True,
            "ssh": {
                "public_keys": [
                    {
                        "path": f"/home/{config.admin_username}/.ssh/authorized_keys",
                        "key_data": secrets.ssh_public_key,
                    }
                ]
            },
        }
    return profile
