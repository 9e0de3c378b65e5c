"""``--format github``: GitHub Actions workflow commands that annotate the run (and the diff).

One line per finding that is not waived: severity error/warning/info -> ``::error`` /
``::warning`` / ``::notice``; a finding whose status is ``unknown`` is a ``::notice``
titled "could not be checked", since it is not a confirmed problem. A ``path:line``
subject becomes ``file=``/``line=`` (GitHub pins it to the diff); any other subject
leads the message instead. Expired waivers annotate the waiver file as warnings,
unmatched ones as notices.
"""

from __future__ import annotations

from ..core.findings import Finding, Report, Severity, Status, WaiverNotice, sort_findings
from ._shared import file_position

SEVERITY_TO_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
NOTICE_TO_COMMAND = {"expired": "warning", "unmatched": "notice"}


def render(report: Report) -> str:
    lines = [_finding_line(f) for f in sort_findings(report.findings) if f.status is not Status.SUPPRESSED]
    lines += [_notice_line(n) for n in report.waiver_notices]
    return "".join(line + "\n" for line in lines)


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _finding_line(finding: Finding) -> str:
    title = f"{finding.rule_id} {finding.rule_name}"
    if finding.status is Status.UNKNOWN:
        command, title = "notice", f"{title} (could not be checked)"
    else:
        command = SEVERITY_TO_COMMAND[finding.severity]
    return _command(command, finding.subject, title, finding.message)


def _notice_line(notice: WaiverNotice) -> str:
    message = f"{notice.rule} for {notice.subject!r} (expires {notice.expires}): {notice.reason}"
    command = NOTICE_TO_COMMAND.get(notice.kind, "warning")
    return _command(command, notice.location, f"nicguard waiver {notice.kind}", message)


def _command(command: str, subject: str, title: str, message: str) -> str:
    position = file_position(subject)
    properties = []
    if position:
        properties += [f"file={escape_property(position.path)}", f"line={position.line}"]
    else:
        message = f"{subject}: {message}"
    properties.append(f"title={escape_property(title)}")
    return f"::{command} {','.join(properties)}::{escape_data(message)}"
