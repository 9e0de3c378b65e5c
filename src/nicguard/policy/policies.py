"""One Pulumi policy per catalog rule: name, description, remediation and severity come
from the rule; the rule's subject type decides where it runs.

- ``DeclaredNic`` rules (NG2xx declarations) are resource policies on each NIC's inputs:
  they block before the NIC is created, also in ``pulumi up`` without a preview.
- ``SubnetClaims`` and ``NicOrigin`` rules (NG1xx, NG5xx) and guest-change rules (NG4xx)
  are stack policies: they need the other resources (the subnet, the VM's NICs, the VNet),
  which only ``AnalyzeStack`` sees. Guest changes are judged there only, against what
  Azure will hand the VM, so one override is never reported twice with two severities.
- Rules about live Azure or a live guest (NG21x drift, NG3xx) are not in the pack.

Every finding becomes one diagnostic. A finding below its rule's own severity (a script
that sets exactly Azure's values) or one that cannot be decided yet is advisory even when
the policy is mandatory; ``server`` applies that per diagnostic.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

from pulumi_policy import (
    EnforcementLevel,
    PolicyConfigSchema,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    Severity as PolicySeverity,
    StackValidationArgs,
    StackValidationPolicy,
)

from ..core.conflicts import SubnetClaims
from ..core.engine import evaluate
from ..core.findings import Finding, Severity, Status
from ..core.model import DeclaredNic, NicOrigin
from ..rules import ALL_RULES
from ..scanner import GuestChange
from . import config as pack_config
from .diagnostics import diagnostic_message, diagnostic_urn
from .resources import NIC, declared_nic, is_managed, nic_origin
from .stack import OutsideLookup, StackModel, build_model

POLICY_SEVERITY = {
    Severity.ERROR: PolicySeverity.HIGH,
    Severity.WARNING: PolicySeverity.MEDIUM,
    Severity.INFO: PolicySeverity.LOW,
}
_URL = re.compile(r"https://\S+")


def default_level(rule: type) -> EnforcementLevel:
    return EnforcementLevel.MANDATORY if rule.severity is Severity.ERROR else EnforcementLevel.ADVISORY


def _reference_url(rule: type) -> str | None:
    references = rule.documentation().partition("**References**")[2]
    match = _URL.search(references)
    return match.group(0) if match else None


def _metadata(rule: type) -> dict[str, Any]:
    schema = pack_config.schema_for(rule)
    return {
        "name": rule.name,
        "description": rule.summary(),
        "enforcement_level": default_level(rule),
        "config_schema": PolicyConfigSchema(schema) if schema else None,
        "severity": POLICY_SEVERITY[rule.severity],
        "remediation_steps": rule.remediation,
        "tags": [rule.id, rule.category.value],
        "url": _reference_url(rule),
    }


class RulePolicy:
    """The part shared by resource and stack policies: a rule and its findings."""

    rule: type

    def findings(self, args: Any) -> Sequence[Finding]:
        raise NotImplementedError

    def report(self, args: Any, report_violation: ReportViolation) -> None:
        # What the stock SDK servicer calls; ``server`` reads ``findings`` directly.
        for finding in self.findings(args):
            report_violation(diagnostic_message(finding), diagnostic_urn(finding))


class NicPolicy(RulePolicy, ResourceValidationPolicy):
    """A DeclaredNic rule on every NIC's inputs (NG201 only on NICs declared through nicguard)."""

    def __init__(self, rule: type) -> None:
        self.rule = rule
        self._check = rule()
        ResourceValidationPolicy.__init__(self, **_metadata(rule))

    def validate(self, args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
        self.report(args, report_violation)

    def findings(self, args: ResourceValidationArgs) -> Sequence[Finding]:
        if args.resource_type != NIC:
            return ()
        settings = pack_config.settings_from(args.get_config())
        if self.rule.name == "declared-ip-not-static" and not is_managed(
            nic_origin(args.urn, args.props), settings.managed_tag
        ):
            args.not_applicable("the NIC is not declared through nicguard (see unmanaged-nic)")
        return evaluate([self._check], [declared_nic(args.name, args.urn, args.props)], settings)


class StackModels:
    """The stack model of the request being analysed, built once for all stack policies.

    ``server`` hands every stack policy the same resource list, so identity is the key;
    the lock makes concurrent AnalyzeStack calls safe (the gRPC server has 4 threads).
    """

    def __init__(self, outside: Callable[[], OutsideLookup | None] = lambda: None) -> None:
        self._outside = outside
        self._lock = threading.Lock()
        self._resources: object = None
        self._model: StackModel | None = None

    def model(self, resources: Sequence[Any]) -> StackModel:
        with self._lock:
            if resources is not self._resources or self._model is None:
                self._model = build_model(resources, self._outside())
                self._resources = resources
            return self._model

    def forget(self) -> None:
        """Drop the request's model: a stack of 10,000 NICs kept alive between requests
        makes every later garbage collection walk it."""
        with self._lock:
            self._resources, self._model = None, None


class StackPolicy(RulePolicy, StackValidationPolicy):
    def __init__(self, rule: type, models: StackModels) -> None:
        self.rule = rule
        self._check = rule()
        self._models = models
        StackValidationPolicy.__init__(self, **_metadata(rule))

    def validate(self, args: StackValidationArgs, report_violation: ReportViolation) -> None:
        self.report(args, report_violation)

    def findings(self, args: StackValidationArgs) -> Sequence[Finding]:
        model = self._models.model(args.resources)
        settings = pack_config.settings_from(args.get_config())
        # A holder outside the stack (seen by the live check) is named in the stack NIC's
        # finding; a finding of its own would point at nothing this stack can change.
        findings = [
            f
            for f in evaluate([self._check], model.subjects(self.rule.subject_type), settings)
            if not f.subject.startswith("/subscriptions/")
        ]
        if self.rule.name == pack_config.LIVE_POLICY:
            findings += [_live_problem(self.rule, problem) for problem in model.problems]
        return findings


def _live_problem(rule: type, problem: str) -> Finding:
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        category=rule.category,
        severity=Severity.WARNING,
        status=Status.UNKNOWN,
        subject="",
        message=f"live subnet check: {problem}",
        remediation="Check armEndpoint, caBundle and the Azure login (DefaultAzureCredential), or turn liveSubnetCheck off.",
        key="live-check",
    )


STACK_SUBJECTS = (SubnetClaims, NicOrigin, GuestChange)
RESOURCE_SUBJECTS = (DeclaredNic,)


def pack_rules() -> tuple[type, ...]:
    return tuple(r for r in ALL_RULES if r.subject_type in (*RESOURCE_SUBJECTS, *STACK_SUBJECTS))


def build_policies(models: StackModels) -> list[RulePolicy]:
    return [
        NicPolicy(rule) if rule.subject_type in RESOURCE_SUBJECTS else StackPolicy(rule, models)
        for rule in pack_rules()
    ]

