from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.judge import judge_guest_dns
from ...core.settings import Settings
from ...scanner.model import ChangeKind, GuestChange
from ..base import Rule, Violation
from ._shared import RESET_NIC, evidence, listed, multi_ip, where


class ScriptSetsGuestDns(Rule):
    """A script, cloud-init document or template sets DNS servers inside the guest.

    **Why it matters**
    Azure hands each NIC its DNS servers by DHCP (the NIC's list, else the VNet's, else
    168.63.129.16). Servers set in the guest are erased when Azure replaces the virtual
    adapter, and while they last they bypass what the NIC or VNet says: a different list
    breaks name resolution (Azure's private DNS zones, domain joins), an equal one is
    unneeded and fragile. A domain controller pointing at itself is right only when Azure
    hands out its address (judged with the stack in the policy pack), or when the server is
    listed in `allowed_dns_servers`. Severity follows `core.judge`.

    **Non-compliant**
    ```powershell
    Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4, 8.8.8.8
    ```
    ```sh
    echo "nameserver 8.8.8.8" > /etc/resolv.conf
    ```

    **Compliant**
    ```python
    StaticNic("web", dns_servers=["10.0.0.4", "10.0.0.5"], ...)  # or on the VNet
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/custom-dns-configuration-for-azure-linux-vms
    """

    id = "NG402"
    name = "script-sets-guest-dns"
    category = Category.GUEST_DNS_OVERRIDE
    severity = Severity.ERROR
    subject_type = GuestChange
    remediation = (
        "Remove the DNS setting from the script or config and let the guest take DNS from DHCP; set the "
        "servers on the Azure NIC or VNet through the nicguard component (list a domain controller that "
        "must point at itself in allowed_dns_servers). " + RESET_NIC
    )

    def check(self, subject: GuestChange, settings: Settings) -> Iterator[Violation]:
        if subject.kind is not ChangeKind.DNS_SET:
            return
        context = subject.context
        if not subject.dns_servers:
            yield Violation(
                f"{subject.tool} replaces the guest's DNS servers{where(subject)} with ones not visible here",
                key="dns-set",
                evidence=evidence(subject),
            )
            return
        verdict = judge_guest_dns(
            subject.dns_servers,
            context.effective_dns,
            context.own_addresses,
            settings.allowed_dns_servers,
            multi_ip=multi_ip(subject),
        )
        yield Violation(
            f"{subject.tool} sets DNS {listed(subject.dns_servers)}{where(subject)}: {verdict.reason}",
            key=f"dns-set:{listed(subject.dns_servers)}",
            severity=verdict.severity,
            evidence=evidence(subject, dns_servers=listed(subject.dns_servers)),
        )
