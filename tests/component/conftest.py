"""Pulumi SDK mocks for the component tests.

Every azure-native registration costs ~48 ms under mocks (API-version aliases), so test
stacks stay small: most tests pass subnet ids as strings instead of creating a Subnet.
"""

from __future__ import annotations

import asyncio
import gc
import json
from collections.abc import Callable, Iterator
from typing import Any

import pulumi
import pytest
from pulumi.runtime.settings import get_root_resource

from components import DeclarationError, reset_stack_registries

PROJECT = "nicguard-example"
STACK = "dev"
SUBNET_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/vms"
OTHER_SUBNET_ID = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/db"


class RecordingMocks(pulumi.runtime.Mocks):
    """Echoes inputs as state with an Azure-like id and records every registration.

    In preview mode a Subnet gets no id, as in a real first preview: its id is unknown.
    """

    def __init__(self, preview: bool) -> None:
        self.preview = preview
        self.registered: list[pulumi.runtime.MockResourceArgs] = []

    def new_resource(self, args: pulumi.runtime.MockResourceArgs) -> tuple[str, dict[str, Any]]:
        self.registered.append(args)
        if self.preview and args.typ == "azure-native:network:Subnet":
            return "", args.inputs
        kind = args.typ.rsplit(":", 1)[-1]
        return f"/subscriptions/0000/resourceGroups/rg/providers/{kind}/{args.name}", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> dict[str, Any]:
        return {}

    def inputs(self, typ: str) -> dict[str, dict[str, Any]]:
        """The inputs of each registered resource of ``typ``, by logical name."""
        return {r.name: r.inputs for r in self.registered if r.typ == typ}

    def names(self, typ: str) -> list[str]:
        return [r.name for r in self.registered if r.typ == typ]


def _mocks(preview: bool, config: dict[str, Any] | None = None, secret_keys: list[str] | None = None) -> RecordingMocks:
    reset_stack_registries()
    pulumi.runtime.set_all_config(
        {k: v if isinstance(v, str) else json.dumps(v) for k, v in (config or {}).items()}, secret_keys or []
    )
    mocks = RecordingMocks(preview)
    pulumi.runtime.set_mocks(mocks, project=PROJECT, stack=STACK, preview=preview)
    return mocks


@pytest.fixture(scope="session", autouse=True)
def _expected_failures_stay_quiet() -> None:
    """A failed declaration fails every Output built on it, and asyncio reports each unread
    one when it is garbage-collected (some only at interpreter exit), formatting a traceback
    at whatever moment the collector runs: even inside pytest's own ast.parse, which
    Python 3.11 cannot survive. Those reports are expected here: drop them for the session."""
    loop = asyncio.get_event_loop()
    previous = loop.get_exception_handler()

    def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if isinstance(context.get("exception"), DeclarationError):
            return
        if previous is not None:
            previous(loop, context)
        else:
            loop.default_exception_handler(context)

    loop.set_exception_handler(handler)


@pytest.fixture(autouse=True)
def _fresh_stack_state() -> Iterator[None]:
    yield
    reset_stack_registries()
    pulumi.runtime.set_all_config({}, [])
    gc.collect()  # finalise this test's failed Outputs now, not during another test


@pytest.fixture
def mocks() -> RecordingMocks:
    return _mocks(preview=False)


@pytest.fixture
def preview_mocks() -> RecordingMocks:
    return _mocks(preview=True)


@pytest.fixture
def configured_mocks() -> Callable[..., RecordingMocks]:
    """Mocks with stack config: ``configured_mocks({"nicguard-example:vms": [...]}, secret_keys=[...])``."""
    return lambda config, secret_keys=None, preview=False: _mocks(preview, config, secret_keys)


def run(program: Callable[[], Any]) -> Any:
    """Run ``program`` as a Pulumi program under the mocks and return what it resolves to
    (None if it stays unknown, as at preview). Errors raised by the program or inside its
    applies propagate."""
    resolved: dict[str, Any] = {}

    def body() -> pulumi.Output[Any]:
        return pulumi.Output.from_input(program()).apply(lambda value: resolved.setdefault("value", value))

    pulumi.runtime.test(body)()
    return resolved.get("value")


def stack_outputs() -> dict[str, Any]:
    """The outputs the last program exported, still as Outputs (resolve them inside run)."""
    return dict(get_root_resource().outputs)
