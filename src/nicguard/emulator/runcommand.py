"""Action Run Command as Azure runs it: a long-running operation, one at a time per VM.

The guest runs the script in a worker thread as soon as the command is accepted. Pollers
always see InProgress on their first poll (so the LRO path is exercised), then the
operation ends once the script is done and ``Faults.run_command_seconds`` have passed.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, field

from ..core import net
from .faults import GARBAGE_OUTPUT, Faults
from .store import ArmError, Vm

IN_PROGRESS = "InProgress"
SUCCEEDED = "Succeeded"
FAILED = "Failed"
GUEST_TIMEOUT_SECONDS = 90 * 60.0  # Azure stops a script after 90 minutes
COMMAND_IDS = {"Linux": "RunShellScript", "Windows": "RunPowerShellScript"}


@dataclass
class Operation:
    id: str
    vm: Vm
    started: float
    agent_ready: bool
    polls: int = 0
    state: str = IN_PROGRESS
    stdout: str = ""
    stderr: str = ""
    error: tuple[str, str] | None = None  # (code, message) once Failed
    guest_done: threading.Event = field(default_factory=threading.Event)
    guest_output: tuple[str, str] | BaseException | None = None


def tail(text: str, limit: int) -> str:
    """The last ``limit`` bytes, decoded as the extension does (a split character becomes U+FFFD)."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[-limit:].decode("utf-8", "replace")


class RunCommands:
    def __init__(self, faults: Faults):
        self._faults = faults
        self._lock = threading.Lock()
        self._operations: dict[str, Operation] = {}
        self._in_flight: dict[str, Operation] = {}  # by VM key

    def start(self, vm: Vm, command_id: str, script: str) -> Operation:
        expected = COMMAND_IDS[vm.os_type]
        if command_id.lower() != expected.lower():
            raise ArmError(404, "NotFound", f"The entity was not found in this Azure location. "
                                            f"({command_id!r} is not a {vm.os_type} command; use {expected!r}.)")
        if vm.power_state != "running":
            raise ArmError(409, "OperationNotAllowed", "The operation requires the VM to be running (or set to run).")
        key = net.resource_key(vm.id)
        with self._lock:
            running = self._in_flight.get(key)
            if vm.faults.busy or (running is not None and self._advance(running) == IN_PROGRESS):
                raise ArmError(409, "Conflict", "Run command extension execution is in progress. "
                                                "Please wait for completion before invoking a run command.")
            operation = Operation(str(uuid.uuid4()), vm, time.monotonic(), agent_ready=vm.agent_ready)
            self._operations[operation.id] = operation
            self._in_flight[key] = operation
        if operation.agent_ready:
            threading.Thread(target=self._run_guest, args=(operation, script), daemon=True).start()
        return operation

    def poll(self, operation_id: str) -> Operation | None:
        """The operation as a poller sees it now (None: unknown id)."""
        with self._lock:
            operation = self._operations.get(operation_id)
            if operation is None:
                return None
            operation.polls += 1
            self._advance(operation)
            return operation

    def visible_state(self, operation: Operation) -> str:
        return IN_PROGRESS if operation.polls <= 1 else operation.state

    def _run_guest(self, operation: Operation, script: str) -> None:
        try:
            operation.guest_output = operation.vm.guest.run(script, GUEST_TIMEOUT_SECONDS)
        except Exception as exc:  # noqa: BLE001 - any guest failure is reported as Azure would
            operation.guest_output = exc
        operation.guest_done.set()

    def _advance(self, operation: Operation) -> str:
        if operation.state != IN_PROGRESS:
            return operation.state
        vm_faults = operation.vm.faults
        waited = time.monotonic() - operation.started
        if vm_faults.hang or waited < self._faults.run_command_seconds:
            return IN_PROGRESS
        if not operation.agent_ready:
            self._finish(operation, error=("VMAgentStatusCommunicationError",
                                           f"VM '{operation.vm.name}' has not reported status for VM agent or "
                                           "extensions. Verify that the OS is up and healthy, the VM has a running "
                                           "VM agent, and that it can establish outbound connections to Azure storage."))
        elif not operation.guest_done.is_set():
            return IN_PROGRESS
        elif isinstance(operation.guest_output, BaseException):
            extension = "RunCommandLinux" if operation.vm.os_type == "Linux" else "RunCommandWindows"
            self._finish(operation, error=("VMExtensionProvisioningError",
                                           f"VM has reported a failure when processing extension '{extension}'. "
                                           f"Error message: {operation.guest_output}"))
        else:
            stdout, stderr = operation.guest_output
            if vm_faults.garbage:
                stdout = GARBAGE_OUTPUT
            operation.stdout = tail(stdout, vm_faults.output_limit)
            operation.stderr = tail(stderr, vm_faults.output_limit)
            self._finish(operation)
        return operation.state

    def _finish(self, operation: Operation, error: tuple[str, str] | None = None) -> None:
        operation.state = FAILED if error else SUCCEEDED
        operation.error = error
        key = net.resource_key(operation.vm.id)
        if self._in_flight.get(key) is operation:
            del self._in_flight[key]
