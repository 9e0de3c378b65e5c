from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity, Status
from ...core.guest_view import VmView, routable
from ...core.model import AddressOrigin
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import REMEDIATION_IP, readable


class GuestAddressUnknownToAzure(Rule):
    """The guest OS carries an address that no NIC of the VM holds in Azure.

    **Why it matters**
    Azure's virtual network delivers an address only to the NIC that holds it: an address
    Azure does not know gets no traffic, and a guest that answers on it (or sends from it)
    fails in ways that are hard to trace. It usually comes from an extra adapter, an
    `ip addr add` or a lease the guest kept after the NIC's address changed.
    (Static addresses on a NIC's own interface are judged by NG301.)

    **Non-compliant**
    ```bash
    ip addr add 10.0.1.99/24 dev eth0   # no IP configuration of the NIC holds 10.0.1.99
    ```

    **Compliant**
    ```python
    # add the address as an IP configuration of the NIC in the component
    IpConfig("ipconfig2", "10.0.1.99")
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/ip-services/virtual-network-multiple-ip-addresses-portal
    - https://learn.microsoft.com/azure/virtual-network/virtual-networks-faq
    """

    id = "NG305"
    name = "guest-address-unknown-to-azure"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.ERROR
    subject_type = VmView
    remediation = REMEDIATION_IP

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        if readable(subject) is None:
            return
        every_nic_address = {a for n in subject.nics for a in n.nic.addresses}
        for match in subject.matches():
            interface = match.interface
            known = set(match.nic.nic.addresses) if match.nic is not None else every_nic_address
            for address in routable(interface.addresses):
                if address.address in known or (match.nic is not None and address.origin is AddressOrigin.STATIC):
                    continue
                evidence = {
                    "interface": interface.name,
                    "address": str(address.address),
                    "origin": address.origin.value,
                }
                key = f"{interface.name}:{address.address}"
                if match.nic is None and not subject.nics_complete:
                    yield Violation(
                        f"{interface.name} carries {address.address} ({address.origin.value}); which NIC it "
                        "belongs to is not known here (pass --nic-ip)",
                        key=key,
                        severity=Severity.INFO,
                        status=Status.UNKNOWN,
                        evidence=evidence,
                    )
                    continue
                behind = (
                    f"NIC {match.nic.nic.name} does not hold"
                    if match.nic is not None
                    else "no NIC of the VM holds (its MAC matches none)"
                )
                yield Violation(
                    f"{interface.name} carries {address.address} ({address.origin.value}), which {behind} in Azure",
                    key=key,
                    evidence=evidence,
                )
