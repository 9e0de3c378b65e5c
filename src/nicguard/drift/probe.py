"""The guest probe as drift uses it: which script runs on which OS, and how its output is read.

Both come from ``nicguard.guest`` (issue 8); this module only adapts them to Run
Command (command id per OS) and to snapshot records.
"""

from __future__ import annotations

from ..core.model import GuestState, GuestUnreadable
from .bundle import GuestRecord

COMMAND_IDS = {"linux": "RunShellScript", "windows": "RunPowerShellScript"}


def probe_command(os_type: str | None) -> tuple[str, str] | None:
    """(Run Command id, script) for the VM's OS, or None when the OS has no probe."""
    from ..guest.probes import probe_script

    os_name = (os_type or "").lower()
    if os_name not in COMMAND_IDS:
        return None
    return COMMAND_IDS[os_name], probe_script(os_name)


def read_guest(record: GuestRecord) -> GuestState | GuestUnreadable:
    if record.stdout is None:
        return GuestUnreadable(record.unreadable or "no probe output")
    from ..guest.parsers import parse_probe_output

    return parse_probe_output(record.stdout, record.stderr)
