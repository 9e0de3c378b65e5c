"""Run Command as Azure answers it: LRO flow, result shapes, output tail, one at a time per VM."""

from __future__ import annotations

import time

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError

from nicguard.emulator.faults import GARBAGE_OUTPUT
from nicguard.emulator.guests import RecordedGuest
from tests.emulator.conftest import SUBSCRIPTION

LINUX = {"commandId": "RunShellScript", "script": ["ip -j addr", "cat /etc/resolv.conf"]}
WINDOWS = {"commandId": "RunPowerShellScript", "script": ["Get-NetIPConfiguration"]}


def run(compute, vm: str, command: dict):
    return compute.virtual_machines.begin_run_command("rg1", vm, command).result()


def test_linux_result_is_one_status_with_stdout_and_stderr_sections(emulator, clients) -> None:
    result = run(clients(emulator).compute, "lin", LINUX)
    [status] = result.value
    assert status.code == "ProvisioningState/succeeded"
    assert status.message == "Enable succeeded: \n[stdout]\nlinux out\n\n[stderr]\nlinux err\n"
    # POST 202, polls of Azure-AsyncOperation (InProgress first), then the final GET on Location.
    steps = [(e.method, e.status, "monitor=true" in e.query) for e in emulator.log]
    assert steps == [("POST", 202, False), ("GET", 200, False), ("GET", 200, False), ("GET", 200, True)]


def test_windows_result_has_stdout_and_stderr_statuses(emulator, run_aio) -> None:
    async def body(network, compute):
        poller = await compute.virtual_machines.begin_run_command("rg1", "win", WINDOWS)
        return await poller.result()

    result = run_aio(emulator, SUBSCRIPTION, body)
    assert [(s.code, s.message) for s in result.value] == [
        ("ComponentStatus/StdOut/succeeded", "windows out"),
        ("ComponentStatus/StdErr/succeeded", "windows err"),
    ]


def test_only_the_last_4096_bytes_of_each_stream_come_back(emulator, clients) -> None:
    emulator.vm("win").guest = RecordedGuest("HEAD" + "o" * 5000 + "TAIL", "é" + "e" * 4095)
    out, err = run(clients(emulator).compute, "win", WINDOWS).value
    assert len(out.message.encode()) == 4096 and out.message.endswith("TAIL")
    assert err.message == "\ufffd" + "e" * 4095  # the cut split "é", as the extension's would


def test_the_script_lines_reach_the_guest(emulator, clients) -> None:
    seen = []

    class Echo:
        def run(self, script: str, timeout: float) -> tuple[str, str]:
            seen.append(script)
            return script, ""

    emulator.vm("lin").guest = Echo()
    run(clients(emulator).compute, "lin", LINUX)
    assert seen == ["ip -j addr\ncat /etc/resolv.conf"]


def test_a_second_command_while_one_runs_is_a_409_conflict(emulator, clients) -> None:
    compute = clients(emulator).compute
    emulator.vm("lin").faults.hang = True
    first = compute.virtual_machines.begin_run_command("rg1", "lin", LINUX)
    with pytest.raises(ResourceExistsError) as caught:
        compute.virtual_machines.begin_run_command("rg1", "lin", LINUX)
    assert caught.value.error.code == "Conflict"
    run(compute, "win", WINDOWS)  # other VMs are not blocked
    emulator.vm("lin").faults.hang = False
    assert first.result().value[0].code == "ProvisioningState/succeeded"
    run(compute, "lin", LINUX)  # the VM is free again


def test_busy_fault_answers_409(emulator, clients) -> None:
    emulator.vm("lin").faults.busy = True
    with pytest.raises(ResourceExistsError):
        run(clients(emulator).compute, "lin", LINUX)


def test_a_hung_command_outlives_the_callers_timeout_and_frees_the_vm_once_cleared(emulator, clients) -> None:
    compute = clients(emulator).compute
    emulator.vm("lin").faults.hang = True
    poller = compute.virtual_machines.begin_run_command("rg1", "lin", LINUX)
    poller.wait(0.2)
    assert not poller.done()
    emulator.vm("lin").faults.hang = False
    run(compute, "lin", LINUX)  # the abandoned command ended, so the VM takes a new one


@pytest.mark.parametrize("state", ["deallocated", "stopped"])
def test_a_vm_that_is_not_running_refuses_run_command(state, emulator, clients) -> None:
    c = clients(emulator)
    emulator.vm("lin").power_state = state
    with pytest.raises(ResourceExistsError) as caught:
        run(c.compute, "lin", LINUX)
    assert caught.value.status_code == 409
    assert caught.value.error.code == "OperationNotAllowed"
    view = c.compute.virtual_machines.instance_view("rg1", "lin")
    assert view.statuses[1].code == f"PowerState/{state}"
    assert view.vm_agent is None


def test_agent_not_ready_fails_the_operation(emulator, clients) -> None:
    c = clients(emulator)
    emulator.vm("lin").agent_ready = False
    assert c.compute.virtual_machines.instance_view("rg1", "lin").vm_agent.statuses[0].display_status == "Not Ready"
    with pytest.raises(HttpResponseError) as caught:
        run(c.compute, "lin", LINUX)
    assert caught.value.error.code == "VMAgentStatusCommunicationError"


def test_a_failing_guest_fails_the_operation(emulator, clients) -> None:
    class Broken:
        def run(self, script: str, timeout: float) -> tuple[str, str]:
            raise TimeoutError("guest did not answer")

    emulator.vm("lin").guest = Broken()
    with pytest.raises(HttpResponseError) as caught:
        run(clients(emulator).compute, "lin", LINUX)
    assert caught.value.error.code == "VMExtensionProvisioningError"
    assert "guest did not answer" in caught.value.error.message


def test_garbage_and_truncated_output_faults(emulator, clients) -> None:
    compute = clients(emulator).compute
    emulator.vm("win").faults.garbage = True
    assert run(compute, "win", WINDOWS).value[0].message == GARBAGE_OUTPUT
    emulator.vm("win").faults.garbage = False
    emulator.vm("win").faults.output_limit = 3
    assert [s.message for s in run(compute, "win", WINDOWS).value] == ["out", "err"]


def test_run_command_seconds_keeps_the_operation_in_progress(emulator, clients) -> None:
    emulator.faults.run_command_seconds = 0.2
    started = time.monotonic()
    run(clients(emulator).compute, "lin", LINUX)
    assert time.monotonic() - started >= 0.2


def test_a_command_id_for_the_other_os_is_not_found(emulator, clients) -> None:
    with pytest.raises(ResourceNotFoundError):
        run(clients(emulator).compute, "lin", WINDOWS)
