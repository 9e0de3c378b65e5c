"""Shared helpers for the guest tests: reading recorded files and judging a reading."""

from __future__ import annotations

from pathlib import Path

from nicguard.core.engine import evaluate
from nicguard.core.net import parse_ip
from nicguard.guest.parsers import read_guest
from nicguard.guest.paste_in import paste_in_view
from nicguard.rules.guest import RULES

RECORDED = Path(__file__).parent / "recorded"


def recorded(name: str) -> str:
    return (RECORDED / name).read_text(encoding="utf-8")


def judge_text(text: str, nic_ips=(), dns=(), os_hint=None):
    reading = read_guest(text, os_hint)
    view = paste_in_view(reading, "paste", [parse_ip(a) for a in nic_ips], [parse_ip(a) for a in dns])
    return evaluate([rule() for rule in RULES], [view])


def outcome(findings) -> set[tuple[str, str, str]]:
    """``{(rule id, severity, status)}``: what a scenario is expected to produce."""
    return {(f.rule_id, f.severity.value, f.status.value) for f in findings}
