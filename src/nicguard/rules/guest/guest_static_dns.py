from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity, Status
from ...core.guest_view import VmView
from ...core.judge import judge_guest_dns
from ...core.model import DnsSource
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DNS, dns_by_interface, listed, nic_for_interface, readable, where


class GuestStaticDns(Rule):
    """The guest OS sets its DNS servers statically instead of taking Azure's from DHCP.

    **Why it matters**
    Azure hands each NIC its DNS servers (NIC list, else VNet list, else 168.63.129.16).
    Servers typed into the guest ignore every later change on the NIC or VNet, and Microsoft
    warns they can be erased when Azure replaces the virtual adapter. Servers that differ
    from Azure's break name resolution the day they go away. A DNS server VM (a domain
    controller) pointing at itself while Azure hands out its address is documented practice.

    **Non-compliant**
    ```powershell
    Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 8.8.8.8
    ```

    **Compliant**
    ```python
    # DNS on the NIC (or the VNet); the guest keeps DHCP-provided DNS
    StaticNic("web", StaticNicArgs(dns_servers=["10.0.0.4", "10.0.0.5"], ...))
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/custom-dns-configuration-for-azure-linux-vms
    """

    id = "NG303"
    name = "guest-static-dns"
    category = Category.GUEST_DNS_OVERRIDE
    severity = Severity.ERROR
    subject_type = VmView
    remediation = REMEDIATION_DNS

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        guest = readable(subject)
        if guest is None:
            return
        for interface, servers in dns_by_interface(guest, DnsSource.STATIC).items():
            nic_view = nic_for_interface(subject, interface)
            evidence = {"interface": where(interface), "guest_dns": listed(servers)}
            if nic_view is None or nic_view.effective_dns is UNKNOWN:
                yield Violation(
                    f"{where(interface)}: static DNS {listed(servers)} set in the guest; Azure's DNS for "
                    "this NIC is not known here, so its severity cannot be judged",
                    key=where(interface),
                    severity=Severity.WARNING,
                    status=Status.UNKNOWN,
                    evidence=evidence,
                )
                continue
            verdict = judge_guest_dns(
                servers,
                nic_view.effective_dns,
                subject.own_addresses(),
                settings.allowed_dns_servers,
                multi_ip=nic_view.multi_ip,
            )
            yield Violation(
                f"{where(interface)}: {verdict.reason}",
                key=where(interface),
                severity=verdict.severity,
                evidence={**evidence, "azure_dns": nic_view.effective_dns.describe()},
            )
