"""Drive a Python policy pack over gRPC exactly as the Pulumi CLI does.

Start it as ``python -u -m pulumi.policy <engine> <packdir>`` with cwd = packdir and the
stack's PULUMI_* environment, read the port from the first stdout line, then Handshake
(UNIMPLEMENTED is fine), ConfigureStack, GetAnalyzerInfo, Configure with the CLI's
reconciled config, and Analyze / AnalyzeStack. ``nicguard preview``, the tests and the
benchmark all go through here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import NicguardError
from .config import PolicyConfigError, PolicyInfo, parse_config_file, reconcile

START_TIMEOUT = 30.0
ENFORCEMENT = {"advisory": 0, "mandatory": 1, "disabled": 2, "remediate": 3}  # the proto enum
LEVELS = {number: name for name, number in ENFORCEMENT.items()}


class PackError(NicguardError):
    """The policy pack could not be started or answered with an error."""


@dataclass(frozen=True)
class Resource:
    """One resource as the engine sends it: inputs for Analyze, outputs for AnalyzeStack,
    both in wire form (secrets as signature objects, unknowns as sentinel strings)."""

    urn: str
    type: str
    name: str
    inputs: Mapping[str, Any] = field(default_factory=dict)
    outputs: Mapping[str, Any] | None = None  # None: same as inputs
    parent: str = ""
    dependencies: tuple[str, ...] = ()
    property_dependencies: Mapping[str, Sequence[str]] = field(default_factory=dict)

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> Resource:
        return cls(
            urn=data["urn"],
            type=data["type"],
            name=data["name"],
            inputs=data.get("inputs") or {},
            outputs=data.get("outputs"),
            parent=data.get("parent") or "",
            dependencies=tuple(data.get("dependencies") or ()),
            property_dependencies={k: tuple(v) for k, v in (data.get("propertyDependencies") or {}).items()},
        )


def _struct(values: Mapping[str, Any]):
    from google.protobuf import struct_pb2

    message = struct_pb2.Struct()
    message.update(dict(values))
    return message


def analyze_request(resource: Resource):
    from pulumi.runtime.proto import analyzer_pb2 as proto

    return proto.AnalyzeRequest(
        type=resource.type, urn=resource.urn, name=resource.name, properties=_struct(resource.inputs)
    )


def analyze_stack_request(resources: Iterable[Resource]):
    from pulumi.runtime.proto import analyzer_pb2 as proto

    return proto.AnalyzeStackRequest(
        resources=[
            proto.AnalyzerResource(
                type=r.type,
                urn=r.urn,
                name=r.name,
                properties=_struct(r.inputs if r.outputs is None else r.outputs),
                parent=r.parent,
                dependencies=list(r.dependencies),
                propertyDependencies={
                    key: proto.AnalyzerPropertyDependencies(urns=list(urns))
                    for key, urns in r.property_dependencies.items()
                },
            )
            for r in resources
        ]
    )


def read_config_file(path: Path | None) -> dict[str, tuple[str | None, dict[str, Any]]]:
    if path is None:
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PackError(f"--policy-pack-config {path}: cannot read it ({exc.strerror or exc})") from None
    if not text.strip():
        return {}  # the CLI accepts an empty file
    try:
        return parse_config_file(json.loads(text))
    except json.JSONDecodeError as exc:
        raise PackError(f"--policy-pack-config {path}: not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except PolicyConfigError as exc:
        raise PackError(f"--policy-pack-config {path}: {exc}") from None


@dataclass(frozen=True)
class StackIdentity:
    project: str = "project"
    stack: str = "dev"
    organization: str = "organization"
    config: Mapping[str, str] = field(default_factory=dict)  # "project:key" -> value, as PULUMI_CONFIG
    dry_run: bool = True


class PackSession:
    """A running pack; use as a context manager (the pack never exits by itself)."""

    def __init__(self, pack_dir: Path, identity: StackIdentity = StackIdentity(), python: str = sys.executable):
        self.pack_dir = Path(pack_dir).resolve()
        self.identity = identity
        self._python = python
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr = tempfile.TemporaryFile()
        self._channel: Any = None
        self.stub: Any = None
        self.info: Any = None

    def __enter__(self) -> PackSession:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        import grpc
        from pulumi.runtime.proto import analyzer_pb2_grpc

        if not (self.pack_dir / "PulumiPolicy.yaml").is_file():
            raise PackError(f"{self.pack_dir} is not a policy pack (no PulumiPolicy.yaml)")
        env = {
            **os.environ,
            "PULUMI_PROJECT": self.identity.project,
            "PULUMI_STACK": self.identity.stack,
            "PULUMI_ORGANIZATION": self.identity.organization,
            "PULUMI_DRY_RUN": "true" if self.identity.dry_run else "false",
            "PULUMI_CONFIG": json.dumps(dict(self.identity.config)),
        }
        self._process = subprocess.Popen(
            [self._python, "-u", "-m", "pulumi.policy", "127.0.0.1:0", str(self.pack_dir)],
            cwd=self.pack_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
        )
        line = self._process.stdout.readline().decode(errors="replace").strip()
        if not line.isdigit():
            self.close()
            raise PackError(f"the policy pack wrote {line!r} instead of its port; its stderr:\n{self.stderr()}")
        self._channel = grpc.insecure_channel(f"127.0.0.1:{line}", options=[("grpc.max_receive_message_length", 400 * 1024 * 1024)])
        grpc.channel_ready_future(self._channel).result(timeout=START_TIMEOUT)
        self.stub = analyzer_pb2_grpc.AnalyzerStub(self._channel)
        self._handshake()

    def _handshake(self) -> None:
        import grpc
        from google.protobuf import empty_pb2
        from pulumi.runtime.proto import analyzer_pb2 as proto

        try:
            self.stub.Handshake(proto.AnalyzerHandshakeRequest(engine_address="127.0.0.1:0"))
        except grpc.RpcError as exc:
            if exc.code() is not grpc.StatusCode.UNIMPLEMENTED:
                raise
        self.stub.ConfigureStack(
            proto.AnalyzerStackConfigureRequest(
                stack=self.identity.stack,
                project=self.identity.project,
                organization=self.identity.organization,
                dry_run=self.identity.dry_run,
                config=dict(self.identity.config),
            )
        )
        self.info = self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    def policies(self) -> list[PolicyInfo]:
        from google.protobuf import json_format

        return [
            PolicyInfo(
                name=p.name,
                enforcement_level=LEVELS[p.enforcementLevel],
                properties={k: json_format.MessageToDict(v) for k, v in p.configSchema.properties.items()},
                required=tuple(p.configSchema.required),
            )
            for p in self.info.policies
        ]

    def configure(self, file_config: Mapping[str, tuple[str | None, dict[str, Any]]] | None = None) -> dict[str, tuple[str, dict[str, Any]]]:
        """Reconcile like the CLI (defaults, initial config, file, validation), then Configure."""
        from google.protobuf import json_format
        from pulumi.runtime.proto import analyzer_pb2 as proto

        policies = self.policies()
        initial = {
            name: (LEVELS[c.enforcementLevel], json_format.MessageToDict(c.properties))
            for name, c in self.info.initialConfig.items()
        }
        config = reconcile(policies, file_config, initial)
        known = {p.name for p in policies}
        self.stub.Configure(
            proto.ConfigureAnalyzerRequest(
                policyConfig={
                    name: proto.PolicyConfig(enforcementLevel=ENFORCEMENT[level], properties=_struct(properties))
                    for name, (level, properties) in config.items()
                    if name in known
                }
            )
        )
        return config

    def analyze(self, resource: Resource):
        return self.stub.Analyze(analyze_request(resource))

    def analyze_stack(self, resources: Iterable[Resource]):
        return self.stub.AnalyzeStack(analyze_stack_request(resources))

    def stderr(self) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode(errors="replace")

    def close(self) -> None:
        if self._channel is not None:
            self._channel.close()
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process is not None and self._process.stdout is not None:
            self._process.stdout.close()
        self._stderr.close()
