"""Progress of a drift run's guest probes on stderr: a live line on a terminal, quiet in CI.

``--progress`` forces it where stderr is not a terminal; then it prints a plain line
every tenth of the way instead of redrawing one.
"""

from __future__ import annotations

import os
import time
from typing import TextIO

from ..azure.run_command import ProbeRun
from .live import Progress


class StderrProgress(Progress):
    def __init__(self, stream: TextIO, redraw: bool):
        self.stream = stream
        self.redraw = redraw
        self.total = self.done_count = self.failed = 0
        self.started_at = time.monotonic()
        self._next_line = 0

    def started(self, total: int) -> None:
        self.total = total
        self.started_at = time.monotonic()
        self._show(force=True)

    def done(self, run: ProbeRun) -> None:
        self.done_count += 1
        self.failed += run.failure is not None
        self._show()

    def finished(self) -> None:
        if self.redraw:
            self.stream.write("\n")
        self.stream.flush()

    def _show(self, force: bool = False) -> None:
        line = (
            f"probing guests: {self.done_count}/{self.total} done, {self.failed} unreadable, "
            f"{time.monotonic() - self.started_at:.0f} s"
        )
        if self.redraw:
            self.stream.write("\r\x1b[K" + line)
        elif force or self.done_count >= self._next_line or self.done_count == self.total:
            self.stream.write(line + "\n")
            self._next_line = self.done_count + max(1, self.total // 10)
        self.stream.flush()


def progress_for(stream: TextIO, forced: bool) -> Progress:
    on_terminal = stream.isatty() and "CI" not in os.environ
    if forced or on_terminal:
        return StderrProgress(stream, redraw=on_terminal)
    return Progress()
