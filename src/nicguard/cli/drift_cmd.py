"""``nicguard drift``: declared vs Azure vs guest, for scheduled CI (docs/drift.md)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import NoReturn

from ..azure.clients import CLOUDS
from .output import add_report_options

SUBSCRIPTION_ENV = "AZURE_SUBSCRIPTION_ID"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "drift",
        help="check deployed NICs and guests against the declaration (post-deploy, scheduled CI)",
        description=(
            "Reconcile the declaration (manifest or stack export), Azure (NICs, VNets, VMs) and each "
            "running guest (probe via Run Command). Exit 0 clean, 1 findings at/above --fail-on, "
            "2 a VM in scope could not be checked (or a tool error). See docs/drift.md."
        ),
    )
    _declared_options(parser)
    _scope_options(parser)
    _azure_options(parser)
    offline = parser.add_argument_group("snapshots (docs/snapshot.md)")
    mode = offline.add_mutually_exclusive_group()
    mode.add_argument("--snapshot", metavar="FILE", help="run offline on a saved snapshot instead of Azure")
    mode.add_argument("--save-snapshot", metavar="FILE", help="also save what this run read (audits, bug reports)")
    parser.add_argument("--progress", action="store_true", help="show progress on stderr even off a terminal")
    add_report_options(parser)
    parser.set_defaults(run=run)
    one_line_errors(parser)


def one_line_errors(parser: argparse.ArgumentParser) -> None:
    """A wrong flag or value is one line (what, and where the help is), not a page of usage."""

    def error(message: str) -> NoReturn:
        parser.exit(2, f"{parser.prog}: error: {message} (see {parser.prog} --help)\n")

    parser.error = error  # type: ignore[method-assign]


def _declared_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("declared truth (neither: Azure-only mode, NICs tagged as managed)")
    source = group.add_mutually_exclusive_group()
    source.add_argument("--manifest", metavar="FILE", help="`pulumi stack output nicguardManifest --json` output")
    source.add_argument("--stack-export", metavar="FILE", help="`pulumi stack export` output")


def _scope_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("scope (what is reported; the inventory is always whole)")
    many = {"action": "append", "default": []}
    group.add_argument("--subscription", metavar="ID", **many,
                       help=f"subscription to inventory; repeatable (default: ${SUBSCRIPTION_ENV})")
    group.add_argument("--resource-group", metavar="NAME", **many, help="only these resource groups; repeatable")
    group.add_argument("--tag", metavar="K=V", **many, help="only VMs with this tag; repeatable (all must match)")
    group.add_argument("--vm", metavar="GLOB", **many, help="only VMs whose name matches; repeatable")
    group.add_argument("--shard", metavar="I/N", help="only shard I of N (1-based; stable hash of the VM id)")


def _azure_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("Azure")
    group.add_argument("--cloud", choices=CLOUDS, default=CLOUDS[0])
    group.add_argument("--arm-endpoint", metavar="URL", help="another ARM endpoint (e.g. the local emulator)")
    group.add_argument("--ca-bundle", metavar="PATH", help="CA certificates to trust for --arm-endpoint")
    group.add_argument("--concurrency", type=_positive_int, default=32, help="Run Commands in flight (default: 32)")
    group.add_argument("--run-command-timeout", type=_positive_float, default=300.0, metavar="SECONDS",
                       help="give up on one VM's probe attempt after this long (default: 300)")
    group.add_argument("--retries", type=_non_negative_int, default=3,
                       help="retries for throttled (429) and busy (409) requests (default: 3)")
    group.add_argument("--retry-backoff", type=_positive_float, default=5.0, metavar="SECONDS",
                       help="first wait before retrying a busy VM or a 429 without Retry-After; doubles (default: 5)")
    group.add_argument("--poll-interval", type=_positive_float, default=15.0, metavar="SECONDS",
                       help="between Run Command status polls unless ARM sends Retry-After (default: 15)")
    group.add_argument("--allowed-dns-server", action="append", default=[], metavar="IP",
                       help="a DNS server legitimately set inside guests (e.g. a domain controller); repeatable")


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _non_negative_int(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def run(args: argparse.Namespace) -> int:
    import asyncio
    from pathlib import Path

    from ..core.net import try_parse_ip
    from ..core.settings import Settings
    from ..drift.declared import load_manifest, load_stack_export
    from ..drift.estate import estate_from_bundle
    from ..drift.probe import read_guest
    from ..drift.progress import progress_for
    from ..drift.reconcile import reconcile
    from ..drift.scope import Scope, parse_shard, parse_tag
    from ..drift.snapshot import read_snapshot, write_snapshot
    from ..errors import InputError
    from ..rules import ALL_RULES
    from .output import emit

    allowed = [try_parse_ip(s) for s in args.allowed_dns_server]
    if None in allowed:
        raise InputError("--allowed-dns-server takes IP addresses")
    settings = Settings(allowed_dns_servers=frozenset(allowed))
    scope = Scope(
        subscriptions=tuple(args.subscription),
        resource_groups=tuple(args.resource_group),
        tags=tuple(parse_tag(t) for t in args.tag),
        vm_patterns=tuple(args.vm),
        shard=parse_shard(args.shard) if args.shard else None,
    )
    if args.manifest:
        declared, declared_from = load_manifest(Path(args.manifest)), "manifest"
    elif args.stack_export:
        declared, declared_from = load_stack_export(Path(args.stack_export), settings), "stack-export"
    else:
        declared, declared_from = None, None

    meta: list[tuple[str, str]] = []
    if args.snapshot:
        bundle = read_snapshot(Path(args.snapshot))
        if declared is None:
            declared, declared_from = bundle.declared, "snapshot" if bundle.declared is not None else None
        meta.append(("mode", "snapshot"))
    else:
        from ..azure.clients import ArmTarget
        from ..azure.run_command import RunnerOptions
        from ..drift.live import collect

        subscriptions = scope.subscriptions or tuple(filter(None, [os.environ.get(SUBSCRIPTION_ENV)]))
        if not subscriptions:
            raise InputError(f"name at least one --subscription (or set ${SUBSCRIPTION_ENV})")
        target = ArmTarget(
            cloud=args.cloud,
            arm_endpoint=args.arm_endpoint,
            ca_bundle=Path(args.ca_bundle) if args.ca_bundle else None,
            retries=args.retries,
            polling_interval=args.poll_interval,
        )
        options = RunnerOptions(args.concurrency, args.run_command_timeout, args.retries, args.retry_backoff)
        progress = progress_for(sys.stderr, forced=args.progress)
        bundle, stats = asyncio.run(collect(target, subscriptions, scope, options, declared, progress))
        meta += [
            ("mode", "live"),
            ("arm_requests", str(stats.requests)),
            ("vms_probed", str(stats.probed)),
            ("inventory_seconds", f"{stats.inventory_seconds:.1f}"),
        ]
        if args.save_snapshot:
            write_snapshot(bundle, Path(args.save_snapshot))

    estate = estate_from_bundle(bundle, read_guest)
    outcome = reconcile(estate, declared, scope, settings, ALL_RULES)
    if outcome.scope_problems:
        raise InputError("; ".join(outcome.scope_problems))
    meta += [
        ("declared", declared_from or "azure-only (managed tag)"),
        ("vms_in_scope", str(outcome.vms_in_scope)),
        ("nics_in_scope", str(outcome.nics_in_scope)),
        ("vms_unreadable", str(len(outcome.unreadable))),
        ("subnet_holders_unresolved", str(len(estate.unresolved_holders))),
        *scope.describe(),
    ]
    return emit(outcome.findings, args, checked=outcome.vms_in_scope, unknown_is_failure=True, meta=meta)
