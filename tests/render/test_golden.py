"""Every format renders the shared sample report byte for byte as its golden file.

After an intended output change run ``pytest tests/render --update-golden`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from nicguard.render import FORMATS, renderer

from .sample import PINNED_RULES, sample_report

GOLDEN = Path(__file__).parent / "golden"
EXTENSIONS = {"text": "txt", "json": "json", "sarif": "sarif", "junit": "xml", "markdown": "md", "github": "github"}
OPTIONS = {"sarif": {"rules": PINNED_RULES}}


def test_every_format_has_a_golden_file() -> None:
    assert set(EXTENSIONS) == set(FORMATS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_matches_golden(fmt: str, request: pytest.FixtureRequest) -> None:
    rendered = renderer(fmt)(sample_report(), **OPTIONS.get(fmt, {}))
    golden = GOLDEN / f"report.{EXTENSIONS[fmt]}"
    if request.config.getoption("--update-golden"):
        golden.write_bytes(rendered.encode("utf-8"))
        pytest.skip(f"rewrote {golden.name}")
    assert golden.exists(), f"no {golden.name}: run pytest with --update-golden"
    assert rendered == golden.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", FORMATS)
def test_rendering_is_deterministic_and_ignores_finding_order(fmt: str) -> None:
    report = sample_report()
    shuffled = type(report)(**{**report.__dict__, "findings": tuple(reversed(report.findings))})
    render = renderer(fmt)
    options = OPTIONS.get(fmt, {})
    assert render(report, **options) == render(shuffled, **options)
