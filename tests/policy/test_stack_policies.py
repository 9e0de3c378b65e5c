"""Subnet conflicts (NG101-NG103) and unmanaged NICs (NG501) through AnalyzeStack."""

from __future__ import annotations

from pulumi.runtime.proto import analyzer_pb2 as proto

from .wire import SUBNET_ID, UNKNOWN, by_policy, nic, secret, stack, static_nic, subnet

CANARY = "CANARY-stack-91d2"


def test_duplicates_behind_one_subnet_are_found_while_its_id_is_unknown(pack):
    app = subnet()
    response = pack.analyze_stack([stack(), app, nic("a", via=app), nic("b", via=app)])
    duplicates = by_policy(response)["duplicate-private-ip"]
    assert sorted(d.urn.rsplit("::", 1)[1] for d in duplicates) == ["a", "b"]
    assert {d.enforcementLevel for d in duplicates} == {proto.MANDATORY}
    assert "in subnet app (id not known until deployment)" in duplicates[0].message
    assert not any("can't run policy" in d.message for d in response.diagnostics)


def test_same_address_in_another_subnet_is_no_duplicate(pack):
    app, db = subnet("app"), subnet("db", prefix="10.0.2.0/24")
    response = pack.analyze_stack([stack(), app, db, nic("a", via=app), nic("b", address="10.0.1.10", subnet_id=SUBNET_ID)])
    assert "duplicate-private-ip" not in by_policy(response)


def test_reserved_and_out_of_range_addresses_use_the_subnet_resource_prefixes(pack):
    app = subnet(prefix="10.0.1.0/26")
    found = by_policy(
        pack.analyze_stack([stack(), app, nic("gw", address="10.0.1.1", via=app), nic("far", address="10.0.1.70", via=app)])
    )
    assert [d.urn.rsplit("::", 1)[1] for d in found["reserved-private-ip"]] == ["gw"]
    assert [d.urn.rsplit("::", 1)[1] for d in found["private-ip-outside-subnet"]] == ["far"]


def test_known_ids_link_nics_to_subnets_as_after_deployment(pack):
    # pulumi up / pulumi policy analyze: outputs, no unknowns, no property dependencies needed.
    app = subnet(subnet_id=SUBNET_ID)
    response = pack.analyze_stack(
        [stack(), app, nic("a", subnet_id=SUBNET_ID), nic("b", subnet_id=SUBNET_ID.upper()), nic("c", address="10.0.1.255", subnet_id=SUBNET_ID)]
    )
    found = by_policy(response)
    assert len(found["duplicate-private-ip"]) == 2
    assert f"in subnet {SUBNET_ID}" in found["duplicate-private-ip"][0].message
    assert [d.urn.rsplit("::", 1)[1] for d in found["reserved-private-ip"]] == ["c"]


def test_a_subnet_outside_the_stack_is_checked_against_the_prefixes_its_static_nics_declare(pack):
    # The subnet exists already (its id is a plain string): only the components know its prefixes.
    gw, far = static_nic("gw", ["10.0.1.0/26"]), static_nic("far", ["10.0.1.0/26"])
    response = pack.analyze_stack(
        [stack(), gw, nic("gw", address="10.0.1.1", subnet_id=SUBNET_ID), far, nic("far", address="10.0.1.70", subnet_id=SUBNET_ID)]
    )
    found = by_policy(response)
    assert [(d.urn.rsplit("::", 1)[1], d.enforcementLevel) for d in found["reserved-private-ip"]] == [("gw", proto.MANDATORY)]
    assert [(d.urn.rsplit("::", 1)[1], d.enforcementLevel) for d in found["private-ip-outside-subnet"]] == [("far", proto.MANDATORY)]


def test_static_nics_that_disagree_or_do_not_know_yet_leave_the_prefixes_unknown(pack):
    nics = [static_nic("a", ["10.0.1.0/24"]), nic("a", subnet_id=SUBNET_ID), static_nic("b", ["10.0.0.0/16"]), nic("b", address="10.0.1.11", subnet_id=SUBNET_ID)]
    pending = [static_nic("c", UNKNOWN), nic("c", address="10.0.1.1")]
    found = by_policy(pack.analyze_stack([stack(), *nics, *pending]))
    assert {d.enforcementLevel for d in found["private-ip-outside-subnet"]} == {proto.ADVISORY}
    assert len(found["private-ip-outside-subnet"]) == 3
    assert "reserved-private-ip" not in found


def test_a_nic_on_an_unknown_unlinked_subnet_is_not_known_yet(pack):
    response = pack.analyze_stack([stack(), nic("lonely")])
    [diagnostic] = by_policy(response)["private-ip-outside-subnet"]
    assert diagnostic.enforcementLevel == proto.ADVISORY
    assert "(not known yet) cannot check 10.0.1.10" in diagnostic.message


def test_unmanaged_nics_are_advisory_low(pack):
    app = subnet()
    found = by_policy(pack.analyze_stack([stack(), app, nic("managed", via=app), nic("legacy", address="10.0.1.20", via=app, managed=False)]))
    [diagnostic] = found["unmanaged-nic"]
    assert diagnostic.urn.endswith("::legacy")
    assert (diagnostic.enforcementLevel, diagnostic.severity) == (proto.ADVISORY, proto.POLICY_SEVERITY_LOW)


def test_unknown_prefix_keeps_conflicts_but_defers_range_checks(pack):
    app = subnet(prefix=UNKNOWN)
    found = by_policy(pack.analyze_stack([stack(), app, nic("a", via=app), nic("b", via=app)]))
    assert len(found["duplicate-private-ip"]) == 2
    assert {d.enforcementLevel for d in found["private-ip-outside-subnet"]} == {proto.ADVISORY}
    assert "reserved-private-ip" not in found


def test_secret_addresses_are_judged_but_never_printed(pack):
    app = subnet()
    response = pack.analyze_stack(
        [stack(), app, nic("a", address=secret("10.0.1.10"), via=app, tags={"t": secret(CANARY)}), nic("b", via=app)]
    )
    duplicates = by_policy(response)["duplicate-private-ip"]
    assert len(duplicates) == 2
    assert all("10.0.1.10" not in d.message and CANARY not in d.message for d in response.diagnostics)


def test_a_large_stack_is_analysed_in_one_request(pack):
    app = subnet(prefix="10.0.0.0/16")
    nics = [nic(f"n{i}", address=f"10.0.{i // 250 + 1}.{i % 250 + 4}", via=app) for i in range(600)]
    response = pack.analyze_stack([stack(), app, *nics, nic("dup", address="10.0.1.4", via=app)])
    assert sorted(d.urn.rsplit("::", 1)[1] for d in by_policy(response)["duplicate-private-ip"]) == ["dup", "n0"]
