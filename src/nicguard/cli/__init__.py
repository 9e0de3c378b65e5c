"""The ``nicguard`` command line: a thin shell over the core.

Each command lives in its own module with ``register(subparsers)``; heavy imports happen
inside the command, so ``nicguard scan`` never loads pulumi or the Azure SDKs.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import NicguardError

COMMANDS = ("rules", "emulator", "drift", "preview", "guest", "scan")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="nicguard",
        description="Keep Azure VM IP and DNS settings on the Azure NIC, never in the guest.",
    )
    parser.add_argument("--version", action="version", version=f"nicguard {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"{__name__}.{name}_cmd").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except NicguardError as exc:
        print(f"nicguard: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nicguard: interrupted", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
