"""cmd.exe scripts and command lines: netsh, wmic, reg, and nested PowerShell or cmd."""

from __future__ import annotations

import re

from .frame import Frame
from .model import GuestChange
from .windows_tools import native

_COMMENT = re.compile(r"^\s*@?(?:rem(?:\s|$)|::)", re.I)
_SET = re.compile(r"^\s*@?set\s+\"?([A-Za-z_][\w]*)=([^\"]*)\"?\s*$", re.I)
_PREFIXES = frozenset(("call", "start", "/wait", "/b", "/min", ""))  # "" : the title argument of start
_KEYWORDS = ("netsh", "wmic", "reg", "powershell", "pwsh", "cmd", "az ")


def scan_batch(text: str, frame: Frame) -> list[GuestChange]:
    if not any(keyword in text.lower() for keyword in _KEYWORDS):
        return []
    variables: dict[str, str] = {}
    changes: list[GuestChange] = []
    for number, line in _logical_lines(text):
        if _COMMENT.match(line):
            continue
        assignment = _SET.match(line)
        if assignment:
            variables[assignment.group(1).lower()] = assignment.group(2)
            continue
        line = re.sub(r"%(\w+)%", lambda m: variables.get(m.group(1).lower(), m.group(0)), line)
        for command in _split_commands(line):
            words = _words(command)
            while words and words[0].lower() in _PREFIXES:
                words.pop(0)
            if not words:
                continue
            name = words[0].lstrip("@").replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")
            changes += native(name, words[1:], number, command, frame) or []
    return changes


def _logical_lines(text: str):
    """Lines with ``^`` continuations joined, numbered by their first line."""
    pending, start = "", 0
    for number, line in enumerate(text.split("\n"), 1):
        if not pending:
            start = number
        if line.endswith("^") and not line.endswith("^^"):
            pending += line[:-1]
            continue
        yield start, pending + line
        pending = ""
    if pending:
        yield start, pending


def _split_commands(line: str) -> list[str]:
    """A line split at ``&``, ``&&``, ``||`` and ``|`` outside double quotes."""
    parts, current, quoted, index = [], [], False, 0
    while index < len(line):
        char = line[index]
        if char == '"':
            quoted = not quoted
        elif char == "^" and index + 1 < len(line):
            current.append(line[index : index + 2])
            index += 2
            continue
        elif char in "&|" and not quoted:
            parts.append("".join(current))
            current = []
            while index + 1 < len(line) and line[index + 1] in "&|":
                index += 1
            index += 1
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


def _words(command: str) -> list[str]:
    """Arguments as a program receives them (CommandLineToArgvW rules: ``\\"`` is a quote)."""
    words, current, quoted, has_word, index = [], [], False, False, 0
    while index < len(command):
        char = command[index]
        if char == "\\" and command.startswith('\\"', index):
            current.append('"')
            index += 2
            has_word = True
            continue
        if char == '"':
            quoted = not quoted
            has_word = True
        elif char == "^" and not quoted and index + 1 < len(command):
            current.append(command[index + 1])
            index += 1
        elif char in " \t" and not quoted:
            if has_word:
                words.append("".join(current))
            current, has_word = [], False
        else:
            current.append(char)
            has_word = True
        index += 1
    if has_word:
        words.append("".join(current))
    return words
