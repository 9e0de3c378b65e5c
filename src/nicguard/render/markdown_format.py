"""``--format markdown``: a CI step summary (append it to ``$GITHUB_STEP_SUMMARY``).

A headline with counts, one table of the active findings (worst first, at most
``MAX_ROWS`` rows, then an "and N more" line: a summary page is for people, the JSON and
SARIF outputs carry everything), waived findings folded away, then one collapsible
remediation per rule that fired.
"""

from __future__ import annotations

import re

from ..core.findings import Finding, Report, Severity, Status, sort_findings
from ._shared import rule_docs_url

MAX_ROWS = 50

# Backslash-escaping every Markdown-active character keeps subjects and messages literal.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<>|~&])")


def render(report: Report, max_rows: int = MAX_ROWS) -> str:
    findings = sort_findings(report.findings)
    active = [f for f in findings if f.status is not Status.SUPPRESSED]
    waived = [f for f in findings if f.status is Status.SUPPRESSED]
    parts = [f"### {_headline(report, active, waived)}", ""]
    if active:
        parts += _table(active[:max_rows])
        if len(active) > max_rows:
            parts.append(f"*…and {len(active) - max_rows} more; the JSON and SARIF outputs list them all.*")
        parts.append("")
    if waived:
        parts += [f"<details><summary>Waived findings ({len(waived)})</summary>", ""]
        parts += _table(waived[:max_rows], waived=True)
        if len(waived) > max_rows:
            parts.append(f"*…and {len(waived) - max_rows} more.*")
        parts += ["", "</details>", ""]
    if report.waiver_notices:
        parts += ["**Waivers that need attention**", ""]
        parts += [
            f"- {n.kind}: {escape(n.rule)} for {escape(n.subject)} ({escape(n.location)}, "
            f"expires {n.expires}): {escape(n.reason)}"
            for n in report.waiver_notices
        ]
        parts.append("")
    if active:
        parts += ["**How to fix**", ""]
        parts += _remediations(active)
    return "\n".join(parts).rstrip("\n") + "\n"


def escape(text: str) -> str:
    """Literal text for a table cell or list item (pipes, emphasis, HTML, line breaks)."""
    escaped = _MARKDOWN_ACTIVE.sub(r"\\\1", text)
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _headline(report: Report, active: list[Finding], waived: list[Finding]) -> str:
    if not report.findings:
        return f"nicguard: no findings ({report.checked} checked)"
    failing = [f for f in active if f.status is Status.FAIL]
    by_severity = ", ".join(
        f"{sum(f.severity is severity for f in failing)} {severity.value}"
        for severity in sorted(Severity, key=lambda s: -s.rank)
    )
    unknown = len(active) - len(failing)
    return f"nicguard: {by_severity}; {unknown} unknown, {len(waived)} waived ({report.checked} checked)"


def _table(findings: list[Finding], waived: bool = False) -> list[str]:
    last_column = "Waiver" if waived else "Message"
    lines = [f"| Severity | Status | Rule | Subject | {last_column} |", "|---|---|---|---|---|"]
    for f in findings:
        last = (f.waiver or "") if waived else f.message
        rule = f"[{f.rule_id}]({rule_docs_url(f.rule_id, f.rule_name)}) {f.rule_name}"
        lines.append(f"| {f.severity.value} | {f.status.value} | {rule} | {escape(f.subject)} | {escape(last)} |")
    return lines


def _remediations(findings: list[Finding]) -> list[str]:
    lines = []
    seen: set[tuple[str, str]] = set()
    for f in sorted(findings, key=lambda f: (f.rule_id, f.remediation)):
        # Usually one per rule; a rule that crashed carries its own remediation too.
        if (f.rule_id, f.remediation) in seen:
            continue
        seen.add((f.rule_id, f.remediation))
        lines += [
            f"<details><summary>{f.rule_id} {f.rule_name}</summary>",
            "",
            f.remediation,
            "",
            f"[Rule documentation]({rule_docs_url(f.rule_id, f.rule_name)})",
            "",
            "</details>",
            "",
        ]
    return lines
