"""docs/rules.md and the README rule table are generated from the catalog and must be current."""

from __future__ import annotations

from pathlib import Path

from nicguard.docs import README_BEGIN, README_END, rules_markdown, rules_table, with_readme_table
from nicguard.rules import ALL_RULES

REPO = Path(__file__).resolve().parents[1]
FIX = "run `nicguard rules --write-docs` and commit the result"


def test_rules_md_is_current() -> None:
    assert (REPO / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown(ALL_RULES), FIX


def test_readme_table_is_current() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert with_readme_table(readme, ALL_RULES) == readme, FIX


def test_staleness_is_detected() -> None:
    stale = f"intro\n{README_BEGIN}\n| old |\n{README_END}\n"
    assert with_readme_table(stale, ALL_RULES) != stale
    assert rules_table(ALL_RULES) in with_readme_table(stale, ALL_RULES)
