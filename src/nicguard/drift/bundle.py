"""Everything one drift run reads, in one value: ARM JSON, guest outputs, the declaration.

A live run collects a ``Bundle`` and reconciles it; ``--save-snapshot`` writes it and
``--snapshot`` reads it back, so the offline path is the live path minus the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..azure.inventory import ArmDocuments
from ..core.model import DeclaredNic


@dataclass(frozen=True)
class GuestRecord:
    """One VM's probe output, or why there is none (stopped, agent not ready, Run Command failed)."""

    stdout: str | None = None
    stderr: str = ""
    unreadable: str | None = None


@dataclass
class Bundle:
    arm: ArmDocuments
    guests: dict[str, GuestRecord] = field(default_factory=dict)  # by VM id as listed
    declared: tuple[DeclaredNic, ...] | None = None  # None: Azure-only mode
    created: str = ""
    cloud: str = "AzureCloud"
