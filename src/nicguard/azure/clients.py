"""Async ARM clients for one cloud or a local ARM-compatible endpoint.

The aio transport gets its own aiohttp session with a pre-built SSL context: the
default transport with ``connection_verify=<path>`` builds a context per request and
so opens a new TLS connection for every call, and aiohttp's default connector caps a
host at 100 connections, below what a wide Run Command fan-out needs.
"""

from __future__ import annotations

import ipaddress
import logging
import ssl
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..errors import InputError

CLOUDS = ("AzureCloud", "AzureUSGovernment", "AzureChinaCloud")
CONNECT_RETRIES = 1
ARM_ENDPOINTS = {
    "AzureCloud": "https://management.azure.com",
    "AzureUSGovernment": "https://management.usgovcloudapi.net",
    "AzureChinaCloud": "https://management.chinacloudapi.cn",
}


@dataclass(frozen=True)
class ArmTarget:
    """Where ARM is and how hard to try. ``arm_endpoint`` None: the cloud's own ARM."""

    cloud: str = "AzureCloud"
    arm_endpoint: str | None = None
    ca_bundle: Path | None = None
    retries: int = 3
    polling_interval: float = 15.0  # between LRO polls; a Retry-After from ARM wins

    def __post_init__(self) -> None:
        if self.cloud not in CLOUDS:
            raise InputError(f"--cloud {self.cloud!r}: choose one of {', '.join(CLOUDS)}")
        if self.arm_endpoint is not None and urlsplit(self.arm_endpoint).scheme != "https":
            raise InputError(f"--arm-endpoint {self.arm_endpoint!r}: ARM endpoints must use https")

    @property
    def endpoint(self) -> str:
        """The ARM endpoint requests go to, for messages."""
        return (self.arm_endpoint or ARM_ENDPOINTS[self.cloud]).rstrip("/")

    @property
    def is_loopback(self) -> bool:
        if self.arm_endpoint is None:
            return False
        host = urlsplit(self.arm_endpoint).hostname or ""
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False


class LoopbackCredential:
    """A static token for a local ARM server, which checks only that one is sent.

    Only ever used for loopback endpoints, so no real token leaves for a test server
    and no Azure login is needed to run against one.
    """

    async def get_token(self, *scopes: str, **kwargs: object):
        from azure.core.credentials import AccessToken

        return AccessToken("nicguard-loopback", int(time.time()) + 3600)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> LoopbackCredential:
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None


def _cloud_setting(cloud: str):
    from azure.core import AzureClouds

    return {
        "AzureCloud": AzureClouds.AZURE_PUBLIC_CLOUD,
        "AzureUSGovernment": AzureClouds.AZURE_US_GOVERNMENT,
        "AzureChinaCloud": AzureClouds.AZURE_CHINA_CLOUD,
    }[cloud]


def _credential(target: ArmTarget):
    if target.is_loopback:
        return LoopbackCredential()
    from azure.identity import AzureAuthorityHosts
    from azure.identity.aio import DefaultAzureCredential

    authority = {
        "AzureCloud": AzureAuthorityHosts.AZURE_PUBLIC_CLOUD,
        "AzureUSGovernment": AzureAuthorityHosts.AZURE_GOVERNMENT,
        "AzureChinaCloud": AzureAuthorityHosts.AZURE_CHINA,
    }[target.cloud]
    return DefaultAzureCredential(authority=authority)


def _ssl_context(target: ArmTarget) -> ssl.SSLContext:
    if target.ca_bundle is None:
        return ssl.create_default_context()
    try:
        return ssl.create_default_context(cafile=str(target.ca_bundle))
    except (OSError, ssl.SSLError) as exc:
        raise InputError(f"--ca-bundle {target.ca_bundle}: cannot load CA certificates: {exc}") from None


class RequestCounter:
    """Counts every HTTP request the clients send, retries included (a per-retry policy)."""

    def __init__(self) -> None:
        self.count = 0

    def policy(self):
        from azure.core.pipeline.policies import SansIOHTTPPolicy

        counter = self

        class _Count(SansIOHTTPPolicy):
            def on_request(self, request) -> None:
                counter.count += 1

        return _Count()


class ArmClients:
    """Network and compute clients per subscription, sharing one session and credential."""

    def __init__(self, target: ArmTarget, session, credential) -> None:
        self.target = target
        self.counter = RequestCounter()
        self._session = session
        self._credential = credential
        self._network: dict[str, object] = {}
        self._compute: dict[str, object] = {}

    def _kwargs(self) -> dict[str, object]:
        from azure.core.pipeline.transport import AioHttpTransport

        kwargs: dict[str, object] = {
            "cloud_setting": _cloud_setting(self.target.cloud),
            "transport": AioHttpTransport(session=self._session, session_owner=False),
            "per_retry_policies": [self.counter.policy()],
            "retry_total": self.target.retries,
            # Connection errors (refused, DNS, TLS) happen before ARM sees the request and do not
            # heal in seconds: one immediate retry (a stale pooled connection), no backoff storm.
            "retry_connect": min(CONNECT_RETRIES, self.target.retries),
            "polling_interval": self.target.polling_interval,
        }
        if self.target.arm_endpoint is not None:
            kwargs["base_url"] = self.target.arm_endpoint.rstrip("/")
        return kwargs

    def network(self, subscription: str):
        key = subscription.lower()
        if key not in self._network:
            from azure.mgmt.network.aio import NetworkManagementClient

            self._network[key] = NetworkManagementClient(self._credential, subscription, **self._kwargs())
        return self._network[key]

    def compute(self, subscription: str):
        key = subscription.lower()
        if key not in self._compute:
            from azure.mgmt.compute.aio import ComputeManagementClient

            self._compute[key] = ComputeManagementClient(self._credential, subscription, **self._kwargs())
        return self._compute[key]

    async def close(self) -> None:
        for client in (*self._network.values(), *self._compute.values()):
            await client.close()
        await self._credential.close()
        await self._session.close()


def quiet_sdk_logging() -> None:
    """The Azure SDKs log warnings (azure-identity: a page per failed credential) that Python's
    last-resort handler would print to stderr; nicguard reports failures itself, in one line.
    Loggers configured by the host application still receive everything."""
    logger = logging.getLogger("azure")
    if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
        logger.addHandler(logging.NullHandler())


@asynccontextmanager
async def arm_clients(target: ArmTarget) -> AsyncIterator[ArmClients]:
    import aiohttp

    quiet_sdk_logging()

    connector = aiohttp.TCPConnector(ssl=_ssl_context(target), limit=0)
    clients = ArmClients(target, aiohttp.ClientSession(connector=connector), _credential(target))
    try:
        yield clients
    finally:
        await clients.close()
