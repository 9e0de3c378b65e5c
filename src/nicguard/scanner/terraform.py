"""Terraform (``*.tf``): the payloads an azurerm configuration hands a VM inline.

Heredocs (``<<EOT``/``<<-EOT``) given to ``custom_data``/``user_data``, to an extension's
``settings``/``protected_settings`` (JSON with ``commandToExecute``/``script``), to a run
command's ``script``, or whose content announces a kind (``#cloud-config``, a shebang); and
quoted ``commandToExecute`` values inside ``jsonencode({...})``. The rest of the file is HCL,
never run in the guest. ``${...}`` interpolations stay as written: values not visible here.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from . import arm, dispatch
from .frame import Frame
from .model import GuestChange, PayloadKind
from .sniff import kind_for_text

_HEREDOC = re.compile(r"(?m)^[ \t]*([\w\"-]+)?[ \t]*=?[^\n]*?<<(-?)[ \t]*([A-Za-z_]\w*)[ \t]*\n(.*?)^[ \t]*\3[ \t]*$", re.S)
_USER_DATA = frozenset(("custom_data", "user_data"))
_SETTINGS = {"settings": False, "protected_settings": True}
_SCRIPT = frozenset(("script", "command_to_execute", "commandtoexecute"))
_OWNER = re.compile(r"\b(protected_settings|settings)\s*=")
_COMMAND_STRING = re.compile(r'(?i)"?(commandToExecute|script)"?\s*[=:]\s*("(?:[^"\\\n]|\\.)*")')


def scan_terraform(text: str, frame: Frame) -> list[GuestChange]:
    changes: list[GuestChange] = []
    covered: list[tuple[int, int]] = []
    for match in _HEREDOC.finditer(text):
        attribute = (match.group(1) or "").strip('"').lower()
        body = match.group(4)
        if match.group(2):
            body = _dedent(body)
        covered.append((match.start(4), match.end(4)))
        line = text.count("\n", 0, match.start(4)) + 1
        nested = frame.nested(f"heredoc {attribute or match.group(3)}", line)
        if attribute in _SETTINGS:
            changes += _settings(body, nested, _SETTINGS[attribute])
        elif attribute in _USER_DATA:
            changes += dispatch.scan_text(body, PayloadKind.USER_DATA, nested)
        elif attribute in _SCRIPT:
            changes += dispatch.scan_text(body, None, nested)
        elif kind_for_text(body) is not None:
            changes += dispatch.scan_text(body, None, nested)
    for match in _COMMAND_STRING.finditer(text):
        if any(start <= match.start() < end for start, end in covered):
            continue
        try:
            value = json.loads(match.group(2))
        except ValueError:
            continue
        line = text.count("\n", 0, match.start()) + 1
        owners = _OWNER.findall(text, 0, match.start())
        nested = frame.nested(match.group(1), line, maps_lines=False)
        changes += _settings(json.dumps({match.group(1): value}), nested, bool(owners) and owners[-1] == "protected_settings")
    return changes


def _settings(body: str, frame: Frame, secret: bool) -> list[GuestChange]:
    """An extension's settings JSON; ``protected_settings`` is secret, as in a template."""
    try:
        settings = json.loads(body)
    except ValueError:
        return []
    if not isinstance(settings, dict):
        return []
    nested = frame.nested("", 1, maps_lines=False)
    return arm.scan_properties(settings, replace(nested, secret=True) if secret else nested)


def _dedent(body: str) -> str:
    lines = body.split("\n")
    indents = [len(line) - len(line.lstrip(" \t")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return "\n".join(line[cut:] for line in lines)
