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
    for expected in case["expect"]:
        hit = next((f for f in unmatched if _matches(f, expected)), None)
        assert hit is not None, f"expected {expected}, got {[(f.status, f.severity, f.key, f.message) for f in findings]}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected findings: {[(f.status, f.severity, f.key, f.message) for f in unmatched]}"


def test_every_rule_has_cases() -> None:
    problems = []
    for rule in ALL_RULES:
        path = CASES_DIR / f"{rule.id}.yaml"
        if not path.exists():
            problems.append(f"{rule.id}: no {path.name}")
            continue
        cases = _load(path)["cases"]
        names = [c["name"] for c in cases]
        if not any(n.startswith("pass_") and not c["expect"] for n, c in zip(names, cases)):
            problems.append(f"{rule.id}: no pass_ case with expect: []")
        if not any(n.startswith("fail_") and any(e.get("status", "fail") == "fail" for e in c["expect"]) for n, c in zip(names, cases)):
            problems.append(f"{rule.id}: no fail_ case expecting a failure")
        if not all(n.split("_", 1)[0] in ("pass", "fail", "unknown") for n in names):
            problems.append(f"{rule.id}: case names must start with pass_, fail_ or unknown_")
    assert not problems, "\n".join(problems)


def test_case_files_name_real_rules() -> None:
    strays = [p.name for p in CASES_DIR.glob("*.yaml") if p.stem not in RULES_BY_ID]
    assert not strays, f"case files for rules not in the catalog: {strays}"
