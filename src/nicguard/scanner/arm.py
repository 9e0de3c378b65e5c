"""ARM templates (and Bicep-compiled JSON) and resource property trees (the policy pack's
Pulumi inputs): the strings a VM runs or boots with, wherever they sit.

Scanned properties, at any depth: ``commandToExecute``, ``script`` (run commands, Linux
CustomScript's base64 script), ``customData``/``userData``, ``additionalUnattendContent``
``content``, and DSC ``configurationArguments``. Anything under ``protectedSettings`` or
``protectedParameters`` is secret.
"""

from __future__ import annotations

import bisect
import json
import json.decoder
import re
import json.scanner
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from . import dispatch
from .arm_expression import literal_or_evaluated
from .decode import text_from_base64
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .values import addresses_of

K = PayloadKind
_SECRET_KEYS = frozenset(("protectedsettings", "protectedparameters", "protectedsettingsfromkeyvault"))
_WINDOWS_PUBLISHERS = frozenset(("microsoft.compute", "microsoft.powershell"))
_LINUX_PUBLISHERS = frozenset(("microsoft.azure.extensions", "microsoft.ostcextensions"))
_DSC_ADDRESS_KEYS = frozenset(("ip", "ipaddress", "staticip", "staticipaddress", "ipv4address"))
# A DNS *server*'s own settings (a DC's forwarders, zones) and suffixes: not the client's servers.
_DSC_DNS_SERVER_SIDE = ("forward", "zone", "suffix", "search")


class _Located(str):
    """A JSON string value that remembers where it starts in the file."""

    offset: int = 0


def _load_located(text: str) -> Any:
    decoder = json.JSONDecoder()

    def parse_string(source: str, end: int, strict: bool) -> tuple[str, int]:
        value, after = json.decoder.scanstring(source, end, strict)
        located = _Located(value)
        located.offset = end - 1
        return located, after

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the C scanner ignores parse_string
    try:
        return decoder.decode(text)
    except (ValueError, RecursionError):
        return None


_JSON_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|//[^\n]*|/\*.*?(?:\*/|$)', re.S)
_TRAILING_COMMA = re.compile(r'"(?:[^"\\\n]|\\.)*"|,(?=\s*[}\]])', re.S)
_PAYLOAD_PROPERTY = re.compile(r'"(commandToExecute|script|customData|userData)"\s*:\s*("(?:[^"\\\n]|\\.)*")', re.I)


def _relaxed(text: str) -> str:
    """The template with what Azure's deployment tools accept beyond JSON blanked out:
    ``//`` and ``/* */`` comments and trailing commas (offsets and lines unchanged)."""
    blank = lambda m: m.group() if m.group().startswith('"') else re.sub(r"[^\n]", " ", m.group())  # noqa: E731
    return _TRAILING_COMMA.sub(blank, _JSON_TOKEN.sub(blank, text))


def scan_template(text: str, frame: Frame) -> list[GuestChange]:
    data = _load_located(text)
    if data is None and ("/" in text or "," in text):
        data = _load_located(_relaxed(text))
    if data is None:
        return _scan_unparsed(text, frame)
    if not isinstance(data, dict):
        return []
    return _Walker(frame, text, data).walk(data, "", frame.secret, None)


def _scan_unparsed(text: str, frame: Frame) -> list[GuestChange]:
    """A template that is not JSON (truncated, merge conflict, nested too deep): its script
    properties are still read, one by one, so a broken file is never reported clean. Which
    block a property sits in is not known here, so a template with any protectedSettings is
    read as secret throughout."""
    lowered = text.lower()
    secret = frame.secret or any(key in lowered for key in _SECRET_KEYS)
    walker = _Walker(replace(frame, secret=secret), text, {})
    changes: list[GuestChange] = []
    for match in _PAYLOAD_PROPERTY.finditer(text):
        try:
            value = _Located(json.loads(match.group(2)))
        except ValueError:
            continue
        value.offset = match.start(2)
        changes += walker.walk({match.group(1): value}, "", secret, None)
    return changes


def scan_properties(properties: Mapping[str, Any], frame: Frame) -> list[GuestChange]:
    """A resource's property tree (no file behind it: each string's origin is its property path)."""
    return _Walker(frame, None, {}).walk(properties, "", frame.secret, None)


class _Walker:
    def __init__(self, frame: Frame, text: str | None, template: Mapping[str, Any]) -> None:
        self.frame = frame
        self.text = text
        self._newlines: list[int] | None = None
        parameters = template.get("parameters") if isinstance(template.get("parameters"), dict) else {}
        self.parameters = {k: v.get("defaultValue") for k, v in parameters.items() if isinstance(v, dict)}
        variables = template.get("variables")
        self.variables = variables if isinstance(variables, dict) else {}

    def walk(self, node: Any, path: str, secret: bool, os: str | None) -> list[GuestChange]:
        if isinstance(node, list):
            return [c for i, item in enumerate(node) for c in self.walk(item, f"{path}[{i}]", secret, os)]
        if not isinstance(node, Mapping):
            return []
        os = _os_hint(node) or os
        changes: list[GuestChange] = []
        for key, value in node.items():
            name = str(key).lower()
            child = f"{path}.{key}" if path else str(key)
            inner_secret = secret or name in _SECRET_KEYS
            if name in ("commandtoexecute", "script", "customdata", "userdata") and _is_text(value):
                changes += self._payload(name, value, child, inner_secret, os)
            elif name == "configurationarguments" and isinstance(value, Mapping):
                changes += self._dsc_arguments(value, child, inner_secret)
            elif name == "additionalunattendcontent" and isinstance(value, list):
                for index, item in enumerate(value):
                    content = item.get("content") if isinstance(item, Mapping) else None
                    if isinstance(content, str):
                        changes += self._scan(content, K.UNATTEND, f"{child}[{index}].content", inner_secret)
            else:
                changes += self.walk(value, child, inner_secret, os)
        return changes

    def _payload(self, name: str, value: Any, path: str, secret: bool, os: str | None) -> list[GuestChange]:
        if name in ("customdata", "userdata"):
            return self._scan(value, K.USER_DATA, path, secret)
        if name == "commandtoexecute":
            kind = {"windows": K.BATCH, "linux": K.SHELL}.get(os or "", K.COMMAND_LINE)
            return self._scan(value, kind, path, secret)
        text = "\n".join(value) if isinstance(value, list) else self._string(value)
        decoded = text_from_base64(text.strip())
        if decoded is not None:  # Linux CustomScript v2: base64 (maybe gzip) of the script
            return self._scan(decoded, None if os != "linux" else K.SHELL, path, secret, decoded_from=value)
        kind = K.POWERSHELL if os == "windows" else K.SHELL if os == "linux" else None
        if kind is None:
            kind = K.POWERSHELL if dispatch.looks_like_powershell(text) else K.SHELL
        return self._scan(value, kind, path, secret)

    def _dsc_arguments(self, arguments: Mapping[str, Any], path: str, secret: bool) -> list[GuestChange]:
        interface = next((str(v) for k, v in arguments.items() if str(k).lower() == "interfacealias"), None)
        changes: list[GuestChange] = []
        for key, value in arguments.items():
            name = str(key).lower()
            strings = [self._string(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
            found = addresses_of(strings)
            if not found:
                continue
            frame = self._frame(value if isinstance(value, str) else (value[0] if isinstance(value, list) and value else ""), f"{path}.{key}", secret)
            shown = f"configurationArguments {key} = {', '.join(strings)}"
            if "dns" in name and not any(word in name for word in _DSC_DNS_SERVER_SIDE):
                changes += frame.change(ChangeKind.DNS_SET, 1, "DSC configurationArguments", shown, interface, dns_servers=found)
            elif name in _DSC_ADDRESS_KEYS:
                changes += frame.change(ChangeKind.ADDRESS_SET, 1, "DSC configurationArguments", shown, interface, addresses=found)
        return changes

    def _scan(self, value: Any, kind: PayloadKind | None, path: str, secret: bool, decoded_from: Any = None) -> list[GuestChange]:
        text = value if decoded_from is not None else ("\n".join(map(self._string, value)) if isinstance(value, list) else self._string(value))
        anchor = decoded_from if decoded_from is not None else value
        frame = self._frame(anchor[0] if isinstance(anchor, list) and anchor else anchor, path, secret)
        if decoded_from is not None:
            frame = frame.nested("base64", 1, maps_lines=False)
        return dispatch.scan_text(text, kind, frame)

    def _frame(self, anchor: Any, path: str, secret: bool) -> Frame:
        """Property trees: the property path becomes the origin, the string's lines are its own.
        Template files: the string's line in the file, the property path as a layer."""
        base = replace(self.frame, secret=secret or self.frame.secret)
        if self.text is None:
            return replace(base, origin=base.origin.below(path), depth=base.depth + 1)
        if self._newlines is None:  # counting from the top for every string is quadratic in big templates
            self._newlines = [m.start() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_left(self._newlines, getattr(anchor, "offset", 0)) + 1
        return base.nested(path, line, maps_lines=False)

    def _string(self, value: Any) -> str:
        return literal_or_evaluated(str(value), self.parameters, self.variables)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value))


def _os_hint(node: Mapping[str, Any]) -> str | None:
    publisher = str(node.get("publisher", "")).lower()
    if publisher in _WINDOWS_PUBLISHERS:
        return "windows"
    if publisher in _LINUX_PUBLISHERS:
        return "linux"
    command_id = str(node.get("commandId", "")).lower()
    if command_id == "runpowershellscript":
        return "windows"
    if command_id == "runshellscript":
        return "linux"
    if "windowsConfiguration" in node:
        return "windows"
    if "linuxConfiguration" in node:
        return "linux"
    return None
