"""The official ARM examples, served from an estate that holds the same resources and read
back through the real SDK clients (sync and aio): every example value the emulator models
must come back unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

EXAMPLES = Path(__file__).parent / "arm_examples"
RUN_COMMAND_SUB = "24fb23e3-6ba3-41f0-9b6e-e41131d5d61e"

ESTATE = f"""
subscriptions:
  subid:
    resource_groups:
      rg1:
        location: eastus
        vnets:
          rg1-vnet:
            dns_suffix: test.bx.internal.cloudapp.net
            subnets: {{default: 172.20.2.0/24}}
          test-vnet:
            location: westus
            address_space: [10.0.0.0/16]
            subnets: {{subnet1: 10.0.1.0/24}}
        holders:
          lb/fe: {{kind: load-balancer-frontend, subnet: test-vnet/subnet1, ip: 10.0.1.4}}
        nics:
          test-nic:
            subnet: rg1-vnet/default
            ip: 172.20.2.4
            allocation: Dynamic
            mac: 00-0D-3A-1B-C7-21
            accelerated_networking: true
        vms:
          vm1: {{os: linux, nics: [test-nic]}}
      subnet-test:
        vnets:
          vnetname: {{subnets: {{subnet1: 10.0.0.0/16}}}}
      myResourceGroup:
        location: West US
        nics:
          myNIC: {{subnet: rg1/rg1-vnet/default}}
        vms:
          myVM:
            os: windows
            size: Standard_DS3_v2
            availability_set: my-AvailabilitySet
            tags: {{myTag1: tagValue1}}
            nics: [myNIC]
  {RUN_COMMAND_SUB}:
    location: westus
    resource_groups:
      crptestar98131:
        vnets: {{vnet: {{subnets: {{default: 10.9.0.0/24}}}}}}
        nics: {{nic: {{subnet: vnet/default}}}}
        vms:
          vm3036:
            os: windows
            nics: [nic]
            guest: {{recorded: {{stdout: "This is a sample script with parameters value1 value2"}}}}
"""

# What the emulator does not model (see arm_examples/SOURCES.md).
NOT_MODELLED = {
    "network-2024-05-01-NetworkInterfaceGet.json": {
        "properties.ipConfigurations.1",
        "properties.ipConfigurations.0.properties.publicIPAddress",
        "properties.disableTcpStateTracking",
        "properties.networkSecurityGroup",
        "properties.dscpConfiguration",
    },
    "compute-2024-07-01-VirtualMachine_Get.json": {
        "etag", "managedBy", "resources", "properties.vmId", "properties.proximityPlacementGroup",
        "properties.storageProfile.imageReference", "properties.storageProfile.osDisk.name",
        "properties.storageProfile.osDisk.caching", "properties.storageProfile.osDisk.managedDisk",
        "properties.storageProfile.osDisk.diskSizeGB", "properties.storageProfile.dataDisks",
        "properties.applicationProfile", "properties.userData", "properties.osProfile.adminUsername",
        "properties.osProfile.windowsConfiguration.enableAutomaticUpdates", "properties.diagnosticsProfile",
        "properties.extensionsTimeBudget", "properties.timeCreated",
    },
}


def example(name: str) -> dict[str, Any]:
    text = (EXAMPLES / name).read_text(encoding="utf-8")
    return json.loads(text.replace("{subscription-id}", "subid").replace("{myNIC}", "myNIC"))


def assert_same(expected: Any, served: Any, skip: set[str], path: str = "") -> None:
    """Every value of ``expected`` (outside ``skip``) is in ``served`` with the same value."""
    if path in skip:
        return
    if isinstance(expected, dict):
        assert isinstance(served, dict), path
        for key, value in expected.items():
            child = f"{path}.{key}" if path else key
            if child not in skip:
                assert key in served, f"missing {child}"
                assert_same(value, served[key], skip, child)
    elif isinstance(expected, list):
        assert isinstance(served, list), path
        kept = [i for i in range(len(expected)) if f"{path}.{i}" not in skip]
        assert len(served) >= len(kept), path
        for index in kept:
            assert_same(expected[index], served[index], skip, f"{path}.{index}")
    else:
        assert served == expected, f"{path}: {served!r} != {expected!r}"


READS = {
    "network-2024-05-01-NetworkInterfaceGet.json": (
        lambda c: c.network.network_interfaces.get("rg1", "test-nic"),
        lambda n, c: n.network_interfaces.get("rg1", "test-nic"),
    ),
    "network-2024-05-01-SubnetGet.json": (
        lambda c: c.network.subnets.get("subnet-test", "vnetname", "subnet1"),
        lambda n, c: n.subnets.get("subnet-test", "vnetname", "subnet1"),
    ),
    "network-2024-07-01-VirtualNetworkGet.json": (
        lambda c: c.network.virtual_networks.get("rg1", "test-vnet"),
        lambda n, c: n.virtual_networks.get("rg1", "test-vnet"),
    ),
    "network-2024-05-01-VirtualNetworkCheckIPAddressAvailability.json": (
        lambda c: c.network.virtual_networks.check_ip_address_availability("rg1", "test-vnet", ip_address="10.0.1.4"),
        lambda n, c: n.virtual_networks.check_ip_address_availability("rg1", "test-vnet", ip_address="10.0.1.4"),
    ),
    "compute-2024-07-01-VirtualMachine_Get.json": (
        lambda c: c.compute.virtual_machines.get("myResourceGroup", "myVM"),
        lambda n, c: c.virtual_machines.get("myResourceGroup", "myVM"),
    ),
}


@pytest.mark.parametrize("name", sorted(READS))
def test_example_reads_back_through_sync_and_aio_clients(name, serve, clients, run_aio) -> None:
    emulator = serve(ESTATE)
    expected = example(name)["responses"]["200"]["body"]
    sync_read, aio_read = READS[name]
    skip = NOT_MODELLED.get(name, set())

    assert_same(expected, sync_read(clients(emulator, "subid")).as_dict(), skip)

    async def body(network, compute):
        return (await aio_read(network, compute)).as_dict()

    assert_same(expected, run_aio(emulator, "subid", body), skip)


def test_run_command_example_sync_and_aio(serve, clients, run_aio) -> None:
    emulator = serve(ESTATE)
    spec = example("compute-2024-07-01-VirtualMachineRunCommand.json")
    command = spec["parameters"]["parameters"] | {"script": ["Write-Host sample"]}
    expected = spec["responses"]["200"]["body"]

    compute = clients(emulator, RUN_COMMAND_SUB).compute
    result = compute.virtual_machines.begin_run_command("crptestar98131", "vm3036", command).result()
    assert_same(expected, result.as_dict(), set())

    async def body(network, compute):
        poller = await compute.virtual_machines.begin_run_command("crptestar98131", "vm3036", command)
        return (await poller.result()).as_dict()

    assert_same(expected, run_aio(emulator, RUN_COMMAND_SUB, body), set())
    # The 202's Location is the example's: .../locations/{location}/operations/{id} with monitor=true.
    final = [e for e in emulator.log if "monitor=true" in e.query]
    assert len(final) == 2
    assert final[0].path.startswith(f"/subscriptions/{RUN_COMMAND_SUB}/providers/Microsoft.Compute/locations/westus/operations/")
    assert "api-version=" in final[0].query
