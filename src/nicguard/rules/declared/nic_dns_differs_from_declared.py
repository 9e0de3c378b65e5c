from __future__ import annotations

from collections.abc import Iterator

from ...core.effective import normalise_dns_entries
from ...core.findings import Category, Severity
from ...core.model import NicPair
from ...core.net import try_parse_ip
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DRIFT


class NicDnsDiffersFromDeclared(Rule):
    """A NIC's DNS servers in Azure differ from the declaration (order counts).

    **Why it matters**
    DHCP hands the NIC's list to the guest in order at its next renewal or reboot: an
    out-of-band change reaches the guest later, silently, and `pulumi up` reverts it.

    **Non-compliant**
    ```text
    declared: [10.0.1.4, 10.0.1.5]   Azure: [10.0.1.5, 10.0.1.4]
    ```

    **Compliant**
    ```text
    declared: []   Azure: []   (both inherit the VNet's servers)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances
    """

    id = "NG213"
    name = "nic-dns-differs-from-declared"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = NicPair
    remediation = REMEDIATION_DRIFT

    def check(self, subject: NicPair, settings: Settings) -> Iterator[Violation]:
        if subject.azure is None or subject.declared.dns_servers is UNKNOWN:
            return
        declared = _comparable(subject.declared.dns_servers)
        actual = _comparable(subject.azure.dns_servers)
        if declared != actual:
            shown_declared = ", ".join(declared) or "[] (inherit VNet)"
            shown_actual = ", ".join(actual) or "[] (inherit VNet)"
            yield Violation(
                f"NIC DNS servers are {shown_actual} in Azure, declared {shown_declared}",
                evidence={"declared": shown_declared, "azure": shown_actual},
            )


def _comparable(entries: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(str(try_parse_ip(e) or e) for e in normalise_dns_entries(entries))
