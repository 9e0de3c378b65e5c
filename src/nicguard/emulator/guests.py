"""What runs a Run Command script inside a VM's guest.

Each VM has one backend. ``recorded`` replays output the estate gives (the script is
ignored); ``live`` runs the real script in a Linux network namespace (``nicguard.guest.netns``).
A guest may give both: the live one is used where namespaces work (root, with dnsmasq and
dhclient installed), the recording elsewhere. ``NICGUARD_GUESTS=recorded|live`` forces one.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

LIVE_BACKEND_MODULE = "nicguard.guest.netns"


class GuestBackend(Protocol):
    def run(self, script: str, timeout: float) -> tuple[str, str]:
        """Run ``script`` and return (stdout, stderr); raise TimeoutError past ``timeout``."""
        ...


@dataclass(frozen=True)
class RecordedGuest:
    stdout: str = ""
    stderr: str = ""

    def run(self, script: str, timeout: float) -> tuple[str, str]:
        return self.stdout, self.stderr


RECORDED_KEYS = ("stdout", "stdout_file", "stderr")


def recorded_guest(spec: Mapping[str, Any], base_dir: Path) -> RecordedGuest:
    """``{stdout: TEXT}`` or ``{stdout_file: PATH}`` (relative to the estate), optional ``stderr``."""
    unknown = sorted(str(k) for k in spec if k not in RECORDED_KEYS)
    if unknown:
        raise ValueError(f"recorded guest: unknown key {', '.join(unknown)} (expected: {', '.join(RECORDED_KEYS)})")
    if "stdout" in spec and "stdout_file" in spec:
        raise ValueError("recorded guest: give stdout or stdout_file, not both")
    for key in RECORDED_KEYS:
        if key in spec and not isinstance(spec[key], str):
            raise ValueError(f"recorded guest: {key} must be a string")
    if "stdout_file" in spec:
        path = base_dir / str(spec["stdout_file"])
        try:
            stdout = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ValueError(f"cannot read stdout_file {str(path)!r}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise ValueError(f"stdout_file {str(path)!r} is not UTF-8 text (byte {exc.start})") from None
    else:
        stdout = str(spec.get("stdout", ""))
    return RecordedGuest(stdout=stdout, stderr=str(spec.get("stderr", "")))


def live_guest(spec: Mapping[str, Any], base_dir: Path) -> GuestBackend:
    """Delegates to ``nicguard.guest.netns.guest_backend(spec, base_dir)``."""
    try:
        module = importlib.import_module(LIVE_BACKEND_MODULE)
    except ModuleNotFoundError:
        raise ValueError(f"live guests need {LIVE_BACKEND_MODULE}, which is not installed") from None
    return module.guest_backend(spec, base_dir)


GUEST_KINDS = {"recorded": recorded_guest, "live": live_guest}
FORCE_KIND_VARIABLE = "NICGUARD_GUESTS"


def live_guests_usable() -> bool:
    try:
        module = importlib.import_module(LIVE_BACKEND_MODULE)
    except ModuleNotFoundError:
        return False
    return os.geteuid() == 0 and not module.missing_tools()


def preferred_guest_kind() -> str:
    """What a guest that gives both ``live`` and ``recorded`` runs as here."""
    forced = os.environ.get(FORCE_KIND_VARIABLE, "")
    if forced in GUEST_KINDS:
        return forced
    return "live" if live_guests_usable() else "recorded"


def guest_from_spec(spec: Mapping[str, Any], base_dir: Path) -> GuestBackend:
    """A backend from the estate's ``guest:`` mapping (``recorded``, ``live`` or both).

    Raises ValueError with a message for the estate loader to place.
    """
    kinds = [k for k in spec if k in GUEST_KINDS]
    unknown = [k for k in spec if k not in GUEST_KINDS]
    if unknown or not kinds:
        raise ValueError(f"guest needs {' and/or '.join(GUEST_KINDS)}, got {', '.join(map(str, spec)) or 'nothing'}")
    for kind in kinds:
        if not isinstance(spec[kind] or {}, Mapping):
            raise ValueError(f"guest.{kind} must be a mapping")
    kind = kinds[0] if len(kinds) == 1 else preferred_guest_kind()
    return GUEST_KINDS[kind](spec[kind] or {}, base_dir)

