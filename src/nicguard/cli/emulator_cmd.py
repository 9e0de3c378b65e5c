"""``nicguard emulator``: serve an estate as a local Azure Resource Manager until interrupted."""

from __future__ import annotations

import argparse
import signal
import threading
from pathlib import Path
from typing import NoReturn

from .drift_cmd import one_line_errors


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "emulator",
        help="serve an estate file as a local Azure Resource Manager (HTTPS on loopback)",
        description="Serve an estate file (docs/estate.md) as a local Azure Resource Manager that the "
        "Azure SDK clients can use. Prints the endpoint and the CA bundle to trust, then runs until "
        "interrupted.",
    )
    parser.add_argument("--estate", required=True, type=Path, metavar="FILE", help="estate YAML file")
    parser.add_argument("--port", type=_port, default=0, metavar="N", help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument(
        "--ca-dir", type=Path, metavar="DIR", help="where to write ca.pem (default: a temporary directory)"
    )
    parser.set_defaults(run=run)
    one_line_errors(parser)


def run(args: argparse.Namespace) -> int:
    from ..emulator.estate import load_estate
    from ..emulator.server import Emulator
    from ..errors import InputError

    estate = load_estate(args.estate)
    if args.ca_dir:
        try:
            args.ca_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"--ca-dir {args.ca_dir}: cannot create it ({exc.strerror or exc})") from None
    try:
        emulator = Emulator(estate.store, estate.faults, port=args.port, workdir=args.ca_dir)
    except OSError as exc:
        raise InputError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from None
    with emulator:
        print(f"NICGUARD_ARM_ENDPOINT={emulator.endpoint}")
        print(f"NICGUARD_ARM_CA={emulator.ca_path}")
        print(f"NICGUARD_ARM_SUBSCRIPTIONS={','.join(estate.store.subscriptions.values())}", flush=True)
        signal.signal(signal.SIGTERM, _stop)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass  # the normal way to stop it
    return 0


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be 0-65535 (0: a free one)")
    return value


def _stop(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt
