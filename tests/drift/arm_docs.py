"""Small ARM JSON builders for offline drift tests (the REST shape ARM lists)."""

from __future__ import annotations

from typing import Any

SUB = "00000000-0000-0000-0000-00000000d1f7"
RG = f"/subscriptions/{SUB}/resourceGroups/rg-app"
VNET_ID = f"{RG}/providers/Microsoft.Network/virtualNetworks/vnet1"
SUBNET_ID = f"{VNET_ID}/subnets/web"


def nic_id(name: str) -> str:
    return f"{RG}/providers/Microsoft.Network/networkInterfaces/{name}"


def vm_id(name: str) -> str:
    return f"{RG}/providers/Microsoft.Compute/virtualMachines/{name}"


def mac_of(index: int) -> str:
    return f"00-0D-3A-00-{index // 256:02X}-{index % 256:02X}"


def nic_doc(
    name: str,
    ip: str,
    vm: str | None = None,
    index: int = 0,
    allocation: str = "Static",
    dns: tuple[str, ...] = (),
    tags: dict[str, str] | None = None,
) -> dict[str, Any]:
    props: dict[str, Any] = {
        "ipConfigurations": [
            {
                "name": "ipconfig1",
                "id": f"{nic_id(name)}/ipConfigurations/ipconfig1",
                "properties": {
                    "privateIPAddress": ip,
                    "privateIPAllocationMethod": allocation,
                    "subnet": {"id": SUBNET_ID},
                    "primary": True,
                },
            }
        ],
        "dnsSettings": {"dnsServers": list(dns), "appliedDnsServers": list(dns)},
        "primary": True,
    }
    if vm is not None:
        props["virtualMachine"] = {"id": vm_id(vm)}
        props["macAddress"] = mac_of(index)
    return {"id": nic_id(name), "name": name, "tags": dict(tags or {}), "properties": props}


def vnet_doc(holders: list[str], dns: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": VNET_ID,
        "name": "vnet1",
        "properties": {
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "dhcpOptions": {"dnsServers": list(dns)},
            "subnets": [
                {
                    "id": SUBNET_ID,
                    "name": "web",
                    "properties": {"addressPrefix": "10.0.1.0/24", "ipConfigurations": [{"id": h} for h in holders]},
                }
            ],
        },
    }


def vm_doc(name: str, nics: list[str], os: str = "Linux", power: str = "running", agent: bool = True, tags=None) -> dict[str, Any]:
    view: dict[str, Any] = {"statuses": [{"code": f"PowerState/{power}"}]}
    if power == "running":
        view["vmAgent"] = {"statuses": [{"code": "ProvisioningState/succeeded", "displayStatus": "Ready" if agent else "Not Ready"}]}
    return {
        "id": vm_id(name),
        "name": name,
        "tags": dict(tags or {}),
        "properties": {
            "storageProfile": {"osDisk": {"osType": os}},
            "networkProfile": {"networkInterfaces": [{"id": nic_id(n)} for n in nics]},
            "instanceView": view,
        },
    }


def load_balancer_doc(name: str, ip: str) -> dict[str, Any]:
    lb = f"{RG}/providers/Microsoft.Network/loadBalancers/{name}"
    return {
        "id": lb,
        "name": name,
        "properties": {
            "frontendIPConfigurations": [
                {"id": f"{lb}/frontendIPConfigurations/fe1", "name": "fe1",
                 "properties": {"privateIPAddress": ip, "privateIPAllocationMethod": "Static", "subnet": {"id": SUBNET_ID}}}
            ]
        },
    }
