"""``--format sarif``: SARIF 2.1.0, for code-scanning dashboards and IDE viewers.

Mapping decisions:

* ``tool.driver.rules`` lists the whole catalog, not only the rules that fired, so a viewer
  can show every rule and ``ruleIndex`` is stable for a given catalog.
* ``level``: severity error/warning/info -> ``error``/``warning``/``note``. A finding with
  status ``unknown`` (the rule could not decide) is always ``note`` with
  ``properties.status = "unknown"``: it must not read as a confirmed problem, and ``note``
  is the one level every consumer (GitHub included) shows. Suppressed findings keep their
  severity's level and carry ``suppressions`` (kind ``external``: the waiver file).
* No ``security-severity``: on GitHub that property files a result under security
  vulnerabilities, and an address conflict or a DNS drift is a reliability finding.
* Locations: a ``path:line`` subject is a ``physicalLocation``; a URN, ARM id or VM is a
  ``logicalLocation`` (kind ``resource``). GitHub code scanning rejects results without a
  repository file location, so when the report names an anchor file (``--sarif-anchor``,
  e.g. the Pulumi program or manifest that declares the resources) resource results also
  get a physical location on that file's first line.
* ``partialFingerprints["nicguardFingerprint/v1"]`` is ``Finding.fingerprint``: rule,
  subject and key, never the message, so rewording a message keeps alerts matched.
* Waiver notices (expired, unmatched) are ``invocations[0].toolExecutionNotifications``
  located at the waiver's line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Protocol
from urllib.parse import quote

from ..core.findings import Category, Finding, Report, Severity, Status, WaiverNotice, sort_findings
from ._shared import PROJECT_URL, file_position, rule_docs_url

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT_KEY = "nicguardFingerprint/v1"

SEVERITY_TO_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
NOTICE_TO_LEVEL = {"expired": "warning", "unmatched": "note"}

_WINDOWS_DRIVE = re.compile(r"[A-Za-z]:/")


class RuleInfo(Protocol):
    """What SARIF needs of a rule; ``nicguard.rules.base.Rule`` classes fit."""

    id: str
    name: str
    category: Category
    severity: Severity
    remediation: str

    def summary(self) -> str: ...

    def documentation(self) -> str: ...


def render(report: Report, rules: Sequence[RuleInfo] | None = None) -> str:
    """``rules`` defaults to the full catalog; tests pin their own to keep golden files still."""
    if rules is None:
        from ..rules import ALL_RULES

        rules = ALL_RULES
    return json.dumps(sarif_log(report, rules), indent=2, ensure_ascii=False) + "\n"


def sarif_log(report: Report, rules: Sequence[RuleInfo]) -> dict[str, object]:
    findings = sort_findings(report.findings)
    descriptors = [_rule_descriptor(rule) for rule in rules]
    index = {rule.id: position for position, rule in enumerate(rules)}
    anchor = dict(report.meta).get("sarif_anchor")
    for finding in findings:
        if finding.rule_id not in index:  # a rule outside the catalog still gets a descriptor
            index[finding.rule_id] = len(descriptors)
            descriptors.append(_fallback_descriptor(finding))
    invocation: dict[str, object] = {"executionSuccessful": True}
    if report.waiver_notices:
        invocation["toolExecutionNotifications"] = [_notification(n) for n in report.waiver_notices]
    run = {
        "tool": {
            "driver": {
                "name": report.tool,
                "version": report.version,
                "informationUri": PROJECT_URL,
                "rules": descriptors,
            }
        },
        "invocations": [invocation],
        "results": [_result(f, index[f.rule_id], anchor) for f in findings],
        "properties": {"checked": report.checked, "meta": dict(report.meta)},
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule_descriptor(rule: RuleInfo) -> dict[str, object]:
    documentation = rule.documentation()
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": _section(documentation, "Why it matters") or rule.summary()},
        "help": {
            "text": f"{documentation}\n\nRemediation: {rule.remediation}",
            "markdown": f"{documentation}\n\n**Remediation**\n\n{rule.remediation}",
        },
        "helpUri": rule_docs_url(rule.id, rule.name),
        "defaultConfiguration": {"level": SEVERITY_TO_LEVEL[rule.severity]},
        "properties": {"category": rule.category.value, "tags": ["nicguard", rule.category.value]},
    }


def _fallback_descriptor(finding: Finding) -> dict[str, object]:
    return {
        "id": finding.rule_id,
        "name": finding.rule_name,
        "helpUri": rule_docs_url(finding.rule_id, finding.rule_name),
        "defaultConfiguration": {"level": SEVERITY_TO_LEVEL[finding.severity]},
        "properties": {"category": finding.category.value, "tags": ["nicguard", finding.category.value]},
    }


def _section(documentation: str, title: str) -> str:
    """The paragraph under ``**title**`` in a rule docstring, joined into one line."""
    lines = documentation.splitlines()
    heading = f"**{title}**"
    if heading not in lines:
        return ""
    body = []
    for line in lines[lines.index(heading) + 1 :]:
        if line.startswith("**"):
            break
        body.append(line.strip())
    return " ".join(part for part in body if part)


def _result(finding: Finding, rule_index: int, anchor: str | None = None) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": "note" if finding.status is Status.UNKNOWN else SEVERITY_TO_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.subject, anchor)],
        "partialFingerprints": {FINGERPRINT_KEY: finding.fingerprint},
        "properties": {
            "category": finding.category.value,
            "severity": finding.severity.value,
            "status": finding.status.value,
            "evidence": dict(finding.evidence),
            "remediation": finding.remediation,
        },
    }
    if finding.status is Status.SUPPRESSED:
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": finding.waiver or ""}]
    return result


def _location(subject: str, anchor: str | None = None) -> dict[str, object]:
    position = file_position(subject)
    if position is None:
        logical: dict[str, object] = {"logicalLocations": [{"fullyQualifiedName": subject, "kind": "resource"}]}
        if anchor:
            logical["physicalLocation"] = {
                "artifactLocation": {"uri": _artifact_uri(anchor)},
                "region": {"startLine": 1},
            }
        return logical
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": _artifact_uri(position.path)},
            "region": {"startLine": position.line},
        }
    }


def _artifact_uri(path: str) -> str:
    """A URI reference for a path: relative stays relative (what GitHub matches to the repo)."""
    posix = path.replace("\\", "/")
    if _WINDOWS_DRIVE.match(posix):
        posix = "/" + posix
    if posix.startswith("/"):
        return "file://" + quote(posix, safe="/:")
    return quote(posix, safe="/")


def _notification(notice: WaiverNotice) -> dict[str, object]:
    notification: dict[str, object] = {
        "level": NOTICE_TO_LEVEL.get(notice.kind, "warning"),
        "descriptor": {"id": f"waiver-{notice.kind}"},
        "message": {
            "text": f"waiver {notice.kind}: {notice.rule} for {notice.subject!r} "
            f"(expires {notice.expires}): {notice.reason}"
        },
    }
    if file_position(notice.location):
        notification["locations"] = [_location(notice.location)]
    return notification
