"""Waivers: accepted findings, each with a reason and an expiry date.

A waived finding stays in the report with status ``suppressed``. An expired waiver
suppresses nothing and is reported; so is a waiver that matched nothing.

File format (``.nicguard.yaml`` or ``--waivers FILE``)::

    waivers:
      - rule: NG302                  # rule id or name
        subject: "*/virtualMachines/dc1*"   # glob on the finding's subject, case-insensitive
        reason: DC points DNS at itself (CHG-1234)
        expires: 2027-03-31
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import yaml

from ..errors import InputError
from .findings import Finding, Status, WaiverNotice

_FIELDS = ("rule", "subject", "reason", "expires")


@dataclass(frozen=True)
class Waiver:
    rule: str
    subject: str
    reason: str
    expires: dt.date
    location: str

    def matches(self, finding: Finding) -> bool:
        rule = self.rule.lower()
        if rule not in (finding.rule_id.lower(), finding.rule_name.lower()):
            return False
        return fnmatch.fnmatchcase(finding.subject.lower(), self.subject.lower())


def parse_waivers(text: str, source: str, known_rules: Iterable[str] = ()) -> tuple[Waiver, ...]:
    """Parse a waiver file; every problem is an InputError naming ``source:line``."""
    try:
        root = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise InputError(f"{where}: not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if root is None:
        return ()
    entries = _mapping(root, source).get("waivers")
    if entries is None:
        raise InputError(f"{source}:{root.start_mark.line + 1}: expected a top-level 'waivers:' list")
    if isinstance(entries, yaml.ScalarNode) and entries.tag == "tag:yaml.org,2002:null":
        return ()  # every waiver commented out
    if not isinstance(entries, yaml.SequenceNode):
        raise InputError(f"{source}:{entries.start_mark.line + 1}: 'waivers' must be a list")
    known = {k.lower() for k in known_rules}
    return tuple(_waiver(node, source, known) for node in entries.value)


def _mapping(node: yaml.Node, source: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise InputError(f"{source}:{node.start_mark.line + 1}: expected a mapping")
    return {key.value: value for key, value in node.value}


def _waiver(node: yaml.Node, source: str, known: set[str]) -> Waiver:
    where = f"{source}:{node.start_mark.line + 1}"
    fields = _mapping(node, source)
    missing = [f for f in _FIELDS if f not in fields]
    if missing:
        raise InputError(f"{where}: waiver lacks {', '.join(missing)} (each needs {', '.join(_FIELDS)})")
    unexpected = sorted(set(fields) - set(_FIELDS))
    if unexpected:
        raise InputError(f"{where}: unknown waiver key(s) {', '.join(unexpected)}")
    line_of = {k: f"{source}:{v.start_mark.line + 1}" for k, v in fields.items()}
    for key, value in fields.items():
        if not isinstance(value, yaml.ScalarNode):
            raise InputError(f"{line_of[key]}: {key} must be a single value, not a list or mapping")
    values = {k: str(v.value).strip() for k, v in fields.items()}
    if known and values["rule"].lower() not in known:
        raise InputError(f"{line_of['rule']}: no rule {values['rule']!r} (see `nicguard rules`)")
    if not values["reason"]:
        raise InputError(f"{line_of['reason']}: a waiver needs a reason")
    try:
        expires = dt.date.fromisoformat(values["expires"])
    except ValueError:
        raise InputError(f"{line_of['expires']}: expires {values['expires']!r} is not a date (YYYY-MM-DD)") from None
    return Waiver(values["rule"], values["subject"], values["reason"], expires, where)


def apply_waivers(
    findings: Sequence[Finding], waivers: Sequence[Waiver], today: dt.date
) -> tuple[tuple[Finding, ...], tuple[WaiverNotice, ...]]:
    active = [w for w in waivers if w.expires >= today]
    used: set[int] = set()
    result = []
    for finding in findings:
        for index, waiver in enumerate(active):
            if waiver.matches(finding):
                used.add(index)
                finding = replace(finding, status=Status.SUPPRESSED, waiver=waiver.reason)
                break
        result.append(finding)
    notices = [_notice("expired", w) for w in waivers if w.expires < today]
    notices += [_notice("unmatched", w) for i, w in enumerate(active) if i not in used]
    return tuple(result), tuple(notices)


def _notice(kind: str, waiver: Waiver) -> WaiverNotice:
    return WaiverNotice(kind, waiver.rule, waiver.subject, waiver.reason, waiver.expires.isoformat(), waiver.location)
