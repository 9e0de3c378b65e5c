from __future__ import annotations

from collections.abc import Iterator, Sequence

from ...core.effective import EffectiveDns
from ...core.findings import Category, Severity, Status
from ...core.guest_view import VmView
from ...core.model import DnsSource
from ...core.net import IPAddress
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import dns_by_interface, listed, nic_for_interface, readable, where

# glibc's resolver reads at most three nameserver lines (MAXNS), and NetworkManager writes
# only three: a Linux guest showing the first three of Azure's four servers is up to date.
GLIBC_MAX_NAMESERVERS = 3


def as_handed_out(guest: Sequence[IPAddress], azure: EffectiveDns) -> bool:
    """True when the guest's DHCP servers are what Azure hands out (availability-set union allowed)."""
    if not all(s in azure.acceptable for s in guest):
        return False
    wanted = set(azure.servers)
    if len(guest) == GLIBC_MAX_NAMESERVERS:
        wanted = set(azure.servers[:GLIBC_MAX_NAMESERVERS])
    return wanted <= set(guest)


class GuestDnsPendingRenewal(Rule):
    """The guest still uses DNS servers from an old DHCP lease: Azure's have changed since.

    **Why it matters**
    Azure's DHCP lease is practically infinite, so a running guest picks up a DNS change on
    its NIC or VNet only when it renews the lease or restarts. Until then it resolves names
    with the old servers: when those are retired, resolution fails. This is no override,
    only a renewal that has not happened yet.

    **Non-compliant**
    ```python
    # the VNet's DNS moved from 10.0.0.4 to 10.0.0.8; the VM has run since
    Vnet("hub", dns_servers=["10.0.0.8"])
    ```

    **Compliant**
    ```powershell
    ipconfig /renew   # or reboot the VM; Linux: networkctl renew eth0
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances
    - https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface
    """

    id = "NG304"
    name = "guest-dns-pending-renewal"
    category = Category.PENDING_RENEWAL
    severity = Severity.WARNING
    subject_type = VmView
    remediation = (
        "Renew the guest's DHCP lease so it takes Azure's current DNS servers: Windows `ipconfig /renew`; "
        "Linux `networkctl renew eth0` (systemd-networkd), `nmcli device reapply eth0` (NetworkManager) or "
        "`dhclient -r eth0 && dhclient eth0`; or reboot the VM."
    )

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        guest = readable(subject)
        if guest is None:
            return
        for source in (DnsSource.DHCP, DnsSource.UNKNOWN):
            for interface, servers in dns_by_interface(guest, source).items():
                nic_view = nic_for_interface(subject, interface)
                if nic_view is None or nic_view.effective_dns is UNKNOWN:
                    continue
                azure = nic_view.effective_dns
                if as_handed_out(servers, azure) or all(s in settings.allowed_dns_servers for s in servers):
                    continue
                evidence = {"interface": where(interface), "guest_dns": listed(servers), "azure_dns": azure.describe()}
                if source is DnsSource.DHCP:
                    yield Violation(
                        f"{where(interface)}: the guest still uses {listed(servers)} from its last DHCP lease; "
                        f"Azure now hands out {azure.describe()}",
                        key=where(interface),
                        evidence=evidence,
                    )
                else:
                    yield Violation(
                        f"{where(interface)}: the guest uses {listed(servers)}, Azure hands out {azure.describe()}; "
                        "neither a static setting nor a lease was visible, so this is a pending renewal or "
                        "an override that could not be seen",
                        key=where(interface),
                        severity=Severity.INFO,
                        status=Status.UNKNOWN,
                        evidence=evidence,
                    )
