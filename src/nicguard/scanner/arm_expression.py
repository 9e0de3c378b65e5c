"""Just enough of the ARM template expression language to read script text built with
``concat``/``format``/``base64`` from literals, parameters' defaults and variables.

Anything it cannot evaluate becomes ``<arm:...>``: never an address, so a value hidden
behind ``reference()`` reads as "not visible", not as clean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\s*(?:'((?:[^']|'')*)'|([A-Za-z_][\w.]*)|(-?\d+)|(.))")
MAX_DEPTH = 8


class _Unreadable(Exception):
    pass


def is_expression(value: str) -> bool:
    return value.startswith("[") and value.endswith("]") and not value.startswith("[[")


def literal_or_evaluated(value: str, parameters: Mapping[str, object], variables: Mapping[str, object]) -> str:
    """The string a template value stands for (``[[`` escapes a literal ``[``)."""
    if value.startswith("[["):
        return value[1:]
    if not is_expression(value):
        return str(value)
    return evaluate(value[1:-1], parameters, variables)


def evaluate(expression: str, parameters: Mapping[str, object], variables: Mapping[str, object], depth: int = 0) -> str:
    tokens = [(m.group(1), m.group(2), m.group(3), m.group(4)) for m in _TOKEN.finditer(expression)]
    try:
        value, _ = _parse(tokens, 0, parameters, variables, depth)
    except (_Unreadable, IndexError, RecursionError):  # RecursionError: concat(concat(... thousands deep
        return f"<arm:{expression[:40]}>"
    return value


def _parse(tokens, pos, parameters, variables, depth):
    text, name, number, symbol = tokens[pos]
    if text is not None:
        return text.replace("''", "'"), pos + 1
    if number is not None:
        return number, pos + 1
    if name is None or tokens[pos + 1][3] != "(":
        raise _Unreadable
    arguments, pos = [], pos + 2
    while tokens[pos][3] != ")":
        try:
            value, pos = _parse(tokens, pos, parameters, variables, depth)
        except _Unreadable:
            # one unreadable argument (reference(...).x) must not hide the literals around it
            value, pos = "<arm:value>", _after_argument(tokens, pos)
        arguments.append(value)
        if tokens[pos][3] == ",":
            pos += 1
    pos += 1
    if pos < len(tokens) and tokens[pos][3] in (".", "["):
        raise _Unreadable  # property access on a result: reference(...).x
    return _call(name.lower(), arguments, parameters, variables, depth), pos


def _after_argument(tokens, pos):
    depth = 0
    while pos < len(tokens):
        symbol = tokens[pos][3]
        if symbol in ("(", "["):
            depth += 1
        elif symbol in (")", "]"):
            if depth == 0:
                return pos
            depth -= 1
        elif symbol == "," and depth == 0:
            return pos
        pos += 1
    raise _Unreadable


def _call(name, arguments, parameters, variables, depth):
    if name == "concat":
        return "".join(arguments)
    if name in ("base64", "string", "trim"):
        return arguments[0] if arguments else ""
    if name == "format" and arguments:
        return re.sub(r"\{(\d+)(?::[^}]*)?\}", lambda m: arguments[int(m.group(1)) + 1] if int(m.group(1)) + 1 < len(arguments) else m.group(0), arguments[0])
    if name == "replace" and len(arguments) == 3:
        return arguments[0].replace(arguments[1], arguments[2])
    if name == "parameters" and arguments:
        return _named(parameters.get(arguments[0]), parameters, variables, depth)
    if name == "variables" and arguments:
        return _named(variables.get(arguments[0]), parameters, variables, depth)
    raise _Unreadable


def _named(value, parameters, variables, depth):
    if not isinstance(value, str) or depth >= MAX_DEPTH:
        raise _Unreadable
    if is_expression(value):
        return evaluate(value[1:-1], parameters, variables, depth + 1)
    return str(value)  # a plain str, not the template loader's located subclass
