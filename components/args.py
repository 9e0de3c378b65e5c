"""The StaticNic's arguments: typed, with the NIC's declared truth in plain fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pulumi

from .claims import ClaimRegistry


@dataclass(frozen=True)
class IpConfig:
    """One IP configuration: a static private IPv4 or IPv6 address in the NIC's subnet.

    With one configuration it is the primary one; with several, mark exactly one primary.
    """

    name: str
    address: pulumi.Input[str]
    primary: bool = False


@dataclass(frozen=True)
class StaticNicArgs:
    resource_group_name: pulumi.Input[str]
    subnet_id: pulumi.Input[str]
    # The subnet's address prefixes, for checking addresses before Azure does; pass the
    # same plain values the subnet is created with so the check also runs at preview.
    subnet_prefixes: pulumi.Input[Sequence[pulumi.Input[str]]]
    ip_configurations: Sequence[IpConfig]
    # [] (or ["AzureProvidedDNS"]) inherits the VNet's servers, else Azure DNS.
    dns_servers: pulumi.Input[Sequence[pulumi.Input[str]]] = ()
    location: pulumi.Input[str] | None = None
    nic_name: pulumi.Input[str] | None = None  # the Azure name; None lets Pulumi auto-name it
    accelerated_networking: bool = False
    network_security_group_id: pulumi.Input[str] | None = None
    tags: Mapping[str, pulumi.Input[str]] = field(default_factory=dict)
    # Options for the NetworkInterface child (protect, ignore_changes, ...); its parent is
    # always the component.
    nic_options: pulumi.ResourceOptions | None = None
    # None: the registry shared by all StaticNics of the running stack.
    registry: ClaimRegistry | None = None

    def primary_flags(self) -> tuple[bool, ...]:
        single = len(self.ip_configurations) == 1
        return tuple(config.primary or single for config in self.ip_configurations)
