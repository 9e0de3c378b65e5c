"""SARIF: valid against the official 2.1.0 schema, the whole catalog, stable fingerprints."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from nicguard.core.findings import Report, Status
from nicguard.render import sarif_format
from nicguard.rules import ALL_RULES

from .sample import NIC_WEB, PINNED_RULES, SCRIPT_LINE, URN_DB, sample_report

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def _run(report: Report, rules=PINNED_RULES) -> dict:
    return json.loads(sarif_format.render(report, rules=rules))["runs"][0]


def _result_for(run: dict, subject: str) -> dict:
    return next(r for r in run["results"] if subject in json.dumps(r["locations"]))


@pytest.mark.parametrize("rules", [PINNED_RULES, None], ids=["pinned-catalog", "real-catalog"])
def test_validates_against_the_sarif_schema(rules) -> None:
    log = json.loads(sarif_format.render(sample_report(), rules=rules))
    validator_class = jsonschema.validators.validator_for(SCHEMA)
    validator_class(SCHEMA).validate(log)


def test_an_empty_report_validates_too() -> None:
    log = json.loads(sarif_format.render(Report("nicguard", "1.0", ())))
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)
    assert log["runs"][0]["results"] == []


def test_driver_lists_every_catalog_rule_and_result_indexes_point_at_their_rule() -> None:
    run = json.loads(sarif_format.render(sample_report()))["runs"][0]
    descriptors = run["tool"]["driver"]["rules"]
    assert [d["id"] for d in descriptors[: len(ALL_RULES)]] == [r.id for r in ALL_RULES]
    for result in run["results"]:
        assert descriptors[result["ruleIndex"]]["id"] == result["ruleId"]


def test_rule_descriptor_carries_docs_remediation_and_help_uri() -> None:
    driver = _run(sample_report())["tool"]["driver"]
    ng101 = driver["rules"][0]
    assert driver["name"] == "nicguard" and driver["version"] == "9.9.9-test"
    assert ng101["shortDescription"]["text"] == "Summary of duplicate-private-ip."
    assert ng101["fullDescription"]["text"] == "Azure refuses the second claim."
    assert "Give each NIC its own free static address." in ng101["help"]["markdown"]
    assert ng101["helpUri"].endswith("/docs/rules.md#ng101-duplicate-private-ip")
    assert ng101["defaultConfiguration"]["level"] == "error"


def test_a_rule_outside_the_catalog_gets_a_descriptor() -> None:
    run = _run(sample_report(), rules=PINNED_RULES[:1])
    ids = [d["id"] for d in run["tool"]["driver"]["rules"]]
    assert ids[0] == "NG101" and set(ids) == {r["ruleId"] for r in run["results"]}


def test_fingerprints_are_stable_and_ignore_message_wording() -> None:
    report = sample_report()
    reworded = replace(report, findings=tuple(replace(f, message=f.message.upper()) for f in report.findings))

    def fingerprints(r: Report) -> list[str]:
        return [res["partialFingerprints"][sarif_format.FINGERPRINT_KEY] for res in _run(r)["results"]]

    assert fingerprints(report) == fingerprints(report) == fingerprints(reworded)
    assert len(set(fingerprints(report))) == len(report.findings)


def test_levels_follow_severity_and_unknown_is_a_note() -> None:
    run = _run(sample_report())
    assert _result_for(run, NIC_WEB)["level"] == "error"
    unknown = _result_for(run, URN_DB)
    assert unknown["level"] == "note" and unknown["properties"]["status"] == "unknown"
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_suppressed_finding_carries_an_external_suppression() -> None:
    suppressed = [r for r in _run(sample_report())["results"] if "suppressions" in r]
    assert [s["suppressions"] for s in suppressed] == [
        [{"kind": "external", "status": "accepted", "justification": "DC points DNS at itself (CHG-1234)"}]
    ]


def test_file_subject_is_physical_and_resource_subject_logical() -> None:
    run = _run(sample_report())
    physical = _result_for(run, SCRIPT_LINE.split(":")[0])["locations"][0]["physicalLocation"]
    assert physical == {"artifactLocation": {"uri": "scripts/bootstrap/set-ip.ps1"}, "region": {"startLine": 12}}
    logical = _result_for(run, URN_DB)["locations"][0]["logicalLocations"][0]
    assert logical == {"fullyQualifiedName": URN_DB, "kind": "resource"}


@pytest.mark.parametrize(
    ("subject", "uri"),
    [
        ("cloud init/user data.yaml:3", "cloud%20init/user%20data.yaml"),
        ("scripts\\win\\set-dns.ps1:7", "scripts/win/set-dns.ps1"),
        ("/etc/netplan/50-cloud-init.yaml:4", "file:///etc/netplan/50-cloud-init.yaml"),
        ("C:\\probe\\out.ps1:2", "file:///C:/probe/out.ps1"),
    ],
)
def test_artifact_uris_are_uri_references(subject: str, uri: str) -> None:
    report = sample_report()
    report = replace(report, findings=(replace(report.findings[0], subject=subject),))
    location = _run(report)["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == uri


def test_waiver_notices_are_tool_notifications_at_the_waiver_line() -> None:
    invocation = _run(sample_report())["invocations"][0]
    assert invocation["executionSuccessful"] is True
    notifications = invocation["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notifications] == ["waiver-expired", "waiver-unmatched"]
    assert [n["level"] for n in notifications] == ["warning", "note"]
    assert notifications[0]["locations"][0]["physicalLocation"]["region"] == {"startLine": 9}


def test_suppressed_status_survives_as_a_property() -> None:
    statuses = {r["properties"]["status"] for r in _run(sample_report())["results"]}
    assert statuses == {s.value for s in Status}


def test_the_schema_check_itself_can_fail() -> None:
    log = json.loads(sarif_format.render(sample_report(), rules=PINNED_RULES))
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)


def test_resource_results_get_the_anchor_file_as_physical_location():
    import dataclasses
    import json

    from nicguard.core.findings import Category, Finding, Report, Severity, Status
    from nicguard.render.sarif_format import render

    finding = Finding("NG212", "nic-ip-differs-from-declared", Category.DECLARED_DRIFT, Severity.ERROR,
                      Status.FAIL, "/subscriptions/0/nic", "m", "r")
    report = Report("nicguard", "0", (finding,), meta=(("sarif_anchor", "stack/__main__.py"),))
    [location] = json.loads(render(report))["runs"][0]["results"][0]["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "stack/__main__.py"
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "/subscriptions/0/nic"
    bare = dataclasses.replace(report, meta=())
    assert "physicalLocation" not in json.loads(render(bare))["runs"][0]["results"][0]["locations"][0]
