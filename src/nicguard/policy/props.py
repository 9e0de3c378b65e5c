"""Reading Pulumi property bags one field at a time.

Policies see props through an unknown-checking proxy: reading an unknown value raises
UnknownValueError, and so do ``in``, ``.get()`` and ``dict()``. Escaping a policy, that
error turns the whole policy into an advisory "can't run during preview", so every read
here maps that one field to core UNKNOWN instead. The readers accept the SDK's proxies, our
lazy ones (read straight from the plain data underneath: the hot path of a 10,000-NIC
stack) and plain dicts and lists that still hold the wire sentinels. Numbers are floats.
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


class LazyDict(Mapping):
    """The SDK's unknown-checking dict proxy, wrapping children on access instead of copying
    the whole tree up front (the stack is read once; most of each bag is never looked at)."""

    __slots__ = ("raw", "_path", "has_secrets")

    def __init__(self, raw: dict[str, Any], path: tuple[str, ...] = (), has_secrets: bool = False) -> None:
        self.raw = raw
        self._path = path
        self.has_secrets = has_secrets  # on a resource's props: any of its values was secret

    def __getitem__(self, key: str) -> Any:
        return _checked(self.raw[key], (*self._path, str(key)))

    def __iter__(self):
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class LazyList(Sequence):
    __slots__ = ("raw", "_path")

    def __init__(self, raw: list[Any], path: tuple[str, ...] = ()) -> None:
        self.raw = raw
        self._path = path

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.raw)))]
        return _checked(self.raw[index], (*self._path, str(index)))

    def __len__(self) -> int:
        return len(self.raw)


def _checked(value: Any, path: tuple[str, ...]) -> Any:
    if isinstance(value, str) and value in UNKNOWN_SENTINELS:
        raise UnknownValueError(value, list(path))
    if type(value) is dict:
        return LazyDict(value, path)
    if type(value) is list:
        return LazyList(value, path)
    return value


def lazy_proxy(raw: dict[str, Any], has_secrets: bool) -> LazyDict:
    return LazyDict(raw, (), has_secrets)


def has_secrets(props: Any) -> bool:
    """Whether a resource's props held a secret; True when not known (the SDK's own proxies
    unwrap secrets without a trace), so the scanner errs on redacting."""
    return props.has_secrets if type(props) is LazyDict else True


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, (str, bytes))


def _known(value: Any) -> Any:
    return UNKNOWN if isinstance(value, str) and value in UNKNOWN_SENTINELS else value


def field(bag: Any, *path: str | int) -> Any:
    """The value at ``path``: the value, UNKNOWN, or None when absent (or of the wrong shape)."""
    value = bag.raw if type(bag) in _LAZY else bag
    for key in path:
        kind = type(value)
        if kind is dict:  # the fast path: plain data under our own proxies
            value = _known(value.get(key)) if isinstance(key, str) else None
            continue
        if kind is list:
            value = _known(value[key]) if isinstance(key, int) and -len(value) <= key < len(value) else None
            continue
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
        if type(value) in _LAZY:
            value = value.raw
    return value


def elements(value: Any) -> Any:
    """A list's elements, each known or UNKNOWN; UNKNOWN for an unknown list, () when absent."""
    if value is UNKNOWN:
        return UNKNOWN
    if type(value) is list:
        return tuple(_known(item) for item in value)
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
    value = _known(value.raw if type(value) in _LAZY else value)
    if isinstance(value, Mapping):
        return {key: plain(field(value, key)) for key in value}
    if _is_list(value):
        return [plain(item) for item in elements(value)]
    return value


def string_map(value: Any) -> dict[str, str]:
    """Known string entries of a map (tags); unknown or non-string entries are left out."""
    if type(value) in _LAZY:
        value = value.raw
    if not isinstance(value, Mapping):
        return {}
    entries = ((key, field(value, key)) for key in value)
    return {str(key): item for key, item in entries if isinstance(item, str)}


_LAZY = (LazyDict, LazyList)
