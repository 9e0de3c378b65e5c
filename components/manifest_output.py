"""The declaration manifest as a stack output (format: docs/manifest.md).

Export it under ``MANIFEST_OUTPUT`` ("nicguardManifest"); the drift check reads it with
``pulumi stack output nicguardManifest --json``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import pulumi

from nicguard.core.manifest import MANIFEST_OUTPUT, manifest_data
from nicguard.core.model import DeclaredNic

from .static_nic import StaticNic

__all__ = ["MANIFEST_OUTPUT", "manifest_output"]


def manifest_output(
    nics: Sequence[StaticNic], vm_ids: Mapping[StaticNic, pulumi.Input[str]] | None = None
) -> pulumi.Output[dict[str, Any]]:
    """The manifest of ``nics``; ``vm_ids`` names the VM each NIC is attached to (by NIC).

    The VM is created after its NIC, so the NIC cannot know it: pass ``{nic: vm.id}``.
    """
    vm_ids = vm_ids or {}
    strays = [nic for nic in vm_ids if nic not in nics]
    if strays:
        names = ", ".join(nic.pulumi_resource_name for nic in strays)
        raise ValueError(f"vm_ids names StaticNics that are not in nics: {names}")
    entries = [pulumi.Output.all(nic.declaration(), vm_ids.get(nic)).apply(_with_vm) for nic in nics]
    return pulumi.Output.all(*entries).apply(manifest_data)


def _with_vm(values: list[Any]) -> DeclaredNic:
    declared, vm_id = values
    return dataclasses.replace(declared, vm=vm_id)
