from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import NicPair
from ...core.net import resource_key, resource_name
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation
from ._shared import REMEDIATION_DRIFT


class NicVmDiffersFromDeclared(Rule):
    """A declared NIC is attached to another VM in Azure, or to none (its VM was deleted).

    **Why it matters**
    The declaration says which VM owns the NIC's addresses. A NIC left behind by a deleted
    VM still holds its static addresses (nobody else can take them), and a NIC moved to
    another VM gives that VM an identity the declaration never gave it.

    **Non-compliant**
    ```text
    manifest: nic-web -> vm-web      Azure: nic-web attached to no VM (vm-web deleted)
    ```

    **Compliant**
    ```text
    manifest: nic-web -> vm-web      Azure: nic-web attached to vm-web
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface-vm
    """

    id = "NG214"
    name = "nic-vm-differs-from-declared"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = NicPair
    remediation = REMEDIATION_DRIFT

    def check(self, subject: NicPair, settings: Settings) -> Iterator[Violation]:
        declared = subject.declared.vm
        if subject.azure is None or declared is UNKNOWN or not declared:
            return
        attached = subject.azure.vm_id
        if attached is not None and _same_vm(declared, attached):
            return
        where = f"attached to {attached}" if attached else "attached to no VM"
        yield Violation(
            f"NIC is {where} in Azure, declared for {declared}",
            evidence={"declared_vm": declared, "azure_vm": attached or "none"},
        )


def _same_vm(declared: str, attached: str) -> bool:
    """The manifest names a VM by id (the component) or, when written by hand, by name."""
    if "/" in declared:
        return resource_key(declared) == resource_key(attached)
    return declared.lower() == resource_name(attached).lower()
