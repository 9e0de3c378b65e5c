from __future__ import annotations

from collections.abc import Iterator

from ...core.conflicts import SubnetClaims
from ...core.findings import Category, Severity, Status
from ...core.net import containing_prefix
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import NIC_LAYERS, one_per_owner


class PrivateIpOutsideSubnet(Rule):
    """A static private address lies outside every address prefix of its subnet.

    **Why it matters**
    ARM rejects it (`PrivateIPAddressNotInSubnet`); a guest that sets it itself has no
    route and drops off the network. A subnet may have several prefixes
    (`addressPrefixes`), IPv4 and IPv6: the address must be inside one of them.

    **Non-compliant**
    ```python
    StaticNic("web", subnet_prefixes=["10.0.1.0/24"],
              ip_configurations=[IpConfig("ipconfig1", "10.0.2.10", primary=True)], ...)
    ```

    **Compliant**
    ```python
    StaticNic("web", subnet_prefixes=["10.0.1.0/24"],
              ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)], ...)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/how-to-multiple-prefixes-subnet
    - https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors
    """

    id = "NG103"
    name = "private-ip-outside-subnet"
    category = Category.IP_CONFLICT
    severity = Severity.ERROR
    subject_type = SubnetClaims
    remediation = (
        "Choose an address inside the subnet's prefixes, or attach the NIC to the subnet that "
        "holds the address; declare it in the component, never inside the guest."
    )

    def check(self, subject: SubnetClaims, settings: Settings) -> Iterator[Violation]:
        nic_claims = [c for c in subject.claims if c.layer in NIC_LAYERS]
        if subject.prefixes is UNKNOWN:
            for claim in one_per_owner(nic_claims):
                yield Violation(
                    f"cannot check {claim.address} against subnet {subject.subnet_id}: its prefixes are not known yet",
                    key=str(claim.address),
                    subject=claim.subject,
                    status=Status.UNKNOWN,
                    severity=Severity.INFO,
                )
            return
        prefixes = ", ".join(str(p) for p in subject.prefixes)
        for address, claims in subject.by_address():
            if containing_prefix(address, subject.prefixes) is not None:
                continue
            for claim in one_per_owner(c for c in claims if c.layer in NIC_LAYERS):
                yield Violation(
                    f"{address} is outside subnet {subject.subnet_id} ({prefixes})",
                    key=str(address),
                    subject=claim.subject,
                    evidence={"address": str(address), "prefixes": prefixes},
                )
