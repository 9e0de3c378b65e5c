from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import NicPair
from ...core.net import resource_key
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DRIFT


class NicIpDiffersFromDeclared(Rule):
    """A NIC's IP configurations in Azure differ from the declaration (address, subnet, set).

    **Why it matters**
    Someone changed the NIC outside Pulumi (portal, CLI, a reset). The next `pulumi up`
    moves it back and the guest loses the address it uses now, or the declaration no
    longer describes the estate.

    **Non-compliant**
    ```text
    declared: ipconfig1 10.0.1.10   Azure: ipconfig1 10.0.1.42
    ```

    **Compliant**
    ```text
    declared: ipconfig1 10.0.1.10   Azure: ipconfig1 10.0.1.10
    ```

    **References**
    - https://www.pulumi.com/docs/iac/operations/stack-management/drift/
    """

    id = "NG212"
    name = "nic-ip-differs-from-declared"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = NicPair
    remediation = REMEDIATION_DRIFT

    def check(self, subject: NicPair, settings: Settings) -> Iterator[Violation]:
        if subject.azure is None:
            return
        actual = {c.name.lower(): c for c in subject.azure.ip_configurations}
        declared_subnet = subject.declared.subnet_id
        for config in subject.declared.ip_configurations:
            held = actual.pop(config.name.lower(), None)
            if held is None:
                yield Violation(f"IP configuration {config.name} ({config.address}) is missing in Azure", key=config.name)
                continue
            if config.address is not UNKNOWN and config.address != held.address:
                yield Violation(
                    f"IP configuration {config.name} is {held.address} in Azure, declared {config.address}",
                    key=config.name,
                    evidence={"declared": str(config.address), "azure": str(held.address)},
                )
            if (
                declared_subnet is not UNKNOWN
                and held.subnet_id is not None
                and resource_key(declared_subnet) != resource_key(held.subnet_id)
            ):
                yield Violation(
                    f"IP configuration {config.name} is in subnet {held.subnet_id}, declared {declared_subnet}",
                    key=f"{config.name}:subnet",
                    evidence={"declared_subnet": declared_subnet, "azure_subnet": held.subnet_id},
                )
        for extra in actual.values():
            yield Violation(
                f"IP configuration {extra.name} ({extra.address}) exists in Azure but is not declared",
                key=extra.name,
                evidence={"azure": str(extra.address)},
            )
