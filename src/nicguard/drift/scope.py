"""Which VMs and NICs a run reports on: subscriptions, resource groups, tags, name globs, shard.

Sharding hashes the lower-cased VM id (SHA-256, so every runner and every Python
agrees) into N buckets; ``--shard I/N`` keeps bucket I (1-based, as CI matrices
count). A NIC that no VM holds is placed by its own id. The inventory is always
whole: scope only decides what is *reported*.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..azure.arm_json import resource_group_of, subscription_of
from ..core.net import resource_key, resource_name
from ..errors import InputError


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse_shard(text: str) -> Shard:
    index, sep, count = text.partition("/")
    try:
        shard = Shard(int(index), int(count))
    except ValueError:
        shard = None
    if not sep or shard is None or not 1 <= shard.index <= shard.count:
        raise InputError(f"--shard {text!r}: expected I/N with 1 <= I <= N (e.g. 2/8)")
    return shard


def parse_tag(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise InputError(f"--tag {text!r}: expected KEY=VALUE")
    return key, value


def bucket_of(resource_id: str, count: int) -> int:
    """1-based bucket of a resource id; stable across runs, machines and Python versions."""
    digest = hashlib.sha256(resource_key(resource_id).encode()).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


@dataclass(frozen=True)
class Scope:
    subscriptions: tuple[str, ...] = ()  # empty: every subscription in the inventory
    resource_groups: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()
    vm_patterns: tuple[str, ...] = ()
    shard: Shard | None = None

    @property
    def filters_vms(self) -> bool:
        """Tags and name globs describe VMs, so a NIC without a VM cannot match them."""
        return bool(self.tags or self.vm_patterns)

    @property
    def filters_place(self) -> bool:
        """Filters a person names (resource groups, tags, VM globs), as opposed to a shard."""
        return bool(self.resource_groups or self.filters_vms)

    def _in_place(self, resource_id: str) -> bool:
        subscriptions = {s.lower() for s in self.subscriptions}
        groups = {g.lower() for g in self.resource_groups}
        return (not subscriptions or subscription_of(resource_id).lower() in subscriptions) and (
            not groups or resource_group_of(resource_id).lower() in groups
        )

    def _in_shard(self, resource_id: str) -> bool:
        return self.shard is None or bucket_of(resource_id, self.shard.count) == self.shard.index

    def selects_vm(self, vm_id: str, tags: Mapping[str, str]) -> bool:
        lowered = {k.lower(): v for k, v in tags.items()}
        name = resource_name(vm_id).lower()
        return (
            self._in_place(vm_id)
            and all(lowered.get(k.lower()) == v for k, v in self.tags)
            and (not self.vm_patterns or any(fnmatch.fnmatchcase(name, p.lower()) for p in self.vm_patterns))
            and self._in_shard(vm_id)
        )

    def selects_loose_nic(self, nic_id: str) -> bool:
        """A NIC no VM holds: in scope by place and its own shard bucket, never by VM filters."""
        return not self.filters_vms and self._in_place(nic_id) and self._in_shard(nic_id)

    def describe(self) -> Sequence[tuple[str, str]]:
        parts = [
            ("subscriptions", ",".join(self.subscriptions)),
            ("resource_groups", ",".join(self.resource_groups)),
            ("tags", ",".join(f"{k}={v}" for k, v in self.tags)),
            ("vm_patterns", ",".join(self.vm_patterns)),
            ("shard", str(self.shard) if self.shard else ""),
        ]
        return [(f"scope.{k}", v) for k, v in parts if v]
