"""Findings <-> analyzer diagnostics: how the pack words a finding, and how ``nicguard
preview`` reads it back (policy name == rule name).

A diagnostic carries no status, so an undecided finding starts with ``UNKNOWN_MARK``.
Read back, a mandatory diagnostic is an error (the CLI would fail the preview on it) and
an advisory one is at most a warning, so the core's exit codes match ``pulumi preview``.
"""

from __future__ import annotations

from typing import Any

from ..core.findings import Finding, Severity, Status
from ..rules import RULES_BY_NAME

UNKNOWN_MARK = "(not known yet) "
CANT_RUN = "can't run policy"
# The proto enums (pulumi.runtime.proto.analyzer_pb2), without importing it here.
MANDATORY = 1
SEVERITY_FROM_PROTO = {1: Severity.INFO, 2: Severity.WARNING, 3: Severity.ERROR, 4: Severity.ERROR}


def is_downgraded(rule: type, finding: Finding) -> bool:
    """Advisory whatever the policy's level: undecided, or milder than the rule's default."""
    return finding.status is Status.UNKNOWN or finding.severity.rank < rule.severity.rank


def diagnostic_message(finding: Finding) -> str:
    """The message; a guest change's place in its resource (``urn#property:line``) is added,
    as a diagnostic's URN names the resource only."""
    place = finding.subject.partition("#")[2]
    where = f" [at {place}]" if place else ""
    return (UNKNOWN_MARK if finding.status is Status.UNKNOWN else "") + finding.message + where


def diagnostic_urn(finding: Finding) -> str | None:
    urn = finding.subject.partition("#")[0]
    return urn if urn.startswith("urn:pulumi:") else None


def finding_from_diagnostic(diagnostic: Any, fallback_subject: str) -> Finding | None:
    """The finding behind one of our diagnostics; None for a policy not in the catalog."""
    rule = RULES_BY_NAME.get(diagnostic.policyName)
    if rule is None:
        return None
    message = diagnostic.message
    if message.startswith(diagnostic.description + "\n"):
        message = message[len(diagnostic.description) + 1 :]
    status = Status.FAIL
    if message.startswith(UNKNOWN_MARK) or message.startswith(CANT_RUN):
        status = Status.UNKNOWN
        message = message.removeprefix(UNKNOWN_MARK)
    severity = SEVERITY_FROM_PROTO.get(diagnostic.severity, rule.severity)
    if diagnostic.enforcementLevel == MANDATORY:
        severity = Severity.ERROR
    elif severity is Severity.ERROR:
        severity = Severity.WARNING
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        category=rule.category,
        severity=severity,
        status=status,
        subject=diagnostic.urn or fallback_subject,
        message=message,
        remediation=rule.remediation,
    )
