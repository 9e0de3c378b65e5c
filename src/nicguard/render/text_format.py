"""``--format text``: findings grouped by subject, coloured only on a terminal."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from ..core.findings import Finding, Report, Severity, Status, subject_order

_COLOURS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def render(report: Report, colour: bool = False) -> str:
    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if colour else text

    lines: list[str] = []
    ordered = sorted(report.findings, key=lambda f: (subject_order(f.subject), -f.severity.rank, f.rule_id, f.key))
    for subject, group in groupby(ordered, key=lambda f: f.subject):
        lines.append(paint(subject, "1"))
        for finding in group:
            lines.extend(_finding_lines(finding, paint))
        lines.append("")
    for notice in report.waiver_notices:
        lines.append(
            paint(f"waiver {notice.kind}: ", "33")
            + f"{notice.rule} for {notice.subject!r} ({notice.location}, expires {notice.expires}): {notice.reason}"
        )
    if report.waiver_notices:
        lines.append("")
    lines.append(_summary_line(report))
    return "\n".join(lines) + "\n"


def _finding_lines(finding: Finding, paint) -> list[str]:
    label = finding.severity.value if finding.status is Status.FAIL else finding.status.value
    code = _COLOURS[finding.severity] if finding.status is Status.FAIL else "2"
    message = finding.message.replace("\n", "\n      ")  # keep a multi-line message under its finding
    lines = [f"  {paint(label.upper(), code)} {finding.rule_id} {finding.rule_name} [{finding.category.value}]: {message}"]
    lines += [f"      {key}: {value}" for key, value in finding.evidence]
    if finding.status is Status.SUPPRESSED:
        lines.append(f"      waived: {finding.waiver}")
    else:
        lines.append(f"      fix: {finding.remediation}")
    return lines


def _summary_line(report: Report) -> str:
    if not report.findings:
        return f"nicguard: no findings ({report.checked} checked)"
    by_status = report.summary()["by_status"]
    # Report.summary's by_severity also counts unknown findings; here severities are failures only.
    failing = Counter(f.severity for f in report.findings if f.status is Status.FAIL)
    return (
        f"nicguard: {failing[Severity.ERROR]} error, {failing[Severity.WARNING]} warning, {failing[Severity.INFO]} info"
        f"; {by_status['unknown']} unknown, {by_status['suppressed']} suppressed ({report.checked} checked)"
    )
