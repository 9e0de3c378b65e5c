"""Reading Pulumi property bags one field at a time.

Policies see props through pulumi_policy's unknown-checking proxy: reading an unknown value
raises UnknownValueError, and so do ``in``, ``.get()`` and ``dict()``. Escaping a policy,
that error turns the whole policy into an advisory "can't run during preview", so every
read here catches it and maps that one field to core UNKNOWN. The same readers accept plain
dicts and lists that still hold the wire sentinels. Numbers arrive as floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pulumi_policy.proxy import (
    UNKNOWN_ARCHIVE_VALUE,
    UNKNOWN_ARRAY_VALUE,
    UNKNOWN_ASSET_VALUE,
    UNKNOWN_BOOLEAN_VALUE,
    UNKNOWN_NUMBER_VALUE,
    UNKNOWN_OBJECT_VALUE,
    UNKNOWN_STRING_VALUE,
    UnknownValueError,
)

from ..core.unknown import UNKNOWN

UNKNOWN_SENTINELS = frozenset(
    {
        UNKNOWN_STRING_VALUE,
        UNKNOWN_NUMBER_VALUE,
        UNKNOWN_BOOLEAN_VALUE,
        UNKNOWN_ARRAY_VALUE,
        UNKNOWN_OBJECT_VALUE,
        UNKNOWN_ASSET_VALUE,
        UNKNOWN_ARCHIVE_VALUE,
    }
)


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _known(value: Any) -> Any:
    return UNKNOWN if isinstance(value, str) and value in UNKNOWN_SENTINELS else value


def field(bag: Any, *path: str | int) -> Any:
    """The value at ``path``: the value, UNKNOWN, or None when absent (or of the wrong shape)."""
    value = bag
    for key in path:
        if value is None or value is UNKNOWN:
            return value
        try:
            if isinstance(key, int):
                if not _is_list(value) or not -len(value) <= key < len(value):
                    return None
            elif not isinstance(value, Mapping):
                return None
            value = _known(value[key])
        except UnknownValueError:
            return UNKNOWN
        except KeyError:
            return None
    return value


def elements(value: Any) -> Any:
    """A list's elements, each known or UNKNOWN; UNKNOWN for an unknown list, () when absent."""
    if value is UNKNOWN:
        return UNKNOWN
    if not _is_list(value):
        return ()
    return tuple(field(value, i) for i in range(len(value)))


def text(value: Any) -> Any:
    """A string field: the string, UNKNOWN, or None for anything else."""
    if value is UNKNOWN or isinstance(value, str):
        return value
    return None


def plain(value: Any) -> Any:
    """A deep copy as plain dicts and lists, UNKNOWN at every unknown leaf (for the scanner)."""
    value = _known(value)
    if isinstance(value, Mapping):
        return {key: plain(field(value, key)) for key in value}
    if _is_list(value):
        return [plain(item) for item in elements(value)]
    return value


def string_map(value: Any) -> dict[str, str]:
    """Known string entries of a map (tags); unknown or non-string entries are left out."""
    if not isinstance(value, Mapping):
        return {}
    entries = ((key, field(value, key)) for key in value)
    return {str(key): item for key, item in entries if isinstance(item, str)}
