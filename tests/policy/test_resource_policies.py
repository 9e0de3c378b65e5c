"""NIC declarations (NG201, NG202) through Analyze, with unknowns and secrets as the engine sends them."""

from __future__ import annotations

from pulumi.runtime.proto import analyzer_pb2 as proto

from .wire import UNKNOWN, by_policy, nic, secret

CANARY = "CANARY-7f3c-do-not-print"


def test_static_nic_with_valid_dns_passes(pack):
    response = pack.analyze(nic("web", dns=["10.0.1.4", "10.0.1.5"]))
    assert list(response.diagnostics) == []


def test_dynamic_allocation_is_a_mandatory_high_violation(pack):
    found = by_policy(pack.analyze(nic("web", allocation="Dynamic")))
    [diagnostic] = found["declared-ip-not-static"]
    assert diagnostic.enforcementLevel == proto.MANDATORY
    assert diagnostic.severity == proto.POLICY_SEVERITY_HIGH
    assert "uses Dynamic allocation" in diagnostic.message


def test_missing_allocation_is_azure_default_dynamic(pack):
    resource = nic("web")
    del resource.inputs["ipConfigurations"][0]["privateIPAllocationMethod"]
    assert "declared-ip-not-static" in by_policy(pack.analyze(resource))


def test_invalid_dns_entries_are_reported_one_by_one(pack):
    found = by_policy(pack.analyze(nic("dc", dns=["dc1.corp.example", "AzureProvidedDNS"])))
    messages = sorted(d.message.splitlines()[-1] for d in found["invalid-dns-server"])
    assert messages == [
        "AzureProvidedDNS must be the only entry; use an empty list to inherit",
        "DNS server 'dc1.corp.example' is not an IP address",
    ]


def test_unknown_address_is_reported_as_not_known_never_as_cant_run(pack):
    response = pack.analyze(nic("web", address=UNKNOWN))
    [diagnostic] = by_policy(response)["declared-ip-not-static"]
    assert diagnostic.enforcementLevel == proto.ADVISORY
    assert diagnostic.message.splitlines()[-1].startswith("(not known yet) IP configuration ipconfig1")
    assert not any("can't run policy" in d.message for d in response.diagnostics)


def test_one_unknown_field_does_not_blind_the_others(pack):
    # The subnet id and one DNS entry are unknown; the Dynamic allocation and the bad entry are not.
    response = pack.analyze(nic("web", subnet_id=UNKNOWN, allocation="Dynamic", dns=[UNKNOWN, "not-an-ip"]))
    found = by_policy(response)
    assert [d.enforcementLevel for d in found["declared-ip-not-static"]] == [proto.MANDATORY]
    assert [d.message.splitlines()[-1] for d in found["invalid-dns-server"]] == ["DNS server 'not-an-ip' is not an IP address"]


def test_wholly_unknown_ip_configurations_are_not_known_yet(pack):
    resource = nic("web")
    resource.inputs["ipConfigurations"] = UNKNOWN
    [diagnostic] = by_policy(pack.analyze(resource))["declared-ip-not-static"]
    assert diagnostic.enforcementLevel == proto.ADVISORY and "(not known yet)" in diagnostic.message


def test_unmanaged_nic_is_not_held_to_static_allocation(pack):
    response = pack.analyze(nic("legacy", allocation="Dynamic", managed=False))
    assert "declared-ip-not-static" not in by_policy(response)
    assert [n.policy_name for n in response.not_applicable] == ["declared-ip-not-static"]


def test_managed_tag_marks_a_nic_outside_the_component_as_managed(pack):
    resource = nic("tagged", allocation="Dynamic", managed=False, tags={"managed-by": "nicguard"})
    assert "declared-ip-not-static" in by_policy(pack.analyze(resource))


def test_other_resource_types_are_ignored(pack):
    response = pack.analyze(nic("x").__class__(urn="urn:pulumi:dev::proj::azure-native:network:Subnet::s", type="azure-native:network:Subnet", name="s", inputs={"addressPrefix": "10.0.1.0/24"}))
    assert list(response.diagnostics) == [] and list(response.not_applicable) == []


def test_secret_values_never_reach_a_diagnostic(pack):
    resource = nic("web", allocation="Dynamic", dns=[secret(CANARY), "10.0.1.4"], tags={"owner": secret(CANARY)})
    response = pack.analyze(resource)
    found = by_policy(response)
    assert "declared-ip-not-static" in found
    [dns] = found["invalid-dns-server"]
    assert dns.message.splitlines()[-1] == "DNS server '[secret]' is not an IP address"
    assert all(CANARY not in d.message for d in response.diagnostics)


def test_a_secret_list_is_read_like_a_plain_one(pack):
    found = by_policy(pack.analyze(nic("web", dns=secret(["10.0.1.4", "bad-entry-x"]))))
    assert [d.message.splitlines()[-1] for d in found["invalid-dns-server"]] == ["DNS server '[secret]' is not an IP address"]
