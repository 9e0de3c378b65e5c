"""The analyzer the pack serves: pulumi_policy's servicer with Analyze and AnalyzeStack
replaced, and ``serve()`` in place of ``PolicyPack(...)``.

Why not the stock servicer (pulumi_policy 1.21.0, pinned):
- it deserialises and proxies every resource again for each stack policy: 0.54 s per
  policy for 10,000 NICs, so one policy per rule would multiply the stack's cost by the
  number of rules; here the stack is read once, proxied lazily (same UnknownValueError on
  access), and every stack policy shares one model;
- its level is per policy; here a finding that is undecided, or milder than its rule's
  severity (a script setting exactly Azure's values), is advisory even in a mandatory policy;
- it unwraps secrets without a trace; here every secret's plaintext is recorded and
  scrubbed from diagnostics, and an exception never puts its text on the wire.
GetAnalyzerInfo, Configure, ConfigureStack and the gRPC surface stay the SDK's, so the
Pulumi CLI sees an ordinary Python pack.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping, Sequence
from concurrent import futures
from typing import Any

from google.protobuf import json_format
from pulumi.runtime.proto import analyzer_pb2 as proto
from pulumi_policy import (
    EnforcementLevel,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)
from pulumi_policy.policy import _GRPC_CHANNEL_OPTIONS, _NotApplicableError, _PolicyAnalyzerServicer
from pulumi_policy.proxy import UnknownValueError

from ..core.findings import Finding
from . import PACK_NAME
from .config import LIVE_POLICY, live_options
from .diagnostics import diagnostic_message, diagnostic_urn, is_downgraded
from .policies import POLICY_SEVERITY, RulePolicy, StackModels, build_policies
from .props import lazy_proxy
from .secrets import SecretTexts, deserialize_struct
from .stack import OutsideLookup

# Python packs report 0.0.1; the CLI takes the real version from PulumiPolicy.yaml.
SDK_VERSION = "0.0.1"
DESCRIPTION = "Azure VM IP and DNS belong on the Azure NIC and VNet, never inside the guest OS."


class PackState:
    """The config the CLI sent, for what spans policies (the live check feeds the shared model)."""

    def __init__(self) -> None:
        self.configs: dict[str, dict[str, Any]] = {}

    def outside_lookup(self) -> OutsideLookup | None:
        options = live_options(self.configs.get(LIVE_POLICY, {}))
        if not options.enabled:
            return None
        from .live import live_lookup

        return live_lookup(options)


class NicguardAnalyzer(_PolicyAnalyzerServicer):
    def __init__(self, policies: Sequence[RulePolicy], state: PackState, models: StackModels) -> None:
        super().__init__(PACK_NAME, SDK_VERSION, list(policies), EnforcementLevel.ADVISORY, description=DESCRIPTION)
        self._policies = policies
        self._state = state
        self._models = models
        self._stack_tags: Mapping[str, str] = {}

    def ConfigureStack(self, request, context):
        self._stack_tags = dict(request.tags)
        return super().ConfigureStack(request, context)

    def Configure(self, request, context):
        response = super().Configure(request, context)
        self._state.configs = {
            name: json_format.MessageToDict(config.properties) for name, config in request.policyConfig.items()
        }
        return response

    def Analyze(self, request, context):
        self._configure_runtime_settings()
        secrets = SecretTexts()
        props = lazy_proxy(deserialize_struct(request.properties, secrets), bool(secrets.count))
        options, provider = self._get_resource_options(request), self._get_provider_resource(request)
        response = proto.AnalyzeResponse()
        for policy, level in self._enabled(ResourceValidationPolicy):
            config = self._get_policy_config(policy.name)
            args = ResourceValidationArgs(
                request.type, props, request.urn, request.name, options, provider, config, self._stack_tags
            )
            self._run(policy, level, args, response, secrets)
        return response

    def AnalyzeStack(self, request, context):
        self._configure_runtime_settings()
        secrets = SecretTexts()
        resources = self._stack_resources(request, secrets)
        response = proto.AnalyzeResponse()
        try:
            for policy, level in self._enabled(StackValidationPolicy):
                args = StackValidationArgs(resources, self._get_policy_config(policy.name), self._stack_tags)
                self._run(policy, level, args, response, secrets)
        finally:
            self._models.forget()
        return response

    def _enabled(self, kind: type) -> Iterator[tuple[Any, EnforcementLevel]]:
        for policy in self._policies:
            level = self._get_enforcement_level(policy)
            if level is EnforcementLevel.DISABLED or not isinstance(policy, kind):
                continue
            # Stack policies cannot remediate and ours never do: the engine reports them as mandatory.
            yield policy, EnforcementLevel.MANDATORY if level is EnforcementLevel.REMEDIATE else level

    def _stack_resources(self, request, secrets: SecretTexts) -> list[PolicyResource]:
        resources, links = [], []
        for r in request.resources:
            seen = secrets.count
            props = lazy_proxy(deserialize_struct(r.properties, secrets), secrets.count > seen)
            resource = PolicyResource(
                r.type, props, r.urn, r.name, self._get_resource_options(r), self._get_provider_resource(r), None, [], {}
            )
            resources.append(resource)
            links.append((resource, r))
        # Links to URNs outside the request are dropped, as the SDK does.
        by_urn = {resource.urn: resource for resource in resources}
        for resource, r in links:
            resource.parent = by_urn.get(r.parent)
            resource.dependencies = [by_urn[u] for u in r.dependencies if u in by_urn]
            resource.property_dependencies = {
                key: [by_urn[u] for u in deps.urns if u in by_urn] for key, deps in r.propertyDependencies.items()
            }
        return resources

    def _run(self, policy: Any, level: EnforcementLevel, args: Any, response, secrets: SecretTexts) -> None:
        try:
            findings = policy.findings(args)
        except UnknownValueError as exc:
            message = (
                f"can't run policy '{policy.name}' from policy pack '{PACK_NAME}@v{SDK_VERSION}' "
                f"during preview: {exc.message}"
            )
            response.diagnostics.append(self._diagnostic(policy, EnforcementLevel.ADVISORY, message, "", None))
        except _NotApplicableError as exc:
            response.not_applicable.append(proto.PolicyNotApplicable(policy_name=policy.name, reason=exc.reason or ""))
        except Exception as exc:  # noqa: BLE001 - the type only: an exception's text may hold secret plaintext
            message = f"nicguard could not evaluate this policy ({type(exc).__name__}); please report it as a bug"
            response.diagnostics.append(self._diagnostic(policy, level, message, "", None))
        else:
            for finding in findings:
                finding_level = EnforcementLevel.ADVISORY if is_downgraded(policy.rule, finding) else level
                response.diagnostics.append(
                    self._diagnostic(
                        policy,
                        finding_level,
                        secrets.scrub(diagnostic_message(finding)),
                        diagnostic_urn(finding) or "",
                        finding,
                    )
                )

    def _diagnostic(self, policy: Any, level: EnforcementLevel, message: str, urn: str, finding: Finding | None):
        severity = POLICY_SEVERITY[finding.severity] if finding is not None else policy.severity
        return proto.AnalyzeDiagnostic(
            policyName=policy.name,
            policyPackName=PACK_NAME,
            policyPackVersion=SDK_VERSION,
            message=f"{policy.description}\n{message}",
            urn=urn,
            description=policy.description,
            enforcementLevel=self._map_enforcement_level(level),
            severity=self._map_severity(severity),
        )


def serve() -> None:
    """Serve the pack on a free loopback port, print the port as the only stdout line (what
    the engine reads), and block: what ``PolicyPack(...)`` does, with our servicer."""
    import grpc
    from pulumi.runtime.proto import analyzer_pb2_grpc

    state = PackState()
    models = StackModels(state.outside_lookup)
    analyzer = NicguardAnalyzer(build_policies(models), state, models)
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4), options=_GRPC_CHANNEL_OPTIONS)
    analyzer_pb2_grpc.add_AnalyzerServicer_to_server(analyzer, server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    sys.stdout.buffer.write(f"{port}\n".encode())
    sys.stdout.flush()
    server.wait_for_termination()
