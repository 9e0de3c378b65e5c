"""Policy config as the CLI reconciles it: schema defaults, "all", per-policy levels, validation."""

from __future__ import annotations

import json
import pytest
from pulumi.runtime.proto import analyzer_pb2 as proto

from nicguard.policy.client import PackSession, StackIdentity
from nicguard.policy.config import PolicyConfigError, parse_config_file
from nicguard.policy.policies import pack_rules

from .conftest import PACK_DIR, REPO
from .wire import by_policy, nic, stack, subnet


@pytest.fixture(scope="module")
def session():
    with PackSession(PACK_DIR, StackIdentity()) as running:
        yield running


def test_every_pack_rule_is_a_policy_with_its_metadata(session):
    policies = {p.name: p for p in session.info.policies}
    assert sorted(policies) == sorted(r.name for r in pack_rules())
    for rule in pack_rules():
        policy = policies[rule.name]
        assert policy.description == rule.summary()
        assert policy.remediation_steps == rule.remediation
        assert list(policy.tags) == [rule.id, rule.category.value]
        expected = proto.MANDATORY if rule.severity.value == "error" else proto.ADVISORY
        assert policy.enforcementLevel == expected
    assert policies["declared-ip-not-static"].policy_type == proto.POLICY_TYPE_RESOURCE
    assert policies["duplicate-private-ip"].policy_type == proto.POLICY_TYPE_STACK
    assert policies["unmanaged-nic"].severity == proto.POLICY_SEVERITY_LOW


def test_defaults_come_from_the_schema(session):
    config = session.configure()
    assert config["invalid-dns-server"] == ("mandatory", {"maxDnsServers": 20})
    assert config["duplicate-private-ip"][1]["liveSubnetCheck"] is False


def test_all_sets_levels_and_a_policy_entry_wins(session):
    session.configure(parse_config_file({"all": "advisory", "declared-ip-not-static": "mandatory"}))
    found = by_policy(session.analyze(nic("web", allocation="Dynamic", dns=["x.example"])))
    assert found["declared-ip-not-static"][0].enforcementLevel == proto.MANDATORY
    assert found["invalid-dns-server"][0].enforcementLevel == proto.ADVISORY


def test_disabled_policies_do_not_run(session):
    session.configure(parse_config_file({"unmanaged-nic": "disabled"}))
    response = session.analyze_stack([stack(), nic("legacy", managed=False)])
    assert "unmanaged-nic" not in by_policy(response)


def test_a_mandatory_info_rule_blocks_when_configured_so(session):
    session.configure(parse_config_file({"unmanaged-nic": "mandatory"}))
    [diagnostic] = by_policy(session.analyze_stack([stack(), nic("legacy", managed=False)]))["unmanaged-nic"]
    assert diagnostic.enforcementLevel == proto.MANDATORY


def test_properties_reach_the_rule(session):
    session.configure(parse_config_file({"invalid-dns-server": {"maxDnsServers": 2}, "unmanaged-nic": {"managedTag": "owner=netops"}}))
    dns = by_policy(session.analyze(nic("web", dns=["10.0.1.4", "10.0.1.5", "10.0.1.6"])))["invalid-dns-server"]
    assert "Azure accepts at most 2" in dns[0].message
    app = subnet()
    response = session.analyze_stack([stack(), app, nic("tagged", via=app, managed=False, tags={"owner": "netops"})])
    assert "unmanaged-nic" not in by_policy(response)


@pytest.mark.parametrize(
    ("config", "problem"),
    [
        # The Pulumi CLI's own words (gojsonschema), so both tools print the same line.
        ({"invalid-dns-server": {"maxDnsServers": "x"}}, "invalid-dns-server: maxDnsServers: Invalid type. Expected: integer, given: string"),
        ({"invalid-dns-server": {"maxDnsServers": 0}}, "invalid-dns-server: maxDnsServers: Must be greater than or equal to 1"),
        ({"invalid-dns-server": {"maxDnsServers": 25}}, "invalid-dns-server: maxDnsServers: Must be less than or equal to 20"),
        ({"unmanaged-nic": {"managedTag": "no-equals-sign"}}, "unmanaged-nic: managedTag: Does not match pattern '^[^=]+=.+$'"),
        ({"duplicate-private-ip": {"armEndpoint": "http://127.0.0.1:1"}}, "duplicate-private-ip: armEndpoint: Does not match pattern '^https://'"),
        ({"duplicate-private-ip": {"liveSubnetCheck": "yes"}}, "duplicate-private-ip: liveSubnetCheck: Invalid type. Expected: boolean, given: string"),
        (
            {"script-sets-guest-dns": {"allowedDnsServers": ["10.0.1.4", "dc1.corp"]}},
            'script-sets-guest-dns: allowedDnsServers.1: Must validate at least one schema (anyOf): "dc1.corp" is not an IPv4 or IPv6 address',
        ),
    ],
)
def test_invalid_config_is_rejected_like_the_cli_does(session, config, problem):
    with pytest.raises(PolicyConfigError) as raised:
        session.configure(parse_config_file(config))
    assert problem in str(raised.value)
    assert "\n" not in str(raised.value)


def test_several_problems_are_one_line_as_the_cli_joins_them(session):
    with pytest.raises(PolicyConfigError) as raised:
        session.configure(parse_config_file({"invalid-dns-server": {"maxDnsServers": 0}, "unmanaged-nic": {"managedTag": "x"}}))
    assert str(raised.value).count("; ") == 1 and "\n" not in str(raised.value)


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({"all": "strict"}, 'parsing enforcement level for "all": "strict" is not a valid enforcement level'),
        ({"all": 3}, 'parsing "all": 3 is not a valid value; must be a string or object'),
        ([1], "must be a JSON object keyed by policy name"),
    ],
)
def test_bad_config_shapes_are_rejected_like_the_cli_does(data, problem):
    with pytest.raises(PolicyConfigError) as raised:
        parse_config_file(data)
    assert problem in str(raised.value)


def test_the_example_config_file_is_valid(session):
    example = json.loads((REPO / "policy_pack" / "config.example.json").read_text())
    config = session.configure(parse_config_file(example))
    assert config["unmanaged-nic"][0] == "advisory"
