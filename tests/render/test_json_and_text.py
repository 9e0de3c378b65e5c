"""The JSON contract (version 1) and the text format's colour switch."""

from __future__ import annotations

import json
from dataclasses import replace

from nicguard.core.findings import Report, Status
from nicguard.render import json_format, text_format

from .sample import sample_report

FINDING_FIELDS = {
    "rule_id", "rule_name", "category", "severity", "status", "subject", "message", "evidence", "remediation",
}


def test_json_has_version_findings_and_summary() -> None:
    data = json.loads(json_format.render(sample_report()))
    assert data["version"] == 1
    assert data["summary"]["total"] == len(data["findings"]) == 6
    for finding in data["findings"]:
        assert FINDING_FIELDS <= set(finding)
    first = data["findings"][0]
    assert first["evidence"] == {"address": "10.0.1.10", "subnet": "snet-app", "also_claimed_by": "nic-api-01"}
    assert [f["status"] for f in data["findings"]].count("suppressed") == 1


def test_text_is_plain_unless_colour_is_asked_for() -> None:
    assert "\x1b[" not in text_format.render(sample_report())
    assert "\x1b[31mERROR\x1b[0m" in text_format.render(sample_report(), colour=True)


def test_text_summary_counts_an_unknown_finding_only_as_unknown() -> None:
    unknown_only = tuple(f for f in sample_report().findings if f.status is Status.UNKNOWN)
    summary = text_format.render(Report("nicguard", "1.0", unknown_only)).splitlines()[-1]
    assert summary.startswith("nicguard: 0 error, 0 warning, 0 info; 1 unknown")


def test_text_keeps_one_group_per_subject_whatever_its_case() -> None:
    report = sample_report()
    first = report.findings[0]
    findings = (first, replace(first, subject=first.subject.upper(), key="x"), replace(first, key="y"))
    text = text_format.render(replace(report, findings=findings, waiver_notices=()))
    assert text.count(first.subject + "\n") == 1
