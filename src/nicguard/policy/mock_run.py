"""Run a Pulumi program with the SDK's mocks and capture every registration as the engine
would send it to a policy pack. Runs in its own process (``python -m
nicguard.policy.mock_run JOB OUT``): a program may change the working directory, global
Pulumi settings or ``sys.path``, and must not leave them behind.

The mocks echo inputs as outputs and give no ids, like the first preview of a new stack:
ids and everything derived from them are unknown, so links between resources go through
``propertyDependencies`` as in a real preview. Invokes return nothing.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
import traceback
from pathlib import Path
from typing import Any

import pulumi
from google.protobuf import json_format
from pulumi.config import ConfigMissingError
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime.stack import run_pulumi_func
from pulumi.runtime.sync_await import _sync_await


class EchoMocks(pulumi.runtime.Mocks):
    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        return "", dict(args.inputs)

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}


class CapturingMonitor(pulumi_mocks.MockMonitor):
    def __init__(self, mocks: pulumi.runtime.Mocks) -> None:
        super().__init__(mocks)
        self.captured: list[dict[str, Any]] = []
        self.registered_outputs: dict[str, dict[str, Any]] = {}

    def RegisterResource(self, request):
        response = super().RegisterResource(request)
        self.captured.append(
            {
                "urn": response.urn,
                "type": request.type,
                "name": request.name,
                "custom": bool(request.custom),
                "parent": request.parent,
                "dependencies": list(request.dependencies),
                "propertyDependencies": {k: list(v.urns) for k, v in request.propertyDependencies.items()},
                "inputs": json_format.MessageToDict(request.object),
            }
        )
        return response

    def RegisterResourceOutputs(self, request):
        self.registered_outputs[request.urn] = json_format.MessageToDict(request.outputs)
        return super().RegisterResourceOutputs(request)

    def captured_resources(self) -> list[dict[str, Any]]:
        # Custom resources' outputs are their echoed inputs; a component's are what it registered.
        return [
            {**r, "outputs": r["inputs"] if r["custom"] else self.registered_outputs.get(r["urn"], {})}
            for r in self.captured
        ]


def run(job: dict[str, Any]) -> dict[str, Any]:
    program = Path(job["program"]).resolve()
    main = program / job.get("main", "")
    pulumi.runtime.set_all_config(job.get("config", {}), job.get("secretKeys", []))
    mocks = EchoMocks()
    monitor = CapturingMonitor(mocks)
    pulumi.runtime.set_mocks(mocks, project=job["project"], stack=job["stack"], preview=True, monitor=monitor)
    os.chdir(program)
    sys.path.insert(0, str(program))
    try:
        _sync_await(run_pulumi_func(lambda: runpy.run_path(str(main), run_name="__main__")))
    except Exception as exc:  # noqa: BLE001 - the program's failure is the result
        return {**program_failure(exc, program), "resources": monitor.captured_resources()}
    return {"resources": monitor.captured_resources()}


def program_failure(exc: BaseException, program: Path) -> dict[str, Any]:
    """What ``nicguard preview`` reports about a program that failed, without a traceback:
    the message (a ``pulumi.RunError``'s as written, else ``Type: message``), where in the
    program it was raised, and whether nicguard's component refused a declaration (a
    finding, exit 1) or the program could not run (exit 2)."""
    declaration = bool(getattr(exc, "nicguard_declaration", False))
    text = str(exc).strip()
    if not isinstance(exc, pulumi.RunError):
        text = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    failure = {"error": text, "declaration": declaration, "where": _where(exc, program)}
    if isinstance(exc, ConfigMissingError):
        failure["missingConfig"] = exc.key  # its message tells to run `pulumi config set`
    return failure


def _where(exc: BaseException, program: Path) -> str:
    """``file:line`` of the innermost frame in the program's own files, if any."""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        path = Path(frame.filename)
        if path.is_absolute() and path.is_relative_to(program) and ".venv" not in path.relative_to(program).parts:
            found = f"{path.relative_to(program)}:{frame.lineno}"
    return found


def main() -> int:
    job_path, out_path = sys.argv[1:3]
    job = json.loads(Path(job_path).read_text(encoding="utf-8"))
    result = run(job)
    Path(out_path).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
