"""Markdown step summary: literal cells, a readable size for big reports."""

from __future__ import annotations

from dataclasses import replace

from nicguard.core.findings import Report
from nicguard.render import markdown_format

from .sample import sample_report


def _table_rows(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("| ") and not line.startswith("| Severity")]


def test_cells_escape_pipes_markup_and_line_breaks() -> None:
    assert markdown_format.escape("a | b *c* <d>\nnext") == r"a \| b \*c\* \<d\><br>next"


def test_every_row_has_five_cells_despite_pipes_in_messages() -> None:
    for row in _table_rows(markdown_format.render(sample_report())):
        assert row.replace("\\|", "").count("|") == 6


def test_headline_counts_failures_unknowns_and_waived() -> None:
    first_line = markdown_format.render(sample_report()).splitlines()[0]
    assert first_line == "### nicguard: 1 error, 2 warning, 1 info; 1 unknown, 1 waived (12 checked)"


def test_a_clean_report_is_one_headline() -> None:
    assert markdown_format.render(Report("nicguard", "1.0", (), checked=3)) == "### nicguard: no findings (3 checked)\n"


def test_a_thousand_findings_are_capped_with_a_count_of_the_rest() -> None:
    base = sample_report().findings[0]
    findings = tuple(replace(base, key=str(i), subject=f"{base.subject}-{i:04}") for i in range(1000))
    text = markdown_format.render(Report("nicguard", "1.0", findings))
    assert len(_table_rows(text)) == markdown_format.MAX_ROWS
    assert f"…and {1000 - markdown_format.MAX_ROWS} more" in text
    assert text.count("<details>") == 1  # one remediation per rule, not per finding
    assert len(text) < 20_000


def test_the_row_cap_is_a_parameter() -> None:
    text = markdown_format.render(sample_report(), max_rows=2)
    assert len(_table_rows(text.split("Waived findings")[0])) == 2
    assert "…and 3 more" in text
