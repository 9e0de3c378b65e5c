"""PowerShell's default text views: tables (a dashed rule under the header) and lists
(``Name : value`` blocks). Both become ``[{column: value}]``; never raises."""

from __future__ import annotations

import re

from . import _keyvalue

_RULE = re.compile(r"^\s*-+(\s+-+)*\s*$")
_RUN = re.compile(r"-+")


def records(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    if any(_RULE.match(line) and line.strip() for line in lines):
        return _tables(lines)
    return [{key: " ".join(values) for key, values in block} for block in _keyvalue.blocks(text)]


def _tables(lines: list[str]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if not (_RULE.match(line) and line.strip()):
            index += 1
            continue
        spans = [m.start() for m in _RUN.finditer(line)]
        header_start = index
        while header_start > 0 and lines[header_start - 1].strip() and not _RULE.match(lines[header_start - 1]):
            header_start -= 1
        headers = lines[header_start:index]
        names = [" ".join(_cell(h, spans, i) for h in headers).strip() for i in range(len(spans))]
        index += 1
        while index < len(lines) and lines[index].strip() and not _RULE.match(lines[index]):
            rows.append({name: _cell(lines[index], spans, i) for i, name in enumerate(names)})
            index += 1
    return rows


def _cell(line: str, spans: list[int], i: int) -> str:
    end = spans[i + 1] if i + 1 < len(spans) else len(line)
    return line[spans[i] : end].strip()
