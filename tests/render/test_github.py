"""GitHub workflow commands: one annotation per active finding, escaped per GitHub's rules."""

from __future__ import annotations

from dataclasses import replace

from nicguard.core.findings import Report, Status
from nicguard.render import github_format

from .sample import NIC_WEB, sample_report


def _lines(report: Report) -> list[str]:
    return github_format.render(report).splitlines()


def test_file_subject_annotates_the_file_and_line() -> None:
    line = next(l for l in _lines(sample_report()) if "set-ip.ps1" in l)
    prefix = "::warning file=scripts/bootstrap/set-ip.ps1,line=12,title=NG401 static-ip-in-guest-script::"
    assert line.startswith(prefix)


def test_resource_subject_has_no_file_and_leads_the_message() -> None:
    line = _lines(sample_report())[0]
    message = "10.0.1.10 in subnet snet-app is also claimed by nic-api-01"
    assert line == f"::error title=NG101 duplicate-private-ip::{NIC_WEB}: {message}"


def test_escaping_of_data_and_properties() -> None:
    assert github_format.escape_data("100%\r\nnext: a, b") == "100%25%0D%0Anext: a, b"
    assert github_format.escape_property("100%\nC:\\x,y") == "100%25%0AC%3A\\x%2Cy"


def test_a_property_with_commas_and_colons_stays_one_property() -> None:
    finding = replace(sample_report().findings[0], subject="odd,dir/a:b.sh:3")
    (line,) = _lines(Report("nicguard", "1.0", (finding,)))
    assert line.startswith("::error file=odd%2Cdir/a%3Ab.sh,line=3,title=")


def test_suppressed_findings_are_not_annotated_and_unknown_is_a_notice() -> None:
    lines = _lines(sample_report())
    assert not any("dc1" in l for l in lines)
    unknown = next(l for l in lines if "nic-db-01" in l)
    assert unknown.startswith("::notice title=NG211 nic-ip-allocation-dynamic (could not be checked)::")


def test_severity_maps_to_the_command() -> None:
    commands = [l.split(" ", 1)[0] for l in _lines(sample_report())]
    assert commands == ["::error", "::notice", "::warning", "::warning", "::notice", "::warning", "::notice"]


def test_waiver_notices_annotate_the_waiver_file() -> None:
    expired = next(l for l in _lines(sample_report()) if "waiver expired" in l)
    assert expired.startswith("::warning file=.nicguard.yaml,line=9,title=nicguard waiver expired::NG101")


def test_only_suppressed_findings_render_nothing() -> None:
    waived = tuple(f for f in sample_report().findings if f.status is Status.SUPPRESSED)
    assert github_format.render(Report("nicguard", "1.0", waived)) == ""
