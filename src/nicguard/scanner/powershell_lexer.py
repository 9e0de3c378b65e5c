"""A small PowerShell tokenizer and command parser: enough to read cmdlet calls with their
parameters (strings, arrays, variables), pipelines and DSC resource blocks.

Comments (``#``, ``<# #>``) are dropped and strings stay strings, so help text, here-strings
and ``Write-Host "... Set-DnsClientServerAddress ..."`` never look like commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .brackets import balanced_end

_BREAK = set(" \t\n(){};,|&\"'")
_COMMAND_START_AFTER = frozenset(("\n", ";", "|", "{", "(", "$(", "@(", "&&", "||", "=", "&"))
_TERMINATORS = frozenset(("\n", ";", "|", "}", ")", "&&", "||"))
_OPENERS = {"(": ")", "$(": ")", "@(": ")", "{": "}", "@{": "}"}
_VARIABLE = re.compile(r"\$(?:\{([^}]*)\}|((?:global:|script:|local:|env:)?[\w?]+))", re.I)
_COMMAND_WORD = re.compile(r"^[A-Za-z]+-[A-Za-z][\w]*$|^[\w.\\/:-]+\.exe$", re.I)
Variables = dict[str, list[tuple[int, list[str]]]]  # name -> (token index, value), in order
# Parameters that take no value; anything else consumes the next argument.
SWITCHES = frozenset(
    "-resetserveraddresses -validate -passthru -confirm -whatif -force -asjob -verbose "
    "-debug -includeallcompartments -noprofile -noninteractive -nologo -erroraction".split()
)


@dataclass
class Token:
    kind: str  # "word" | "string" | "variable" | "op" | "type"
    text: str  # the value (strings unquoted)
    line: int
    start: int
    end: int


@dataclass
class Argument:
    """One argument: its atoms (strings/words/variables, arrays flattened) in order."""

    atoms: list[str]
    line: int


@dataclass
class PsCommand:
    name: str  # as written (Set-DnsClientServerAddress, netsh.exe ...)
    line: int
    text: str
    params: dict[str, Argument] = field(default_factory=dict)  # lower-case names without "-"
    positionals: list[Argument] = field(default_factory=list)
    blocks: list[tuple[int, int]] = field(default_factory=list)  # token ranges of { } arguments
    upstream: PsCommand | None = None

    @property
    def key(self) -> str:
        return self.name.rsplit("\\", 1)[-1].rsplit("/", 1)[-1].lower().removesuffix(".exe")

    def param(self, *names: str) -> Argument | None:
        """A parameter by any of its names; PowerShell accepts unambiguous prefixes too."""
        for name in names:
            if name in self.params:
                return self.params[name]
        for given, argument in self.params.items():
            if any(name.startswith(given) and len(given) >= 3 for name in names):
                return argument
        return None

    words: list[str] = field(default_factory=list)  # every argument as plain words, in order (netsh, wmic)


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos, line, size = 0, 1, len(text)
    while pos < size:
        char = text[pos]
        if char == "\n":
            tokens.append(Token("op", "\n", line, pos, pos + 1))
            pos, line = pos + 1, line + 1
        elif char in " \t\ufeff\xa0":
            pos += 1
        elif char == "`" and text.startswith("`\n", pos):
            pos, line = pos + 2, line + 1
        elif text.startswith("<#", pos):
            end = text.find("#>", pos + 2)
            end = size if end < 0 else end + 2
            line += text.count("\n", pos, end)
            pos = end
        elif char == "#":
            end = text.find("\n", pos)
            pos = size if end < 0 else end
        elif text.startswith(('@"\n', "@'\n"), pos):
            quote = text[pos + 1]
            close = text.find(f"\n{quote}@", pos + 2)
            close = size if close < 0 else close
            tokens.append(Token("string", text[pos + 3 : close], line, pos, close + 3))
            line += text.count("\n", pos, close + 3)
            pos = close + 3
        elif char in "'\u2018\u2019":
            value, end = _single_quoted(text, pos + 1)
            tokens.append(Token("string", value, line, pos, end))
            line += text.count("\n", pos, end)
            pos = end
        elif char in '"\u201c\u201d':
            value, end = _double_quoted(text, pos + 1)
            tokens.append(Token("string", value, line, pos, end))
            line += text.count("\n", pos, end)
            pos = end
        elif char == "$" and text.startswith("$(", pos):
            tokens.append(Token("op", "$(", line, pos, pos + 2))
            pos += 2
        elif char == "@" and text.startswith(("@(", "@{"), pos):
            tokens.append(Token("op", text[pos : pos + 2], line, pos, pos + 2))
            pos += 2
        elif char == "$":
            match = _VARIABLE.match(text, pos)
            end = match.end() if match else pos + 1
            name = (match.group(1) or match.group(2) or "") if match else ""
            tokens.append(Token("variable", name.lower(), line, pos, end))
            pos = end
        elif text.startswith(("&&", "||"), pos):
            tokens.append(Token("op", text[pos : pos + 2], line, pos, pos + 2))
            pos += 2
        elif char in "(){};,|&":
            tokens.append(Token("op", char, line, pos, pos + 1))
            pos += 1
        elif char == "=" and (pos + 1 >= size or text[pos + 1] in " \t"):
            tokens.append(Token("op", "=", line, pos, pos + 1))
            pos += 1
        elif char == "[" and (not tokens or tokens[-1].end != pos):
            end = _type_literal_end(text, pos)
            if end:
                tokens.append(Token("type", text[pos:end], line, pos, end))
                pos = end
            else:
                pos = _bare_word(text, pos, line, tokens)
        else:
            pos = _bare_word(text, pos, line, tokens)
    return tokens


def _bare_word(text: str, pos: int, line: int, tokens: list[Token]) -> int:
    start, chars = pos, []
    while pos < len(text) and text[pos] not in _BREAK:
        if text[pos] == "`" and pos + 1 < len(text) and text[pos + 1] != "\n":
            chars.append(text[pos + 1])
            pos += 2
            continue
        if text[pos] == "$" and pos > start:
            break  # "-Name:$value" / "prefix$var": the variable is its own token
        chars.append(text[pos])
        pos += 1
        if chars[-1] in "=:" and pos < len(text) and text[pos] in "'\"":
            # name="Ethernet" (netsh) and -Name:'x' are one argument
            quoted, pos = (_double_quoted if text[pos] == '"' else _single_quoted)(text, pos + 1)
            chars.append(quoted)
    if pos == start:
        pos += 1
        return pos
    tokens.append(Token("word", "".join(chars), line, start, pos))
    return pos


def _type_literal_end(text: str, pos: int) -> int | None:
    match = re.match(r"\[[\w.]+(?:\[\])?\]", text[pos : pos + 80])
    return pos + match.end() if match else None


def _single_quoted(text: str, pos: int) -> tuple[str, int]:
    out = []
    while pos < len(text):
        if text[pos] in "'\u2018\u2019":
            if pos + 1 < len(text) and text[pos + 1] in "'\u2018\u2019":
                out.append("'")
                pos += 2
                continue
            return "".join(out), pos + 1
        out.append(text[pos])
        pos += 1
    return "".join(out), pos


def _double_quoted(text: str, pos: int) -> tuple[str, int]:
    out = []
    while pos < len(text):
        char = text[pos]
        if char == "`" and pos + 1 < len(text):
            out.append({"n": "\n", "t": "\t"}.get(text[pos + 1], text[pos + 1]))
            pos += 2
            continue
        if text.startswith("$(", pos):
            end = balanced_end(text, pos + 1, "(", ")")
            out.append(text[pos:end])
            pos = end
            continue
        if char in '"\u201c\u201d':
            if pos + 1 < len(text) and text[pos + 1] in '"\u201c\u201d':
                out.append('"')
                pos += 2
                continue
            return "".join(out), pos + 1
        out.append(char)
        pos += 1
    return "".join(out), pos


@dataclass
class Script:
    tokens: list[Token]
    commands: list[PsCommand]
    variables: Variables

    def method_calls(self) -> list[tuple[str, list[str], Token]]:
        """``$x.Method(args)`` calls: name, argument atoms, and the name's token."""
        calls = []
        for index, token in enumerate(self.tokens[:-1]):
            after = self.tokens[index + 1]
            if token.kind == "word" and token.text.startswith(".") and after.kind == "op" and after.text == "(":
                atoms, _, _ = _value(self.tokens, index + 1, self.variables)
                calls.append((token.text.lstrip("."), atoms or [], token))
        return calls


def parse(text: str) -> Script:
    """Every command call in the text (including those inside script blocks), in order."""
    tokens = tokenize(text)
    variables = _assignments(tokens)
    commands: list[PsCommand] = []
    ending_at: dict[int, PsCommand] = {}
    for index, token in enumerate(tokens):
        if not _is_command_start(tokens, index):
            continue
        command, end = _command(text, tokens, index, variables)
        if command is None:
            continue
        if index > 0 and tokens[index - 1].text == "|" and tokens[index - 1].kind == "op":
            command.upstream = ending_at.get(index - 1)
        ending_at[end] = command
        commands.append(command)
    return Script(tokens, commands, variables)


def _is_command_start(tokens: list[Token], index: int) -> bool:
    token = tokens[index]
    if token.kind != "word" or token.text.startswith(("-", ".", "[")) or token.text[:1].isdigit():
        return False
    if index == 0:
        return True
    before = tokens[index - 1]
    return before.kind == "op" and before.text in _COMMAND_START_AFTER


def _command(text: str, tokens: list[Token], index: int, variables: Variables) -> tuple[PsCommand | None, int]:
    head = tokens[index]
    command = PsCommand(head.text, head.line, "")
    pos = index + 1
    last = head
    pending: str | None = None
    while pos < len(tokens):
        token = tokens[pos]
        if token.kind == "op" and token.text in _TERMINATORS:
            break
        if token.kind == "word" and token.text.startswith("-") and len(token.text) > 1 and not token.text[1].isdigit():
            name, _, inline = token.text[1:].partition(":")
            name = name.lower()
            if pending is not None:
                command.params[pending] = Argument([], last.line)
            command.words.append(token.text)
            if f"-{name}" in SWITCHES or inline:
                command.params[name] = Argument([inline] if inline else [], token.line)
                pending = None
            else:
                pending = name
            last = token
            pos += 1
            continue
        if token.kind == "op" and token.text == "{":
            end = _matching(tokens, pos)
            command.blocks.append((pos + 1, end))
            last = tokens[end]
            pos = end + 1
            pending = None
            continue
        atoms, pos, last_token = _value(tokens, pos, variables)
        if last_token is not None:
            last = last_token
        if atoms is None:
            pos += 1
            continue
        argument = Argument(atoms, token.line)
        command.words.extend(atoms)
        if pending is not None:
            command.params[pending] = argument
            pending = None
        else:
            command.positionals.append(argument)
    if pending is not None:
        command.params[pending] = Argument([], last.line)
    command.text = text[head.start : last.end]
    return command, pos


def _value(tokens: list[Token], pos: int, variables: Variables) -> tuple[list[str] | None, int, Token | None]:
    """An argument value: an element, or several joined by commas (an array)."""
    atoms: list[str] = []
    last: Token | None = None
    while pos < len(tokens):
        token = tokens[pos]
        if token.kind in ("word", "string"):
            atoms.append(token.text)
            last = token
            pos += 1
        elif token.kind == "variable":
            atoms.extend(_resolve(token, pos, variables))
            last = token
            pos += 1
        elif token.kind == "type":
            pos += 1
            continue
        elif token.kind == "op" and token.text in ("(", "@(", "$(", "@{"):
            end = _matching(tokens, pos)
            for inner in range(pos + 1, end):
                if tokens[inner].kind in ("word", "string"):
                    atoms.append(tokens[inner].text)
                elif tokens[inner].kind == "variable":
                    atoms.extend(_resolve(tokens[inner], inner, variables))
            last = tokens[end]
            pos = end + 1
        else:
            return (atoms or None), pos, last
        if pos < len(tokens) and tokens[pos].kind == "op" and tokens[pos].text == ",":
            pos += 1
            continue
        return atoms, pos, last
    return (atoms or None), pos, last


def _resolve(token: Token, pos: int, variables: Variables) -> list[str]:
    """A variable's value from the last plain assignment before it, else ``$name``."""
    best: list[str] | None = None
    for at, values in variables.get(token.text, ()):
        if at >= pos:
            break
        best = values
    return best if best is not None else [f"${token.text}"]


def _assignments(tokens: list[Token]) -> Variables:
    found: Variables = {}
    for index in range(len(tokens) - 2):
        token = tokens[index]
        if token.kind == "variable" and tokens[index + 1].kind == "op" and tokens[index + 1].text == "=":
            value = tokens[index + 2]
            if value.kind == "word" and _COMMAND_WORD.match(value.text):
                # $adapter = Get-NetAdapter | ...: a command's output, not known here
                found.setdefault(token.text, []).append((index, [f"${token.text}"]))
                continue
            atoms, _, _ = _value(tokens, index + 2, found)
            if atoms:
                found.setdefault(token.text, []).append((index, atoms))
    return found


def _matching(tokens: list[Token], pos: int) -> int:
    """Index of the bracket closing the one at ``pos`` (the last token when unbalanced)."""
    depth = 0
    for index in range(pos, len(tokens)):
        token = tokens[index]
        if token.kind != "op":
            continue
        if token.text in _OPENERS:
            depth += 1
        elif token.text in (")", "}"):
            depth -= 1
            if depth == 0:
                return index
    return len(tokens) - 1


def block_properties(tokens: list[Token], start: int, end: int) -> dict[str, list[str]]:
    """``Name = value`` pairs at the top level of a DSC resource block."""
    properties: dict[str, list[str]] = {}
    pos = start
    while pos < end:
        token = tokens[pos]
        if token.kind == "word" and pos + 1 < end and tokens[pos + 1].kind == "op" and tokens[pos + 1].text == "=":
            atoms, pos, _ = _value(tokens, pos + 2, {})
            properties[token.text.lower()] = atoms or []
            continue
        if token.kind == "op" and token.text in _OPENERS:
            pos = _matching(tokens, pos) + 1
            continue
        pos += 1
    return properties
