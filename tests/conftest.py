"""Options shared by the whole test suite."""

from __future__ import annotations


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/render/golden/ from the current renderers instead of comparing",
    )
