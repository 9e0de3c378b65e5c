from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import COMPONENT_TYPE, NicOrigin
from ...core.settings import Settings
from ..base import Rule, Violation


class UnmanagedNic(Rule):
    """A NIC is not declared through the nicguard component.

    **Why it matters**
    Only NICs declared through the component have a declared IP and DNS to hold Azure
    and the guest to; other NICs can drift unseen. Advisory: bring them under the
    component when you can.

    **Non-compliant**
    ```python
    network.NetworkInterface("legacy", ip_configurations=[...])  # created directly
    ```

    **Compliant**
    ```python
    StaticNic("legacy", ...)  # tagged managed-by: nicguard, listed in the manifest
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface
    """

    id = "NG501"
    name = "unmanaged-nic"
    category = Category.UNMANAGED
    severity = Severity.INFO
    subject_type = NicOrigin
    remediation = (
        "Declare the NIC through the nicguard component (nicguard:network:StaticNic) so its IP and "
        "DNS have one source of truth, or waive NG501 for it with a reason."
    )

    def check(self, subject: NicOrigin, settings: Settings) -> Iterator[Violation]:
        key, value = settings.managed_tag
        tagged = {k.lower(): str(v).lower() for k, v in subject.tags.items()}.get(key.lower()) == value.lower()
        if tagged or subject.in_manifest or subject.parent_type == COMPONENT_TYPE:
            return
        yield Violation(
            "NIC is not declared through the nicguard component",
            evidence={"tag": f"{key}={value} missing"},
        )
