from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity, Status
from ...core.guest_view import VmView, routable
from ...core.judge import Verdict, judge_guest_address
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import REMEDIATION_IP, primary_match, readable, worst


class GuestDhcpDisabled(Rule):
    """The guest OS has DHCP disabled on the interface of the VM's primary NIC.

    **Why it matters**
    Azure hands every NIC its address, gateway and DNS servers over DHCP. With DHCP off,
    the guest keeps whatever was typed in: it misses every change made on the NIC, and it
    is cut off the moment Azure replaces the adapter or the NIC's address changes.
    Microsoft documents DHCP off only for multi-IP Windows VMs, where every address is then
    set in the guest exactly as Azure holds it.

    **Non-compliant**
    ```yaml
    # /etc/netplan/50-cloud-init.yaml
    network: {ethernets: {eth0: {dhcp4: false, addresses: [10.0.1.10/24]}}}
    ```

    **Compliant**
    ```yaml
    network: {ethernets: {eth0: {dhcp4: true}}}
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-network-interface-addresses
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-multiple-ip-addresses-portal
    """

    id = "NG302"
    name = "guest-dhcp-disabled"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.ERROR
    subject_type = VmView
    remediation = REMEDIATION_IP

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        if readable(subject) is None:
            return
        match = primary_match(subject)
        if match is None or match.nic is None:
            yield from self._without_nic(subject)
            return
        interface, nic_view = match.interface, match.nic
        if interface.dhcp_enabled is None:
            yield Violation(
                f"could not tell whether DHCP is enabled on {interface.name}: no configuration source was visible",
                key=interface.name,
                severity=Severity.INFO,
                status=Status.UNKNOWN,
            )
            return
        if interface.dhcp_enabled:
            return
        verdicts = [
            judge_guest_address(a.address, nic_view.nic.addresses, multi_ip=nic_view.multi_ip)
            for a in routable(interface.addresses)
            if a.address.version == 4
        ]
        verdict = worst(verdicts) or Verdict(Severity.ERROR, "and it holds no IPv4 address at all")
        yield Violation(
            f"DHCP is disabled on {interface.name} (NIC {nic_view.nic.name}): {verdict.reason}",
            key=interface.name,
            severity=verdict.severity,
            evidence={"interface": interface.name, "nic": nic_view.nic.id},
        )

    def _without_nic(self, subject: VmView) -> Iterator[Violation]:
        """A paste-in that could not tell the NIC's address (no --nic-ip, no DHCP offer): DHCP off
        on the guest's first addressed adapter is still reported, its severity UNKNOWN."""
        if subject.nics_complete or subject.primary_nic is not None and subject.primary_nic.nic.addresses:
            return
        unmatched = [m.interface for m in subject.matches() if m.nic is None and any(routable(m.interface.addresses))]
        if unmatched and unmatched[0].dhcp_enabled is False:
            interface = unmatched[0]
            yield Violation(
                f"DHCP is disabled on {interface.name}; the NIC's address is not known here (pass --nic-ip), "
                "so its severity cannot be judged",
                key=interface.name,
                severity=Severity.WARNING,
                status=Status.UNKNOWN,
                evidence={"interface": interface.name},
            )
