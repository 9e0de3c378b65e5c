"""The scanner's entry points (re-exported by the package; see its docstring)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import arm, dispatch
from .decode import text_from_base64, text_of
from .frame import Frame
from .model import BARE_FILE, ChangeKind, GuestChange, Origin, PayloadKind, ScanContext
from .sniff import SNIFFED_EXTENSIONS, kind_for_path, kind_for_text, kind_of


def scan_payload(
    payload: str | bytes,
    origin: Origin,
    kind: PayloadKind | None = None,
    secret: bool = False,
    context: ScanContext = BARE_FILE,
) -> list[GuestChange]:
    """Changes one payload makes in the guest. ``kind=None`` sniffs it (by the origin's
    path first, then by content, then base64; a plain script is told PowerShell, cmd or sh
    by its commands)."""
    text = payload if isinstance(payload, str) else text_of(payload)
    if text is None:
        return []
    text = text.lstrip("\ufeff")
    if kind is None and origin.path is not None:
        kind = kind_of(origin.path, text)
    return finish(dispatch.scan_text(text, kind, Frame(origin, context, secret), origin.path))


def scan_file(path: str, data: bytes, context: ScanContext = BARE_FILE) -> list[GuestChange] | None:
    """Changes in a file's bytes; None when it is not a file the scanner reads: binary, or
    neither its name nor (for extension-less and config-like files) its content says script,
    cloud-init, network config or template."""
    by_path = kind_for_path(path)
    if by_path is None and not _sniffable(path):
        return None
    text = text_of(data)
    if text is None:
        return None
    text = text.lstrip("\ufeff")
    kind = by_path or kind_for_text(text)
    if kind is None:
        decoded = text_from_base64(text.strip()) if len(text) < 4 * 1024 * 1024 else None
        if decoded is None or kind_of(None, decoded) is None:
            return None
    return finish(dispatch.scan_text(text, kind, Frame(Origin(path=path), context), path))


def _sniffable(path: str) -> bool:
    """Files whose content is worth sniffing: no extension (user-data, hooks) or a config-ish
    one; source code and documentation in other languages never run in the guest as-is."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1].lower() if "." in name.lstrip(".") else ""
    return not extension or f".{extension}" in SNIFFED_EXTENSIONS


def scan_properties(
    properties: Mapping[str, Any], origin: Origin, context: ScanContext = BARE_FILE, secret: bool = False
) -> list[GuestChange]:
    """Changes in a resource's property tree (VM extension ``settings``/``protectedSettings``,
    run command ``source.script``, VM ``osProfile.customData``/``userData``,
    ``additionalUnattendContent``...). Each change's origin is ``origin`` with the
    property path appended."""
    return finish(arm.scan_properties(properties, Frame(origin, context, secret)))


def finish(changes: list[GuestChange]) -> list[GuestChange]:
    """Cross-command facts of one payload: several addresses on one interface are the
    multi-IP pattern (which also covers the DNS set with them), and a DHCP switch-off is
    judged with the addresses set beside it."""
    unique = list(dict.fromkeys(changes))
    by_interface: dict[str, set] = {}
    for change in unique:
        if change.kind is ChangeKind.ADDRESS_SET:
            by_interface.setdefault(_key(change.interface), set()).update(change.addresses)
    several = {key for key, found in by_interface.items() if len(found) > 1}
    multi_ip_payload = bool(several) or any(c.multi_ip_hint for c in unique if c.kind is ChangeKind.ADDRESS_SET)
    finished = []
    for change in unique:
        if change.kind is ChangeKind.ADDRESS_SET and _key(change.interface) in several:
            change = replace(change, multi_ip_hint=True)
        elif change.kind is ChangeKind.DNS_SET and multi_ip_payload:
            change = replace(change, multi_ip_hint=True)  # the multi-IP guide sets DNS along with the addresses
        elif change.kind is ChangeKind.DHCP_DISABLED and not change.addresses:
            found = by_interface.get(_key(change.interface))
            if found is None and len(by_interface) == 1:
                found = next(iter(by_interface.values()))
            if found:
                change = replace(change, addresses=tuple(sorted(found, key=lambda a: (a.version, int(a)))),
                                 multi_ip_hint=_key(change.interface) in several or len(found) > 1)
        finished.append(change)
    return sorted(finished, key=lambda c: c.line)


def _key(interface: str | None) -> str:
    return (interface or "").strip().strip("\"'").lower()
