"""YAML read as nodes, so every value keeps its line (PyYAML's C loader when available)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
# The C composer recurses on the C stack and crashes the process (SIGSEGV) on documents
# nested some 30,000 levels deep ("- - - ...", "[[[..."); past this bound the pure-Python
# loader reads them, and gives up with a RecursionError instead.
_C_LOADER_MAX_DEPTH = 1000
_LINE_PREFIX = re.compile(r"^[ \t?-]+", re.M)  # indentation and compact "- - ?" indicators
_BRACKET = re.compile(r"[\[\]{}]")


def compose(text: str) -> yaml.Node | None:
    """The document's root node; None for text that is not a single valid YAML document."""
    loader = _LOADER if nesting_bound(text) <= _C_LOADER_MAX_DEPTH else yaml.SafeLoader
    try:
        return yaml.compose(text, Loader=loader)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


def nesting_bound(text: str) -> int:
    """An upper bound of a YAML text's nesting depth: block nesting needs indentation or
    compact indicators at the start of a line, flow nesting needs open brackets."""
    block = max((m.end() - m.start() for m in _LINE_PREFIX.finditer(text)), default=0)
    flow = text.count("[") + text.count("{")
    if flow > _C_LOADER_MAX_DEPTH:
        depth = flow = 0
        for match in _BRACKET.finditer(text):
            depth = max(0, depth + (1 if match.group() in "[{" else -1))
            flow = max(flow, depth)
    return block + flow


def line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def items(node: yaml.Node | None) -> Iterator[tuple[str, yaml.Node, int]]:
    """A mapping's (key, value node, key line); nothing for other nodes."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                yield str(key.value), value, line(key)


def get(node: yaml.Node | None, key: str) -> yaml.Node | None:
    for name, value, _ in items(node):
        if name == key:
            return value
    return None


def elements(node: yaml.Node | None) -> list[yaml.Node]:
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def scalar(node: yaml.Node | None) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def scalars(node: yaml.Node | None) -> list[str]:
    """A scalar or a (nested) list of scalars as strings; mapping keys count (netplan
    ``addresses: {"10.0.0.5/24": {label: ...}}``)."""
    if isinstance(node, yaml.ScalarNode):
        return [str(node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [s for child in node.value for s in scalars(child)]
    if isinstance(node, yaml.MappingNode):
        return [str(k.value) for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
    return []


def body_first_line(node: yaml.Node) -> tuple[int, bool]:
    """Where a string's first line sits in the file, and whether its lines map 1:1
    (a ``|`` block scalar does; a quoted or folded one does not)."""
    style = getattr(node, "style", None)
    if style == "|":
        return line(node) + 1, True
    return line(node), False
