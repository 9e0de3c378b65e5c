"""Point the real Azure SDK clients at an ARM endpoint: the emulator, or Azure itself.

    kwargs = client_kwargs(endpoint, ca_path)              # sync: requests transport
    NetworkManagementClient(FakeCredential(), sub, **kwargs)

    async with aio_client_kwargs(endpoint, ca_path) as kwargs:   # aio: one shared session
        async with NetworkManagementClient(AsyncFakeCredential(), sub, **kwargs) as client: ...

With ``endpoint=None`` and ``ca_path=None`` the kwargs leave the SDK's defaults (real Azure,
system trust store). The fake credentials are only for the emulator.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from azure.core.credentials import AccessToken

TOKEN_LIFETIME_SECONDS = 3600


class FakeCredential:
    """A sync TokenCredential whose token the emulator accepts (it checks none)."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("nicguard-emulator", int(time.time()) + TOKEN_LIFETIME_SECONDS)


class AsyncFakeCredential:
    """The async TokenCredential twin of FakeCredential."""

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("nicguard-emulator", int(time.time()) + TOKEN_LIFETIME_SECONDS)

    async def close(self) -> None:
        """Nothing to release."""

    async def __aenter__(self) -> AsyncFakeCredential:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()


def client_kwargs(endpoint: str | None = None, ca_path: str | Path | None = None) -> dict[str, Any]:
    """Constructor kwargs for a sync management client."""
    kwargs: dict[str, Any] = {}
    if endpoint:
        kwargs["base_url"] = endpoint
    if ca_path:
        kwargs["connection_verify"] = str(ca_path)
    return kwargs


@asynccontextmanager
async def aio_client_kwargs(endpoint: str | None = None, ca_path: str | Path | None = None) -> AsyncIterator[dict[str, Any]]:
    """Constructor kwargs for aio management clients, sharing one keep-alive aiohttp session.

    ``connection_verify=<path>`` would make the aio transport open a new TLS connection
    per request; a session built on one SSLContext keeps connections alive. ``limit=0``
    lifts aiohttp's 100-connection cap so many run commands can poll at once.
    """
    import aiohttp
    from azure.core.pipeline.transport import AioHttpTransport

    context = ssl.create_default_context(cafile=str(ca_path) if ca_path else None)
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=context, limit=0)) as session:
        kwargs: dict[str, Any] = {"transport": AioHttpTransport(session=session, session_owner=False)}
        if endpoint:
            kwargs["base_url"] = endpoint
        yield kwargs
