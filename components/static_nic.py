"""StaticNic: an Azure NIC whose private IPs and DNS servers are declared, static and checked.

This is where a VM's IP and DNS settings live (Microsoft's guidance: on the Azure NIC or
VNet, never inside the guest OS). Every IP configuration is Static; DNS servers are set on
the NIC (an empty list inherits the VNet's). The declaration is checked with nicguard's
rules when the component is constructed, and again when Output values resolve.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pulumi
from pulumi_azure_native import network

from nicguard.core.effective import normalise_dns_entries
from nicguard.core.model import COMPONENT_TYPE, DeclaredNic
from nicguard.core.settings import Settings
from nicguard.core.unknown import UNKNOWN

from .claims import ClaimRegistry, stack_registry
from .declaration import check_declaration, subnet_label
from .declared_view import IpConfigValues, declared_nic, ip_version

# Wins over a user tag of the same key: the drift check tells managed NICs apart by it.
MANAGED_TAG = Settings().managed_tag


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


class StaticNic(pulumi.ComponentResource):
    """``StaticNic(name, StaticNicArgs(...), opts)``, or the fields as keywords:
    ``StaticNic(name, subnet_id=..., ip_configurations=[...], ...)``."""

    network_interface: network.NetworkInterface
    network_interface_id: pulumi.Output[str]
    private_ip_addresses: pulumi.Output[list[str]]
    dns_servers: pulumi.Output[list[str]]

    def __init__(
        self,
        name: str,
        args: StaticNicArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **fields: Any,
    ) -> None:
        if args is None:
            args = StaticNicArgs(**fields)
        elif fields:
            raise TypeError(f"StaticNic {name!r}: pass either args or keyword fields, not both")
        registry = args.registry or stack_registry()
        # Checked before registering anything, so a bad declaration leaves no half-made component.
        _check_known_parts(name, args, registry)
        super().__init__(COMPONENT_TYPE, name, None, opts)

        inputs = _NicInputs.gated(name, args, registry)
        self._declared = (name, args, inputs)
        self.network_interface = network.NetworkInterface(
            name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            network_interface_name=args.nic_name,
            ip_configurations=inputs.ip_configurations(args),
            dns_settings={"dns_servers": inputs.dns_servers},
            enable_accelerated_networking=args.accelerated_networking,
            network_security_group=(
                {"id": args.network_security_group_id} if args.network_security_group_id is not None else None
            ),
            tags={**args.tags, MANAGED_TAG[0]: MANAGED_TAG[1]},
            opts=pulumi.ResourceOptions.merge(args.nic_options, pulumi.ResourceOptions(parent=self)),
        )
        self.network_interface_id = self.network_interface.id
        self.private_ip_addresses = pulumi.Output.all(*inputs.addresses)
        self.dns_servers = pulumi.Output.from_input(inputs.dns_servers)
        self.register_outputs(
            {
                "networkInterfaceId": self.network_interface_id,
                "privateIpAddresses": self.private_ip_addresses,
                "dnsServers": self.dns_servers,
            }
        )

    def declaration(self) -> pulumi.Output[DeclaredNic]:
        """The NIC as declared, with its resource id: a manifest entry."""
        # Built on request only: an unused Output that fails would be reported a second time.
        name, args, inputs = self._declared
        return inputs.declaration(name, args, self.network_interface_id)


def _check_known_parts(name: str, args: StaticNicArgs, registry: ClaimRegistry) -> None:
    view = declared_nic(
        name,
        nic_id=UNKNOWN,
        subnet_id=args.subnet_id if isinstance(args.subnet_id, str) else UNKNOWN,
        prefixes=_known_list(args.subnet_prefixes),
        ip_configurations=[
            IpConfigValues(c.name, c.address if isinstance(c.address, str) else UNKNOWN, _is_primary(c, args))
            for c in args.ip_configurations
        ],
        dns_servers=_known_list(args.dns_servers),
    )
    subnet = registry.key_for(args.subnet_id)
    label = subnet_label(args.subnet_id, view.subnet_prefixes)
    registry.add(subnet, check_declaration(view, label, registry.claims_in(subnet)))


@dataclass(frozen=True)
class _NicInputs:
    """The NIC's inputs that come from the declaration. A value given as an Output is
    replaced by one that resolves only after the resolved declaration passed the rules,
    so Azure never receives a value the rules have not seen."""

    subnet_id: pulumi.Input[str]
    addresses: tuple[pulumi.Input[str], ...]
    versions: tuple[pulumi.Input[str], ...]
    primaries: tuple[bool, ...]
    dns_servers: pulumi.Input[list[str]]

    @classmethod
    def gated(cls, name: str, args: StaticNicArgs, registry: ClaimRegistry) -> _NicInputs:
        configs = args.ip_configurations
        primaries = tuple(_is_primary(c, args) for c in configs)
        plain_dns = _plain_list(args.dns_servers)
        plain_prefixes = _plain_list(args.subnet_prefixes)
        if isinstance(args.subnet_id, str) and plain_prefixes is not None and plain_dns is not None and all(
            isinstance(c.address, str) for c in configs
        ):
            return cls(
                subnet_id=args.subnet_id,
                addresses=tuple(c.address for c in configs),
                versions=tuple(ip_version(c.address) for c in configs),
                primaries=primaries,
                dns_servers=list(normalise_dns_entries(plain_dns)),
            )
        checked = pulumi.Output.all(
            subnet_id=args.subnet_id,
            prefixes=_as_input(args.subnet_prefixes),
            addresses=[c.address for c in configs],
            dns_servers=_as_input(args.dns_servers),
        ).apply(lambda values: _check_resolved(name, configs, primaries, values, registry))

        def address(i: int) -> pulumi.Input[str]:
            given = configs[i].address
            return given if isinstance(given, str) else checked.apply(lambda v: v["addresses"][i])

        return cls(
            subnet_id=checked.apply(lambda v: v["subnet_id"]),
            addresses=tuple(address(i) for i in range(len(configs))),
            versions=tuple(pulumi.Output.from_input(address(i)).apply(ip_version) for i in range(len(configs))),
            primaries=primaries,
            dns_servers=(
                list(normalise_dns_entries(plain_dns))
                if plain_dns is not None
                else checked.apply(lambda v: list(normalise_dns_entries(v["dns_servers"])))
            ),
        )

    def ip_configurations(self, args: StaticNicArgs) -> list[dict[str, Any]]:
        return [
            {
                "name": config.name,
                "primary": primary,
                "private_ip_address": address,
                "private_ip_address_version": version,
                "private_ip_allocation_method": "Static",
                # The dict form: SubnetArgs(id=...) would add subnet policy defaults to the NIC.
                "subnet": {"id": self.subnet_id},
            }
            for config, address, version, primary in zip(
                args.ip_configurations, self.addresses, self.versions, self.primaries, strict=True
            )
        ]

    def declaration(self, name: str, args: StaticNicArgs, nic_id: pulumi.Output[str]) -> pulumi.Output[DeclaredNic]:
        return pulumi.Output.all(
            nic_id=nic_id,
            subnet_id=self.subnet_id,
            prefixes=_as_input(args.subnet_prefixes),
            addresses=list(self.addresses),
            dns_servers=self.dns_servers,
        ).apply(
            lambda v: declared_nic(
                name,
                nic_id=v["nic_id"],
                subnet_id=v["subnet_id"],
                prefixes=v["prefixes"],
                ip_configurations=_config_values(args.ip_configurations, self.primaries, v["addresses"]),
                dns_servers=v["dns_servers"],
            )
        )


def _check_resolved(
    name: str,
    configs: Sequence[IpConfig],
    primaries: Sequence[bool],
    values: dict[str, Any],
    registry: ClaimRegistry,
) -> dict[str, Any]:
    view = declared_nic(
        name,
        nic_id=UNKNOWN,
        subnet_id=values["subnet_id"],
        prefixes=values["prefixes"],
        ip_configurations=_config_values(configs, primaries, values["addresses"]),
        dns_servers=values["dns_servers"],
    )
    subnet = registry.key_for(values["subnet_id"])
    registry.add(subnet, check_declaration(view, values["subnet_id"], registry.claims_in(subnet)))
    return values


def _config_values(configs: Sequence[IpConfig], primaries: Sequence[bool], addresses: Sequence[str]) -> list[IpConfigValues]:
    return [IpConfigValues(c.name, a, p) for c, a, p in zip(configs, addresses, primaries, strict=True)]


def _is_primary(config: IpConfig, args: StaticNicArgs) -> bool:
    return config.primary or len(args.ip_configurations) == 1


def _plain_list(value: object) -> list[str] | None:
    """The list if every entry is a plain string, else None (an Output somewhere)."""
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _known_list(value: object) -> Any:
    """A list with UNKNOWN for each Output entry, or UNKNOWN if the whole list is an Output."""
    if isinstance(value, str):
        return value  # declared_nic reports a string where a list belongs
    if isinstance(value, (list, tuple)):
        return [v if isinstance(v, str) else UNKNOWN for v in value]
    return UNKNOWN


def _as_input(value: Any) -> Any:
    """Output.all resolves Outputs nested in lists, not in tuples."""
    return list(value) if isinstance(value, tuple) else value
