"""Reconciliation on a planted estate: each finding where planted, nowhere else."""

from __future__ import annotations

from collections import defaultdict

from nicguard.core.findings import Status
from nicguard.core.net import resource_name
from nicguard.core.settings import Settings
from nicguard.drift.estate import estate_from_bundle
from nicguard.drift.reconcile import reconcile
from nicguard.drift.scope import Scope, Shard
from nicguard.rules import ALL_RULES

from .planted import EXPECTED, planted_bundle, reader_for


def _run(scope: Scope = Scope(), with_declared: bool = True):
    bundle, states = planted_bundle()
    estate = estate_from_bundle(bundle, reader_for(states))
    return reconcile(estate, bundle.declared if with_declared else None, scope, Settings(), ALL_RULES)


def _by_name(findings) -> dict[str, set[str]]:
    found = defaultdict(set)
    for finding in findings:
        found[resource_name(finding.subject)].add(finding.rule_id)
    return dict(found)


def test_each_planted_problem_is_found_where_planted_and_nowhere_else() -> None:
    outcome = _run()
    assert _by_name(outcome.findings) == EXPECTED
    assert outcome.vms_in_scope == 9
    unknown = [f for f in outcome.findings if f.status is Status.UNKNOWN]
    assert [resource_name(f.subject) for f in unknown] == ["vm-stopped"]
    assert "deallocated" in unknown[0].message


def test_azure_only_mode_skips_declared_drift_and_flags_untagged_nics() -> None:
    found = _by_name(_run(with_declared=False).findings)
    assert not any(r.startswith("NG2") for rules in found.values() for r in rules)
    assert found["nic-legacy"] == {"NG501"}
    assert "nic-lbdup" not in found  # its conflict was a declared claim


def test_shards_split_the_findings_without_overlap() -> None:
    whole = {f.fingerprint: f for f in _run().findings}
    parts = [{f.fingerprint for f in _run(Scope(shard=Shard(i, 3))).findings} for i in (1, 2, 3)]
    assert sum(len(p) for p in parts) == len(set().union(*parts))
    assert set().union(*parts) == set(whole)


def test_a_shard_still_sees_conflicts_with_vms_of_other_shards() -> None:
    """vm-steal's guest takes vm-clean's address: found whichever shard holds vm-steal."""
    for index in (1, 2, 3, 4):
        found = _by_name(_run(Scope(shard=Shard(index, 4))).findings)
        if "vm-steal" in found:
            assert "NG104" in found["vm-steal"]
            break
    else:
        raise AssertionError("no shard reported vm-steal")


def test_vm_glob_limits_the_report_to_matching_vms() -> None:
    outcome = _run(Scope(vm_patterns=("vm-guest*",)))
    assert _by_name(outcome.findings) == {"vm-guestip": {"NG301", "NG302"}, "vm-guestdns": {"NG303"}}
    assert outcome.vms_in_scope == 2
