"""Progress on stderr: a redrawn line on a terminal, sparse plain lines when forced in CI."""

from __future__ import annotations

import io

import pytest

from nicguard.azure.run_command import ProbeRun
from nicguard.drift.live import Progress
from nicguard.drift.progress import StderrProgress, progress_for


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _drive(progress, total: int = 20) -> None:
    progress.started(total)
    for index in range(total):
        progress.done(ProbeRun(f"vm{index}", None if index % 5 == 0 else "out", failure="x" if index % 5 == 0 else None))
    progress.finished()


def test_quiet_in_ci_unless_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    assert type(progress_for(_Terminal(), forced=False)) is Progress
    stream = io.StringIO()
    progress = progress_for(stream, forced=True)
    _drive(progress)
    lines = stream.getvalue().splitlines()
    assert 10 <= len(lines) <= 12 and lines[-1].startswith("probing guests: 20/20 done, 4 unreadable")


def test_redraws_one_line_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    stream = _Terminal()
    progress = progress_for(stream, forced=False)
    assert isinstance(progress, StderrProgress)
    _drive(progress)
    assert stream.getvalue().count("\n") == 1 and "\r\x1b[K" in stream.getvalue()
