from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import AllocationMethod, NicPair
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DRIFT


class NicIpAllocationDynamic(Rule):
    """A declared-static IP configuration is Dynamic in Azure, even if the address matches.

    **Why it matters**
    A Dynamic address is kept across restarts but can be handed to another resource
    when the IP configuration changes; the declaration promised a pinned address.

    **Non-compliant**
    ```text
    declared: ipconfig1 10.0.1.10 Static   Azure: ipconfig1 10.0.1.10 Dynamic
    ```

    **Compliant**
    ```text
    declared: ipconfig1 10.0.1.10 Static   Azure: ipconfig1 10.0.1.10 Static
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-network-interface-addresses
    """

    id = "NG211"
    name = "nic-ip-allocation-dynamic"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = NicPair
    remediation = REMEDIATION_DRIFT

    def check(self, subject: NicPair, settings: Settings) -> Iterator[Violation]:
        if subject.azure is None:
            return
        # Only a configuration declared Static promises a pinned address (a stack export may
        # carry a NIC that was declared Dynamic; NG201 is the rule for that declaration).
        declared_names = {
            c.name.lower()
            for c in subject.declared.ip_configurations
            if c.allocation is not UNKNOWN and str(c.allocation).lower() == "static"
        }
        for config in subject.azure.ip_configurations:
            if config.name.lower() in declared_names and config.allocation is not AllocationMethod.STATIC:
                yield Violation(
                    f"IP configuration {config.name} ({config.address}) is {config.allocation.value} in Azure, declared Static",
                    key=config.name,
                    evidence={"ip_configuration": config.name, "azure_allocation": config.allocation.value},
                )
