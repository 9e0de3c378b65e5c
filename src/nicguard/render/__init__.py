"""Output formats: one module per format, each with ``render(report) -> str``.

Modules are imported on demand so a run pays only for the formats it writes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

from ..core.findings import Report

FORMATS = ("text", "json", "sarif", "junit", "markdown", "github")

Renderer = Callable[[Report], str]


def renderer(name: str) -> Renderer:
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
    module = importlib.import_module(f"{__name__}.{name}_format")
    return module.render
