"""A small POSIX-shell lexer: words (quotes removed), operators, redirections and here-docs,
each with its line, split into simple commands linked by pipes.

``shlex`` is not enough here: it treats ``#`` inside a word as a comment and knows nothing
of here-docs, whose bodies are either file content or documentation, never commands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .brackets import balanced_end

_OPERATORS = ("&&", "||", ";;", "|&", ";", "|", "&", "(", ")")
_REDIRECTS = ("<<<", "<<-", "&>>", "<<", ">>", ">|", ">&", "<&", "&>", "<>", "<", ">")
_KEYWORDS = frozenset(("if", "then", "else", "elif", "fi", "do", "done", "while", "until", "!", "{", "}", "time"))
_WRAPPERS = frozenset(("sudo", "doas", "env", "nohup", "exec", "command", "builtin", "nice", "timeout", "stdbuf", "xargs"))
_WRAPPER_OPTIONS_WITH_VALUE = frozenset(("-u", "-g", "-n", "-s", "-k", "-p", "-C", "-h", "-U", "-r", "-t", "-o", "-e", "-i"))
_ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*)=(.*)$", re.S)
_PLAIN = re.compile(r"[^\s;&|()<>\\'\"$`]+")
_EXPANSION = re.compile(r"\$\{?([A-Za-z_]\w*)\}?")


@dataclass
class Word:
    value: str  # quotes removed, escapes undone
    line: int
    start: int  # offset in the text
    end: int


@dataclass
class HereDoc:
    body: str
    line: int  # line of the body's first line


@dataclass
class Command:
    words: list[Word] = field(default_factory=list)
    redirects: list[tuple[str, Word]] = field(default_factory=list)
    heredoc: HereDoc | None = None
    piped_from: Command | None = None
    pipes_to: Command | None = None
    text: str = ""
    defines_function: bool = False  # "name() {": the word is a function being defined, not run

    @property
    def line(self) -> int:
        if self.words:
            return self.words[0].line
        return self.redirects[0][1].line if self.redirects else 1

    @property
    def name(self) -> str:
        return self.words[0].value.rsplit("/", 1)[-1].lower() if self.words else ""

    @property
    def args(self) -> list[str]:
        return [w.value for w in self.words[1:]]

    def outputs(self) -> list[str]:
        return [t.value for op, t in self.redirects if op in (">", ">>", ">|", "&>", "&>>")]


@dataclass
class _Token:
    kind: str  # "word" | "op" | "redirect" | "heredoc"
    word: Word | None = None
    op: str = ""
    heredoc: HereDoc | None = None


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line = 1
        self.tokens: list[_Token] = []
        self.pending: list[tuple[str, bool, _Token]] = []  # delimiter, strip tabs, token

    def run(self) -> list[_Token]:
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char == "\n":
                self._newline()
            elif char in " \t":
                self.pos += 1
            elif char == "\\" and text.startswith("\\\n", self.pos):
                self.pos += 2
                self.line += 1
            elif char == "#":
                end = text.find("\n", self.pos)
                self.pos = len(text) if end < 0 else end
            elif self._operator():
                continue
            else:
                self._word()
        return self.tokens

    def _newline(self) -> None:
        self.tokens.append(_Token("op", op="\n"))
        self.pos += 1
        self.line += 1
        for delimiter, strip_tabs, token in self.pending:
            token.heredoc = self._heredoc_body(delimiter, strip_tabs)
        self.pending.clear()

    def _heredoc_body(self, delimiter: str, strip_tabs: bool) -> HereDoc:
        first_line = self.line
        lines = []
        while self.pos < len(self.text):
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end
            line = self.text[self.pos : end]
            self.pos = min(end + 1, len(self.text))
            self.line += 1
            if (line.lstrip("\t") if strip_tabs else line).rstrip() == delimiter:
                break
            lines.append(line.lstrip("\t") if strip_tabs else line)
        return HereDoc("\n".join(lines), first_line)

    def _operator(self) -> bool:
        text = self.text
        if text[self.pos] not in "<>&|;()":
            return False
        for redirect in _REDIRECTS:
            if text.startswith(redirect, self.pos):
                self.pos += len(redirect)
                if redirect in ("<<", "<<-"):
                    self._heredoc_start(redirect == "<<-")
                else:
                    self.tokens.append(_Token("redirect", op=redirect))
                return True
        for operator in _OPERATORS:
            if text.startswith(operator, self.pos):
                self.pos += len(operator)
                self.tokens.append(_Token("op", op=operator))
                return True
        return False

    def _heredoc_start(self, strip_tabs: bool) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.pos += 1
        if self.pos < len(self.text) and self.text[self.pos] not in "\n;&|()<>":
            self._word()
        token = self.tokens.pop() if self.tokens and self.tokens[-1].kind == "word" else _Token("word")
        delimiter = token.word.value if token.word else ""
        heredoc_token = _Token("heredoc", word=token.word)
        self.tokens.append(heredoc_token)
        self.pending.append((delimiter, strip_tabs, heredoc_token))

    def _word(self) -> None:
        text = self.text
        start, line = self.pos, self.line
        value: list[str] = []
        while self.pos < len(text):
            plain = _PLAIN.match(text, self.pos)
            if plain:  # a run of ordinary characters in one step: most of any script
                value.append(plain.group())
                self.pos = plain.end()
                continue
            char = text[self.pos]
            if char in " \t\n;&|()<>":
                if char in "<>" and value and text[start : self.pos].isdigit():
                    return  # "2>": the fd number belongs to the redirection
                break
            if char == "\\":
                if text.startswith("\\\n", self.pos):
                    self.line += 1
                else:
                    value.append(text[self.pos + 1 : self.pos + 2])
                self.pos += 2
            elif char == "'":
                end = text.find("'", self.pos + 1)
                end = len(text) if end < 0 else end
                value.append(text[self.pos + 1 : end])
                self.line += text.count("\n", self.pos, end)
                self.pos = end + 1
            elif char == "$" and text.startswith("$'", self.pos):
                end = _closing_single(text, self.pos + 2)
                value.append(_ansi_c(text[self.pos + 2 : end]))
                self.line += text.count("\n", self.pos, end)
                self.pos = end + 1
            elif char == '"':
                self.pos = self._double_quoted(self.pos + 1, value)
            elif char == "$" and text.startswith("$(", self.pos):
                end = balanced_end(text, self.pos + 1, "(", ")")
                value.append(text[self.pos : end])
                self.line += text.count("\n", self.pos, end)
                self.pos = end
            elif char == "`":
                end = text.find("`", self.pos + 1)
                end = len(text) if end < 0 else end + 1
                value.append(text[self.pos : end])
                self.line += text.count("\n", self.pos, end)
                self.pos = end
            else:
                value.append(char)
                self.pos += 1
        if start == self.pos:  # a lone character no rule consumed
            self.pos += 1
            return
        self.tokens.append(_Token("word", word=Word("".join(value), line, start, self.pos)))

    def _double_quoted(self, pos: int, value: list[str]) -> int:
        text = self.text
        while pos < len(text) and text[pos] != '"':
            if text[pos] == "\\" and pos + 1 < len(text) and text[pos + 1] in '"\\$`\n':
                if text[pos + 1] != "\n":
                    value.append(text[pos + 1])
                else:
                    self.line += 1
                pos += 2
                continue
            if text.startswith("$(", pos):
                end = balanced_end(text, pos + 1, "(", ")")
                value.append(text[pos:end])
                self.line += text.count("\n", pos, end)
                pos = end
                continue
            if text[pos] == "\n":
                self.line += 1
            value.append(text[pos])
            pos += 1
        return pos + 1


def _closing_single(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] != "'":
        pos += 2 if text[pos] == "\\" else 1
    return min(pos, len(text))


def _ansi_c(body: str) -> str:
    return body.replace("\\n", "\n").replace("\\t", "\t").replace("\\'", "'").replace("\\\\", "\\")


def commands(text: str) -> list[Command]:
    """The simple commands in a shell text, in order, with variables from plain assignments
    (``IP=10.0.0.5``, ``export DNS=...``) expanded where they are used."""
    variables: dict[str, str] = {}
    found: list[Command] = []
    current = Command()
    previous: Command | None = None
    tokens = _Lexer(text).run()
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.kind == "word" and token.word is not None:
            current.words.append(token.word)
        elif token.kind == "redirect" and index + 1 < len(tokens) and tokens[index + 1].word is not None:
            index += 1
            current.redirects.append((token.op, tokens[index].word))
        elif token.kind == "heredoc":
            current.heredoc = token.heredoc
        elif token.kind == "op":
            if token.op == "(" and len(current.words) == 1 and index + 1 < len(tokens) and tokens[index + 1].op == ")":
                current.defines_function = True
            piped = token.op in ("|", "|&")
            if _finish(current, text, variables, previous):
                found.append(current)
                previous = current if piped else None
            elif not piped:
                previous = None
            current = Command()
        index += 1
    if _finish(current, text, variables, previous):
        found.append(current)
    return found


def _finish(command: Command, text: str, variables: dict[str, str], upstream: Command | None) -> bool:
    """Strip keywords, assignments and wrappers (sudo, env ...); False for an empty command."""
    words = command.words
    if len(words) > 1 and words[0].value == "function":
        words.pop(0)
        command.defines_function = True
    while words and (words[0].value in _KEYWORDS or words[0].value in ("export", "local", "readonly", "declare")):
        words.pop(0)
    while words and (match := _ASSIGNMENT.match(words[0].value)):
        variables[match.group(1)] = match.group(2)
        words.pop(0)
    if len(words) > 3 and words[0].value.rsplit("/", 1)[-1] == "cloud-init-per":
        del words[:3]  # cloud-init-per FREQUENCY NAME command...
    while words and words[0].value.rsplit("/", 1)[-1] in _WRAPPERS:
        words.pop(0)
        while words and (words[0].value.startswith("-") or _ASSIGNMENT.match(words[0].value) or words[0].value.isdigit()):
            option = words.pop(0).value
            if option in _WRAPPER_OPTIONS_WITH_VALUE and words:
                words.pop(0)
    if not words and not command.redirects and command.heredoc is None:
        return False
    for word in words:
        if "$" in word.value:
            word.value = _EXPANSION.sub(lambda m: variables.get(m.group(1), m.group(0)), word.value)
    for _, target in command.redirects:
        if "$" in target.value:
            target.value = _EXPANSION.sub(lambda m: variables.get(m.group(1), m.group(0)), target.value)
    pieces = [w for w in words] + [t for _, t in command.redirects]
    if pieces:
        command.text = text[min(p.start for p in pieces) : max(p.end for p in pieces)]
    if upstream is not None:
        command.piped_from = upstream
        upstream.pipes_to = command
    return True
