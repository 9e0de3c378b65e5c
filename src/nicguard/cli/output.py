"""Report options shared by every command, and the one place reports leave the process."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .. import __version__
from ..core.findings import Finding, Report, Severity, exit_code, sort_findings
from ..core.waivers import apply_waivers, parse_waivers
from ..errors import InputError
from ..render import FORMATS, renderer

DEFAULT_WAIVERS = ".nicguard.yaml"


def add_report_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("output")
    group.add_argument("--format", choices=FORMATS, default="text", help="format on standard output (default: text)")
    group.add_argument(
        "--output",
        action="append",
        default=[],
        metavar="FORMAT=PATH",
        help="also write FORMAT to PATH; repeatable (e.g. --output sarif=out/nicguard.sarif)",
    )
    group.add_argument(
        "--fail-on",
        choices=[s.value for s in Severity],
        default=Severity.ERROR.value,
        help="exit 1 when a finding has this severity or worse (default: error)",
    )
    group.add_argument("--waivers", metavar="FILE", help=f"waiver file (default: {DEFAULT_WAIVERS} if present)")
    group.add_argument("--color", choices=("auto", "always", "never"), default="auto")
    group.add_argument(
        "--sarif-anchor",
        metavar="PATH",
        help="repository file that SARIF results about Azure resources point at (GitHub code "
        "scanning needs a file location), e.g. __main__.py or the manifest",
    )


def _outputs(specs: Iterable[str]) -> list[tuple[str, Path]]:
    outputs = []
    for spec in specs:
        fmt, sep, path = spec.partition("=")
        if not sep or not path or fmt not in FORMATS:
            raise InputError(f"--output {spec!r}: expected FORMAT=PATH with FORMAT one of {', '.join(FORMATS)}")
        outputs.append((fmt, Path(path)))
    return outputs


def _waivers(args: argparse.Namespace):
    from ..rules import ALL_RULES

    path = Path(args.waivers) if args.waivers else Path(DEFAULT_WAIVERS)
    if not path.exists():
        if args.waivers:
            raise InputError(f"waiver file {path} does not exist")
        return ()
    known = [r.id for r in ALL_RULES] + [r.name for r in ALL_RULES]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"waiver file {path}: cannot read it ({getattr(exc, 'strerror', None) or exc})") from None
    return parse_waivers(text, str(path), known)


def emit(
    findings: Iterable[Finding],
    args: argparse.Namespace,
    checked: int,
    unknown_is_failure: bool = False,
    meta: Iterable[tuple[str, str]] = (),
) -> int:
    """Apply waivers, render to stdout and every --output, return the exit code."""
    outputs = _outputs(args.output)
    waived, notices = apply_waivers(list(findings), _waivers(args), dt.date.today())
    meta = tuple(meta)
    if getattr(args, "sarif_anchor", None):
        meta += (("sarif_anchor", args.sarif_anchor),)
    report = Report("nicguard", __version__, sort_findings(waived), notices, checked, meta)
    for fmt, path in outputs:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(renderer(fmt)(report), encoding="utf-8")
        except OSError as exc:
            raise InputError(f"--output {fmt}={path}: cannot write it ({exc.strerror or exc})") from None
    sys.stdout.write(_render_stdout(report, args))
    return exit_code(report, Severity(args.fail_on), unknown_is_failure)


def _render_stdout(report: Report, args: argparse.Namespace) -> str:
    if args.format != "text":
        return renderer(args.format)(report)
    from ..render.text_format import render

    colour = args.color == "always" or (
        args.color == "auto" and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )
    return render(report, colour=colour)
