"""JUnit: well-formed XML, one test case per (rule, subject), status -> outcome as documented."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

from nicguard.core.findings import Report, Status
from nicguard.render import junit_format

from .sample import NIC_WEB, SCRIPT_LINE, URN_DB, VM_DC, sample_report


def _parse(report: Report) -> ET.Element:
    return ET.fromstring(junit_format.render(report).encode("utf-8"))


def _outcome(root: ET.Element, subject: str) -> ET.Element | None:
    case = next(c for c in root.iter("testcase") if c.get("name") == subject)
    return case.find("*")


def test_statuses_map_to_failure_error_and_skipped() -> None:
    root = _parse(sample_report())
    assert _outcome(root, NIC_WEB).tag == "failure"
    assert _outcome(root, NIC_WEB).get("type") == "error"
    assert _outcome(root, URN_DB).tag == "error"
    assert _outcome(root, VM_DC).tag == "skipped"
    assert _outcome(root, VM_DC).get("message") == "waived: DC points DNS at itself (CHG-1234)"


def test_counts_add_up_per_suite_and_overall() -> None:
    root = _parse(sample_report())
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "6", "failures": "4", "errors": "1", "skipped": "1",
    }
    for suite in root.iter("testsuite"):
        assert int(suite.get("tests")) == len(suite.findall("testcase"))


def test_one_case_per_rule_and_subject_with_the_worst_status_winning() -> None:
    report = sample_report()
    duplicate = report.findings[0]
    same_case = (
        duplicate,
        replace(duplicate, key="10.0.1.11", message="10.0.1.11 also claimed", status=Status.SUPPRESSED, waiver="ok"),
        replace(duplicate, key="10.0.1.12", message="10.0.1.12 unknown", status=Status.UNKNOWN),
    )
    root = _parse(replace(report, findings=same_case))
    (case,) = root.iter("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.get("message") == duplicate.message
    assert len(case) == 1


def test_file_subjects_get_file_and_line() -> None:
    case = next(c for c in _parse(sample_report()).iter("testcase") if c.get("name") == SCRIPT_LINE)
    assert (case.get("file"), case.get("line")) == ("scripts/bootstrap/set-ip.ps1", "12")


def test_markup_and_control_characters_stay_well_formed() -> None:
    report = sample_report()
    nasty = replace(report.findings[0], message='a <b> & "c" ]]> \x1b[31mred\x1b[0m \x00')
    failure = _parse(replace(report, findings=(nasty,))).find(".//failure")
    assert failure.get("message") == 'a <b> & "c" ]]> \\x1b[31mred\\x1b[0m \\x00'


def test_a_clean_report_is_an_empty_testsuites() -> None:
    root = _parse(Report("nicguard", "1.0", ()))
    assert root.tag == "testsuites" and root.get("tests") == "0" and len(root) == 0
