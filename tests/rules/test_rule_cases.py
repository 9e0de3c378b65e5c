"""One runner for every rule's pass/fail cases (tests/rules/cases/<ID>.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nicguard.core.engine import evaluate
from nicguard.core.serde import UNKNOWN_MARK, from_data
from nicguard.core.settings import Settings
from nicguard.rules import ALL_RULES, RULES_BY_ID

CASES_DIR = Path(__file__).parent / "cases"
MATCH_FIELDS = ("status", "severity", "key", "subject", "category")


class CaseLoader(yaml.SafeLoader):
    """YAML with an ``!unknown`` tag for values not known yet."""


CaseLoader.add_constructor("!unknown", lambda loader, node: dict(UNKNOWN_MARK))


def _load(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=CaseLoader)


def _all_cases():
    for path in sorted(CASES_DIR.glob("NG*.yaml")):
        doc = _load(path)
        for case in doc["cases"]:
            yield pytest.param(doc, case, id=f"{doc['rule']}-{case['name']}")


def _subject_class(rule, name: str) -> type:
    wanted = rule.subject_type
    if wanted.__name__ != name:
        raise AssertionError(f"case file says subject_type {name}, rule checks {wanted.__name__}")
    return wanted


def _matches(finding, expected: dict) -> bool:
    for field in MATCH_FIELDS:
        if field in expected and str(getattr(finding, field)) != str(expected[field]):
            return False
    needle = expected.get("message_contains")
    return needle is None or needle in finding.message


@pytest.mark.parametrize(("doc", "case"), list(_all_cases()))
def test_rule_case(doc: dict, case: dict) -> None:
    rule = RULES_BY_ID[doc["rule"]]
    subject = from_data(case["subject"], _subject_class(rule, doc["subject_type"]))
    settings = from_data(case.get("settings", {}), Settings)
    findings = evaluate([rule()], [subject], settings)
    unmatched = list(findings)
    default_status = {"fail": "fail", "unknown": "unknown"}.get(case["name"].split("_", 1)[0])
    for expected in case["expect"]:
        if default_status:
            expected = {"status": default_status, **expected}
        hit = next((f for f in unmatched if _matches(f, expected)), None)
        assert hit is not None, f"expected {expected}, got {[(f.status, f.severity, f.key, f.message) for f in findings]}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected findings: {[(f.status, f.severity, f.key, f.message) for f in unmatched]}"


def test_every_rule_has_cases() -> None:
    """A pass case, and a case that makes the rule report: fail_ (status fail) or, for a rule
    whose only outcome is "could not decide", unknown_ (status unknown)."""
    problems = []
    for rule in ALL_RULES:
        path = CASES_DIR / f"{rule.id}.yaml"
        if not path.exists():
            problems.append(f"{rule.id}: no {path.name}")
            continue
        cases = _load(path)["cases"]
        kinds = {c["name"].split("_", 1)[0] for c in cases}
        if not kinds <= {"pass", "fail", "unknown"}:
            problems.append(f"{rule.id}: case names must start with pass_, fail_ or unknown_")
        for case in cases:
            kind = case["name"].split("_", 1)[0]
            statuses = {e.get("status", kind) for e in case["expect"]}
            if kind == "pass" and case["expect"]:
                problems.append(f"{rule.id}: {case['name']} must expect no finding")
            if kind in ("fail", "unknown") and (not case["expect"] or statuses != {kind}):
                problems.append(f"{rule.id}: {case['name']} must expect findings with status: {kind}")
        if "pass" not in kinds or not kinds & {"fail", "unknown"}:
            problems.append(f"{rule.id}: needs a pass_ case and a fail_ (or unknown_) case")
    assert not problems, "\n".join(problems)


def test_case_files_name_real_rules() -> None:
    strays = [p.name for p in CASES_DIR.glob("*.yaml") if p.stem not in RULES_BY_ID]
    assert not strays, f"case files for rules not in the catalog: {strays}"


def test_the_runner_fails_on_a_wrong_expectation() -> None:
    doc = _load(CASES_DIR / "NG102.yaml")
    failing = next(c for c in doc["cases"] if c["name"].startswith("fail_"))
    with pytest.raises(AssertionError, match="unexpected findings"):
        test_rule_case(doc, {**failing, "expect": []})
    passing = next(c for c in doc["cases"] if c["name"].startswith("pass_"))
    with pytest.raises(AssertionError, match="expected"):
        test_rule_case(doc, {**passing, "name": "fail_x", "expect": [{"key": "10.0.1.1"}]})
