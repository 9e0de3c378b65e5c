"""One policy pack per test module, started and configured exactly as the Pulumi CLI does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from nicguard.policy.client import PackSession, StackIdentity

from .wire import PROJECT, STACK

REPO = Path(__file__).resolve().parents[2]
PACK_DIR = REPO / "policy_pack"
PROGRAMS = Path(__file__).resolve().parent / "programs"


@pytest.fixture(scope="module")
def pack() -> Iterator[PackSession]:
    with PackSession(PACK_DIR, StackIdentity(project=PROJECT, stack=STACK)) as session:
        session.configure()
        yield session
