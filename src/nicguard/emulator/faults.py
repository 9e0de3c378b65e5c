"""Faults injected on demand, from the estate file or from a test while the server runs.

Request-level faults live here; run-command faults belong to one VM (``VmFaults``, held
by the VM in the store). Tests mutate these objects directly; every read happens per
request, so a change takes effect on the next request.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

RUN_COMMAND_OUTPUT_LIMIT = 4096  # bytes of each stream Azure keeps (the tail)


@dataclass
class Burst:
    """Answer matching requests with ``status`` instead of serving them.

    ``count`` None means every matching request, otherwise only the next ``count``.
    ``match`` is a regex searched in ``"METHOD /path"`` (None: every request).
    """

    status: int
    count: int | None = None
    retry_after: float | None = None
    match: str | None = None

    def matches(self, method: str, path: str) -> bool:
        return self.match is None or re.search(self.match, f"{method} {path}", re.IGNORECASE) is not None


@dataclass
class VmFaults:
    """How one VM's run commands misbehave."""

    busy: bool = False  # 409 as if another run command were in flight
    hang: bool = False  # stays InProgress until cleared: beyond any caller's timeout
    garbage: bool = False  # stdout replaced by text no probe can parse
    output_limit: int = RUN_COMMAND_OUTPUT_LIMIT  # lower it to force truncation


GARBAGE_OUTPUT = "\x1b[2J\ufffd\ufffd PK\x03\x04 segfault at 0 ip 00007f sp 00007ff error 4\n<<<\n"


@dataclass
class Faults:
    latency: float = 0.0  # seconds added to every request
    run_command_seconds: float = 0.0  # how long a run command stays InProgress at least
    bursts: list[Burst] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def throttle(self, count: int | None = None, retry_after: float | None = 0.01, match: str | None = None) -> Burst:
        """429 TooManyRequests; keep ``retry_after`` small: the SDK sleeps it verbatim."""
        return self.add(Burst(429, count, retry_after, match))

    def server_error(self, status: int = 503, count: int | None = None, match: str | None = None) -> Burst:
        return self.add(Burst(status, count, None, match))

    def add(self, burst: Burst) -> Burst:
        with self._lock:
            self.bursts.append(burst)
        return burst

    def clear(self) -> None:
        with self._lock:
            self.bursts.clear()
        self.latency = 0.0
        self.run_command_seconds = 0.0

    def take_burst(self, method: str, path: str) -> Burst | None:
        """The burst that answers this request, if any, spending one of its count."""
        with self._lock:
            for burst in self.bursts:
                if burst.matches(method, path):
                    if burst.count is not None:
                        burst.count -= 1
                        if burst.count <= 0:
                            self.bursts.remove(burst)
                    return burst
        return None
