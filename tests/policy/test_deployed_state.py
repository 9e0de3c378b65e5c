"""The pack on deployed state, as ``pulumi up`` (after the update) and ``pulumi policy
analyze`` send it: Azure's outputs, every id known, no unknowns, not a dry run. Outputs
differ from inputs: an extension has no ``vmName`` (its own id names the VM), a VM has its
Azure ``name``, a NIC its ``id`` and ``virtualMachine``."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pulumi.runtime.proto import analyzer_pb2 as proto

from nicguard.policy.client import PackSession, Resource, StackIdentity

from .conftest import PACK_DIR
from .wire import COMPONENT, EXTENSION_TYPE, NIC_TYPE, PROJECT, STACK, STACK_URN, SUBNET_TYPE, VM_TYPE, VNET_TYPE, by_policy, stack, urn

RG = "/subscriptions/0000/resourceGroups/rg/providers"
VNET_ID = f"{RG}/Microsoft.Network/virtualNetworks/vnet"
SUBNET_ID = f"{VNET_ID}/subnets/app"
SET_DNS = "powershell Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses {}"


@pytest.fixture(scope="module")
def deployed() -> Iterator[PackSession]:
    with PackSession(PACK_DIR, StackIdentity(project=PROJECT, stack=STACK, dry_run=False)) as session:
        session.configure()
        yield session


def _nic(name: str, *addresses: str, vm_id: str | None = None) -> Resource:
    nic_id = f"{RG}/Microsoft.Network/networkInterfaces/{name}"
    configs = [
        {
            "id": f"{nic_id}/ipConfigurations/ipconfig{i}",
            "name": f"ipconfig{i}",
            "primary": i == 1,
            "privateIPAddress": address,
            "privateIPAllocationMethod": "Static",
            "privateIPAddressVersion": "IPv4",
            "provisioningState": "Succeeded",
            "subnet": {"id": SUBNET_ID},
        }
        for i, address in enumerate(addresses, start=1)
    ]
    outputs = {"id": nic_id, "name": name, "ipConfigurations": configs, "dnsSettings": {"dnsServers": [], "appliedDnsServers": ["10.0.1.4"]},
               "macAddress": "00-0D-3A-00-00-01", "tags": {"managed-by": "nicguard"}, "provisioningState": "Succeeded"}
    if vm_id:
        outputs["virtualMachine"] = {"id": vm_id}
    return Resource(urn=urn(NIC_TYPE, name, COMPONENT), type=NIC_TYPE, name=name, inputs=outputs, parent=urn(COMPONENT, name))


def _estate(*nics: tuple[str, ...]) -> tuple[list[Resource], str]:
    """A VNet listing 10.0.1.4, its subnet, and a VM with one NIC per address tuple."""
    vm_id = f"{RG}/Microsoft.Compute/virtualMachines/web-vm"
    net = Resource(urn=urn(VNET_TYPE, "vnet"), type=VNET_TYPE, name="vnet", parent=STACK_URN, inputs={
        "id": VNET_ID, "name": "vnet", "dhcpOptions": {"dnsServers": ["10.0.1.4"]},
        "subnets": [{"id": SUBNET_ID, "name": "app", "addressPrefix": "10.0.1.0/24"}]})
    app = Resource(urn=urn(SUBNET_TYPE, "app"), type=SUBNET_TYPE, name="app", parent=STACK_URN,
                   inputs={"id": SUBNET_ID, "name": "app", "addressPrefix": "10.0.1.0/24"})
    cards = [_nic(f"web-{i}", *addresses, vm_id=vm_id) for i, addresses in enumerate(nics)]
    machine = Resource(urn=urn(VM_TYPE, "web"), type=VM_TYPE, name="web", parent=STACK_URN, inputs={
        "id": vm_id, "name": "web-vm", "vmId": "5a1f",
        "networkProfile": {"networkInterfaces": [{"id": c.inputs["id"], "primary": i == 0} for i, c in enumerate(cards)]}})
    return [stack(), net, app, *cards, machine], vm_id


def _extension(vm_id: str, script: str) -> Resource:
    # vm_name was a plain string: no property dependency; outputs carry no vmName.
    return Resource(urn=urn(EXTENSION_TYPE, "web-dns"), type=EXTENSION_TYPE, name="web-dns", parent=STACK_URN, inputs={
        "id": f"{vm_id}/extensions/web-dns", "name": "web-dns", "publisher": "Microsoft.Compute",
        "type": "CustomScriptExtension", "settings": {"commandToExecute": script}})


def test_a_clean_deployed_stack_has_no_findings(deployed):
    resources, _ = _estate(("10.0.1.10",))
    assert [d.message for r in resources for d in deployed.analyze(r).diagnostics] == []
    assert list(deployed.analyze_stack(resources).diagnostics) == []


def test_an_extension_is_linked_to_its_vm_by_its_own_id_not_judged_as_a_bare_file(deployed):
    # Before: judged against Azure DNS 168.63.129.16, a mandatory error; the VNet hands out 10.0.1.4.
    resources, vm_id = _estate(("10.0.1.10",))
    [diagnostic] = by_policy(deployed.analyze_stack([*resources, _extension(vm_id, SET_DNS.format("10.0.1.4"))]))["script-sets-guest-dns"]
    assert (diagnostic.enforcementLevel, diagnostic.severity) == (proto.ADVISORY, proto.POLICY_SEVERITY_MEDIUM)
    assert "from the VNet" in diagnostic.message


def test_duplicates_and_wrong_dns_are_still_mandatory_on_deployed_state(deployed):
    resources, vm_id = _estate(("10.0.1.10",))
    twin = _nic("twin", "10.0.1.10")
    found = by_policy(deployed.analyze_stack([*resources, twin, _extension(vm_id, SET_DNS.format("8.8.8.8"))]))
    assert sorted(d.urn.rsplit("::", 1)[1] for d in found["duplicate-private-ip"]) == ["twin", "web-0"]
    assert [d.enforcementLevel for d in found["script-sets-guest-dns"]] == [proto.MANDATORY]


@pytest.mark.parametrize(
    ("nics", "severity"),
    [
        ((("10.0.1.10", "10.0.1.11"),), proto.POLICY_SEVERITY_LOW),  # one NIC, two IPv4 configurations: documented, info
        ((("10.0.1.10",), ("10.0.1.11",)), proto.POLICY_SEVERITY_MEDIUM),  # one address per NIC: not multi-IP, a warning
        ((("10.0.1.10", "fd00::10"),), proto.POLICY_SEVERITY_MEDIUM),  # IPv4 and IPv6: not multi-IP either
    ],
)
def test_multi_ip_means_several_ipv4_configurations_on_one_nic_as_in_the_drift_check(deployed, nics, severity):
    resources, vm_id = _estate(*nics)
    script = "netsh interface ip set address name=Ethernet static 10.0.1.10 255.255.255.0"
    [diagnostic] = by_policy(deployed.analyze_stack([*resources, _extension(vm_id, script)]))["script-changes-guest-ip"]
    assert (diagnostic.enforcementLevel, diagnostic.severity) == (proto.ADVISORY, severity)
