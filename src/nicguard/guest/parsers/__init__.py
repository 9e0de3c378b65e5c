"""Parsers for the guest probe's output and for pasted console transcripts (pure).

``read_guest(text)`` takes either and returns a ``GuestReading``: the ``GuestState``
(or ``GuestUnreadable`` with the reason), plus the DHCP offers visible in the guest
(what Azure handed out at the last renewal). One module per source format, each with
``parse(text, source) -> Evidence`` that never raises; ``assemble`` makes the decisions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...core.model import GuestState, GuestUnreadable
from . import probe_v1, transcript
from .assemble import Offer, assemble, offers
from .evidence import Evidence

__all__ = ["GuestReading", "Offer", "read_guest", "read_probe_output"]


@dataclass(frozen=True)
class GuestReading:
    guest: GuestState | GuestUnreadable
    offers: tuple[Offer, ...] = ()
    formats: tuple[str, ...] = ()  # the source formats recognised


def read_guest(text: str, os_hint: str | None = None) -> GuestReading:
    """Our probe's output when it carries the probe's marker, else a console transcript."""
    if probe_v1.is_probe_output(text):
        return read_probe_output(text)
    evidence = transcript.parse(text, os_hint)
    if evidence.unreadable:
        # A block that is network configuration but could not be read may hold the very
        # override to find: the rest is not judged without it.
        return GuestReading(GuestUnreadable(evidence.unreadable[0]), formats=tuple(dict.fromkeys(evidence.formats)))
    if evidence.empty:
        return GuestReading(
            GuestUnreadable(
                "no recognised output: expected nicguard's probe output, or a transcript of ipconfig /all, "
                "Get-NetIPConfiguration, ip addr, resolvectl status, nmcli or cat of the network files"
            )
        )
    return _reading(evidence)


def read_probe_output(text: str) -> GuestReading:
    parsed = probe_v1.parse(text)
    if isinstance(parsed, GuestUnreadable):
        return GuestReading(parsed, formats=(probe_v1.FORMAT,))
    reading = _reading(parsed)
    return replace(reading, guest=replace(reading.guest, probe_version=probe_v1.VERSION))


def _reading(evidence: Evidence) -> GuestReading:
    state = assemble(evidence)
    return GuestReading(state, offers(evidence), tuple(dict.fromkeys(evidence.formats)))
