"""The rule contract: one small stateless class per rule, documentation beside the code.

A rule declares its metadata as class attributes and its documentation as its
docstring (summary line, then the sections in ``DOC_SECTIONS``). ``check`` reads one
subject of ``subject_type`` and yields ``Violation``s; the engine turns them into
findings. Bad metadata fails at import, not at run time.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from ..core.findings import Category, Severity, Status
from ..core.settings import Settings

RULE_ID = re.compile(r"NG[1-9]\d\d")
RULE_NAME = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)+")
DOC_SECTIONS = ("Why it matters", "Non-compliant", "Compliant", "References")


@dataclass(frozen=True)
class Violation:
    message: str
    key: str = ""
    evidence: Mapping[str, str] | tuple[tuple[str, str], ...] = ()
    severity: Severity | None = None  # None: the rule's default
    status: Status = Status.FAIL
    subject: str | None = None  # None: the subject's own name


class Rule:
    id: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[Category]
    severity: ClassVar[Severity]
    subject_type: ClassVar[type]
    remediation: ClassVar[str]

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if inspect.isabstract(cls) or cls.__dict__.get("abstract", False):
            return
        problems = _metadata_problems(cls)
        if problems:
            raise TypeError(f"rule {cls.__name__}: " + "; ".join(problems))

    @classmethod
    def summary(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or "").splitlines()[0]

    @classmethod
    def documentation(cls) -> str:
        """The docstring after the summary line: the rule's long-form docs (Markdown)."""
        lines = inspect.cleandoc(cls.__doc__ or "").splitlines()
        return "\n".join(lines[1:]).strip()

    def check(self, subject: object, settings: Settings) -> Iterable[Violation]:
        raise NotImplementedError


def _metadata_problems(cls: type[Rule]) -> list[str]:
    problems = []
    for attr in ("id", "name", "category", "severity", "subject_type", "remediation"):
        if not hasattr(cls, attr):
            problems.append(f"missing {attr}")
    if problems:
        return problems
    if not RULE_ID.fullmatch(cls.id):
        problems.append(f"id {cls.id!r} is not NG + three digits")
    if not RULE_NAME.fullmatch(cls.name) or cls.name == "all":
        problems.append(f"name {cls.name!r} is not kebab-case (and may not be 'all')")
    if not isinstance(cls.category, Category):
        problems.append("category is not a Category")
    if not isinstance(cls.severity, Severity):
        problems.append("severity is not a Severity")
    doc = inspect.cleandoc(cls.__doc__ or "")
    if not doc or not doc.splitlines()[0].strip():
        problems.append("no docstring summary line")
    for section in DOC_SECTIONS:
        if f"**{section}**" not in doc:
            problems.append(f"docstring lacks a **{section}** section")
    if not cls.remediation.strip():
        problems.append("empty remediation")
    return problems
