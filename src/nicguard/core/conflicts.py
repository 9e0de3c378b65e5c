"""The conflict index: every address claim in a subnet, sorted once.

Claims come from all layers (declared, Azure, guest-observed, other holders such as a
load balancer frontend). Sorting by (subnet, address) makes every check a walk over
adjacent claims: O(n log n) for n claims, never pairwise.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import groupby

from .model import DeclaredNic
from .net import IPAddress, IPNetwork, resource_key
from .unknown import UNKNOWN, Maybe


class Layer(StrEnum):
    DECLARED = "declared"
    AZURE = "azure"
    GUEST = "guest"
    OTHER = "other"  # a non-NIC holder: load balancer frontend, private endpoint, ...


@dataclass(frozen=True)
class AddressClaim:
    subnet_id: str
    address: IPAddress
    owner: str  # the NIC or resource holding or claiming the address
    layer: Layer
    subject: str  # what a finding names (URN, resource id, VM)
    label: str = ""  # e.g. the IP configuration's name

    @property
    def owner_key(self) -> str:
        return resource_key(self.owner)

    def describe(self) -> str:
        suffix = f" ({self.label})" if self.label else ""
        return f"{self.owner}{suffix} [{self.layer.value}]"


def declared_claims(nic: DeclaredNic, subnet_labels: Sequence[str]) -> list[AddressClaim]:
    """The claims of a declared NIC, one per known address, in the subnet each IP
    configuration names (``subnet_labels[i]`` for configuration ``i``). Each configuration is
    its own owner, so the duplicate rule also sees an address used twice inside one NIC."""
    return [
        AddressClaim(
            subnet_id=label,
            address=config.address,
            owner=f"{nic.name}/{config.name}",
            layer=Layer.DECLARED,
            subject=nic.subject,
        )
        for config, label in zip(nic.ip_configurations, subnet_labels)
        if isinstance(config.address, IPAddress)
    ]


def _sort_key(claim: AddressClaim) -> tuple[int, int]:
    return claim.address.version, int(claim.address)


@dataclass(frozen=True)
class SubnetClaims:
    """All claims on one subnet, sorted by address: the subject of the ip-conflict rules."""

    subnet_id: str
    prefixes: Maybe[tuple[IPNetwork, ...]]
    claims: tuple[AddressClaim, ...]

    def __post_init__(self) -> None:
        # Rules walk adjacent claims; keep the order an invariant of the type, not of the caller.
        object.__setattr__(self, "claims", tuple(sorted(self.claims, key=_sort_key)))

    @property
    def subject(self) -> str:
        return self.subnet_id

    def by_address(self) -> Iterator[tuple[IPAddress, tuple[AddressClaim, ...]]]:
        for address, group in groupby(self.claims, key=lambda c: c.address):
            yield address, tuple(group)


def index_claims(
    claims: Iterable[AddressClaim],
    prefixes: Mapping[str, Maybe[tuple[IPNetwork, ...]]] | None = None,
) -> list[SubnetClaims]:
    """Group claims by subnet (ids compared case-insensitively), each sorted by address."""
    prefixes_by_key = {resource_key(k): v for k, v in (prefixes or {}).items()}
    ordered = sorted(claims, key=lambda c: (resource_key(c.subnet_id), *_sort_key(c)))
    views = []
    for key, group in groupby(ordered, key=lambda c: resource_key(c.subnet_id)):
        members = tuple(group)
        views.append(SubnetClaims(members[0].subnet_id, prefixes_by_key.get(key, UNKNOWN), members))
    return views
