"""The declaration manifest: the NICs a stack declares, as the drift check reads them.

The Pulumi component exports it as the stack output ``nicguardManifest``; the drift check
reads it back from ``pulumi stack output nicguardManifest --json``. The format is
documented (with its JSON Schema) in docs/manifest.md. Readers ignore keys they do not
know, so optional keys can be added within v1; anything else needs a new schema id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import InputError
from .model import DeclaredIpConfig, DeclaredNic
from .net import AddressError, parse_ip, parse_prefix
from .unknown import UNKNOWN

MANIFEST_SCHEMA = "nicguard.manifest/v1"
MANIFEST_OUTPUT = "nicguardManifest"

# What `pulumi stack output --json` prints for a secret output without --show-secrets.
_SECRET_PLACEHOLDER = "[secret]"


def manifest_data(nics: Iterable[DeclaredNic]) -> dict[str, Any]:
    """The manifest of fully known declarations (raises ValueError on an UNKNOWN field)."""
    return {"schema": MANIFEST_SCHEMA, "nics": [_nic_data(nic) for nic in nics]}


def manifest_json(nics: Iterable[DeclaredNic]) -> str:
    return json.dumps(manifest_data(nics), indent=2)


def parse_manifest_json(text: str) -> tuple[DeclaredNic, ...]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the manifest is not valid JSON: {exc}") from None
    return parse_manifest(data)


def parse_manifest(data: object) -> tuple[DeclaredNic, ...]:
    """Declared NICs from a manifest, or from all stack outputs holding ``nicguardManifest``."""
    if data == _SECRET_PLACEHOLDER:
        raise InputError("the manifest output is a secret: read it with `pulumi stack output --json --show-secrets`")
    manifest = _object(data, "(top level)")
    if "schema" not in manifest and MANIFEST_OUTPUT in manifest:
        return parse_manifest(manifest[MANIFEST_OUTPUT])
    schema = manifest.get("schema")
    if schema != MANIFEST_SCHEMA:
        raise InputError(
            f"unsupported manifest schema {schema!r}: this nicguard reads {MANIFEST_SCHEMA!r} "
            "(upgrade nicguard, or export the manifest with a matching component)"
        )
    nics = tuple(_parse_nic(entry, f"nics[{i}]") for i, entry in enumerate(_list(manifest.get("nics"), "nics")))
    _reject_duplicate_ids(nics)
    return nics


def _nic_data(nic: DeclaredNic) -> dict[str, Any]:
    for field_name in ("id", "vm", "subnet_id", "subnet_prefixes", "dns_servers"):
        if getattr(nic, field_name) is UNKNOWN:
            raise ValueError(f"NIC {nic.name}: {field_name} is not known yet; a manifest holds known values only")
    return {
        "name": nic.name,
        "id": nic.id,
        "vm": nic.vm,
        "subnetId": nic.subnet_id,
        "subnetPrefixes": [str(p) for p in nic.subnet_prefixes],
        "ipConfigurations": [_ip_config_data(nic.name, c) for c in nic.ip_configurations],
        "dnsServers": [str(s) for s in nic.dns_servers],
    }


def _ip_config_data(nic_name: str, config: DeclaredIpConfig) -> dict[str, Any]:
    if config.address is UNKNOWN or config.address is None:
        raise ValueError(f"NIC {nic_name}: IP configuration {config.name} has no known address")
    return {"name": config.name, "address": str(config.address), "primary": config.primary}


def _parse_nic(data: object, path: str) -> DeclaredNic:
    entry = _object(data, path)
    nic_id = _string(entry.get("id"), f"{path}.id")
    vm = entry.get("vm")
    return DeclaredNic(
        name=_string(entry.get("name"), f"{path}.name"),
        subject=nic_id,
        id=nic_id,
        vm=None if vm is None else _string(vm, f"{path}.vm"),
        subnet_id=_string(entry.get("subnetId"), f"{path}.subnetId"),
        subnet_prefixes=tuple(
            _parsed(parse_prefix, _string(p, f"{path}.subnetPrefixes[{i}]"), f"{path}.subnetPrefixes[{i}]")
            for i, p in enumerate(_list(entry.get("subnetPrefixes"), f"{path}.subnetPrefixes"))
        ),
        ip_configurations=tuple(
            _parse_ip_config(c, f"{path}.ipConfigurations[{i}]")
            for i, c in enumerate(_list(entry.get("ipConfigurations"), f"{path}.ipConfigurations"))
        ),
        dns_servers=tuple(
            _string(s, f"{path}.dnsServers[{i}]")
            for i, s in enumerate(_list(entry.get("dnsServers"), f"{path}.dnsServers"))
        ),
    )


def _parse_ip_config(data: object, path: str) -> DeclaredIpConfig:
    entry = _object(data, path)
    primary = entry.get("primary")
    if not isinstance(primary, bool):
        raise InputError(f"manifest {path}.primary: expected true or false, got {primary!r}")
    address = _string(entry.get("address"), f"{path}.address")
    return DeclaredIpConfig(
        name=_string(entry.get("name"), f"{path}.name"),
        address=_parsed(parse_ip, address, f"{path}.address"),
        primary=primary,
    )


def _reject_duplicate_ids(nics: tuple[DeclaredNic, ...]) -> None:
    seen: set[str] = set()
    for nic in nics:
        key = str(nic.id).lower()
        if key in seen:
            raise InputError(f"manifest lists NIC {nic.id} twice")
        seen.add(key)


def _parsed(parse: Any, text: str, path: str) -> Any:
    try:
        return parse(text)
    except AddressError as exc:
        raise InputError(f"manifest {path}: {exc}") from None


def _object(value: object, path: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"manifest {path}: expected an object, got {type(value).__name__}")
    return value


def _list(value: object, path: str) -> list[Any]:
    if not isinstance(value, list):
        raise InputError(f"manifest {path}: expected a list, got {type(value).__name__}")
    return value


def _string(value: object, path: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InputError(f"manifest {path}: expected a non-empty string, got {value!r}")
    return value
