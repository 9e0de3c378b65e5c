"""Renders probe output format v1 from records, the way both probes' emitters do
(tab-joined fields, ``-`` for empty, the 3,950-byte body budget, the end line's count):
used to write the Windows recordings and the size test's synthetic 4 NIC x 8 address VM."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

BODY_BUDGET = 3950


def render(os_name: str, records: Iterable[Sequence[str]], status: str = "ok") -> str:
    body, lines, trunc = "", 0, 0
    for fields in records:
        record = "\t".join(f or "-" for f in fields)
        if len(body.encode()) + len(record.encode()) + 1 > BODY_BUDGET:
            trunc = 1
            continue
        body += record + "\n"
        lines += 1
    return (
        f"NICGUARD-PROBE\tv1\t{os_name}\n{body}NICGUARD-PROBE-END\tv1\tstatus={status}\tlines={lines}\ttrunc={trunc}\n"
    )


def windows_adapter(
    alias: str, mac: str, guid: str, description: str = "Microsoft Hyper-V Network Adapter"
) -> list[str]:
    return ["I", alias, mac, description, "-", "-", "up", guid]
