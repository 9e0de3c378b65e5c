"""``nicguard scan PATH...``: find guest IP/DNS overrides in scripts, cloud-init and templates.

Imports only the pure scanner and the NG4xx rules: no pulumi, no Azure SDK, so it starts fast.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterator

from ..errors import InputError
from .output import add_report_options, emit

SKIPPED_DIRECTORIES = frozenset(
    (".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache", ".terraform")
)
MAX_FILE_BYTES = 8 * 1024 * 1024  # in a folder walk; larger files are data, not scripts
HEAD_BYTES = 8192


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "scan",
        help="find guest IP/DNS overrides in scripts, cloud-init and templates",
        description="Scan files and folders (scripts, cloud-init, network files, ARM templates) for commands "
        "and settings that change a VM's IP or DNS inside the guest.",
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="file or folder to scan")
    parser.add_argument(
        "--allow-dns",
        action="append",
        default=[],
        metavar="ADDRESS",
        help="a DNS server that may be set in the guest (e.g. a domain controller); repeatable",
    )
    add_report_options(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from ..core.engine import evaluate
    from ..core.net import AddressError, parse_ip
    from ..core.settings import Settings
    from ..rules.overrides import RULES
    from ..scanner import scan_file

    try:
        allowed = frozenset(parse_ip(a) for a in args.allow_dns)
    except AddressError as exc:
        raise InputError(f"--allow-dns: {exc}") from None
    changes = []
    checked = 0
    for path, explicit in _files(args.paths):
        data = _read(path, explicit)
        if data is None:
            continue
        found = scan_file(path, data)
        if found is None:
            continue
        checked += 1
        changes.extend(found)
    findings = evaluate([rule() for rule in RULES], changes, Settings(allowed_dns_servers=allowed))
    return emit(findings, args, checked=checked)


def _files(paths: list[str]) -> Iterator[tuple[str, bool]]:
    """(path, named on the command line) for every file to look at, folders walked in order."""
    for given in paths:
        if os.path.isdir(given):
            for root, directories, files in os.walk(given):
                directories[:] = sorted(d for d in directories if d not in SKIPPED_DIRECTORIES)
                for name in sorted(files):
                    path = os.path.join(root, name)
                    if os.path.isfile(path):  # broken symlinks, sockets and fifos are not files to scan
                        yield path, False
        elif os.path.exists(given) or os.path.islink(given):
            yield given, True
        else:
            raise InputError(f"{given}: no such file or directory")


def _read(path: str, explicit: bool) -> bytes | None:
    """The file's bytes; None for files a folder walk skips (too large, plainly binary)."""
    try:
        with open(path, "rb") as handle:
            if not explicit and os.fstat(handle.fileno()).st_size > MAX_FILE_BYTES:
                return None
            head = handle.read(HEAD_BYTES)
            if not explicit and _binary(head):
                return None
            return head + handle.read()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None


def _binary(head: bytes) -> bool:
    """NUL bytes mean binary, unless the file is UTF-16 text or gzip (user-data may be either)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b"):
        return False
    sample = head[:1024]
    if b"\x00" not in sample:
        return False
    zeros_at_odd = sample[1::2].count(0)
    return zeros_at_odd < 0.4 * (len(sample) // 2)
