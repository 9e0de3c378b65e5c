"""Request-level faults and how the real SDK retry policy reacts to them."""

from __future__ import annotations

import time

import pytest
from azure.core.exceptions import HttpResponseError

from nicguard.emulator.faults import Burst
from tests.emulator.conftest import BASIC_ESTATE

LINUX = {"commandId": "RunShellScript", "script": ["true"]}


def statuses(emulator) -> list[int]:
    return [entry.status for entry in emulator.log]


def test_latency_is_added_to_every_request(emulator, clients) -> None:
    network = clients(emulator).network
    emulator.faults.latency = 0.05
    started = time.monotonic()
    network.network_interfaces.get("rg1", "nic-lin")
    assert time.monotonic() - started >= 0.05


def test_429_burst_with_retry_after_is_honoured_then_served(emulator, clients) -> None:
    network = clients(emulator).network
    emulator.faults.throttle(count=2, retry_after=0.15)
    started = time.monotonic()
    assert network.network_interfaces.get("rg1", "nic-lin").name == "nic-lin"
    assert time.monotonic() - started >= 0.3  # the SDK slept Retry-After twice
    assert statuses(emulator) == [429, 429, 200]


def test_429_on_the_run_command_post_is_retried_when_it_carries_retry_after(emulator, clients) -> None:
    compute = clients(emulator).compute
    emulator.faults.throttle(count=1, retry_after=0.01, match="POST .*/runCommand")
    compute.virtual_machines.begin_run_command("rg1", "lin", LINUX).result()
    assert statuses(emulator)[:2] == [429, 202]


def test_429_without_retry_after_on_a_post_is_not_retried(emulator, clients) -> None:
    emulator.faults.throttle(count=1, retry_after=None, match="POST")
    with pytest.raises(HttpResponseError) as caught:
        clients(emulator).compute.virtual_machines.begin_run_command("rg1", "lin", LINUX)
    assert caught.value.status_code == 429
    assert caught.value.error.code == "TooManyRequests"


def test_a_5xx_burst_is_retried_and_a_lasting_one_surfaces(emulator, clients) -> None:
    network = clients(emulator).network
    emulator.faults.server_error(503, count=2)
    network.virtual_networks.get("rg1", "vnet1")
    assert statuses(emulator) == [503, 503, 200]
    emulator.faults.server_error(500)
    with pytest.raises(HttpResponseError) as caught:
        network.virtual_networks.get("rg1", "vnet1")
    assert caught.value.status_code == 500
    emulator.faults.clear()
    network.virtual_networks.get("rg1", "vnet1")


def test_a_burst_only_hits_requests_it_matches(emulator, clients) -> None:
    c = clients(emulator)
    emulator.faults.add(Burst(503, match="virtualMachines"))
    c.network.network_interfaces.get("rg1", "nic-lin")
    with pytest.raises(HttpResponseError):
        c.compute.virtual_machines.get("rg1", "lin", retry_total=0)


def test_faults_can_come_from_the_estate(serve, clients) -> None:
    emulator = serve(BASIC_ESTATE + """
faults:
  latency: 0.01
  bursts:
    - {status: 429, count: 1, retry_after: 0.01, match: networkInterfaces}
""")
    clients(emulator).network.network_interfaces.get("rg1", "nic-lin")
    assert statuses(emulator) == [429, 200]
    assert emulator.faults.latency == 0.01
