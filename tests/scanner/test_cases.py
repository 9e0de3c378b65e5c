"""Pattern-family cases (tests/scanner/cases/*.yaml): what the scanner must and must not find."""

from __future__ import annotations

import base64
import gzip
from pathlib import Path

import pytest
import yaml

from nicguard.core.engine import evaluate
from nicguard.core.serde import from_data
from nicguard.core.settings import Settings
from nicguard.rules.overrides import RULES
from nicguard.scanner import BARE_FILE, ScanContext, scan_file

CASES = Path(__file__).parent / "cases"
_ENCODERS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "utf16": lambda data: b"\xff\xfe" + data.decode("utf-8").encode("utf-16-le"),
    "gzip": lambda data: gzip.compress(data, mtime=0),
    "base64": lambda data: base64.b64encode(data),
}


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            yield pytest.param(case, id=f"{path.stem}-{case['name']}")


def _payload(case: dict) -> bytes:
    data = case["content"].encode("utf-8")
    for step in case.get("encode", []):
        data = _ENCODERS[step](data)
    return data


def _worst_severity(change, settings: Settings) -> str | None:
    findings = evaluate([rule() for rule in RULES], [change], settings)
    return max(findings, key=lambda f: f.severity.rank).severity.value if findings else None


def _matches(change, expected: dict, settings: Settings) -> bool:
    checks = {
        "kind": lambda: change.kind.value == expected["kind"],
        "line": lambda: change.line == expected["line"],
        "tool": lambda: expected["tool"] in change.tool,
        "interface": lambda: change.interface == expected["interface"],
        "addresses": lambda: [str(a) for a in change.addresses] == [str(a) for a in expected["addresses"]],
        "dns": lambda: [str(a) for a in change.dns_servers] == [str(a) for a in expected["dns"]],
        "multi_ip_hint": lambda: change.multi_ip_hint == expected["multi_ip_hint"],
        "via": lambda: expected["via"] in " > ".join(change.via),
        "command": lambda: expected["command"] in change.command,
        "severity": lambda: _worst_severity(change, settings) == expected["severity"],
    }
    return all(check() for field, check in checks.items() if field in expected)


def _describe(changes) -> list[tuple]:
    return [(c.kind.value, c.line, c.tool, c.interface, [str(a) for a in c.addresses], [str(a) for a in c.dns_servers],
             c.multi_ip_hint, c.via) for c in changes]


@pytest.mark.parametrize("case", list(_cases()))
def test_case(case: dict) -> None:
    context = from_data(case["context"], ScanContext) if "context" in case else BARE_FILE
    settings = from_data(case.get("settings", {}), Settings)
    changes = scan_file(case["path"], _payload(case), context) or []
    unmatched = list(changes)
    for expected in case.get("expect", []):
        hit = next((c for c in unmatched if _matches(c, expected, settings)), None)
        assert hit is not None, f"expected {expected}\ngot {_describe(changes)}"
        unmatched.remove(hit)
    assert not unmatched, f"unexpected changes: {_describe(unmatched)}"


def test_every_family_has_pass_and_fail_cases() -> None:
    for path in sorted(CASES.glob("*.yaml")):
        names = [c["name"] for c in yaml.safe_load(path.read_text(encoding="utf-8"))]
        assert any(n.startswith("pass_") for n in names), f"{path.name}: no pass_ case"
        assert any(n.startswith("fail_") for n in names), f"{path.name}: no fail_ case"
        assert all(n.split("_", 1)[0] in ("pass", "fail") for n in names), f"{path.name}: names start with pass_/fail_"
        assert len(names) == len(set(names)), f"{path.name}: duplicate case names"
