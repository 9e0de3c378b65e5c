"""Helpers shared by the declared-drift rules."""

from __future__ import annotations

REMEDIATION_DECLARE = (
    "Set IP and DNS on the Azure NIC through the nicguard component (or on the VNet) and run "
    "`pulumi up`; never set them inside the guest."
)
REMEDIATION_DRIFT = (
    "Run `pulumi up` (after `pulumi preview --refresh`) so the NIC matches the declaration again, "
    "or change the declaration if the new value is intended; never fix it inside the guest. A VM "
    "already cut off needs a restart, then a NIC reset (move the IP to another free static "
    "address and back)."
)
