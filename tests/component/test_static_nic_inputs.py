"""What StaticNic sends to Azure: exactly the NIC inputs, nothing added."""

from __future__ import annotations

import pulumi

from components import IpConfig, StaticNic, StaticNicArgs
from nicguard.core.model import COMPONENT_TYPE
from nicguard.policy.mock_run import CapturingMonitor

from .conftest import PROJECT, STACK, SUBNET_ID, RecordingMocks, run

NIC = "azure-native:network:NetworkInterface"


def _args(**overrides: object) -> StaticNicArgs:
    fields: dict[str, object] = {
        "resource_group_name": "rg",
        "subnet_id": SUBNET_ID,
        "subnet_prefixes": ["10.0.1.0/24"],
        "ip_configurations": [IpConfig("ipconfig1", "10.0.1.10")],
    }
    return StaticNicArgs(**{**fields, **overrides})  # type: ignore[arg-type]


def test_nic_inputs_are_exactly_what_azure_needs(mocks: RecordingMocks) -> None:
    run(
        lambda: StaticNic(
            "web-nic",
            _args(
                location="westeurope",
                nic_name="web1-nic",
                subnet_prefixes=["10.0.1.0/24", "fd00:0:0:1::/64"],
                ip_configurations=[
                    IpConfig("ipconfig1", "10.0.1.10", primary=True),
                    IpConfig("ipconfig-v6", "fd00:0:0:1::10"),
                ],
                dns_servers=["10.0.1.4", " 10.0.1.5 "],
                accelerated_networking=True,
                network_security_group_id="/nsg/web",
                tags={"env": "dev"},
            ),
        )
    )

    assert mocks.inputs(NIC)["web-nic"] == {
        "resourceGroupName": "rg",
        "location": "westeurope",
        "networkInterfaceName": "web1-nic",
        "ipConfigurations": [
            {
                "name": "ipconfig1",
                "primary": True,
                "privateIPAddress": "10.0.1.10",
                "privateIPAddressVersion": "IPv4",
                "privateIPAllocationMethod": "Static",
                "subnet": {"id": SUBNET_ID},
            },
            {
                "name": "ipconfig-v6",
                "primary": False,
                "privateIPAddress": "fd00:0:0:1::10",
                "privateIPAddressVersion": "IPv6",
                "privateIPAllocationMethod": "Static",
                "subnet": {"id": SUBNET_ID},
            },
        ],
        "dnsSettings": {"dnsServers": ["10.0.1.4", "10.0.1.5"]},
        "enableAcceleratedNetworking": True,
        "networkSecurityGroup": {"id": "/nsg/web"},
        "tags": {"env": "dev", "managed-by": "nicguard"},
    }


def test_a_single_ip_configuration_is_primary_and_optional_inputs_stay_out(mocks: RecordingMocks) -> None:
    run(lambda: StaticNic("web-nic", _args()))

    inputs = mocks.inputs(NIC)["web-nic"]
    assert inputs["ipConfigurations"][0]["primary"] is True
    assert "location" not in inputs and "networkSecurityGroup" not in inputs
    assert inputs["dnsSettings"] == {"dnsServers": []}


def test_azure_provided_dns_means_inherit_the_vnet(mocks: RecordingMocks) -> None:
    run(lambda: StaticNic("web-nic", _args(dns_servers=["AzureProvidedDNS"])))

    assert mocks.inputs(NIC)["web-nic"]["dnsSettings"] == {"dnsServers": []}


def test_the_managed_tag_wins_over_a_user_tag(mocks: RecordingMocks) -> None:
    run(lambda: StaticNic("web-nic", _args(tags={"managed-by": "someone-else"})))

    assert mocks.inputs(NIC)["web-nic"]["tags"] == {"managed-by": "nicguard"}


def test_the_nic_is_the_components_child_and_gets_its_options(mocks: RecordingMocks) -> None:
    def keep_as_is(args: pulumi.ResourceTransformArgs) -> None:
        return None

    options = pulumi.ResourceOptions(transforms=[keep_as_is])
    nic_urn = run(lambda: StaticNic("web-nic", _args(nic_options=options)).network_interface.urn)

    assert "::nicguard:network:StaticNic$azure-native:network:NetworkInterface::web-nic" in nic_urn
    (registration,) = [r for r in mocks.registered if r.typ == NIC]
    assert len(registration.transforms) == 1


def test_keyword_fields_are_the_same_as_args(mocks: RecordingMocks) -> None:
    run(
        lambda: StaticNic(
            "web-nic",
            resource_group_name="rg",
            subnet_id=SUBNET_ID,
            subnet_prefixes=["10.0.1.0/24"],
            ip_configurations=[IpConfig("ipconfig1", "10.0.1.10")],
        )
    )

    assert mocks.inputs(NIC)["web-nic"]["ipConfigurations"][0]["privateIPAddress"] == "10.0.1.10"


def test_outputs_carry_the_declared_values(mocks: RecordingMocks) -> None:
    def program() -> pulumi.Output[list[object]]:
        nic = StaticNic(
            "web-nic",
            _args(
                ip_configurations=[IpConfig("ipconfig1", pulumi.Output.from_input("10.0.1.10"))],
                dns_servers=["10.0.1.4"],
            ),
        )
        return pulumi.Output.all(nic.network_interface_id, nic.private_ip_addresses, nic.dns_servers)

    nic_id, addresses, dns_servers = run(program)

    assert nic_id.endswith("/NetworkInterface/web-nic")
    assert addresses == ["10.0.1.10"]
    assert dns_servers == ["10.0.1.4"]


def test_the_component_registers_its_subnet_prefixes_for_the_policy_pack() -> None:
    # The monitor `nicguard preview` captures a program with: what the pack receives.
    mocks = RecordingMocks(preview=True)
    monitor = CapturingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=STACK, preview=True, monitor=monitor)
    prefixes = ["10.0.1.0/24", "fd00:0:0:1::/64"]

    run(lambda: StaticNic("web-nic", _args(subnet_prefixes=prefixes)).subnet_prefixes)

    [component] = [r for r in monitor.captured_resources() if r["type"] == COMPONENT_TYPE]
    assert component["outputs"]["subnetPrefixes"] == prefixes
