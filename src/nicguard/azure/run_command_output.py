"""Stdout and stderr out of a Run Command result, for both result shapes. Pure.

Windows returns two statuses (``ComponentStatus/StdOut/succeeded`` and
``ComponentStatus/StdErr/succeeded``); Linux one ``ProvisioningState/succeeded`` whose
message is ``Enable succeeded: \\n[stdout]\\n...\\n[stderr]\\n...``. Neither carries an
exit code, and each stream keeps only its last 4,096 bytes, so the probe's own
envelope (checked by the guest parser) tells success and truncation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

STDOUT_MARK = "[stdout]\n"
STDERR_MARK = "\n[stderr]\n"


def split_streams(statuses: Iterable[Mapping[str, Any]]) -> tuple[str, str]:
    stdout: list[str] = []
    stderr: list[str] = []
    for status in statuses:
        code = str(status.get("code", "")).lower()
        message = str(status.get("message") or "")
        if "/stdout/" in code:
            stdout.append(message)
        elif "/stderr/" in code:
            stderr.append(message)
        elif STDOUT_MARK in message:
            out, err = _split_linux_message(message)
            stdout.append(out)
            stderr.append(err)
    return "".join(stdout), "".join(stderr)


def _split_linux_message(message: str) -> tuple[str, str]:
    body = message[message.index(STDOUT_MARK) + len(STDOUT_MARK) :]
    cut = body.rfind(STDERR_MARK)
    if cut < 0:
        return body, ""
    return body[:cut], body[cut + len(STDERR_MARK) :]
