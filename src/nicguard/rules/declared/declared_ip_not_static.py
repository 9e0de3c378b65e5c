from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity, Status
from ...core.model import DeclaredNic
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DECLARE


class DeclaredIpNotStatic(Rule):
    """A managed NIC declares an IP configuration that is not Static, or has no address.

    **Why it matters**
    A Dynamic address can change when the IP configuration is modified and cannot be
    checked against the subnet before deployment; a declaration without a concrete static
    address leaves nothing to compare the guest and Azure with.

    **Non-compliant**
    ```python
    network.NetworkInterface("web", ip_configurations=[{"name": "ipconfig1",
        "private_ip_allocation_method": "Dynamic", "subnet": {"id": subnet.id}}])
    ```

    **Compliant**
    ```python
    StaticNic("web", ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)], ...)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/private-ip-addresses
    """

    id = "NG201"
    name = "declared-ip-not-static"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = DeclaredNic
    remediation = REMEDIATION_DECLARE

    def check(self, subject: DeclaredNic, settings: Settings) -> Iterator[Violation]:
        if not subject.ip_configurations:
            yield Violation("the NIC declares no IP configuration", key="no-ip-configuration")
        if _is_ipv6_only(subject):
            yield Violation("the NIC declares no IPv4 address (Azure requires one)", key="no-ipv4")
        for config in subject.ip_configurations:
            if config.allocation is UNKNOWN or config.address is UNKNOWN:
                unknown = " and ".join(
                    part for part, value in (("allocation", config.allocation), ("address", config.address))
                    if value is UNKNOWN
                )
                yield Violation(
                    f"IP configuration {config.name}: {unknown} not known until deployment",
                    key=config.name,
                    status=Status.UNKNOWN,
                    severity=Severity.INFO,
                )
            elif str(config.allocation).lower() != "static":
                yield Violation(
                    f"IP configuration {config.name} uses {config.allocation} allocation, not Static",
                    key=config.name,
                    evidence={"ip_configuration": config.name, "allocation": str(config.allocation)},
                )
            elif config.address is None:
                yield Violation(f"IP configuration {config.name} is Static but has no address", key=config.name)


def _is_ipv6_only(subject: DeclaredNic) -> bool:
    # A configuration without a known address is already reported on its own (Dynamic, Static
    # without address, not known yet); only a NIC whose every address is known can lack IPv4.
    addresses = [config.address for config in subject.ip_configurations]
    if not addresses or any(address is None or address is UNKNOWN for address in addresses):
        return False
    return all(address.version != 4 for address in addresses)
