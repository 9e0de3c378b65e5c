"""StaticNic: an Azure NIC whose private IPs and DNS servers are declared, static and checked.

This is where a VM's IP and DNS settings live (Microsoft's guidance: on the Azure NIC or
VNet, never inside the guest OS). Every IP configuration is Static; DNS servers are set on
the NIC (an empty list inherits the VNet's). The declaration is checked with nicguard's
rules when the component is constructed, and again when Output values resolve.
"""

from __future__ import annotations

import dataclasses
import difflib
from typing import Any

import pulumi
from pulumi_azure_native import network

from nicguard.core.model import COMPONENT_TYPE, DeclaredNic
from nicguard.core.settings import Settings

from .args import StaticNicArgs
from .claims import stack_registry
from .declaration import DeclarationError
from .nic_inputs import NicInputs, check_known_parts

# Wins over a user tag of the same key: the drift check tells managed NICs apart by it.
MANAGED_TAG_KEY, MANAGED_TAG_VALUE = Settings().managed_tag


class StaticNic(pulumi.ComponentResource):
    """``StaticNic(name, StaticNicArgs(...), opts)``, or the fields as keywords:
    ``StaticNic(name, subnet_id=..., ip_configurations=[...], ...)``."""

    network_interface: network.NetworkInterface
    network_interface_id: pulumi.Output[str]
    private_ip_addresses: pulumi.Output[list[str]]
    dns_servers: pulumi.Output[list[str]]
    subnet_prefixes: pulumi.Output[list[str]]

    def __init__(
        self,
        name: str,
        args: StaticNicArgs | None = None,
        opts: pulumi.ResourceOptions | None = None,
        **fields: Any,
    ) -> None:
        if args is None:
            args = _args_from_keywords(name, fields)
        elif fields:
            raise TypeError(f"StaticNic {name!r}: pass either args or keyword fields, not both")
        _check_argument_types(name, args)
        registry = args.registry or stack_registry()
        # Checked before registering anything, so a refused declaration leaves no half-made component.
        check_known_parts(name, args, registry)
        super().__init__(COMPONENT_TYPE, name, None, opts)

        self._inputs = NicInputs.checked(name, args, registry)
        self.network_interface = network.NetworkInterface(
            name,
            resource_group_name=args.resource_group_name,
            location=args.location,
            network_interface_name=args.nic_name,
            ip_configurations=self._inputs.ip_configurations(),
            dns_settings={"dns_servers": self._inputs.dns_servers},
            enable_accelerated_networking=args.accelerated_networking,
            network_security_group=(
                {"id": args.network_security_group_id} if args.network_security_group_id is not None else None
            ),
            tags={**args.tags, MANAGED_TAG_KEY: MANAGED_TAG_VALUE},
            opts=pulumi.ResourceOptions.merge(args.nic_options, pulumi.ResourceOptions(parent=self)),
        )
        self.network_interface_id = self.network_interface.id
        self.private_ip_addresses = pulumi.Output.all(*self._inputs.addresses)
        self.dns_servers = pulumi.Output.from_input(self._inputs.dns_servers)
        self.subnet_prefixes = pulumi.Output.from_input(self._inputs.subnet_prefixes)
        self.register_outputs(
            {
                "networkInterfaceId": self.network_interface_id,
                "privateIpAddresses": self.private_ip_addresses,
                "dnsServers": self.dns_servers,
                # The policy pack checks NG102/NG103 with these when the subnet is not in the stack.
                "subnetPrefixes": self.subnet_prefixes,
            }
        )

    def declaration(self) -> pulumi.Output[DeclaredNic]:
        """The NIC as declared, with its resource id: a manifest entry."""
        # Built on request only: an unused Output that fails would be reported a second time.
        return self._inputs.declaration(self.network_interface_id)


def _args_from_keywords(name: str, fields: dict[str, Any]) -> StaticNicArgs:
    """StaticNicArgs from keywords, with a message naming the argument instead of a TypeError."""
    known = {f.name: f for f in dataclasses.fields(StaticNicArgs)}
    problems = []
    for key in fields:
        if key not in known:
            close = difflib.get_close_matches(key, known, n=1)
            problems.append(f"unknown argument {key}" + (f" (did you mean {close[0]}?)" if close else ""))
    required = [
        f.name for f in known.values() if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    problems += [f"missing argument {key}" for key in required if key not in fields]
    if problems:
        raise DeclarationError(f"StaticNic {name!r}", problems)
    return StaticNicArgs(**fields)


def _check_argument_types(name: str, args: StaticNicArgs) -> None:
    """A resource where its id belongs (``subnet_id=subnet``) would otherwise reach Azure as
    a resource reference and never resolve."""
    problems = []
    for arg in ("subnet_id", "network_security_group_id", "resource_group_name"):
        value = getattr(args, arg)
        if isinstance(value, pulumi.Resource):
            problems.append(f"{arg} must be an id (e.g. `{type(value).__name__.lower()}.id`), not the {type(value).__name__} resource itself")
    if problems:
        raise DeclarationError(f"StaticNic {name!r}", problems)
