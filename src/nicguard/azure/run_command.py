"""The guest probe on many VMs through Run Command, concurrently and defensively.

Real Run Command allows one script per VM at a time (a second call gets 409) and
cannot be cancelled, takes 20 s or more, and ARM throttles with 429 + Retry-After.
So: a semaphore bounds the fan-out; the SDK retries what carries Retry-After (it
sleeps it verbatim); a 409, or a 429 without Retry-After, is retried here after a
bounded backoff, outside the semaphore so a busy VM holds no slot; each attempt has a
timeout; and every VM ends as output or as a reason, never as an exception.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .arm_json import resource_group_of, subscription_of
from .clients import ArmClients
from .run_command_output import split_streams

RETRIED_STATUSES = (409, 429)
MAX_BACKOFF = 60.0


@dataclass(frozen=True)
class ProbeRequest:
    vm_id: str
    command_id: str  # RunShellScript | RunPowerShellScript
    script: str


@dataclass(frozen=True)
class ProbeRun:
    """What one VM's probe produced: output, or the reason there is none."""

    vm_id: str
    stdout: str | None
    stderr: str = ""
    failure: str | None = None
    attempts: int = 1
    seconds: float = 0.0


@dataclass(frozen=True)
class RunnerOptions:
    concurrency: int = 32
    timeout: float = 300.0  # per attempt; Run Command cannot be cancelled, so a hung VM is given up on
    retries: int = 3  # extra attempts after a 409 or an unannounced 429
    backoff: float = 5.0  # first wait before such a retry, doubled each time


def _retry_after(exc: Exception) -> float | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None) or {}
    for name, scale in (("retry-after-ms", 0.001), ("x-ms-retry-after-ms", 0.001), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is not None:
            try:
                return float(value) * scale
            except ValueError:
                continue
    return None


def _reason(exc: Exception) -> str:
    status = getattr(exc, "status_code", None)
    error = getattr(exc, "error", None)
    code = getattr(error, "code", None)
    message = str(getattr(error, "message", None) or getattr(exc, "message", None) or exc).strip()
    first = message.splitlines()[0] if message else type(exc).__name__
    if not isinstance(status, int) or status < 400:
        status = None  # a long-running operation that failed is reported with HTTP 200: not worth showing
    prefix = " ".join(str(p) for p in (status, code) if p)
    return f"{prefix}: {first}" if prefix else first


async def _attempt(clients: ArmClients, request: ProbeRequest) -> tuple[str, str]:
    from azure.mgmt.compute.models import RunCommandInput

    compute = clients.compute(subscription_of(request.vm_id))
    poller = await compute.virtual_machines.begin_run_command(
        resource_group_of(request.vm_id),
        request.vm_id.rstrip("/").rsplit("/", 1)[-1],
        RunCommandInput(command_id=request.command_id, script=request.script.splitlines()),
    )
    result = await poller.result()
    statuses = [s.as_dict() for s in (result.value or [])] if result is not None else []
    if not statuses:
        raise _NoOutput("Run Command returned no output statuses")
    return split_streams(statuses)


class _NoOutput(Exception):
    pass


async def probe_one(
    clients: ArmClients, request: ProbeRequest, options: RunnerOptions, gate: asyncio.Semaphore
) -> ProbeRun:
    from azure.core.exceptions import AzureError, HttpResponseError

    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        async with gate:
            try:
                async with asyncio.timeout(options.timeout):
                    stdout, stderr = await _attempt(clients, request)
                return ProbeRun(request.vm_id, stdout, stderr, None, attempts, time.monotonic() - started)
            except TimeoutError:
                failure = f"Run Command did not finish within {options.timeout:g} s"
                delay = None
            except HttpResponseError as exc:
                failure = _reason(exc)
                delay = None
                if exc.status_code in RETRIED_STATUSES and attempts <= options.retries:
                    delay = _retry_after(exc) or min(options.backoff * 2 ** (attempts - 1), MAX_BACKOFF)
            except (AzureError, _NoOutput) as exc:
                failure, delay = _reason(exc), None
        if delay is None:
            note = f" (after {attempts} attempts)" if attempts > 1 else ""
            return ProbeRun(request.vm_id, None, "", failure + note, attempts, time.monotonic() - started)
        await asyncio.sleep(delay)


async def probe_all(
    clients: ArmClients,
    requests: Iterable[ProbeRequest],
    options: RunnerOptions,
    on_done: Callable[[ProbeRun], None] = lambda run: None,
) -> list[ProbeRun]:
    gate = asyncio.Semaphore(options.concurrency)

    async def tracked(request: ProbeRequest) -> ProbeRun:
        run = await probe_one(clients, request, options, gate)
        on_done(run)
        return run

    return list(await asyncio.gather(*(tracked(r) for r in requests)))
