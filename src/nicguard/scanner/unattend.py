"""Windows unattend XML and ``additionalUnattendContent`` fragments: static addresses and
DNS in the Microsoft-Windows-TCPIP / Microsoft-Windows-DNS-Client components, and the
command lines of FirstLogonCommands / RunSynchronous."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from . import dispatch
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .values import addresses_of, truthy

_WRAPPER = "nicguard-fragment"


@dataclass
class _Element:
    tag: str  # local name, namespace prefix dropped
    attributes: dict[str, str]
    line: int
    text: str = ""
    children: list[_Element] = field(default_factory=list)

    def iter(self, tag: str):
        """Descendants named ``tag`` in document order (no recursion: nesting depth is the file's)."""
        stack = list(reversed(self.children))
        while stack:
            element = stack.pop()
            if element.tag == tag:
                yield element
            stack.extend(reversed(element.children))

    def child_text(self, tag: str) -> str | None:
        return next((c.text.strip() for c in self.children if c.tag == tag), None)


class _Refused(Exception):
    """A document type declaration: unattend files have none, and entities are an attack surface."""


def _parse(text: str) -> _Element | None:
    if not text.lstrip().startswith("<?xml"):
        text = f"<{_WRAPPER}>{text}</{_WRAPPER}>"  # fragments may have several roots; same line, so lines hold
    root = _Element("", {}, 0)
    stack = [root]
    parser = expat.ParserCreate()

    def start(name: str, attributes: dict[str, str]) -> None:
        element = _Element(name.rsplit(":", 1)[-1], attributes, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def end(name: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        stack[-1].text += chunk

    def refuse(*_: object) -> None:
        raise _Refused

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = refuse
    try:
        parser.Parse(text, True)
    except (expat.ExpatError, _Refused, IndexError):
        return None
    return root


def scan_unattend(text: str, frame: Frame) -> list[GuestChange]:
    root = _parse(text)
    if root is None:
        return []
    changes: list[GuestChange] = []
    for tag in ("CommandLine", "Path"):
        for element in root.iter(tag):
            if element.text.strip():
                changes += dispatch.scan_text(element.text.strip(), PayloadKind.BATCH, frame.nested(tag, element.line, maps_lines=False))
    for component in root.iter("component"):
        name = component.attributes.get("name", "")
        for interface in component.iter("Interface"):
            identifier = interface.child_text("Identifier")
            if name == "Microsoft-Windows-TCPIP":
                changes += _tcpip(interface, identifier, frame)
            elif name == "Microsoft-Windows-DNS-Client":
                for order in interface.iter("DNSServerSearchOrder"):
                    servers = addresses_of(e.text for e in order.iter("IpAddress"))
                    changes += frame.change(ChangeKind.DNS_SET, order.line, "unattend DNSServerSearchOrder",
                                            f"DNSServerSearchOrder: {', '.join(map(str, servers))}", identifier, dns_servers=servers)
    return changes


def _tcpip(interface: _Element, identifier: str | None, frame: Frame) -> list[GuestChange]:
    changes: list[GuestChange] = []
    for dhcp in interface.iter("DhcpEnabled"):
        if truthy(dhcp.text) is False:
            changes += frame.change(ChangeKind.DHCP_DISABLED, dhcp.line, "unattend DhcpEnabled", "DhcpEnabled: false", identifier)
    for unicast in interface.iter("UnicastIpAddresses"):
        found = addresses_of(e.text for e in unicast.iter("IpAddress"))
        changes += frame.change(ChangeKind.ADDRESS_SET, unicast.line, "unattend UnicastIpAddresses",
                                f"UnicastIpAddresses: {', '.join(map(str, found))}", identifier, addresses=found)
    return changes
