"""Helpers shared by the guest-override rules (subject: ``scanner.GuestChange``)."""

from __future__ import annotations

from ...core.unknown import is_known
from ...scanner.model import GuestChange

RESET_NIC = (
    "A VM already cut off needs a restart, then a NIC reset: move the IP to another free static "
    "address and back."
)


def multi_ip(change: GuestChange) -> bool:
    """The stack says whether the VM is multi-IP; without a stack, the payload's own pattern does."""
    known = change.context.multi_ip
    return known if known is not None else change.multi_ip_hint


def nic_addresses(change: GuestChange):
    return change.context.nic_addresses


def nic_known(change: GuestChange) -> bool:
    return is_known(change.context.nic_addresses)


def where(change: GuestChange) -> str:
    return f" on {change.interface}" if change.interface else ""


def evidence(change: GuestChange, **extra: str) -> dict[str, str]:
    """What a reader needs to find and judge the change; the command is already redacted."""
    shown = {"command": change.command, "tool": change.tool}
    if change.interface:
        shown["interface"] = change.interface
    if change.via:
        shown["found_in"] = " > ".join(change.via)
    shown.update({k: v for k, v in extra.items() if v})
    return shown


def listed(addresses) -> str:
    return ", ".join(str(a) for a in addresses)
