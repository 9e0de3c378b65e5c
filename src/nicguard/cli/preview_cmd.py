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
# A program that never finishes (an Output that never resolves) must not hang a CI job; a
# 10,000-NIC program takes ~8 minutes under mocks (~48 ms per azure-native resource).
PROGRAM_TIMEOUT = 900.0


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
    from ..policy import PACK_NAME
    from ..policy.client import PackSession, Resource, StackIdentity, read_config_file
    from ..policy.config import PolicyConfigError
    from ..policy.diagnostics import finding_from_diagnostic

    program = Path(args.program)
    project, main = _project(program)
    stack_file = Path(args.stack_config) if args.stack_config else None
    stack, config, secret_keys = _stack_config(stack_file, project)
    file_config = read_config_file(Path(args.policy_pack_config) if args.policy_pack_config else None)
    captured = _run_program(program, main, project, stack, config, secret_keys)
    if captured.get("error") is not None:
        return _program_failed(captured, program, stack_file)
    resources = [Resource.from_data(r) for r in captured["resources"]]
    stack_urn = next((r.urn for r in resources if r.type == "pulumi:pulumi:Stack"), "")
    findings = []
    with PackSession(Path(args.policy_pack), StackIdentity(project=project, stack=stack, config=config)) as pack:
        try:
            reconciled = pack.configure(file_config)
        except PolicyConfigError as exc:
            where = f"--policy-pack-config {args.policy_pack_config}: " if args.policy_pack_config else ""
            raise InputError(f'{where}validating policy config for "{PACK_NAME}": {exc}') from None
        _warn_about_config(pack.policies(), file_config, reconciled, args.policy_pack_config)
        for resource in resources:
            if resource.type != "pulumi:pulumi:Stack":
                response = pack.analyze(resource)
                findings += [finding_from_diagnostic(d, resource.urn) for d in response.diagnostics]
        response = pack.analyze_stack(resources)
        findings += [finding_from_diagnostic(d, stack_urn) for d in response.diagnostics]
    meta = (("command", "preview"), ("program", str(program)), ("stack", stack), ("policy-pack", args.policy_pack))
    return emit([f for f in findings if f is not None], args, checked=len(resources), meta=meta)


def _program_failed(captured: dict[str, Any], program: Path, stack_file: Path | None) -> int:
    """One report about a program that failed under mocks, never a traceback. A declaration
    nicguard's component refused is a finding (exit 1, as ``pulumi preview`` fails on it);
    a program that cannot run at all (an exception, a missing config key) is exit 2."""
    message = str(captured["error"]) or "the program failed"
    missing = captured.get("missingConfig")
    if missing:
        source = f"add it to {stack_file}" if stack_file else "pass the stack's config with --stack-config FILE"
        message = f"missing required configuration variable {missing!r}: {source}"
    where = f" at {program / captured['where']}" if captured.get("where") else f" ({program})"
    if captured.get("declaration"):
        print(f"nicguard: the program failed under mocks{where}:\n{message}", file=sys.stderr)
        return 1
    raise InputError(f"the program failed under mocks{where}: {message}")


def _warn_about_config(policies: Any, file_config: Any, reconciled: Any, path: str | None) -> None:
    """What the Pulumi CLI accepts silently but a person wants to hear about: a policy or a
    property the pack does not have (a typo is ignored, not applied), and a config that
    disables every policy (nothing is checked, and the run passes)."""
    known = {p.name: p for p in policies}
    for name, (_, properties) in (file_config or {}).items():
        if name == "all":
            continue
        if name not in known:
            print(f"nicguard: warning: --policy-pack-config {path}: {name!r} is not a policy of this pack; ignored", file=sys.stderr)
            continue
        for key in properties:
            if key not in known[name].properties:
                takes = ", ".join(sorted(known[name].properties)) or "no properties"
                print(
                    f"nicguard: warning: --policy-pack-config {path}: {name}: {key!r} is not one of its properties "
                    f"({takes}); ignored",
                    file=sys.stderr,
                )
    if known and all(reconciled.get(name, ("",))[0] == "disabled" for name in known):
        print(f"nicguard: warning: --policy-pack-config {path} disables every policy: nothing is checked", file=sys.stderr)


def _project(program: Path) -> tuple[str, str]:
    if not program.is_dir():
        raise InputError(f"{program}: no such directory (PROGRAM_DIR is the Pulumi project's directory)")
    # Pulumi reads the first of these it finds.
    project_file = next((program / n for n in ("Pulumi.yaml", "Pulumi.yml") if (program / n).is_file()), None)
    if project_file is None:
        raise InputError(f"{program} is not a Pulumi project: it has no Pulumi.yaml")
    project = _load_yaml(project_file, str(project_file))
    if not isinstance(project, dict) or not project.get("name"):
        raise InputError(f"{project_file}: no project name")
    runtime = project.get("runtime")
    if (runtime.get("name") if isinstance(runtime, dict) else runtime) != "python":
        raise InputError(f"{project_file}: nicguard preview runs Python programs only (runtime: python)")
    return str(project["name"]), str(project.get("main") or "")


def _is_secure(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"secure"}


def _without_secure(value: Any) -> tuple[Any, bool]:
    """A structured value with each ``secure`` leaf replaced by its ciphertext, and whether
    there was one (Pulumi then makes the whole value secret)."""
    if _is_secure(value):
        return str(value["secure"]), True
    if isinstance(value, dict):
        items = {k: _without_secure(v) for k, v in value.items()}
        return {k: v for k, (v, _) in items.items()}, any(secret for _, secret in items.values())
    if isinstance(value, list):
        items = [_without_secure(v) for v in value]
        return [v for v, _ in items], any(secret for _, secret in items)
    return value, False


def _config_value(value: Any) -> tuple[str, bool]:
    """A stack file value as Pulumi passes it to the program: text (``true``, ``3`` for
    YAML booleans and numbers), JSON for structured values; ``secure`` values stay ciphertext
    (nothing here can decrypt them) but secret, and so does a structured value holding one."""
    if _is_secure(value):
        return str(value["secure"]), True
    if isinstance(value, str):
        return value, False
    if isinstance(value, bool):
        return ("true" if value else "false"), False
    if value is None:
        return "", False
    if isinstance(value, (int, float)):
        return str(value), False
    plain, secret = _without_secure(value)
    return json.dumps(plain), secret


def _stack_config(path: Path | None, project: str) -> tuple[str, dict[str, str], list[str]]:
    if path is None:
        return "dev", {}, []
    data = _load_yaml(path, f"--stack-config {path}")
    entries = data.get("config") or {} if isinstance(data, dict) else None
    if not isinstance(entries, dict):
        raise InputError(f"--stack-config {path}: expected a 'config:' mapping")
    name = path.name
    stack = name[len("Pulumi.") : -len(".yaml")] if name.startswith("Pulumi.") and name.endswith(".yaml") else "dev"
    config, secret_keys = {}, []
    for key, value in entries.items():
        key = str(key)
        full_key = key if ":" in key else f"{project}:{key}"
        config[full_key], secret = _config_value(value)
        if secret:
            secret_keys.append(full_key)
    return stack, config, secret_keys


def _load_yaml(path: Path, label: str) -> Any:
    """The file's YAML (``{}`` when empty); one InputError line naming ``label`` otherwise."""
    import yaml

    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except OSError as exc:
        raise InputError(f"{label}: cannot read it ({exc.strerror or exc})") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{label}: not valid YAML ({_yaml_problem(exc)})") from None


def _yaml_problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or "cannot parse it"
    return f"{problem} at line {mark.line + 1}" if mark is not None else str(problem)


def _run_program(program: Path, main: str, project: str, stack: str, config: dict[str, str], secret_keys: list[str]) -> dict[str, Any]:
    job = {"program": str(program.resolve()), "main": main, "project": project, "stack": stack, "config": config, "secretKeys": secret_keys}
    with tempfile.TemporaryDirectory(prefix="nicguard-preview-") as tmp:
        job_file, out_file = Path(tmp, "job.json"), Path(tmp, "resources.json")
        job_file.write_text(json.dumps(job), encoding="utf-8")
        try:
            done = subprocess.run(
                [sys.executable, "-m", "nicguard.policy.mock_run", str(job_file), str(out_file)],
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=PROGRAM_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise NicguardError(
                f"the program {program} did not finish under mocks within {PROGRAM_TIMEOUT:g} s: an Output that "
                "never resolves (e.g. a resource given where its id belongs, {'id': subnet} instead of subnet.id)?"
            ) from None
        if done.returncode != 0 or not out_file.exists():
            raise NicguardError(f"running {program} with mocks failed:\n{done.stderr.strip()[-2000:]}")
        return json.loads(out_file.read_text(encoding="utf-8"))
