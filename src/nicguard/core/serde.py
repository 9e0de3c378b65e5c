"""Frozen dataclasses <-> plain data (JSON/YAML), for snapshots, manifests and rule cases.

UNKNOWN is written as ``{"$unknown": true}`` so it can never be mistaken for a real
value; addresses and prefixes are strings.
"""

from __future__ import annotations

import ipaddress
import types
import typing
from enum import Enum
from typing import Any, TypeVar

import cattrs

from .net import AddressError, parse_ip, parse_prefix
from .unknown import UNKNOWN, _Unknown

T = TypeVar("T")
UNKNOWN_MARK = {"$unknown": True}

_ADDRESS_TYPES = (ipaddress.IPv4Address, ipaddress.IPv6Address)
_NETWORK_TYPES = (ipaddress.IPv4Network, ipaddress.IPv6Network)


def _union_args(tp: Any) -> tuple[Any, ...]:
    return typing.get_args(tp) if typing.get_origin(tp) in (typing.Union, types.UnionType) else ()


def _is_union_of(kinds: tuple[type, ...]) -> Any:
    """Predicate for ``A | B`` or ``A | B | None`` over exactly ``kinds``."""
    return lambda tp: set(_union_args(tp)) - {type(None)} == set(kinds) and not _has_unknown(tp)


def _has_unknown(tp: Any) -> bool:
    return _Unknown in _union_args(tp)


def _without_unknown(tp: Any) -> Any:
    rest = tuple(a for a in _union_args(tp) if a is not _Unknown)
    return rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007 - built at run time


def _make_converter() -> cattrs.Converter:
    conv = cattrs.Converter()

    def structure_address(value: Any, _: Any) -> Any:
        if value is None:
            return None
        try:
            return parse_ip(value)
        except AddressError as exc:
            raise ValueError(str(exc)) from None

    def structure_network(value: Any, _: Any) -> Any:
        if value is None:
            return None
        try:
            return parse_prefix(value)
        except AddressError as exc:
            raise ValueError(str(exc)) from None

    conv.register_structure_hook_func(_is_union_of(_ADDRESS_TYPES), structure_address)
    conv.register_structure_hook_func(_is_union_of(_NETWORK_TYPES), structure_network)
    for kind in (*_ADDRESS_TYPES, *_NETWORK_TYPES):
        conv.register_structure_hook(kind, lambda v, t: t(v))
        conv.register_unstructure_hook(kind, str)
    conv.register_unstructure_hook(_Unknown, lambda _: dict(UNKNOWN_MARK))
    conv.register_unstructure_hook_func(
        lambda tp: isinstance(tp, type) and issubclass(tp, Enum), lambda value: value.value
    )

    def structure_maybe(value: Any, tp: Any) -> Any:
        if value == UNKNOWN_MARK or value is UNKNOWN:
            return UNKNOWN
        return conv.structure(value, _without_unknown(tp))

    conv.register_structure_hook_func(_has_unknown, structure_maybe)
    return conv


CONVERTER = _make_converter()


def to_data(obj: Any) -> Any:
    return CONVERTER.unstructure(obj)


def from_data(data: Any, cls: type[T]) -> T:
    """Build ``cls`` from plain data; raises ValueError with a readable path on bad input."""
    try:
        return CONVERTER.structure(data, cls)
    except cattrs.BaseValidationError as exc:
        raise ValueError("; ".join(_flatten(exc))) from None


def _flatten(exc: BaseException) -> list[str]:
    notes = cattrs.transform_error(exc) if isinstance(exc, cattrs.BaseValidationError) else [str(exc)]
    return list(notes)
