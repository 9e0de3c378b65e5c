"""Which addresses the StaticNics of one stack claim, per subnet: the cross-NIC duplicate check.

A subnet is recognised by its id string, or, while the id is still an Output (the subnet is
created by the same program, so its id is unknown at preview), by the Output object itself:
NICs given the same ``subnet.id`` are compared at preview. Once ids resolve, claims are
compared again by the real id. A subnet id that is None (a lookup that returned nothing, as
invokes do under ``nicguard preview``'s mocks) names no subnet: its NIC is compared with none.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable

import pulumi

from nicguard.core.conflicts import AddressClaim
from nicguard.core.net import resource_key

SubnetKey = Hashable


class ClaimRegistry:
    """Address claims of the NICs declared so far, grouped by subnet."""

    def __init__(self) -> None:
        self._claims: dict[SubnetKey, list[AddressClaim]] = {}
        # Keeps Output objects alive so that their id() is never reused for another subnet.
        self._pinned: dict[int, object] = {}

    def key_for(self, subnet_id: pulumi.Input[str] | None) -> SubnetKey:
        if isinstance(subnet_id, str):
            return ("id", resource_key(subnet_id))
        if subnet_id is None:
            # No id at all (a lookup that returned nothing, as invokes do offline): nothing
            # says which subnet this is, so it is compared with no other NIC.
            return ("none", object())
        self._pinned[id(subnet_id)] = subnet_id
        return ("output", id(subnet_id))

    def claims_in(self, subnet: SubnetKey) -> tuple[AddressClaim, ...]:
        return tuple(self._claims.get(subnet, ()))

    def add(self, subnet: SubnetKey, claims: Iterable[AddressClaim]) -> None:
        self._claims.setdefault(subnet, []).extend(claims)


_STACK_REGISTRIES: dict[tuple[str | None, str, str], ClaimRegistry] = {}


def stack_registry() -> ClaimRegistry:
    """The registry every StaticNic of the running stack shares unless given its own."""
    key = (pulumi.get_organization(), pulumi.get_project(), pulumi.get_stack())
    return _STACK_REGISTRIES.setdefault(key, ClaimRegistry())


def reset_stack_registries() -> None:
    """Forget every stack's claims: one process running several programs (tests, Automation API)."""
    _STACK_REGISTRIES.clear()
