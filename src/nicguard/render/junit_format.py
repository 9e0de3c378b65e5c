"""``--format junit``: JUnit XML, so CI test-report views list nicguard findings.

Mapping decisions:

* One ``<testsuite>`` per category that has findings (``nicguard.<category>``), in the
  order of ``Category``; one ``<testcase>`` per (rule, subject): ``classname`` is
  ``<rule id>.<rule name>``, ``name`` the subject, plus ``file``/``line`` for a
  ``path:line`` subject. Only findings make test cases: a clean run has no suites.
* A test case's outcome comes from its findings, the worst status winning:
  any ``fail`` -> ``<failure type="<severity>">`` (every severity, info included: the
  threshold is ``--fail-on``'s job, not the report's); else any ``unknown`` ->
  ``<error type="unknown">`` (the subject could not be checked); else (all waived) ->
  ``<skipped>`` with the waiver's reason.
* Waiver notices have no test case; the text, SARIF, Markdown and GitHub formats show them.
* No timestamps or durations, so the same report renders to the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from itertools import groupby

from ..core.findings import Category, Finding, Report, Status, subject_order
from ._shared import file_position

_OUTCOME_PRECEDENCE = (Status.FAIL, Status.UNKNOWN, Status.SUPPRESSED)
# XML 1.0 cannot carry these even as character references (guest output can contain them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def render(report: Report) -> str:
    root = ET.Element("testsuites", name=report.tool)
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for category in Category:
        findings = [f for f in report.findings if f.category is category]
        if not findings:
            continue
        suite = _suite(f"{report.tool}.{category.value}", findings)
        root.append(suite)
        for counter in totals:
            totals[counter] += int(suite.get(counter, "0"))
    _set_counts(root, totals)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _suite(name: str, findings: list[Finding]) -> ET.Element:
    suite = ET.Element("testsuite", name=name)
    counts = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    ordered = sorted(findings, key=lambda f: (f.rule_id, subject_order(f.subject), f.key))
    for _, group in groupby(ordered, key=lambda f: (f.rule_id, f.subject)):
        case = _testcase(list(group))
        suite.append(case)
        counts["tests"] += 1
        outcome = case.find("*")
        if outcome is not None:
            counts[{"failure": "failures", "error": "errors", "skipped": "skipped"}[outcome.tag]] += 1
    _set_counts(suite, counts)
    return suite


def _set_counts(element: ET.Element, counts: dict[str, int]) -> None:
    for counter, value in counts.items():
        element.set(counter, str(value))


def _testcase(group: list[Finding]) -> ET.Element:
    first = group[0]
    case = ET.Element("testcase", classname=f"{first.rule_id}.{first.rule_name}", name=_clean(first.subject))
    position = file_position(first.subject)
    if position:
        case.set("file", _clean(position.path))
        case.set("line", str(position.line))
    status = next(s for s in _OUTCOME_PRECEDENCE if any(f.status is s for f in group))
    decisive = [f for f in group if f.status is status]
    if status is Status.SUPPRESSED:
        reasons = sorted({f.waiver or "" for f in decisive})
        ET.SubElement(case, "skipped", message=_clean("waived: " + "; ".join(reasons)))
        return case
    tag, kind = ("failure", _worst_severity(decisive)) if status is Status.FAIL else ("error", "unknown")
    outcome = ET.SubElement(case, tag, message=_clean("; ".join(f.message for f in decisive)), type=kind)
    outcome.text = _clean(_details(decisive))
    return case


def _worst_severity(findings: list[Finding]) -> str:
    return max((f.severity for f in findings), key=lambda s: s.rank).value


def _details(findings: list[Finding]) -> str:
    lines = []
    for finding in findings:
        label = finding.severity.value if finding.status is Status.FAIL else "could not be checked"
        lines.append(f"{label}: {finding.message}")
        lines += [f"  {key}: {value}" for key, value in finding.evidence]
    lines.append(f"fix: {findings[0].remediation}")
    return "\n".join(lines)


def _clean(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
