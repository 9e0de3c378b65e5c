"""Declared truth for drift: the component's manifest, or NICs read from a stack export.

``pulumi stack export`` holds every resource's inputs (what the program declared) and
outputs (what Pulumi last saw). A NetworkInterface counts as declared through the
component when its parent is a ``nicguard:network:StaticNic`` or it carries the managed
tag. An address the program left to Azure (Dynamic, no address in the inputs) is taken
from the outputs: drift then means "changed since Pulumi last saw it".
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.manifest import parse_manifest_json
from ..core.model import COMPONENT_TYPE, DeclaredIpConfig, DeclaredNic
from ..core.net import AddressError, parse_prefix, try_parse_ip
from ..core.settings import Settings
from ..core.unknown import UNKNOWN, Maybe
from ..errors import InputError

NIC_TYPE_SUFFIX = ":NetworkInterface"
SUBNET_TYPE_SUFFIX = ":Subnet"
# Pulumi's marker for a secret value in state; its plaintext is not in an export without --show-secrets.
SECRET_SIG = "4dabf18193072939515e22adb298388d"


def load_manifest(path: Path) -> tuple[DeclaredNic, ...]:
    text = _read(path, "--manifest")
    try:
        return parse_manifest_json(text)
    except InputError as exc:
        raise InputError(f"--manifest {path}: {exc}") from None


def load_stack_export(path: Path, settings: Settings = Settings()) -> tuple[DeclaredNic, ...]:
    try:
        data = json.loads(_read(path, "--stack-export"))
    except json.JSONDecodeError as exc:
        raise InputError(f"--stack-export {path}: not valid JSON: {exc}") from None
    resources = _resources(data, path)
    by_urn = {str(r.get("urn")): r for r in resources}
    subnets = _subnet_prefixes(resources)
    return tuple(
        _declared_nic(r, subnets)
        for r in resources
        if _is_nic(r) and not r.get("delete") and _is_managed(r, by_urn, settings)
    )


def _read(path: Path, flag: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{flag} {path}: {exc.strerror or exc}") from None
    return decode_text(data, f"{flag} {path}")


def decode_text(data: bytes, where: str) -> str:
    """UTF-8 (with or without a BOM), or UTF-16 with a BOM: what Windows PowerShell 5's
    ``pulumi stack output --json > manifest.json`` writes. Anything else is one error line."""
    try:
        if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: not UTF-8 or UTF-16 text (byte {exc.start}: {exc.reason})") from None


def _resources(data: object, path: Path) -> list[Mapping[str, Any]]:
    """``{version, deployment: {resources}}`` (stack export) or a file backend's checkpoint."""
    if isinstance(data, Mapping):
        deployment = data.get("deployment")
        if deployment is None and isinstance(data.get("checkpoint"), Mapping):
            deployment = data["checkpoint"].get("latest")
        if isinstance(deployment, Mapping) and isinstance(deployment.get("resources", []), list):
            return [r for r in deployment.get("resources") or [] if isinstance(r, Mapping)]
    raise InputError(f"--stack-export {path}: not a `pulumi stack export` file (no deployment.resources)")


def _type(resource: Mapping[str, Any]) -> str:
    return str(resource.get("type", ""))


def _is_nic(resource: Mapping[str, Any]) -> bool:
    kind = _type(resource)
    return kind.startswith("azure-native:network") and kind.endswith(NIC_TYPE_SUFFIX)


def _is_managed(resource: Mapping[str, Any], by_urn: Mapping[str, Mapping[str, Any]], settings: Settings) -> bool:
    parent = by_urn.get(str(resource.get("parent")))
    if parent is not None and _type(parent) == COMPONENT_TYPE:
        return True
    key, value = settings.managed_tag
    for section in ("inputs", "outputs"):
        tags = _section(resource, section).get("tags")
        if not isinstance(tags, Mapping):
            continue
        if any(str(k).lower() == key.lower() and str(v).lower() == value.lower() for k, v in tags.items()):
            return True
    return False


def _section(resource: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = resource.get(name)
    return value if isinstance(value, Mapping) else {}


def _is_secret(value: object) -> bool:
    return isinstance(value, Mapping) and SECRET_SIG in value


def _subnet_prefixes(resources: list[Mapping[str, Any]]) -> dict[str, tuple]:
    found: dict[str, tuple] = {}
    for resource in resources:
        if not (_type(resource).startswith("azure-native:network") and _type(resource).endswith(SUBNET_TYPE_SUFFIX)):
            continue
        outputs = _section(resource, "outputs")
        raw = [outputs.get("addressPrefix"), *(outputs.get("addressPrefixes") or [])]
        try:
            prefixes = tuple(parse_prefix(p) for p in raw if isinstance(p, str))
        except AddressError:
            continue
        if resource.get("id"):
            found[str(resource["id"]).lower()] = prefixes
    return found


def _ref(value: object) -> str | None:
    return str(value["id"]) if isinstance(value, Mapping) and isinstance(value.get("id"), str) else None


def _declared_nic(resource: Mapping[str, Any], subnets: Mapping[str, tuple]) -> DeclaredNic:
    inputs, outputs = _section(resource, "inputs"), _section(resource, "outputs")
    urn = str(resource.get("urn", ""))
    nic_id = next((str(v) for v in (resource.get("id"), outputs.get("id")) if isinstance(v, str) and v), None)
    seen = {str(c.get("name")).lower(): c for c in _entries(outputs.get("ipConfigurations"))}
    raw_configs = inputs.get("ipConfigurations")
    configs = _entries(raw_configs)
    if _is_secret(raw_configs) or any(
        _is_secret(c) or (isinstance(c, Mapping) and _is_secret(c.get("name"))) for c in _all(raw_configs)
    ):
        # The program's IP configurations are a secret: nothing about them can be compared.
        # No configurations stands for "not known" (a declared NIC always has one).
        configs = []
    subnet_id = next((s for s in (_ref(c.get("subnet")) for c in configs) if s), None)
    return DeclaredNic(
        name=urn.rsplit("::", 1)[-1] or str(nic_id),
        subject=str(nic_id or urn),
        id=str(nic_id) if nic_id else None,
        vm=_ref(outputs.get("virtualMachine")),
        subnet_id=subnet_id if subnet_id else UNKNOWN,
        subnet_prefixes=subnets.get(subnet_id.lower(), UNKNOWN) if subnet_id else UNKNOWN,
        ip_configurations=tuple(_ip_config(c, seen.get(str(c.get("name")).lower(), {})) for c in configs),
        dns_servers=_dns_servers(inputs.get("dnsSettings")),
    )


def _all(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _entries(value: object) -> list[Mapping[str, Any]]:
    return [c for c in _all(value) if isinstance(c, Mapping) and not _is_secret(c)]


def _ip_config(declared: Mapping[str, Any], seen: Mapping[str, Any]) -> DeclaredIpConfig:
    raw = declared.get("privateIPAddress") or seen.get("privateIPAddress")
    address: Maybe = UNKNOWN if _is_secret(raw) else try_parse_ip(raw)
    allocation = declared.get("privateIPAllocationMethod") or "Dynamic"  # Azure's default
    return DeclaredIpConfig(
        name=str(declared.get("name", "")),
        address=address,
        primary=bool(declared.get("primary", False)),
        allocation=UNKNOWN if _is_secret(allocation) else str(allocation),
    )


def _dns_servers(settings: object) -> Maybe[tuple[Maybe[str], ...]]:
    if _is_secret(settings):
        return UNKNOWN
    servers = settings.get("dnsServers") if isinstance(settings, Mapping) else None
    if _is_secret(servers):
        return UNKNOWN
    if servers is not None and not isinstance(servers, list):
        return UNKNOWN  # not a list as Pulumi writes it: nothing to compare with
    return tuple(UNKNOWN if _is_secret(s) else str(s) for s in servers or ())
