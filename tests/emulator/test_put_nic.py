"""NIC PUT validated like Azure, with Azure's error codes."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError

from tests.emulator.conftest import SUBSCRIPTION

SUBNET = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/default"


def nic_body(address: str | None, allocation: str = "Static", dns: list[str] | None = None) -> dict:
    config = {"subnet": {"id": SUBNET}, "privateIPAllocationMethod": allocation}
    if address:
        config["privateIPAddress"] = address
    return {
        "location": "westeurope",
        "tags": {"owner": "test"},
        "properties": {
            "ipConfigurations": [{"name": "ipconfig1", "properties": config}],
            "dnsSettings": {"dnsServers": dns or []},
        },
    }


def put(network, name: str, body: dict):
    return network.network_interfaces.begin_create_or_update("rg1", name, body).result()


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ("10.0.1.0", "PrivateIPAddressInReservedRange"),
        ("10.0.1.3", "PrivateIPAddressInReservedRange"),
        ("10.0.1.255", "PrivateIPAddressInReservedRange"),
        ("10.0.2.4", "PrivateIPAddressNotInSubnet"),
        ("10.0.1.4", "PrivateIPAddressInUse"),  # another NIC's
        ("10.0.1.100", "PrivateIPAddressInUse"),  # a load balancer frontend's
    ],
)
def test_bad_static_addresses_are_rejected_with_azure_codes(address, code, emulator, clients) -> None:
    network = clients(emulator).network
    with pytest.raises(HttpResponseError) as caught:
        put(network, "nic-new", nic_body(address))
    assert caught.value.status_code == 400
    assert caught.value.error.code == code
    assert [n.name for n in network.network_interfaces.list("rg1")] == ["nic-lin", "nic-win"]


def test_create_static_and_dynamic(emulator, clients) -> None:
    network = clients(emulator).network
    created = put(network, "nic-static", nic_body("10.0.1.50", dns=["10.0.0.9"]))
    assert created.ip_configurations[0].private_ip_address == "10.0.1.50"
    assert created.dns_settings.dns_servers == ["10.0.0.9"]
    assert created.tags == {"owner": "test"}
    assert emulator.log[-1].status == 201
    dynamic = put(network, "nic-dynamic", nic_body("10.0.1.77", allocation="Dynamic"))
    assert dynamic.ip_configurations[0].private_ip_address == "10.0.1.6"  # next free; the request is ignored
    subnet = network.subnets.get("rg1", "vnet1", "default")
    assert any(ref.id.endswith("/nic-static/ipConfigurations/ipconfig1") for ref in subnet.ip_configurations)


def test_update_changes_settings_but_keeps_mac_and_vm(emulator, clients) -> None:
    network = clients(emulator).network
    before = network.network_interfaces.get("rg1", "nic-lin")
    after = put(network, "nic-lin", nic_body("10.0.1.44", dns=["10.0.0.99"]))
    assert emulator.log[-1].status == 200
    assert after.ip_configurations[0].private_ip_address == "10.0.1.44"
    assert after.dns_settings.dns_servers == ["10.0.0.99"]
    assert after.mac_address == before.mac_address
    assert after.virtual_machine.id == before.virtual_machine.id
    # A NIC may keep its own address; switching to Dynamic keeps it too.
    assert put(network, "nic-lin", nic_body("10.0.1.44")).ip_configurations[0].private_ip_address == "10.0.1.44"
    kept = put(network, "nic-lin", nic_body(None, allocation="Dynamic"))
    assert kept.ip_configurations[0].private_ip_address == "10.0.1.44"


def test_dns_servers_must_be_addresses(emulator, clients) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(clients(emulator).network, "nic-lin", nic_body("10.0.1.4", dns=["dns.example"]))
    assert caught.value.error.code == "InvalidDnsServerIPAddressFormat"


def test_unknown_subnet_and_resource_group(emulator, clients) -> None:
    network = clients(emulator).network
    body = nic_body("10.0.1.60")
    body["properties"]["ipConfigurations"][0]["properties"]["subnet"]["id"] = SUBNET.replace("default", "nope")
    with pytest.raises(HttpResponseError) as caught:
        put(network, "nic-x", body)
    assert caught.value.error.code == "InvalidResourceReference"
    with pytest.raises(HttpResponseError) as caught:
        network.network_interfaces.begin_create_or_update("rg-missing", "nic-x", nic_body("10.0.1.60")).result()
    assert caught.value.status_code == 404
    assert caught.value.error.code == "ResourceGroupNotFound"


def test_check_ip_address_availability(emulator, clients) -> None:
    vnets = clients(emulator).network.virtual_networks
    assert vnets.check_ip_address_availability("rg1", "vnet1", ip_address="10.0.1.50").available is True
    taken = vnets.check_ip_address_availability("rg1", "vnet1", ip_address="10.0.1.4")
    assert taken.available is False
    assert taken.available_ip_addresses == ["10.0.1.6", "10.0.1.7", "10.0.1.8", "10.0.1.9", "10.0.1.10"]
    reserved = vnets.check_ip_address_availability("rg1", "vnet1", ip_address="10.0.1.1")
    assert reserved.available is False
