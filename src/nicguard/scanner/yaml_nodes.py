"""YAML read as nodes, so every value keeps its line (PyYAML's C loader when available)."""

from __future__ import annotations

from collections.abc import Iterator

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The document's root node; None for text that is not a single valid YAML document."""
    try:
        return yaml.compose(text, Loader=_LOADER)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None


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
