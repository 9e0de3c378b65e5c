"""Findings, their closed vocabularies, and the report that carries them."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


_DIGITS = re.compile(r"(\d+)")


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _SEVERITY_RANK[self]

    def at_least(self, threshold: Severity) -> bool:
        return self.rank >= threshold.rank


_SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Status(StrEnum):
    FAIL = "fail"  # the rule found the problem
    UNKNOWN = "unknown"  # the rule could not decide (value unknown, guest unreadable)
    SUPPRESSED = "suppressed"  # a waiver covers it


class Category(StrEnum):
    GUEST_IP_OVERRIDE = "guest-ip-override"
    GUEST_DNS_OVERRIDE = "guest-dns-override"
    IP_CONFLICT = "ip-conflict"
    DECLARED_DRIFT = "declared-drift"
    PENDING_RENEWAL = "pending-renewal"  # Azure changed, the guest has not renewed DHCP yet
    UNMANAGED = "unmanaged"  # a NIC not declared through the component


Evidence = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Finding:
    rule_id: str
    rule_name: str
    category: Category
    severity: Severity
    status: Status
    subject: str  # URN, Azure resource id, VM, or file:line
    message: str
    remediation: str
    evidence: Evidence = ()
    key: str = ""  # tells apart several findings of one rule on one subject
    waiver: str | None = None  # the waiver's reason when suppressed

    @property
    def fingerprint(self) -> str:
        """Stable across runs and wording changes: rule, subject and key only."""
        text = "\x1f".join((self.rule_id, self.subject.lower(), self.key))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class WaiverNotice:
    """A waiver that is itself a problem: expired, or matching nothing."""

    kind: str  # "expired" | "unmatched"
    rule: str
    subject: str
    reason: str
    expires: str
    location: str  # file:line


@dataclass(frozen=True)
class Report:
    tool: str
    version: str
    findings: tuple[Finding, ...]
    waiver_notices: tuple[WaiverNotice, ...] = ()
    checked: int = 0  # subjects examined, for the summary
    meta: tuple[tuple[str, str], ...] = field(default=())

    def summary(self) -> dict[str, object]:
        by_status = {s.value: 0 for s in Status}
        by_severity = {s.value: 0 for s in Severity}
        by_category = {c.value: 0 for c in Category}
        for f in self.findings:
            by_status[f.status.value] += 1
            if f.status is Status.FAIL:  # unknown and suppressed are counted by status only
                by_severity[f.severity.value] += 1
                by_category[f.category.value] += 1
        return {
            "total": len(self.findings),
            "checked": self.checked,
            "by_status": by_status,
            "by_severity": by_severity,
            "by_category": by_category,
            "waiver_notices": len(self.waiver_notices),
        }


def subject_order(subject: str) -> tuple[object, ...]:
    """Natural order, so ``setup.sh:6`` comes before ``setup.sh:11``; case-insensitive."""
    parts = _DIGITS.split(subject.lower())
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)) + (subject,)


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Deterministic order for every renderer: worst first, then by subject and rule."""
    return tuple(sorted(findings, key=lambda f: (-f.severity.rank, subject_order(f.subject), f.rule_id, f.key)))


def exit_code(report: Report, fail_on: Severity, unknown_is_failure: bool = False) -> int:
    """0 clean, 1 a finding at or above ``fail_on``, 2 (drift) a subject could not be checked."""
    active = [f for f in report.findings if f.status is not Status.SUPPRESSED]
    if any(f.status is Status.FAIL and f.severity.at_least(fail_on) for f in active):
        return 1
    if unknown_is_failure and any(f.status is Status.UNKNOWN for f in active):
        return 2
    return 0
