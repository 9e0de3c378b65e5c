"""The UNKNOWN sentinel: a value that is not known yet (a Pulumi preview output)."""

from __future__ import annotations

from typing import Final, TypeVar

T = TypeVar("T")


class _Unknown:
    """Singleton for a value not known yet. Never confuse it with None (absent)."""

    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        # Truthiness of an unknown is a bug waiting to happen: force explicit checks.
        raise TypeError("UNKNOWN has no truth value; test with is_known()")

    def __reduce__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
Unknown = _Unknown

Maybe = T | _Unknown  # type alias used in annotations: Maybe[str]


def is_known(value: object) -> bool:
    """True unless the value is UNKNOWN."""
    return value is not UNKNOWN
