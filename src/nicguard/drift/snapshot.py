"""The snapshot file (docs/snapshot.md): a Bundle as versioned JSON.

ARM resources are kept exactly as ARM returned them, so a snapshot can be read with any
ARM tooling and a pasted ``az ... -o json`` listing fits in; declared NICs use
``core.serde``. Readers reject other schema ids and ignore keys they do not know.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..azure.inventory import ArmDocuments
from ..core.model import DeclaredNic
from ..core.net import resource_key
from ..core.serde import from_data, to_data
from ..errors import InputError
from .bundle import Bundle, GuestRecord
from .declared import decode_text

SNAPSHOT_SCHEMA = "nicguard.drift-snapshot/v1"

_ARM_LISTS = {
    "networkInterfaces": "network_interfaces",
    "virtualNetworks": "virtual_networks",
    "virtualMachines": "virtual_machines",
    "frontendHolders": "frontend_holders",
}


def snapshot_data(bundle: Bundle) -> dict[str, Any]:
    arm: dict[str, Any] = {key: getattr(bundle.arm, attr) for key, attr in _ARM_LISTS.items()}
    arm["instanceViews"] = bundle.arm.instance_views
    return {
        "schema": SNAPSHOT_SCHEMA,
        "created": bundle.created,
        "cloud": bundle.cloud,
        "arm": arm,
        "guests": {vm_id: _guest_data(record) for vm_id, record in bundle.guests.items()},
        "declared": None if bundle.declared is None else [to_data(nic) for nic in bundle.declared],
    }


def _guest_data(record: GuestRecord) -> dict[str, str]:
    if record.stdout is None:
        return {"unreadable": record.unreadable or "no output"}
    return {"stdout": record.stdout, "stderr": record.stderr}


def write_snapshot(bundle: Bundle, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8") as handle:
            json.dump(snapshot_data(bundle), handle, ensure_ascii=False)
    except OSError as exc:
        raise InputError(f"--save-snapshot {path}: cannot write it ({exc.strerror or exc})") from None


def read_snapshot(path: Path) -> Bundle:
    try:
        data = json.loads(decode_text(Path(path).read_bytes(), f"--snapshot {path}"))
    except OSError as exc:
        raise InputError(f"--snapshot {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"--snapshot {path}: not valid JSON: {exc}") from None
    return bundle_from_data(data, str(path))


def bundle_from_data(data: object, source: str = "snapshot") -> Bundle:
    root = _mapping(data, source)
    if root.get("schema") != SNAPSHOT_SCHEMA:
        raise InputError(f"{source}: schema {root.get('schema')!r} is not {SNAPSHOT_SCHEMA!r} (see docs/snapshot.md)")
    arm = _mapping(root.get("arm"), f"{source}: arm")
    views = _mapping(arm.get("instanceViews", {}), f"{source}: arm.instanceViews")
    documents = ArmDocuments(instance_views={resource_key(vm_id): view for vm_id, view in views.items()})
    for key, attr in _ARM_LISTS.items():
        items = arm.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, Mapping) and isinstance(i.get("id"), str) for i in items):
            raise InputError(f"{source}: arm.{key} must be a list of ARM resources (each with an id)")
        setattr(documents, attr, items)
    guests = {
        str(vm_id): _guest_record(entry, f"{source}: guests[{vm_id!r}]")
        for vm_id, entry in _mapping(root.get("guests", {}), f"{source}: guests").items()
    }
    return Bundle(
        arm=documents,
        guests=guests,
        declared=_declared(root.get("declared"), source),
        created=str(root.get("created", "")),
        cloud=str(root.get("cloud", "AzureCloud")),
    )


def _guest_record(entry: object, where: str) -> GuestRecord:
    record = _mapping(entry, where)
    if isinstance(record.get("stdout"), str):
        return GuestRecord(stdout=record["stdout"], stderr=str(record.get("stderr", "")))
    if isinstance(record.get("unreadable"), str):
        return GuestRecord(unreadable=record["unreadable"])
    raise InputError(f"{where}: needs a 'stdout' string (probe output) or an 'unreadable' reason")


def _declared(value: object, source: str) -> tuple[DeclaredNic, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        raise InputError(f"{source}: declared must be a list of NICs or null")
    try:
        return tuple(from_data(_mapping(item, f"{source}: declared[{i}]"), DeclaredNic) for i, item in enumerate(value))
    except (ValueError, TypeError) as exc:
        raise InputError(f"{source}: declared: {exc}") from None


def _mapping(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise InputError(f"{where}: expected an object")
    return value
