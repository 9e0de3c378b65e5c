"""The live subnet check against nicguard's local ARM server (in-process), through the real pack."""

from __future__ import annotations

import pytest
from pulumi.runtime.proto import analyzer_pb2 as proto

from nicguard.emulator.estate import parse_estate
from nicguard.emulator.testing import running_emulator
from nicguard.policy.client import PackSession, StackIdentity
from nicguard.policy.config import parse_config_file

from .conftest import PACK_DIR
from .wire import by_policy, nic, stack

SUB = "00000000-0000-0000-0000-000000000001"
SUBNET = f"/subscriptions/{SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/hub/subnets/vms"
OWN_NIC = f"/subscriptions/{SUB}/resourceGroups/rg-app/providers/Microsoft.Network/networkInterfaces/own-nic"
ESTATE = f"""
subscription: {SUB}
resource_groups:
  rg-net:
    vnets:
      hub:
        subnets:
          vms: 10.0.1.0/24
    holders:
      lb/frontend: {{kind: load-balancer-frontend, subnet: hub/vms, ip: 10.0.1.20}}
  rg-app:
    nics:
      legacy-nic: {{subnet: rg-net/hub/vms, ip: 10.0.1.10}}
      own-nic: {{subnet: rg-net/hub/vms, ip: 10.0.1.40}}
"""


@pytest.fixture(scope="module")
def arm():
    with running_emulator(parse_estate(ESTATE)) as emulator:
        yield emulator


@pytest.fixture(scope="module")
def session():
    with PackSession(PACK_DIR, StackIdentity()) as running:
        yield running


def _live(session, arm, **extra):
    settings = {"liveSubnetCheck": True, "armEndpoint": arm.endpoint, "caBundle": str(arm.ca_path), **extra}
    session.configure(parse_config_file({"duplicate-private-ip": settings}))


def _own(address: str):
    resource = nic("own", address=address, subnet_id=SUBNET)
    resource.inputs["id"] = OWN_NIC
    return resource


def test_addresses_held_outside_the_stack_are_duplicates_naming_the_holder(session, arm):
    _live(session, arm)
    resources = [stack(), nic("web", "10.0.1.10", SUBNET), nic("lb-clash", "10.0.1.20", SUBNET), nic("free", "10.0.1.30", SUBNET), _own("10.0.1.40")]
    found = by_policy(session.analyze_stack(resources))
    duplicates = {d.urn.rsplit("::", 1)[1]: d.message.splitlines()[-1] for d in found["duplicate-private-ip"]}
    assert sorted(duplicates) == ["lb-clash", "web"]
    assert "networkInterfaces/legacy-nic (ipconfig1) [azure]" in duplicates["web"]
    assert "loadBalancers/lb" in duplicates["lb-clash"] and "[other]" in duplicates["lb-clash"]


def test_live_prefixes_check_the_range_of_a_subnet_outside_the_stack(session, arm):
    _live(session, arm)
    found = by_policy(session.analyze_stack([stack(), nic("far", "10.0.2.5", SUBNET), nic("gw", "10.0.1.1", SUBNET)]))
    assert [d.urn.rsplit("::", 1)[1] for d in found["private-ip-outside-subnet"]] == ["far"]
    assert [d.urn.rsplit("::", 1)[1] for d in found["reserved-private-ip"]] == ["gw"]


def test_without_the_live_check_nothing_outside_is_seen(session, arm):
    session.configure()
    found = by_policy(session.analyze_stack([stack(), nic("web", "10.0.1.10", SUBNET)]))
    assert "duplicate-private-ip" not in found
    assert {d.enforcementLevel for d in found["private-ip-outside-subnet"]} == {proto.ADVISORY}  # prefixes not known


def test_a_failed_lookup_is_a_warning_not_a_crash(session, arm):
    _live(session, arm, armEndpoint="https://127.0.0.1:9", liveCheckTimeoutSeconds=5)
    [warning] = by_policy(session.analyze_stack([stack(), nic("web", "10.0.1.10", SUBNET)]))["duplicate-private-ip"]
    assert warning.enforcementLevel == proto.ADVISORY and warning.severity == proto.POLICY_SEVERITY_MEDIUM
    assert f"(not known yet) live subnet check: subnet {SUBNET}: could not ask ARM" in warning.message
