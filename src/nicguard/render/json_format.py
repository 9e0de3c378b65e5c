"""``--format json``: ``{"version": 1, "findings": [...], "summary": {...}}``.

The version is a contract: a field is only ever added; a rename or removal bumps it
(with a migration note in the README).
"""

from __future__ import annotations

import json
from dataclasses import asdict

from ..core.findings import Finding, Report, sort_findings

SCHEMA_VERSION = 1


def finding_data(finding: Finding) -> dict[str, object]:
    return {
        "rule_id": finding.rule_id,
        "rule_name": finding.rule_name,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "subject": finding.subject,
        "message": finding.message,
        "evidence": dict(finding.evidence),
        "remediation": finding.remediation,
        "fingerprint": finding.fingerprint,
        "waiver": finding.waiver,
    }


def report_data(report: Report) -> dict[str, object]:
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": report.tool, "version": report.version},
        "findings": [finding_data(f) for f in sort_findings(report.findings)],
        "summary": report.summary(),
        "waiver_notices": [asdict(n) for n in report.waiver_notices],
        "meta": dict(report.meta),
    }


def render(report: Report) -> str:
    return json.dumps(report_data(report), indent=2, ensure_ascii=False) + "\n"
