"""Run rules over subjects and turn their violations into findings.

A rule that raises does not stop the run: its subject gets an UNKNOWN finding that
names the rule and the error, so one bad rule never hides the others.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from .findings import Finding, Status
from .settings import Settings

if TYPE_CHECKING:
    from ..rules.base import Rule, Violation


def subject_name(subject: object) -> str:
    for attr in ("subject", "id", "name"):
        value = getattr(subject, attr, None)
        if isinstance(value, str) and value:
            return value
    return type(subject).__name__


def evaluate(
    rules: Sequence[Rule], subjects: Iterable[object], settings: Settings | None = None
) -> list[Finding]:
    settings = settings or Settings()
    by_type: dict[type, list[Rule]] = {}
    findings: list[Finding] = []
    for subject in subjects:
        kind = type(subject)
        if kind not in by_type:
            by_type[kind] = [r for r in rules if isinstance(subject, r.subject_type)]
        for rule in by_type[kind]:
            findings.extend(_run_one(rule, subject, settings))
    return findings


def _run_one(rule: Rule, subject: object, settings: Settings) -> list[Finding]:
    try:
        return [to_finding(rule, subject, v) for v in rule.check(subject, settings)]
    except Exception as exc:  # noqa: BLE001 - a crashing rule becomes a finding
        return [
            Finding(
                rule_id=rule.id,
                rule_name=rule.name,
                category=rule.category,
                severity=rule.severity,
                status=Status.UNKNOWN,
                subject=subject_name(subject),
                message=f"rule could not run on this subject: {type(exc).__name__}: {exc}",
                remediation=f"Report this as a nicguard bug; waive {rule.id} for this subject meanwhile.",
                key="internal-error",
            )
        ]


def to_finding(rule: Rule, subject: object, violation: Violation) -> Finding:
    evidence = violation.evidence
    if isinstance(evidence, Mapping):
        evidence = tuple((str(k), str(v)) for k, v in evidence.items())
    return Finding(
        rule_id=rule.id,
        rule_name=rule.name,
        category=rule.category,
        severity=violation.severity or rule.severity,
        status=violation.status,
        subject=violation.subject or subject_name(subject),
        message=violation.message,
        remediation=rule.remediation,
        evidence=tuple(evidence),
        key=violation.key,
    )
