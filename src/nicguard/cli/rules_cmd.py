"""``nicguard rules``: the rule catalog, and regenerating its docs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..errors import InputError


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("rules", help="list the rule catalog")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--write-docs",
        metavar="REPO",
        nargs="?",
        const=".",
        help="regenerate docs/rules.md and the README rule table in REPO (default: .)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..rules import ALL_RULES

    if args.write_docs:
        return _write_docs(Path(args.write_docs), ALL_RULES)
    if args.format == "json":
        print(json.dumps({"version": 1, "rules": [_rule_data(r) for r in ALL_RULES]}, indent=2))
        return 0
    width = max(len(r.name) for r in ALL_RULES)
    for rule in ALL_RULES:
        print(f"{rule.id}  {rule.name:<{width}}  {rule.category.value:<18}  {rule.severity.value:<7}  {rule.summary()}")
    return 0


def _rule_data(rule) -> dict[str, str]:
    return {
        "id": rule.id,
        "name": rule.name,
        "category": rule.category.value,
        "severity": rule.severity.value,
        "summary": rule.summary(),
        "remediation": rule.remediation,
    }


def _write_docs(repo: Path, rules) -> int:
    from ..docs import rules_markdown, with_readme_table

    readme = repo / "README.md"
    if not readme.exists():
        raise InputError(f"{readme} not found: run from the repository root or pass its path")
    try:
        readme.write_text(with_readme_table(readme.read_text(encoding="utf-8"), rules), encoding="utf-8")
    except ValueError as exc:
        raise InputError(f"{readme}: {exc}") from None
    (repo / "docs").mkdir(exist_ok=True)
    (repo / "docs" / "rules.md").write_text(rules_markdown(rules), encoding="utf-8")
    print(f"wrote {repo / 'docs' / 'rules.md'} and the rule table in {readme}")
    return 0
