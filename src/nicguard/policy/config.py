"""Policy configuration: which knobs each policy takes, their JSON schema, and how the
Pulumi CLI reconciles a ``--policy-pack-config`` file before ``Configure``.

Pulumi config is per policy (there are no pack-wide properties), so each knob sits on the
policy whose rule reads it; the live subnet check sits on duplicate-private-ip, the rule it
feeds. The CLI, not the SDK, fills in schema defaults and validates (pulumi/pulumi
pkg/resource/analyzer/config.go); ``reconcile`` does the same for ``nicguard preview`` and
the tests, so they see what a real ``pulumi preview`` would send.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..core.net import AddressError, parse_ip
from ..core.settings import MAX_DNS_SERVERS, Settings

ENFORCEMENT_LEVELS = ("advisory", "mandatory", "remediate", "disabled")
DEFAULT_ARM_ENDPOINT = "https://management.azure.com"

_IP_STRING = {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}

KNOBS: dict[str, dict[str, Any]] = {
    "allowedDnsServers": {
        "type": "array",
        "items": _IP_STRING,
        "default": [],
        "description": "DNS servers a guest may set itself (e.g. your domain controllers): reported as info.",
    },
    "maxDnsServers": {
        "type": "integer",
        "minimum": 1,
        # Stricter than Azure, never looser: a longer list fails the deployment anyway.
        "maximum": MAX_DNS_SERVERS,
        "default": MAX_DNS_SERVERS,
        "description": f"Most DNS servers one NIC may list, 1 to {MAX_DNS_SERVERS} (Azure's limit).",
    },
    "managedTag": {
        "type": "string",
        "pattern": "^[^=]+=.+$",
        "default": "managed-by=nicguard",
        "description": "KEY=VALUE tag that marks a NIC as declared through nicguard, besides the component parent.",
    },
    "liveSubnetCheck": {
        "type": "boolean",
        "default": False,
        "description": "Ask ARM whether each declared static address is already taken in its subnet by something outside the stack.",
    },
    "armEndpoint": {
        "type": "string",
        "pattern": "^https://",
        "default": DEFAULT_ARM_ENDPOINT,
        "description": "ARM endpoint for the live check (another cloud, or a local ARM server).",
    },
    "caBundle": {
        "type": "string",
        "default": "",
        "description": "PEM file of CA certificates for armEndpoint (a local ARM server); empty: the system's.",
    },
    "liveCheckTimeoutSeconds": {
        "type": "number",
        "minimum": 1,
        "default": 60,
        "description": "Give up the live check after this long (a warning, never a failure).",
    },
}

LIVE_KNOBS = ("liveSubnetCheck", "armEndpoint", "caBundle", "liveCheckTimeoutSeconds")
LIVE_POLICY = "duplicate-private-ip"
_RULE_KNOBS = {
    "declared-ip-not-static": ("managedTag",),
    "invalid-dns-server": ("maxDnsServers",),
    "unmanaged-nic": ("managedTag",),
    "script-sets-guest-dns": ("allowedDnsServers",),
    LIVE_POLICY: LIVE_KNOBS,
}


def knobs_for(rule: type) -> tuple[str, ...]:
    return _RULE_KNOBS.get(rule.name, ())


def schema_for(rule: type) -> dict[str, dict[str, Any]]:
    return {name: KNOBS[name] for name in knobs_for(rule)}


def _value(config: Mapping[str, Any], name: str) -> Any:
    return config.get(name, KNOBS[name]["default"])


def settings_from(config: Mapping[str, Any]) -> Settings:
    """Core Settings from one policy's config (values not in its schema keep their defaults)."""
    allowed = []
    for entry in _value(config, "allowedDnsServers"):
        try:
            allowed.append(parse_ip(str(entry)))
        except AddressError:
            continue  # the schema rejects these where the CLI validates
    key, _, tag_value = str(_value(config, "managedTag")).partition("=")
    return Settings(
        allowed_dns_servers=frozenset(allowed),
        max_dns_servers=int(_value(config, "maxDnsServers")),
        managed_tag=(key, tag_value),
    )


@dataclass(frozen=True)
class LiveOptions:
    enabled: bool = False
    arm_endpoint: str = DEFAULT_ARM_ENDPOINT
    ca_bundle: str = ""
    timeout: float = 60.0


def live_options(config: Mapping[str, Any]) -> LiveOptions:
    return LiveOptions(
        enabled=bool(_value(config, "liveSubnetCheck")),
        arm_endpoint=str(_value(config, "armEndpoint")),
        ca_bundle=str(_value(config, "caBundle")),
        timeout=float(_value(config, "liveCheckTimeoutSeconds")),
    )


# --- what the Pulumi CLI does before Configure -------------------------------------------


class PolicyConfigError(ValueError):
    """The config file does not fit the pack: ``<policy>: <problem>``, several joined by "; "."""


@dataclass(frozen=True)
class PolicyInfo:
    """The parts of GetAnalyzerInfo's PolicyInfo that reconciliation reads."""

    name: str
    enforcement_level: str
    properties: Mapping[str, Mapping[str, Any]]
    required: tuple[str, ...] = ()


def parse_config_file(data: Any) -> dict[str, tuple[str | None, dict[str, Any]]]:
    """``--policy-pack-config`` JSON -> {policy or "all": (level, properties)}."""
    if not isinstance(data, Mapping):
        raise PolicyConfigError("the policy pack config must be a JSON object keyed by policy name")
    parsed: dict[str, tuple[str | None, dict[str, Any]]] = {}
    for name, value in data.items():
        if name == "environments":
            continue  # ESC environments: resolved by Pulumi Cloud, not offline
        if isinstance(value, str):
            level, properties = value, {}
        elif isinstance(value, Mapping):
            properties = dict(value)
            level = properties.pop("enforcementLevel", None)
        else:
            raise PolicyConfigError(f"parsing {json.dumps(name)}: {json.dumps(value)} is not a valid value; must be a string or object")
        if level is not None and level not in ENFORCEMENT_LEVELS:
            raise PolicyConfigError(
                f"parsing enforcement level for {json.dumps(name)}: {json.dumps(level)} is not a valid enforcement level "
                f"(one of {', '.join(ENFORCEMENT_LEVELS)})"
            )
        if level is not None or properties:
            parsed[name] = (level, properties)
    return parsed


def reconcile(
    policies: list[PolicyInfo],
    file_config: Mapping[str, tuple[str | None, dict[str, Any]]] | None = None,
    initial_config: Mapping[str, tuple[str | None, dict[str, Any]]] | None = None,
) -> dict[str, tuple[str, dict[str, Any]]]:
    """Schema defaults, then the pack's initial config, then the file ("all" sets every
    policy's level only); then JSON-schema validation of every policy's properties."""
    result: dict[str, tuple[str, dict[str, Any]]] = {
        p.name: (p.enforcement_level, {k: v["default"] for k, v in p.properties.items() if "default" in v})
        for p in policies
    }
    for layer in (initial_config, file_config):
        if not layer:
            continue
        all_level = layer.get("all", (None, {}))[0]
        if all_level is not None:
            result = {name: (all_level, props) for name, (_, props) in result.items()}
        for name, (level, properties) in layer.items():
            current_level, current = result.get(name, ("", {}))
            result[name] = (level or current_level, {**current, **properties})
    problems = _validate(policies, result)
    if problems:
        raise PolicyConfigError("; ".join(problems))  # one line, as the CLI joins them
    return result


def _validate(policies: list[PolicyInfo], config: Mapping[str, tuple[str, dict[str, Any]]]) -> list[str]:
    import jsonschema

    problems = []
    for policy in policies:
        if not policy.properties:
            continue
        schema: dict[str, Any] = {"type": "object", "properties": dict(policy.properties)}
        if policy.required:
            schema["required"] = list(policy.required)
        validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
        for error in sorted(validator.iter_errors(config[policy.name][1]), key=lambda e: [str(p) for p in e.path]):
            where = ".".join(str(p) for p in error.path)
            problems.append(f"{policy.name}: {where + ': ' if where else ''}{_cli_wording(error)}")
    return problems


_JSON_TYPES = ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"), (list, "array"), (dict, "object"))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, float) and value.is_integer():
        return "integer"  # JSON has one number type: 3.0 is an integer to the CLI
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), type(value).__name__)


def _cli_wording(error: Any) -> str:
    """A jsonschema error in the words of the Pulumi CLI's validator (gojsonschema), so a
    message from ``nicguard preview`` matches what ``pulumi preview`` prints; no Python repr."""
    kind, expected = error.validator, error.validator_value
    if kind == "type":
        return f"Invalid type. Expected: {expected}, given: {_json_type(error.instance)}"
    if kind == "minimum":
        return f"Must be greater than or equal to {expected:g}"
    if kind == "maximum":
        return f"Must be less than or equal to {expected:g}"
    if kind == "pattern":
        return f"Does not match pattern '{expected}'"
    if kind == "format":
        return f"Does not match format '{expected}'"
    if kind == "anyOf":
        formats = [b["format"] for b in expected if isinstance(b, Mapping) and set(b) == {"format"}]
        if formats and isinstance(error.instance, str):
            # The CLI stops at "(anyOf)"; say what was wanted.
            wanted = " or ".join(f.replace("ipv", "IPv") for f in formats)
            return f"Must validate at least one schema (anyOf): {json.dumps(error.instance)} is not an {wanted} address"
        return "Must validate at least one schema (anyOf)"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"{missing} is required"
    if kind == "enum":
        return f"must be one of the following: {', '.join(json.dumps(v) for v in expected)}"
    return error.message
