"""Fixtures: an emulator on a free loopback port, and real SDK clients pointed at it."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from types import SimpleNamespace

import pytest
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute.aio import ComputeManagementClient as AioComputeManagementClient
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.aio import NetworkManagementClient as AioNetworkManagementClient

from nicguard.emulator.arm import DEFAULT_PAGE_SIZE
from nicguard.emulator.client import AsyncFakeCredential, FakeCredential, aio_client_kwargs, client_kwargs
from nicguard.emulator.estate import parse_estate
from nicguard.emulator.server import Emulator
from nicguard.emulator.testing import FAST_CLIENT_KWARGS, running_emulator

SUBSCRIPTION = "00000000-0000-0000-0000-00000000000a"

BASIC_ESTATE = f"""
subscription: {SUBSCRIPTION}
resource_groups:
  rg1:
    vnets:
      vnet1:
        address_space: [10.0.0.0/16]
        dns_servers: [10.0.0.4]
        subnets: {{default: 10.0.1.0/24}}
    holders:
      lb1/fe1: {{kind: load-balancer-frontend, subnet: vnet1/default, ip: 10.0.1.100}}
    nics:
      nic-lin: {{subnet: vnet1/default, ip: 10.0.1.4, dns_servers: [10.0.0.53]}}
      nic-win: {{subnet: vnet1/default, ip: 10.0.1.5}}
    vms:
      lin:
        os: linux
        nics: [nic-lin]
        guest: {{recorded: {{stdout: "linux out\\n", stderr: "linux err\\n"}}}}
      win:
        os: windows
        nics: [nic-win]
        guest: {{recorded: {{stdout: "windows out", stderr: "windows err"}}}}
"""


@pytest.fixture
def serve(tmp_path: Path) -> Iterator[Callable[..., Emulator]]:
    """``serve(yaml_text, page_size=...)`` starts an emulator that lives for the test."""
    with ExitStack() as stack:

        def start(text: str = BASIC_ESTATE, *, page_size: int = DEFAULT_PAGE_SIZE) -> Emulator:
            estate = parse_estate(textwrap.dedent(text), source="estate.yaml", base_dir=tmp_path)
            return stack.enter_context(running_emulator(estate, page_size=page_size))

        yield start


@pytest.fixture
def emulator(serve: Callable[..., Emulator]) -> Emulator:
    return serve()


@pytest.fixture
def clients() -> Callable[..., SimpleNamespace]:
    """``clients(emulator, subscription, **kwargs)``: sync network and compute clients."""

    def make(emulator: Emulator, subscription: str = SUBSCRIPTION, **overrides: object) -> SimpleNamespace:
        kwargs = client_kwargs(emulator.endpoint, emulator.ca_path) | FAST_CLIENT_KWARGS | overrides
        return SimpleNamespace(
            network=NetworkManagementClient(FakeCredential(), subscription, **kwargs),
            compute=ComputeManagementClient(FakeCredential(), subscription, **kwargs),
        )

    return make


@pytest.fixture
def run_aio() -> Callable[..., object]:
    """``run_aio(emulator, subscription, body)`` awaits ``body(network, compute)`` with aio clients."""

    def run(emulator: Emulator, subscription: str, body: Callable[..., Awaitable[object]]) -> object:
        async def main() -> object:
            async with aio_client_kwargs(emulator.endpoint, emulator.ca_path) as kwargs:
                kwargs |= FAST_CLIENT_KWARGS
                async with (
                    AioNetworkManagementClient(AsyncFakeCredential(), subscription, **kwargs) as network,
                    AioComputeManagementClient(AsyncFakeCredential(), subscription, **kwargs) as compute,
                ):
                    return await body(network, compute)

        return asyncio.run(main())

    return run
