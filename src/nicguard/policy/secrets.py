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
        self.count = 0  # secret values seen, to tell which resource held one

    def __bool__(self) -> bool:
        return bool(self._texts)

    def add(self, value: Any) -> None:
        self.count += 1
        self._add(value)

    def _add(self, value: Any) -> None:
        if isinstance(value, str):
            self._add_text(value)
            decoded = _decoded(value)
            if decoded:
                self._add_text(decoded)
        elif isinstance(value, Mapping):
            for item in value.values():
                self._add(item)
        elif isinstance(value, list):
            for item in value:
                self._add(item)

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


def deserialize_struct(struct: Any, secrets: SecretTexts) -> dict[str, Any]:
    """A wire Struct -> plain Python values, secrets unwrapped and recorded: what the SDK's
    ``deserialize_properties(MessageToDict(...))`` returns, in one pass."""
    signature = struct.fields.get(SPECIAL_SIG_KEY)
    if signature is not None:
        return _special(struct, signature.string_value, secrets)
    return {key: _value(value, secrets) for key, value in struct.fields.items()}


def _value(value: Any, secrets: SecretTexts) -> Any:
    kind = value.WhichOneof("kind")
    if kind == "string_value":
        return value.string_value
    if kind == "struct_value":
        return deserialize_struct(value.struct_value, secrets)
    if kind == "list_value":
        return [_value(item, secrets) for item in value.list_value.values]
    if kind == "number_value":
        return value.number_value
    if kind == "bool_value":
        return value.bool_value
    return None


def _special(struct: Any, signature: str, secrets: SecretTexts) -> Any:
    if signature == SPECIAL_SECRET_SIG:
        inner = _value(struct.fields["value"], secrets) if "value" in struct.fields else None
        secrets.add(inner)
        return inner
    from google.protobuf import json_format

    # Assets and archives, as the SDK reads them.
    return deserialize_properties({"value": json_format.MessageToDict(struct)})["value"]
