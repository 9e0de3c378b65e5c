"""Secret values of a request, and scrubbing them out of diagnostics.

The SDK unwraps secrets before a policy sees them, so nothing downstream knows which
plaintext was secret. The servicer deserialises each request itself, records every string
inside a secret wrapper here (with each of its lines, and the text inside base64 such as
``customData``), and scrubs diagnostics before they leave the pack. The scanner redacts
what it quotes from scripts; this is the net under it.
"""

from __future__ import annotations

import base64
import binascii
import gzip
from collections.abc import Mapping
from typing import Any

from pulumi_policy.deserialize import SPECIAL_SECRET_SIG, SPECIAL_SIG_KEY, deserialize_properties

REDACTED = "[secret]"
# Lines shorter than this are words like "fi" or "exit 0": scrubbing them would mangle
# every message while protecting nothing.
MIN_LINE = 8


class SecretTexts:
    def __init__(self) -> None:
        self._texts: set[str] = set()

    def __bool__(self) -> bool:
        return bool(self._texts)

    def add(self, value: Any) -> None:
        if isinstance(value, str):
            self._add_text(value)
            decoded = _decoded(value)
            if decoded:
                self._add_text(decoded)
        elif isinstance(value, Mapping):
            for item in value.values():
                self.add(item)
        elif isinstance(value, list):
            for item in value:
                self.add(item)

    def _add_text(self, text: str) -> None:
        if text.strip():
            self._texts.add(text)
        self._texts.update(line.strip() for line in text.splitlines() if len(line.strip()) >= MIN_LINE)

    def scrub(self, message: str) -> str:
        for text in sorted(self._texts, key=len, reverse=True):
            if text in message:
                message = message.replace(text, REDACTED)
        return message


def _decoded(value: str) -> str | None:
    """The text inside base64 (optionally gzip), as customData and userData carry it."""
    if len(value) < MIN_LINE or len(value) % 4:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
        return raw.decode("utf-8")
    except (binascii.Error, ValueError, OSError, EOFError):
        return None


def deserialize(value: Any, secrets: SecretTexts) -> Any:
    """Wire JSON -> Python values like the SDK's deserialisation, recording secrets on the way."""
    if isinstance(value, list):
        return [deserialize(item, secrets) for item in value]
    if isinstance(value, dict):
        signature = value.get(SPECIAL_SIG_KEY)
        if signature == SPECIAL_SECRET_SIG:
            inner = deserialize(value.get("value"), secrets)
            secrets.add(inner)
            return inner
        if signature is not None:
            return deserialize_properties({"value": value})["value"]  # assets and archives
        return {key: deserialize(item, secrets) for key, item in value.items()}
    return value
