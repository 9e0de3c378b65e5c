"""``Key : value`` blocks with continuation lines, as networkctl, resolvectl, nmcli and
PowerShell's list format print them. Never raises."""

from __future__ import annotations

import re

# A key starts with a letter and is followed by ": " (or ":" at the end of the line), so
# an IPv6 continuation line (fe80::1) is never read as a key.
_KEY = re.compile(r"^\s*([A-Za-z][\w .\-\[\]()/]*?)\s*:(?:\s+(.*)|\s*)$")


def blocks(text: str, starts_block=None) -> list[list[tuple[str, list[str]]]]:
    """Blocks (split at blank lines, or where ``starts_block(key)`` says) of ``(key, [values])``;
    a line without a key continues the previous key's values."""
    found: list[list[tuple[str, list[str]]]] = [[]]
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line.strip():
            if found[-1]:
                found.append([])
            continue
        match = _KEY.match(line)
        if match:
            key, value = match.group(1).strip(), (match.group(2) or "").strip()
            if starts_block is not None and starts_block(key) and found[-1]:
                found.append([])
            found[-1].append((key, [value] if value else []))
        elif found[-1]:
            found[-1][-1][1].append(line.strip())
    return [b for b in found if b]


def get(block: list[tuple[str, list[str]]], *keys: str) -> list[str]:
    """All values of the first of ``keys`` present (compared case-insensitively)."""
    wanted = [k.lower() for k in keys]
    for key in wanted:
        for name, values in block:
            if name.lower() == key:
                return values
    return []


def one(block: list[tuple[str, list[str]]], *keys: str) -> str | None:
    values = get(block, *keys)
    return values[0] if values else None
