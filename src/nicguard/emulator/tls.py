"""A throwaway CA and a loopback server certificate (trustme), written to a directory."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Tls:
    ca_path: Path
    server_context: ssl.SSLContext


def make_tls(directory: Path) -> Tls:
    ca = trustme.CA()
    ca_path = Path(directory) / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_path))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert(*LOOPBACK_NAMES).configure_cert(context)
    return Tls(ca_path=ca_path, server_context=context)
