from __future__ import annotations

from collections.abc import Iterator

from ...core.conflicts import SubnetClaims
from ...core.findings import Category, Severity
from ...core.net import containing_prefix, is_reserved, reserved_addresses
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import NIC_LAYERS, one_per_owner


class ReservedPrivateIp(Rule):
    """A static private address is one of the five Azure reserves in its subnet prefix.

    **Why it matters**
    Azure keeps the first four and the last address of every IPv4 prefix (network, gateway,
    two for Azure DNS, broadcast), relative to the prefix: `10.0.0.128/26` reserves
    `.128`-`.131` and `.191`. ARM rejects such a static address with
    `PrivateIPAddressInReservedRange`; set in a guest, it collides with the gateway or DNS.

    **Non-compliant**
    ```python
    StaticNic("db", subnet_prefixes=["10.0.1.0/24"],
              ip_configurations=[IpConfig("ipconfig1", "10.0.1.1", primary=True)], ...)
    ```

    **Compliant**
    ```python
    StaticNic("db", subnet_prefixes=["10.0.1.0/24"],
              ip_configurations=[IpConfig("ipconfig1", "10.0.1.4", primary=True)], ...)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq
    """

    id = "NG102"
    name = "reserved-private-ip"
    category = Category.IP_CONFLICT
    severity = Severity.ERROR
    subject_type = SubnetClaims
    remediation = (
        "Pick an address from the fifth to the second-to-last of the subnet prefix and set it "
        "as a static address on the NIC in the component, never inside the guest."
    )

    def check(self, subject: SubnetClaims, settings: Settings) -> Iterator[Violation]:
        if subject.prefixes is UNKNOWN:
            return
        for address, claims in subject.by_address():
            prefix = containing_prefix(address, subject.prefixes)
            if prefix is None or not is_reserved(address, prefix):
                continue
            reserved = ", ".join(str(a) for a in reserved_addresses(prefix))
            for claim in one_per_owner(c for c in claims if c.layer in NIC_LAYERS):
                yield Violation(
                    f"{address} is reserved by Azure in {prefix} (reserved: {reserved})",
                    key=str(address),
                    subject=claim.subject,
                    evidence={"address": str(address), "prefix": str(prefix), "owner": claim.owner},
                )
