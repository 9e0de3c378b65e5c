"""Helpers shared by the ip-conflict rules."""

from __future__ import annotations

from collections.abc import Iterable

from ...core.conflicts import AddressClaim, Layer

NIC_LAYERS = (Layer.DECLARED, Layer.AZURE)

REMEDIATION_CONFLICT = (
    "Give each NIC its own free static address in the component (check with "
    "`az network vnet check-ip-address`), never by editing the guest. A VM already cut off "
    "needs a restart, then a NIC reset: move the IP to another free static address and back."
)


def one_per_owner(claims: Iterable[AddressClaim]) -> list[AddressClaim]:
    """One claim per owner; a declared claim names the finding when there is one (its URN
    is what a preview must point at), else the Azure claim."""
    chosen: dict[str, AddressClaim] = {}
    for claim in claims:
        current = chosen.get(claim.owner_key)
        if current is None or (claim.layer is Layer.DECLARED and current.layer is not Layer.DECLARED):
            chosen[claim.owner_key] = claim
    return list(chosen.values())
