from __future__ import annotations

from collections.abc import Iterator

from ...core.conflicts import Layer, SubnetClaims
from ...core.findings import Category, Severity
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import NIC_LAYERS, REMEDIATION_CONFLICT, one_per_owner


class DuplicatePrivateIp(Rule):
    """Two NICs (or a NIC and another resource) claim the same private address in a subnet.

    **Why it matters**
    Azure refuses the second static claim (`PrivateIPAddressInUse`), so a `pulumi up` fails
    half-way; if the address is set inside a guest instead, two machines answer ARP for one
    address and both lose traffic unpredictably.

    **Non-compliant**
    ```python
    StaticNic("web", ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)], ...)
    StaticNic("api", ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)], ...)
    ```

    **Compliant**
    ```python
    StaticNic("web", ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)], ...)
    StaticNic("api", ip_configurations=[IpConfig("ipconfig1", "10.0.1.11", primary=True)], ...)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/private-ip-addresses
    - https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
    """

    id = "NG101"
    name = "duplicate-private-ip"
    category = Category.IP_CONFLICT
    severity = Severity.ERROR
    subject_type = SubnetClaims
    remediation = REMEDIATION_CONFLICT

    def check(self, subject: SubnetClaims, settings: Settings) -> Iterator[Violation]:
        for address, claims in subject.by_address():
            holders = one_per_owner(c for c in claims if c.layer is not Layer.GUEST)
            if len(holders) < 2:
                continue
            for claim in holders:
                if claim.layer not in NIC_LAYERS:
                    continue
                others = [h.describe() for h in holders if h is not claim]
                yield Violation(
                    f"{address} in subnet {subject.subnet_id} is also claimed by {', '.join(others)}",
                    key=str(address),
                    subject=claim.subject,
                    evidence={"address": str(address), "subnet": subject.subnet_id, "also_claimed_by": "; ".join(others)},
                )
