"""A tolerant INI reader for systemd units and NetworkManager keyfiles: repeated keys kept, never raises."""

from __future__ import annotations


def sections(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(section, [(key, value), ...]), ...]`` in file order; keys before any section go under ``""``."""
    found: list[tuple[str, list[tuple[str, str]]]] = [("", [])]
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            found.append((line[1:-1].strip(), []))
            continue
        key, sep, value = line.partition("=")
        if sep:
            found[-1][1].append((key.strip(), value.strip()))
    return found


def values(parsed: list[tuple[str, list[tuple[str, str]]]], section: str, key: str) -> list[str]:
    return [v for name, pairs in parsed if name.lower() == section.lower() for k, v in pairs if k == key]


def first(parsed: list[tuple[str, list[tuple[str, str]]]], section: str, key: str) -> str | None:
    found = values(parsed, section, key)
    return found[0] if found else None
