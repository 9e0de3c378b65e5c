"""The NIC's declared inputs, checked by the rules before Azure receives them.

Plain values are checked when the component is constructed (so `pulumi preview` fails on
them). A value given as an Output is checked once it resolves, and the NIC receives an
Output that resolves only after that check passed: Azure never gets a value the rules have
not seen. Plain values stay plain, so policies and reviewers see them at preview.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pulumi

from nicguard.core.effective import normalise_dns_entries
from nicguard.core.model import DeclaredNic
from nicguard.core.unknown import UNKNOWN

from .args import StaticNicArgs
from .claims import ClaimRegistry
from .declaration import check_declaration, subnet_label
from .declared_view import IpConfigValues, declared_nic, ip_version


def check_known_parts(name: str, args: StaticNicArgs, registry: ClaimRegistry) -> None:
    """Check what is known now; Output parts are UNKNOWN to the rules until they resolve."""
    view = declared_nic(
        name,
        nic_id=UNKNOWN,
        subnet_id=args.subnet_id if isinstance(args.subnet_id, str) else UNKNOWN,
        prefixes=_known_list(args.subnet_prefixes),
        ip_configurations=[
            IpConfigValues(c.name, c.address if isinstance(c.address, str) else UNKNOWN, primary)
            for c, primary in zip(args.ip_configurations, args.primary_flags(), strict=True)
        ],
        dns_servers=_known_list(args.dns_servers),
    )
    subnet = registry.key_for(args.subnet_id)
    label = subnet_label(args.subnet_id, view.subnet_prefixes)
    registry.add(subnet, check_declaration(view, label, registry.claims_in(subnet)))


@dataclass(frozen=True)
class NicInputs:
    name: str
    args: StaticNicArgs
    subnet_id: pulumi.Input[str]
    addresses: tuple[pulumi.Input[str], ...]
    versions: tuple[pulumi.Input[str], ...]
    dns_servers: pulumi.Input[list[str]]

    @classmethod
    def checked(cls, name: str, args: StaticNicArgs, registry: ClaimRegistry) -> NicInputs:
        configs = args.ip_configurations
        plain_dns = _plain_list(args.dns_servers)
        all_plain = (
            isinstance(args.subnet_id, str)
            and _plain_list(args.subnet_prefixes) is not None
            and plain_dns is not None
            and all(isinstance(c.address, str) for c in configs)
        )
        if all_plain:
            return cls(
                name=name,
                args=args,
                subnet_id=args.subnet_id,
                addresses=tuple(c.address for c in configs),
                versions=tuple(ip_version(c.address) for c in configs),
                dns_servers=list(normalise_dns_entries(plain_dns)),
            )
        resolved = pulumi.Output.all(
            subnet_id=args.subnet_id,
            prefixes=_as_input(args.subnet_prefixes),
            addresses=[c.address for c in configs],
            dns_servers=_as_input(args.dns_servers),
        ).apply(lambda values: _check_resolved(name, args, values, registry))

        def address(i: int) -> pulumi.Input[str]:
            given = configs[i].address
            return given if isinstance(given, str) else resolved.apply(lambda v: v["addresses"][i])

        addresses = tuple(address(i) for i in range(len(configs)))
        return cls(
            name=name,
            args=args,
            subnet_id=resolved.apply(lambda v: v["subnet_id"]),
            addresses=addresses,
            versions=tuple(pulumi.Output.from_input(a).apply(ip_version) for a in addresses),
            dns_servers=(
                list(normalise_dns_entries(plain_dns))
                if plain_dns is not None
                else resolved.apply(lambda v: list(normalise_dns_entries(v["dns_servers"])))
            ),
        )

    @property
    def subnet_prefixes(self) -> pulumi.Input[list[str]]:
        return _as_input(self.args.subnet_prefixes)

    def ip_configurations(self) -> list[dict[str, Any]]:
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
            for config, primary, address, version in zip(
                self.args.ip_configurations, self.args.primary_flags(), self.addresses, self.versions, strict=True
            )
        ]

    def declaration(self, nic_id: pulumi.Output[str]) -> pulumi.Output[DeclaredNic]:
        return pulumi.Output.all(
            nic_id=nic_id,
            subnet_id=self.subnet_id,
            prefixes=self.subnet_prefixes,
            addresses=list(self.addresses),
            dns_servers=self.dns_servers,
        ).apply(
            lambda v: declared_nic(
                self.name,
                nic_id=v["nic_id"],
                subnet_id=v["subnet_id"],
                prefixes=v["prefixes"],
                ip_configurations=_config_values(self.args, v["addresses"]),
                dns_servers=v["dns_servers"],
            )
        )


def _check_resolved(name: str, args: StaticNicArgs, values: dict[str, Any], registry: ClaimRegistry) -> dict[str, Any]:
    subnet_id = values["subnet_id"]
    view = declared_nic(
        name,
        nic_id=UNKNOWN,
        # None: a lookup that returned nothing (invokes do under mocks); not known, not an error.
        subnet_id=subnet_id if isinstance(subnet_id, str) else UNKNOWN,
        prefixes=values["prefixes"],
        ip_configurations=_config_values(args, values["addresses"]),
        dns_servers=values["dns_servers"],
    )
    subnet = registry.key_for(subnet_id)
    label = subnet_label(subnet_id, view.subnet_prefixes)
    registry.add(subnet, check_declaration(view, label, registry.claims_in(subnet)))
    return values


def _config_values(args: StaticNicArgs, addresses: Sequence[str]) -> list[IpConfigValues]:
    return [
        IpConfigValues(config.name, address, primary)
        for config, address, primary in zip(args.ip_configurations, addresses, args.primary_flags(), strict=True)
    ]


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
