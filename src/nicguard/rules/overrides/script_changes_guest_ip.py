from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.judge import judge_guest_address
from ...core.settings import Settings
from ...scanner.model import ChangeKind, GuestChange
from ..base import Rule, Violation
from ._shared import RESET_NIC, evidence, listed, multi_ip, nic_addresses, nic_known, where


class ScriptChangesGuestIp(Rule):
    """A script, cloud-init document or template sets or removes an IP address inside the guest.

    **Why it matters**
    Azure delivers traffic only to the addresses of the VM's NIC, handed out by DHCP. An
    address set in the guest that differs from the NIC's cuts the VM off (often only after
    the next reboot or service healing); one that equals it is lost when Azure replaces the
    virtual adapter; removing the NIC's address cuts the VM off at once. Microsoft documents
    one exception: on a multi-IP VM the NIC's own addresses may be set in the guest.
    Severity follows `core.judge`: different from the NIC's (or not known, in a bare file)
    is an error, equal is a warning, the multi-IP pattern is info (a warning in a bare file,
    where it cannot be checked).

    **Non-compliant**
    ```powershell
    New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.50 -PrefixLength 24
    ```
    ```yaml
    runcmd:
      - ip addr add 10.0.1.50/24 dev eth0
    ```

    **Compliant**
    ```python
    StaticNic("web", ip_configurations=[IpConfig("ipconfig1", "10.0.1.50", primary=True)], ...)
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-network-interface-addresses
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-multiple-ip-addresses-portal
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq
    """

    id = "NG401"
    name = "script-changes-guest-ip"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.ERROR
    subject_type = GuestChange
    remediation = (
        "Remove the address change from the script or config and keep the guest on DHCP; declare the "
        "address as a static IP configuration on the Azure NIC through the nicguard component (extra "
        "addresses as extra IP configurations; only a Windows multi-IP VM may then set exactly those in "
        "the guest). " + RESET_NIC
    )

    def check(self, subject: GuestChange, settings: Settings) -> Iterator[Violation]:
        if subject.kind is ChangeKind.ADDRESS_SET:
            yield from self._set(subject)
        elif subject.kind is ChangeKind.ADDRESS_REMOVED:
            yield from self._removed(subject)

    def _set(self, change: GuestChange) -> Iterator[Violation]:
        if not change.addresses:
            yield Violation(
                f"{change.tool} sets a static address{where(change)} whose value is not visible here",
                key="address-set",
                evidence=evidence(change),
            )
            return
        for address in change.addresses:
            verdict = judge_guest_address(address, nic_addresses(change), multi_ip(change))
            yield Violation(
                f"{change.tool} sets {address}{where(change)}: {verdict.reason}",
                key=f"address-set:{address}",
                severity=verdict.severity,
                evidence=evidence(change, address=str(address)),
            )

    def _removed(self, change: GuestChange) -> Iterator[Violation]:
        if not change.addresses:
            yield Violation(
                f"{change.tool} removes every address{where(change)}, including the one Azure's DHCP assigned",
                key="address-removed",
                evidence=evidence(change),
            )
            return
        held = nic_addresses(change) if nic_known(change) else None
        for address in change.addresses:
            if held is not None and address not in held:
                continue  # taking a stray address off is a clean-up, not an override
            reason = "the NIC's address" if held is not None else "maybe the NIC's address (not known here)"
            yield Violation(
                f"{change.tool} removes {address}{where(change)}: {reason}; the VM loses it until DHCP renews",
                key=f"address-removed:{address}",
                evidence=evidence(change, address=str(address), nic_addresses=listed(held or ())),
            )
