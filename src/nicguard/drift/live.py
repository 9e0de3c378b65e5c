"""Collect a Bundle from ARM: list the estate, check power and agent, probe the guests.

Requests: a few paged list calls per subscription; one instance-view GET per VM in
scope only when the listing does not say whether it runs and its agent is ready; then
Run Command on the VMs that can take it (POST + polls + a final GET each).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ..azure import arm_json
from ..azure.clients import ArmTarget, arm_clients
from ..azure.inventory import ArmDocuments, fetch_instance_views, list_estate
from ..azure.run_command import ProbeRequest, ProbeRun, RunnerOptions, probe_all
from ..core.model import AzureVm, DeclaredNic, PowerState
from ..core.net import resource_key
from .bundle import Bundle, GuestRecord
from .probe import probe_command
from .scope import Scope


@dataclass(frozen=True)
class LiveStats:
    requests: int
    vms_in_scope: int
    probed: int
    inventory_seconds: float  # lists and instance views, before the first Run Command


class Progress:
    """Callbacks the CLI uses to show progress; the default shows nothing."""

    def started(self, total: int) -> None: ...

    def done(self, run: ProbeRun) -> None: ...

    def finished(self) -> None: ...


def _skip_reason(vm: AzureVm) -> str | None:
    if vm.power_state is not PowerState.RUNNING:
        return f"VM is {vm.power_state.value}: Run Command needs a running VM"
    if vm.agent_ready is False:
        return "VM agent is not ready: Run Command needs the agent in Ready state"
    return None


def needs_instance_view(doc: dict) -> bool:
    view = arm_json.embedded_instance_view(doc)
    power = arm_json.power_state(view)
    return power is PowerState.UNKNOWN or (power is PowerState.RUNNING and arm_json.agent_ready(view) is None)


async def collect(
    target: ArmTarget,
    subscriptions: Sequence[str],
    scope: Scope,
    options: RunnerOptions,
    declared: tuple[DeclaredNic, ...] | None,
    progress: Progress = Progress(),
) -> tuple[Bundle, LiveStats]:
    started = time.monotonic()
    async with arm_clients(target) as clients:
        documents = await list_estate(clients, subscriptions)
        in_scope = [d for d in documents.virtual_machines if scope.selects_vm(d["id"], d.get("tags") or {})]
        views, failures = await fetch_instance_views(
            clients, [d["id"] for d in in_scope if needs_instance_view(d)], options.concurrency
        )
        documents.instance_views.update(views)
        guests, requests = plan_probes(in_scope, documents, failures)
        inventory_seconds = time.monotonic() - started
        progress.started(len(requests))
        runs = await probe_all(clients, requests, options, progress.done)
        progress.finished()
        for run in runs:
            read = run.stdout is not None
            guests[run.vm_id] = GuestRecord(run.stdout, run.stderr) if read else GuestRecord(unreadable=run.failure)
        stats = LiveStats(clients.counter.count, len(in_scope), len(requests), inventory_seconds)
    bundle = Bundle(documents, guests, declared, dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), target.cloud)
    return bundle, stats


def plan_probes(
    in_scope: list[dict], documents: ArmDocuments, failures: dict[str, str]
) -> tuple[dict[str, GuestRecord], list[ProbeRequest]]:
    guests: dict[str, GuestRecord] = {}
    requests: list[ProbeRequest] = []
    for doc in in_scope:
        key = resource_key(doc["id"])
        vm = arm_json.vm_from_arm(doc, documents.instance_views.get(key))
        reason = failures.get(key) or _skip_reason(vm)
        if reason is None:
            command = probe_command(vm.os_type)
            if command is None:
                reason = f"no guest probe for OS type {vm.os_type or 'unknown'}"
            else:
                requests.append(ProbeRequest(vm.id, *command))
        if reason is not None:
            guests[vm.id] = GuestRecord(unreadable=reason)
    return guests, requests
