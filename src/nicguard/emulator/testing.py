"""Run the emulator inside a test process (the pytest fixtures in tests/emulator use this)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .arm import DEFAULT_PAGE_SIZE
from .estate import Estate, load_estate
from .server import Emulator

# Client kwargs that keep tests fast: the SDK polls every 30 s and backs off for seconds by default.
FAST_CLIENT_KWARGS = {
    "polling_interval": 0.01,
    "retry_total": 3,
    "retry_backoff_factor": 0.01,
    "retry_backoff_max": 0.05,
}


@contextmanager
def running_emulator(
    estate: Estate | str | Path,
    *,
    workdir: Path | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> Iterator[Emulator]:
    """An emulator on a free loopback port serving ``estate`` (an estate file, or ``parse_estate(text)``)."""
    loaded = estate if isinstance(estate, Estate) else load_estate(estate)
    with Emulator(loaded.store, loaded.faults, workdir=workdir, page_size=page_size) as emulator:
        yield emulator
