from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.judge import judge_guest_address
from ...core.settings import Settings
from ...scanner.model import ChangeKind, GuestChange
from ..base import Rule, Violation
from ._shared import RESET_NIC, evidence, listed, multi_ip, nic_addresses, where


class ScriptDisablesGuestDhcp(Rule):
    """A script, cloud-init document or template turns DHCP off for a guest interface.

    **Why it matters**
    Azure's DHCP is how the guest learns the NIC's address, and any later change to it. With
    DHCP off the guest keeps whatever the script set: a change on the NIC (or a NIC reset)
    no longer reaches it, and a wrong or missing static address cuts the VM off. The
    severity is that of the static addresses set beside it (`core.judge`): none visible is
    an error; Microsoft's documented multi-IP Windows setup (DHCP off, the NIC's own
    addresses set statically) is info with a stack, a warning in a bare file.

    **Non-compliant**
    ```powershell
    Set-NetIPInterface -InterfaceAlias Ethernet -Dhcp Disabled
    ```
    ```yaml
    network:
      ethernets:
        eth0:
          dhcp4: false
    ```

    **Compliant**
    ```powershell
    Set-NetIPInterface -InterfaceAlias Ethernet -Dhcp Enabled  # the address comes from the NIC
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-network-interface-addresses
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-network-interface
    """

    id = "NG403"
    name = "script-disables-guest-dhcp"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.ERROR
    subject_type = GuestChange
    remediation = (
        "Keep DHCP on in the guest: Azure's DHCP hands out the NIC's static address. Declare the addresses "
        "on the Azure NIC through the nicguard component instead. " + RESET_NIC
    )

    def check(self, subject: GuestChange, settings: Settings) -> Iterator[Violation]:
        if subject.kind is not ChangeKind.DHCP_DISABLED:
            return
        if not subject.addresses:
            yield Violation(
                f"{subject.tool} turns DHCP off{where(subject)} with no static address visible here: the guest may lose its address",
                key="dhcp-disabled",
                evidence=evidence(subject),
            )
            return
        verdicts = [judge_guest_address(a, nic_addresses(subject), multi_ip(subject)) for a in subject.addresses]
        worst = max(verdicts, key=lambda v: v.severity.rank)
        yield Violation(
            f"{subject.tool} turns DHCP off{where(subject)} with static {listed(subject.addresses)}: {worst.reason}",
            key="dhcp-disabled",
            severity=worst.severity,
            evidence=evidence(subject, static_addresses=listed(subject.addresses)),
        )
