"""``nicguard preview``: the policy pack on a pull request, offline.

Runs the Pulumi program with the SDK's mocks (inputs echoed as outputs, config and secrets
from a stack file), sends every registered resource to the policy pack over the analyzer
protocol exactly as the Pulumi CLI would, and reports the pack's diagnostics as findings.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..errors import InputError, NicguardError
from .output import add_report_options, emit

DEFAULT_PACK = "policy_pack"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "preview",
        help="run the policy pack on a Pulumi program offline (mocks, no cloud credentials)",
        description="Run PROGRAM_DIR with Pulumi's mocks and check every resource with the policy pack.",
    )
    parser.add_argument("program", metavar="PROGRAM_DIR", nargs="?", default=".", help="Pulumi project (default: .)")
    parser.add_argument("--stack-config", metavar="FILE", help="stack config, e.g. Pulumi.dev.yaml (stack name from it)")
    parser.add_argument("--policy-pack", metavar="DIR", default=DEFAULT_PACK, help=f"policy pack (default: ./{DEFAULT_PACK})")
    parser.add_argument("--policy-pack-config", metavar="FILE", help="JSON config, as for pulumi --policy-pack-config")
    add_report_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..policy.client import PackSession, Resource, StackIdentity, read_config_file
    from ..policy.config import PolicyConfigError
    from ..policy.diagnostics import finding_from_diagnostic

    program = Path(args.program)
    project, main = _project(program)
    stack, config, secret_keys = _stack_config(Path(args.stack_config) if args.stack_config else None, project)
    captured = _run_program(program, main, project, stack, config, secret_keys)
    if captured.get("error"):
        print(f"nicguard: the program failed under mocks:\n{captured['error']}", file=sys.stderr)
        return 1 if captured.get("runError") else 2
    resources = [Resource.from_data(r) for r in captured["resources"]]
    stack_urn = next((r.urn for r in resources if r.type == "pulumi:pulumi:Stack"), "")
    file_config = read_config_file(Path(args.policy_pack_config) if args.policy_pack_config else None)
    findings = []
    with PackSession(Path(args.policy_pack), StackIdentity(project=project, stack=stack, config=config)) as pack:
        try:
            pack.configure(file_config)
        except PolicyConfigError as exc:
            raise InputError(f"validating policy config for {args.policy_pack}:\n{exc}") from None
        for resource in resources:
            if resource.type != "pulumi:pulumi:Stack":
                response = pack.analyze(resource)
                findings += [finding_from_diagnostic(d, resource.urn) for d in response.diagnostics]
        response = pack.analyze_stack(resources)
        findings += [finding_from_diagnostic(d, stack_urn) for d in response.diagnostics]
    meta = (("command", "preview"), ("program", str(program)), ("stack", stack), ("policy-pack", args.policy_pack))
    return emit([f for f in findings if f is not None], args, checked=len(resources), meta=meta)


def _project(program: Path) -> tuple[str, str]:
    import yaml

    project_file = program / "Pulumi.yaml"
    try:
        project = yaml.safe_load(project_file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{project_file}: {exc}") from None
    if not isinstance(project, dict) or not project.get("name"):
        raise InputError(f"{project_file}: no project name")
    runtime = project.get("runtime")
    if (runtime.get("name") if isinstance(runtime, dict) else runtime) != "python":
        raise InputError(f"{project_file}: nicguard preview runs Python programs only (runtime: python)")
    return str(project["name"]), str(project.get("main") or "")


def _config_value(value: Any) -> tuple[str, bool]:
    """A stack file value as Pulumi passes it to the program: text, JSON for structured
    values; ``secure`` values stay ciphertext (nothing here can decrypt them) but secret."""
    if isinstance(value, dict) and set(value) == {"secure"}:
        return str(value["secure"]), True
    if isinstance(value, str):
        return value, False
    return json.dumps(value), False


def _stack_config(path: Path | None, project: str) -> tuple[str, dict[str, str], list[str]]:
    import yaml

    if path is None:
        return "dev", {}, []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"--stack-config {path}: {exc}") from None
    entries = data.get("config") or {} if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError(f"--stack-config {path}: expected a 'config:' mapping")
    name = path.name
    stack = name[len("Pulumi.") : -len(".yaml")] if name.startswith("Pulumi.") and name.endswith(".yaml") else "dev"
    config, secret_keys = {}, []
    for key, value in entries.items():
        full_key = key if ":" in key else f"{project}:{key}"
        config[full_key], secret = _config_value(value)
        if secret:
            secret_keys.append(full_key)
    return stack, config, secret_keys


def _run_program(program: Path, main: str, project: str, stack: str, config: dict[str, str], secret_keys: list[str]) -> dict[str, Any]:
    if not program.is_dir():
        raise InputError(f"{program} is not a directory")
    job = {"program": str(program.resolve()), "main": main, "project": project, "stack": stack, "config": config, "secretKeys": secret_keys}
    with tempfile.TemporaryDirectory(prefix="nicguard-preview-") as tmp:
        job_file, out_file = Path(tmp, "job.json"), Path(tmp, "resources.json")
        job_file.write_text(json.dumps(job), encoding="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "nicguard.policy.mock_run", str(job_file), str(out_file)],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
        )
        if done.returncode != 0 or not out_file.exists():
            raise NicguardError(f"running {program} with mocks failed:\n{done.stderr.strip()[-2000:]}")
        return json.loads(out_file.read_text(encoding="utf-8"))
