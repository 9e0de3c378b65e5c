"""Run Command fan-out through the real aio SDK against the local ARM server, with faults."""

from __future__ import annotations

import asyncio
import time

from nicguard.azure.clients import arm_clients
from nicguard.azure.run_command import ProbeRequest, probe_all
from nicguard.emulator.estate import parse_estate
from nicguard.emulator.testing import running_emulator

from .emulated import FAST_RUNNER, PlantedVm, estate_yaml, target_for

VMS = [
    PlantedVm("ok", 1, guest='{recorded: {stdout: "out-ok", stderr: "err-ok"}}'),
    PlantedVm("win", 2, os="windows", guest='{recorded: {stdout: "out-win"}}'),
    PlantedVm("busy", 3, vm={"faults": "{busy: true}"}),
    PlantedVm("hang", 4, vm={"faults": "{hang: true}"}),
    PlantedVm("agentless", 5, vm={"agent_ready": "false"}),
    PlantedVm("throttled", 6, guest='{recorded: {stdout: "out-throttled"}}'),
    PlantedVm("rude", 7, guest='{recorded: {stdout: "out-rude"}}'),
]


def _requests(emulator) -> list[ProbeRequest]:
    return [
        ProbeRequest(vm.id, "RunPowerShellScript" if vm.os_type == "Windows" else "RunShellScript", "echo probe")
        for vm in emulator.store.vms.values()
    ]


def _probe(emulator):
    async def go():
        async with arm_clients(target_for(emulator)) as clients:
            runs = await probe_all(clients, _requests(emulator), FAST_RUNNER)
            return runs

    return asyncio.run(go())


def test_every_vm_ends_as_output_or_a_reason() -> None:
    with running_emulator(parse_estate(estate_yaml(VMS))) as emulator:
        # Retry-After is honoured by the SDK; a bare 429 and a 409 are retried by the runner.
        emulator.faults.throttle(count=2, retry_after=0.01, match="POST .*/throttled/runCommand")
        emulator.faults.throttle(count=1, retry_after=None, match="POST .*/rude/runCommand")
        started = time.monotonic()
        runs = _probe(emulator)
        elapsed = time.monotonic() - started
    by_name = {r.vm_id.rsplit("/", 1)[-1]: r for r in runs}
    assert (by_name["ok"].stdout, by_name["ok"].stderr) == ("out-ok", "err-ok")
    assert by_name["win"].stdout == "out-win"
    assert by_name["throttled"].stdout == "out-throttled" and by_name["throttled"].attempts == 1
    assert by_name["rude"].stdout == "out-rude" and by_name["rude"].attempts == 2
    assert by_name["busy"].stdout is None and "409" in by_name["busy"].failure and by_name["busy"].attempts == 3
    assert "did not finish within 2 s" in by_name["hang"].failure
    assert by_name["agentless"].failure.startswith("VMAgentStatusCommunicationError: ")  # no "200" in front
    assert elapsed < FAST_RUNNER.timeout + 2


def test_a_busy_vm_that_frees_up_is_read_on_a_later_attempt() -> None:
    with running_emulator(parse_estate(estate_yaml(VMS[:1]))) as emulator:
        emulator.vm("ok").faults.busy = True

        async def release_later():
            await asyncio.sleep(0.08)
            emulator.vm("ok").faults.busy = False

        async def go():
            async with arm_clients(target_for(emulator)) as clients:
                runs, _ = await asyncio.gather(probe_all(clients, _requests(emulator), FAST_RUNNER), release_later())
                return runs

        [run] = asyncio.run(go())
    assert run.stdout == "out-ok" and run.attempts >= 2
