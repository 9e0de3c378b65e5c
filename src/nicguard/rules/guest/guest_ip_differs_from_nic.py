from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.guest_view import VmView, routable
from ...core.judge import judge_guest_address
from ...core.model import AddressOrigin
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import REMEDIATION_IP, listed, readable


class GuestIpDiffersFromNic(Rule):
    """The guest OS sets an IP address statically that is not the one its Azure NIC holds.

    **Why it matters**
    Azure delivers traffic for an address only to the NIC that holds it. A guest with a
    static address that differs from its NIC's loses all connectivity, RDP and SSH included;
    one that equals the NIC's works until Azure replaces the virtual adapter (service
    healing, resize, NIC reset), when the setting is lost or clings to a ghost adapter. On a
    multi-IP VM Microsoft documents static addresses in the guest, but the guest's primary
    address must still be the NIC's primary: a swap moves the VM's source address.

    **Non-compliant**
    ```powershell
    # the NIC holds 10.0.1.10
    New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.50 -PrefixLength 24 -DefaultGateway 10.0.1.1
    ```

    **Compliant**
    ```python
    # the address lives on the NIC; the guest stays on DHCP
    StaticNic("web", StaticNicArgs(ip_configurations=[IpConfig("ipconfig1", "10.0.1.10", primary=True)]))
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-network-interface-addresses
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-multiple-ip-addresses-portal
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/windows/reset-network-interface
    """

    id = "NG301"
    name = "guest-ip-differs-from-nic"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.ERROR
    subject_type = VmView
    remediation = REMEDIATION_IP

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        if readable(subject) is None:
            return
        matches = subject.matches()
        matched = {id(m.nic) for m in matches if m.nic is not None}
        for nic_view in subject.nics:
            nic = nic_view.nic
            if id(nic_view) not in matched and nic.addresses:
                yield Violation(
                    f"the guest shows no interface for NIC {nic.name} (MAC {nic.mac or 'unknown'}, "
                    f"{listed(nic.addresses)}): the adapter is disabled or set up for another address",
                    key=f"nic:{nic.name}",
                    evidence={"nic": nic.id, "mac": nic.mac or "unknown", "nic_addresses": listed(nic.addresses)},
                )
        for match in matches:
            if match.nic is None:
                continue
            nic, interface = match.nic.nic, match.interface
            statics = [a for a in routable(interface.addresses) if a.origin is AddressOrigin.STATIC]
            for address in statics:
                verdict = judge_guest_address(address.address, nic.addresses, multi_ip=match.nic.multi_ip)
                yield Violation(
                    f"{interface.name}: {verdict.reason}",
                    key=f"{interface.name}:{address.address}",
                    severity=verdict.severity,
                    evidence={
                        "interface": interface.name,
                        "guest_address": str(address.address),
                        "nic_addresses": listed(nic.addresses),
                    },
                )
            guest_primary = next((a.address for a in routable(interface.addresses) if a.address.version == 4), None)
            nic_primary = nic.primary_address
            if statics and match.nic.multi_ip and guest_primary in nic.addresses and guest_primary != nic_primary:
                yield Violation(
                    f"{interface.name}: the guest's primary address is {guest_primary}, the NIC's primary is "
                    f"{nic_primary}: the VM sends from a secondary address",
                    key=f"{interface.name}:primary",
                    severity=Severity.ERROR,
                    evidence={
                        "interface": interface.name,
                        "guest_primary": str(guest_primary),
                        "nic_primary": str(nic_primary),
                    },
                )
