"""The read-only guest probes, shipped as package data: ``linux.sh`` (POSIX sh, iproute2,
coreutils) and ``windows.ps1`` (Windows PowerShell 5.1, in-box modules). Both print
output format v1 (docs/guest.md), parsed by ``nicguard.guest.parsers.probe_v1``."""

from __future__ import annotations

from importlib import resources

SCRIPTS = {"linux": "linux.sh", "windows": "windows.ps1"}


def probe_script(os_name: str) -> str:
    """The probe's text for ``linux`` or ``windows`` (Run Command's ``script`` lines joined)."""
    try:
        name = SCRIPTS[os_name.lower()]
    except KeyError:
        raise ValueError(f"no probe for OS {os_name!r}; choose one of {', '.join(SCRIPTS)}") from None
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")
