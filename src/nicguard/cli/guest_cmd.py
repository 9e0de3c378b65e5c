"""``nicguard guest check``: judge a pasted probe output or console transcript (support cases)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import InputError
from .output import add_report_options, emit

DESCRIPTION = """\
Read nicguard's probe output, or a console transcript of the usual commands (Windows:
ipconfig /all, Get-NetIPConfiguration, Get-NetIPAddress, Get-NetIPInterface,
Get-DnsClientServerAddress, Get-ItemProperty or reg query of Tcpip\\Parameters\\Interfaces;
Linux: ip addr, resolvectl status, networkctl status, nmcli, cat of resolv.conf, netplan,
NetworkManager, ifcfg and cloud-init files, lsattr), and judge the guest's IP and DNS
settings. Azure's values come from --nic-ip and --dns; without them, the DHCP offer the
guest shows stands in for what Azure handed out."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("guest", help="judge a guest's own network settings")
    commands = parser.add_subparsers(dest="guest_command", metavar="SUBCOMMAND", required=True)
    check = commands.add_parser(
        "check",
        help="judge a probe output or console transcript",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("file", metavar="FILE", help="probe output or transcript (- for standard input)")
    check.add_argument("--os", choices=("windows", "linux"), help="the guest's OS when the paste does not tell")
    check.add_argument(
        "--nic-ip",
        action="append",
        default=[],
        metavar="IP",
        help="an address Azure holds for the VM (repeatable; the first per interface is the primary)",
    )
    check.add_argument(
        "--dns",
        action="append",
        default=[],
        metavar="IP",
        help="a DNS server Azure hands out, in order (repeatable; the NIC's list, else the VNet's)",
    )
    add_report_options(check)
    check.set_defaults(run=run_check)


def run_check(args: argparse.Namespace) -> int:
    from ..core.engine import evaluate
    from ..core.model import GuestUnreadable
    from ..core.net import AddressError, parse_ip
    from ..guest.parsers import read_guest
    from ..guest.paste_in import paste_in_view
    from ..rules.guest import RULES

    text = _read(args.file)
    try:
        nic_addresses = [parse_ip(a) for a in args.nic_ip]
        dns_servers = [parse_ip(a) for a in args.dns]
    except AddressError as exc:
        raise InputError(f"--nic-ip/--dns: {exc}") from None
    reading = read_guest(text, args.os)
    subject = "stdin" if args.file == "-" else args.file
    view = paste_in_view(reading, subject, nic_addresses, dns_servers)
    findings = evaluate([rule() for rule in RULES], [view])
    meta = (
        ("input", subject),
        ("read as", ", ".join(reading.formats) or "nothing recognised"),
        ("azure values", "from --nic-ip/--dns" if nic_addresses or dns_servers else "from the guest's DHCP offer"),
    )
    unreadable = isinstance(reading.guest, GuestUnreadable) or view.unchecked is not None
    return emit(findings, args, checked=1, unknown_is_failure=unreadable, meta=meta)


def _read(file: str) -> str:
    if file == "-":
        return sys.stdin.read()
    path = Path(file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from None
    return _decode(data)


def _decode(data: bytes) -> str:
    """Transcripts arrive as UTF-8, UTF-16 (PowerShell's Out-File and >) or Shift-JIS (Japanese Windows)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("utf-8", errors="replace")
