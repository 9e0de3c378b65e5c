"""The guest probe as drift uses it: which script runs on which OS, and how its output is read.

The scripts and the parser come from ``nicguard.guest``; this module only adapts them to
Run Command (one command id per OS) and to snapshot records.
"""

from __future__ import annotations

from ..core.model import GuestState, GuestUnreadable
from .bundle import GuestRecord

COMMAND_IDS = {"linux": "RunShellScript", "windows": "RunPowerShellScript"}


def probe_command(os_type: str | None) -> tuple[str, str] | None:
    """(Run Command id, script) for the VM's OS, or None when there is no probe for it."""
    from ..guest.probes import probe_script

    os_name = (os_type or "").lower()
    if os_name not in COMMAND_IDS:
        return None
    return COMMAND_IDS[os_name], probe_script(os_name)


def read_guest(record: GuestRecord) -> GuestState | GuestUnreadable:
    """The guest's state from its probe output; pasted console transcripts are accepted too."""
    if record.stdout is None:
        return GuestUnreadable(record.unreadable or "no probe output")
    from ..guest.parsers import read_guest as parse

    return parse(record.stdout).guest
