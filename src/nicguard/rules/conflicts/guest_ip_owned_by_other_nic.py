from __future__ import annotations

from collections.abc import Iterator

from ...core.conflicts import Layer, SubnetClaims
from ...core.findings import Category, Severity
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import REMEDIATION_CONFLICT, one_per_owner


class GuestIpOwnedByOtherNic(Rule):
    """A guest OS uses an address that another NIC (or resource, or guest) in the subnet owns.

    **Why it matters**
    Azure's virtual network delivers an address only to the NIC that owns it. A guest that
    configures another NIC's address breaks that NIC's traffic (ARP conflicts inside the
    VNet) and gets no traffic for it itself.

    **Non-compliant**
    ```powershell
    # on vm-web, whose NIC holds 10.0.1.10; 10.0.1.11 belongs to vm-api's NIC
    New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.11 -PrefixLength 24
    ```

    **Compliant**
    ```python
    # declare a second IP configuration on vm-web's NIC in the component instead
    IpConfig("ipconfig2", "10.0.1.20")
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-multiple-ip-addresses-portal
    """

    id = "NG104"
    name = "guest-ip-owned-by-other-nic"
    category = Category.IP_CONFLICT
    severity = Severity.ERROR
    subject_type = SubnetClaims
    remediation = REMEDIATION_CONFLICT

    def check(self, subject: SubnetClaims, settings: Settings) -> Iterator[Violation]:
        for address, claims in subject.by_address():
            guests = one_per_owner(c for c in claims if c.layer is Layer.GUEST)
            if not guests:
                continue
            holders = one_per_owner(c for c in claims if c.layer is not Layer.GUEST)
            rightful = {h.owner_key for h in holders}
            for guest in guests:
                if guest.owner_key in rightful:
                    continue  # its own NIC holds the address: the victim, not the culprit
                others = [h.describe() for h in holders]
                others += [g.describe() for g in guests if g.owner_key not in rightful | {guest.owner_key}]
                if not others:
                    continue
                yield Violation(
                    f"the guest behind {guest.owner} uses {address}, which {', '.join(others)} holds",
                    key=str(address),
                    subject=guest.subject,
                    evidence={"address": str(address), "guest_nic": guest.owner, "held_by": "; ".join(others)},
                )
