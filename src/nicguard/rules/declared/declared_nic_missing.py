from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import NicPair
from ...core.settings import Settings
from ..base import Rule, Violation
from ._shared import REMEDIATION_DRIFT


class DeclaredNicMissing(Rule):
    """A NIC in the declaration manifest does not exist in Azure.

    **Why it matters**
    The NIC was deleted or replaced out of band (a portal "reset", a script). A
    replacement NIC gets a new MAC and possibly a new address; the guest may still carry
    settings for the old adapter.

    **Non-compliant**
    ```text
    manifest: /subscriptions/.../networkInterfaces/nic-web  ->  Azure: 404 Not Found
    ```

    **Compliant**
    ```text
    every NIC in `pulumi stack output nicguardManifest --json` exists in Azure
    ```

    **References**
    - https://www.pulumi.com/docs/iac/operations/stack-management/drift/
    """

    id = "NG210"
    name = "declared-nic-missing"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = NicPair
    remediation = REMEDIATION_DRIFT

    def check(self, subject: NicPair, settings: Settings) -> Iterator[Violation]:
        if subject.azure is None:
            yield Violation(
                f"declared NIC {subject.declared.name} was not found in Azure",
                evidence={"declared_id": str(subject.declared.id)},
            )
