"""Store objects as ARM JSON, in the shapes of the official examples (tests/emulator/arm_examples)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime
from typing import Any

from ..core import net
from .store import Holder, Nic, Store, Subnet, Vm, Vnet

SUCCEEDED = "Succeeded"
VM_AGENT_VERSION = "2.13.1.1"
POWER_STATE_DISPLAY = {
    "running": "VM running",
    "starting": "VM starting",
    "stopping": "VM stopping",
    "stopped": "VM stopped",
    "deallocating": "VM deallocating",
    "deallocated": "VM deallocated",
    "unknown": "VM status unknown",
}


def resource_guid(resource_id: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, net.resource_key(resource_id)))


def derived_mac(resource_id: str) -> str:
    """A stable Azure-looking MAC (00-0D-3A-..) for a NIC the estate gives none."""
    tail = hashlib.sha256(net.resource_key(resource_id).encode()).hexdigest()[:6].upper()
    return "-".join(["00", "0D", "3A", tail[0:2], tail[2:4], tail[4:6]])


def derived_dns_suffix(vnet_id: str) -> str:
    return hashlib.sha256(net.resource_key(vnet_id).encode()).hexdigest()[:26] + ".ax.internal.cloudapp.net"


def error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


def _now() -> str:
    return datetime.now(UTC).isoformat()


def _status(code: str, display: str, level: str = "Info", message: str | None = None) -> dict[str, Any]:
    status = {"code": code, "level": level, "displayStatus": display, "time": _now()}
    if message is not None:
        status["message"] = message
    return status


# --- network ---------------------------------------------------------------------------


def nic(store: Store, item: Nic) -> dict[str, Any]:
    vm = store.vm_of(item)
    vnet = store.vnet_of(store.subnet(item.ip_configs[0].subnet_id))
    properties: dict[str, Any] = {
        "provisioningState": SUCCEEDED,
        "resourceGuid": resource_guid(item.id),
        "ipConfigurations": [
            {
                "name": config.name,
                "id": item.ip_config_id(config),
                "type": "Microsoft.Network/networkInterfaces/ipConfigurations",
                "properties": {
                    "provisioningState": SUCCEEDED,
                    "privateIPAddress": str(config.address),
                    "privateIPAllocationMethod": config.allocation,
                    "subnet": {"id": config.subnet_id},
                    "primary": config.primary,
                    "privateIPAddressVersion": f"IPv{config.address.version}" if config.address else "IPv4",
                },
            }
            for config in item.ip_configs
        ],
        "dnsSettings": {
            "dnsServers": list(item.dns_servers),
            "appliedDnsServers": list(store.applied_dns_servers(item)),
            "internalDomainNameSuffix": vnet.dns_suffix or derived_dns_suffix(vnet.id),
        },
        "enableAcceleratedNetworking": item.accelerated_networking,
        "enableIPForwarding": item.ip_forwarding,
        "disableTcpStateTracking": False,
        "vnetEncryptionSupported": False,
        "nicType": "Standard",
    }
    if item.mac:
        properties["macAddress"] = item.mac
    if item.private_endpoint_id:
        properties["privateEndpoint"] = {"id": item.private_endpoint_id}
    if vm is not None:
        properties["virtualMachine"] = {"id": vm.id}
        properties["primary"] = net.same_resource_id(vm.nic_ids[0], item.id)
    return {
        "name": item.name,
        "id": item.id,
        "type": "Microsoft.Network/networkInterfaces",
        "location": item.location,
        "tags": dict(item.tags),
        "properties": properties,
    }


def subnet(store: Store, item: Subnet) -> dict[str, Any]:
    properties: dict[str, Any] = {"provisioningState": SUCCEEDED}
    prefixes = [str(p) for p in item.prefixes]
    if item.plural:
        properties["addressPrefixes"] = prefixes
    else:
        properties["addressPrefix"] = prefixes[0]
    references = [{"id": claim.holder_id} for claim in store.claims(item.id)]
    if references:
        properties["ipConfigurations"] = references
    return {
        "name": item.name,
        "id": item.id,
        "type": "Microsoft.Network/virtualNetworks/subnets",
        "properties": properties,
    }


def vnet(store: Store, item: Vnet) -> dict[str, Any]:
    properties: dict[str, Any] = {
        "provisioningState": SUCCEEDED,
        "resourceGuid": resource_guid(item.id),
        "addressSpace": {"addressPrefixes": [str(p) for p in item.address_space]},
        "subnets": [subnet(store, s) for s in item.subnets],
        "virtualNetworkPeerings": [],
        "enableDdosProtection": False,
    }
    if item.dns_servers:
        properties["dhcpOptions"] = {"dnsServers": list(item.dns_servers)}
    return {
        "name": item.name,
        "id": item.id,
        "type": "Microsoft.Network/virtualNetworks",
        "location": item.location,
        "tags": dict(item.tags),
        "properties": properties,
    }


def frontend_parent(parent_id: str, holders: list[Holder]) -> dict[str, Any]:
    """A load balancer or application gateway with the frontends the estate gives it."""
    resource_type = "Microsoft.Network/" + parent_id.split("/providers/Microsoft.Network/", 1)[1].split("/")[0]
    return {
        "name": net.resource_name(parent_id),
        "id": parent_id,
        "type": resource_type,
        "location": holders[0].location,
        "properties": {
            "provisioningState": SUCCEEDED,
            "resourceGuid": resource_guid(parent_id),
            "frontendIPConfigurations": [
                {
                    "name": net.resource_name(holder.id),
                    "id": holder.id,
                    "type": f"{resource_type}/frontendIPConfigurations",
                    "properties": {
                        "provisioningState": SUCCEEDED,
                        "privateIPAddress": str(holder.address),
                        "privateIPAllocationMethod": "Static",
                        "subnet": {"id": holder.subnet_id},
                        "privateIPAddressVersion": f"IPv{holder.address.version}",
                    },
                }
                for holder in holders
            ],
        },
    }


# --- compute ---------------------------------------------------------------------------


def vm(item: Vm, with_instance_view: bool = False) -> dict[str, Any]:
    linux = item.os_type == "Linux"
    os_configuration = (
        {"linuxConfiguration": {"disablePasswordAuthentication": True, "provisionVMAgent": True}}
        if linux
        else {"windowsConfiguration": {"provisionVMAgent": True, "enableAutomaticUpdates": True}}
    )
    properties: dict[str, Any] = {
        "vmId": item.vm_uuid,
        "hardwareProfile": {"vmSize": item.size},
        "storageProfile": {
            "osDisk": {"osType": item.os_type, "name": f"{item.name}_OsDisk", "createOption": "FromImage"},
            "dataDisks": [],
        },
        "osProfile": {"computerName": item.name, "adminUsername": "azureuser", **os_configuration, "secrets": []},
        "networkProfile": {
            "networkInterfaces": [
                {"id": nic_id, "properties": {"primary": index == 0}} for index, nic_id in enumerate(item.nic_ids)
            ]
        },
        "provisioningState": SUCCEEDED,
    }
    if item.availability_set_id:
        properties["availabilitySet"] = {"id": item.availability_set_id}
    if with_instance_view:
        properties["instanceView"] = instance_view(item)
    return {
        "name": item.name,
        "id": item.id,
        "type": "Microsoft.Compute/virtualMachines",
        "location": item.location,
        "tags": dict(item.tags),
        "properties": properties,
    }


def instance_view(item: Vm) -> dict[str, Any]:
    view: dict[str, Any] = {
        "computerName": item.name,
        "osName": "ubuntu" if item.os_type == "Linux" else "Windows Server 2022 Datacenter",
        "statuses": [
            _status("ProvisioningState/succeeded", "Provisioning succeeded"),
            _status(f"PowerState/{item.power_state}", POWER_STATE_DISPLAY[item.power_state]),
        ],
    }
    if item.power_state == "running":
        agent = (
            _status("ProvisioningState/succeeded", "Ready", message="Guest Agent is running")
            if item.agent_ready
            else _status("ProvisioningState/Unavailable", "Not Ready", "Warning",
                         "VM status blob is found but not yet populated.")
        )
        view["vmAgent"] = {"vmAgentVersion": VM_AGENT_VERSION, "statuses": [agent]}
    return view


def run_command_result(os_type: str, stdout: str, stderr: str) -> dict[str, Any]:
    """Windows reports two statuses; Linux one whose message holds [stdout] and [stderr] sections."""
    if os_type == "Windows":
        return {
            "value": [
                {"code": "ComponentStatus/StdOut/succeeded", "level": "Info",
                 "displayStatus": "Provisioning succeeded", "message": stdout},
                {"code": "ComponentStatus/StdErr/succeeded", "level": "Info",
                 "displayStatus": "Provisioning succeeded", "message": stderr},
            ]
        }
    return {
        "value": [
            {"code": "ProvisioningState/succeeded", "level": "Info", "displayStatus": "Provisioning succeeded",
             "message": f"Enable succeeded: \n[stdout]\n{stdout}\n[stderr]\n{stderr}"}
        ]
    }
