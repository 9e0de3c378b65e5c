"""HTTPS on loopback: stdlib ThreadingHTTPServer + ssl, tuned for the Azure SDK.

HTTP/1.1 keep-alive with Content-Length, TCP_NODELAY (without it Nagle and delayed ACK
add ~40 ms to every request) and the TLS handshake in the connection's own thread, so a
slow client never blocks the accept loop.
"""

from __future__ import annotations

import json
import shutil
import socket
import ssl
import tempfile
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import parse_qsl, unquote, urlsplit

from .arm import DEFAULT_PAGE_SIZE, Arm, LogEntry, Request
from .faults import Faults
from .store import Store, Vm
from .tls import make_tls

HANDSHAKE_TIMEOUT = 10.0
IDLE_CONNECTION_TIMEOUT = 300.0
SHUTDOWN_POLL_SECONDS = 0.02  # how quickly close() returns


class _ArmRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    timeout = IDLE_CONNECTION_TIMEOUT
    server_version = "nicguard-emulator"
    server: _TlsHttpServer

    def _serve(self) -> None:
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        response = self.server.arm.handle(Request(self.command, unquote(split.path), split.path, query, body))
        payload = b"" if response.body is None else json.dumps(response.body).encode()
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("x-ms-request-id", str(uuid.uuid4()))
        if response.body is not None:
            self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_PUT = do_POST = do_PATCH = do_DELETE = _serve

    def log_message(self, format: str, *args: object) -> None:
        """Silent: requests are recorded in ``Arm.log``."""


class _TlsHttpServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 512

    def __init__(self, address: tuple[str, int], arm: Arm, context: ssl.SSLContext):
        self.arm = arm
        self._context = context
        super().__init__(address, _ArmRequestHandler)

    def finish_request(self, request: socket.socket, client_address: tuple[str, int]) -> None:
        request.settimeout(HANDSHAKE_TIMEOUT)
        try:
            connection = self._context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        try:
            self.RequestHandlerClass(connection, client_address, self)
        except OSError:
            pass  # the client went away mid-request
        finally:
            connection.close()


class Emulator:
    """A running local ARM: ``endpoint`` and ``ca_path`` for clients, ``store`` and ``faults`` for tests."""

    def __init__(
        self,
        store: Store,
        faults: Faults | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        workdir: Path | None = None,
        page_size: int = DEFAULT_PAGE_SIZE,
    ):
        self._own_workdir = workdir is None
        self.workdir = Path(workdir or tempfile.mkdtemp(prefix="nicguard-emulator-"))
        tls = make_tls(self.workdir)
        self.ca_path = tls.ca_path
        self.store = store
        self.faults = faults or Faults()
        self.arm = Arm(store, self.faults, page_size)
        self._server = _TlsHttpServer((host, port), self.arm, tls.server_context)
        bound_host, bound_port = self._server.server_address[:2]
        self.endpoint = f"https://{bound_host}:{bound_port}"
        self.arm.base_url = self.endpoint
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": SHUTDOWN_POLL_SECONDS}, daemon=True
        )

    @property
    def log(self) -> list[LogEntry]:
        return self.arm.log

    def vm(self, name: str) -> Vm:
        """The VM named ``name``: set ``power_state``, ``agent_ready`` or ``faults`` on it."""
        return self.store.vm_named(name)

    def start(self) -> Emulator:
        self._thread.start()
        return self

    def close(self) -> None:
        if self._thread.is_alive():
            self._server.shutdown()
            self._thread.join()
        self._server.server_close()
        if self._own_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
