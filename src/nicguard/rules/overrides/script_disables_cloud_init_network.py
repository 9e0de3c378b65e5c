from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.settings import Settings
from ...scanner.model import ChangeKind, GuestChange
from ..base import Rule, Violation
from ._shared import evidence


class ScriptDisablesCloudInitNetwork(Rule):
    """A script or image config turns off cloud-init's network configuration (`network: {config: disabled}`).

    **Why it matters**
    On Azure, cloud-init writes the guest's network configuration from the instance metadata
    at every boot: the NIC's addresses (secondary ones included) and new NICs. Turning it off
    is what makes hand-written netplan or ifcfg files stick, so it usually comes with a
    static override, and Azure-side changes (a new IP configuration, a second NIC) stop
    reaching the guest. The guest keeps DHCP on its first NIC, so this is a warning.

    **Non-compliant**
    ```sh
    echo 'network: {config: disabled}' > /etc/cloud/cloud.cfg.d/99-disable-network-config.cfg
    ```

    **Compliant**
    ```python
    # add the address or NIC on the Azure side; cloud-init configures the guest at boot
    StaticNic("web", ip_configurations=[..., IpConfig("ipconfig2", "10.0.1.51")], ...)
    ```

    **References**
    - https://cloudinit.readthedocs.io/en/latest/reference/datasources/azure.html
    - https://learn.microsoft.com/troubleshoot/azure/virtual-machines/linux/linux-vm-multiple-virtual-network-interfaces-configuration
    """

    id = "NG405"
    name = "script-disables-cloud-init-network"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.WARNING
    subject_type = GuestChange
    remediation = (
        "Remove the file that sets `network: {config: disabled}` (usually "
        "/etc/cloud/cloud.cfg.d/99-disable-network-config.cfg) so cloud-init applies Azure's network "
        "configuration at boot; declare extra addresses and NICs on the Azure side through the nicguard component."
    )

    def check(self, subject: GuestChange, settings: Settings) -> Iterator[Violation]:
        if subject.kind is ChangeKind.NETWORK_CONFIG_DISABLED:
            yield Violation(
                f"{subject.tool}: Azure's network configuration (addresses, new NICs) no longer reaches the guest at boot",
                key="network-config-disabled",
                evidence=evidence(subject),
            )
