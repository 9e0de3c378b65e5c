"""Where a text being scanned sits: its origin, how its lines map to the origin's lines,
the layers it was unwrapped from, and whether it is secret."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..core.net import IPAddress
from .model import ChangeKind, GuestChange, Origin, ScanContext
from .redact import MASK, redact
from .values import is_internal_interface

MAX_DEPTH = 12  # layers of wrapping (base64 in MIME in JSON ...) before a payload is left alone


@dataclass(frozen=True)
class Frame:
    origin: Origin
    context: ScanContext
    secret: bool = False
    first_line: int = 1  # the origin's line that holds this text's line 1
    maps_lines: bool = True  # False: the text was decoded or unescaped, its lines are not the origin's
    via: tuple[str, ...] = ()
    depth: int = 0

    def line(self, inner_line: int) -> int:
        return self.first_line + inner_line - 1 if self.maps_lines else self.first_line

    def nested(self, label: str, at_line: int = 1, maps_lines: bool = True, origin: Origin | None = None) -> Frame:
        """A text found at ``at_line`` of this one (a heredoc, a runcmd item, a decoded blob)."""
        return replace(
            self,
            origin=origin or self.origin,
            first_line=self.line(at_line),
            maps_lines=self.maps_lines and maps_lines,
            via=(*self.via, label) if label else self.via,
            depth=self.depth + 1,
        )

    @property
    def too_deep(self) -> bool:
        return self.depth > MAX_DEPTH

    def shown(self, value: str) -> str:
        """A value from the payload as it may appear in a finding (never from a secret payload)."""
        return MASK if self.secret else value

    def change(
        self,
        kind: ChangeKind,
        inner_line: int,
        tool: str,
        command: str,
        interface: str | None = None,
        addresses: Iterable[IPAddress] = (),
        dns_servers: Iterable[IPAddress] = (),
        multi_ip_hint: bool = False,
    ) -> list[GuestChange]:
        """The change as a one-element list, or ``[]`` when it is on an internal bridge or only
        touches loopback addresses."""
        given = tuple(addresses)
        kept = tuple(dict.fromkeys(a for a in given if not a.is_loopback))
        if is_internal_interface(interface) or (given and not kept):
            return []
        if self.secret:
            command = f"{tool} [arguments redacted: secret payload]"
        via = self.via
        if not self.maps_lines and inner_line > 1:
            via = (*via, f"line {inner_line}")
        return [
            GuestChange(
                kind=kind,
                origin=self.origin,
                line=self.line(inner_line),
                tool=tool,
                command=command if self.secret else redact(command),
                interface=self.shown(interface) if interface else None,
                addresses=kept,
                dns_servers=tuple(dict.fromkeys(dns_servers)),
                multi_ip_hint=multi_ip_hint,
                via=via,
                context=self.context,
            )
        ]
