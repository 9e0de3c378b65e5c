from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.settings import Settings
from ...scanner.model import ChangeKind, GuestChange
from ..base import Rule, Violation
from ._shared import RESET_NIC, evidence


class ScriptLocksResolvConf(Rule):
    """A script stops DHCP from updating the guest's DNS servers (immutable resolv.conf, make_resolv_conf stub).

    **Why it matters**
    `chattr +i /etc/resolv.conf` or a dhclient hook that replaces `make_resolv_conf` freezes
    whatever DNS servers the file holds: a DNS change on the NIC or VNet never reaches the
    guest, and package upgrades or cloud-init that need to rewrite the file fail.

    **Non-compliant**
    ```sh
    echo "nameserver 10.0.0.4" > /etc/resolv.conf && chattr +i /etc/resolv.conf
    ```
    ```sh
    # /etc/dhcp/dhclient-enter-hooks.d/nodnsupdate
    make_resolv_conf() { :; }
    ```

    **Compliant**
    ```python
    StaticNic("web", dns_servers=["10.0.0.4"], ...)  # DHCP brings it to the guest
    ```

    **References**
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/custom-dns-configuration-for-azure-linux-vms
    - https://wiki.debian.org/resolv.conf
    """

    id = "NG404"
    name = "script-locks-resolv-conf"
    category = Category.GUEST_DNS_OVERRIDE
    severity = Severity.ERROR
    subject_type = GuestChange
    remediation = (
        "Remove the lock (`chattr -i /etc/resolv.conf`, delete the make_resolv_conf override) so DHCP can "
        "write the servers; set DNS on the Azure NIC or VNet through the nicguard component. " + RESET_NIC
    )

    def check(self, subject: GuestChange, settings: Settings) -> Iterator[Violation]:
        if subject.kind is ChangeKind.RESOLV_CONF_LOCKED:
            yield Violation(
                f"{subject.tool}: DHCP can no longer update the guest's DNS servers",
                key="resolv-conf-locked",
                evidence=evidence(subject),
            )
