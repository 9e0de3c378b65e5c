"""The optional live subnet check: who outside the stack already holds the addresses the
stack declares, asked of ARM (``liveSubnetCheck`` on duplicate-private-ip).

Per subnet that already exists (a known ARM id): GET the subnet for its prefixes and its
``ipConfigurations``; every NIC among them that is not the stack's own is read for its
addresses (Layer.AZURE claims, naming the NIC). When other kinds of holders are listed (a
load balancer frontend, a gateway), each declared address not yet explained is put to
VirtualNetworks CheckIPAddressAvailability (Layer.OTHER claims). A subnet the stack creates
does not exist yet, so nothing outside can hold its addresses. Any failure becomes one
problem line (a warning), never an exception.
"""

from __future__ import annotations

import asyncio
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..core.conflicts import AddressClaim, Layer
from ..core.net import (
    IPAddress,
    IPNetwork,
    containing_prefix,
    is_reserved,
    parent_id,
    parse_prefix,
    resource_key,
    try_parse_ip,
)
from .config import LiveOptions
from .stack import OutsideClaims, OutsideLookup

_SUBNET_ID = re.compile(
    r"^/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Network/"
    r"virtualNetworks/(?P<vnet>[^/]+)/subnets/(?P<subnet>[^/]+)$",
    re.IGNORECASE,
)
_NIC_IPCONFIG = re.compile(
    r"^(?P<nic>/subscriptions/[^/]+/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.Network/"
    r"networkInterfaces/(?P<name>[^/]+))/ipConfigurations/[^/]+$",
    re.IGNORECASE,
)
# Other holders shown in a message; the rest are counted.
SHOWN_HOLDERS = 3


def live_lookup(options: LiveOptions) -> OutsideLookup:
    def lookup(claims: Sequence[AddressClaim], own_nic_ids: frozenset[str]) -> OutsideClaims:
        try:
            return asyncio.run(asyncio.wait_for(_lookup(options, claims, own_nic_ids), options.timeout))
        except Exception as exc:  # noqa: BLE001 - a failed lookup is a warning, never a crash
            return OutsideClaims(problems=(_describe(exc),))

    return lookup


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError):
        return "ARM did not answer in time; nothing outside the stack was checked"
    first_line = (str(exc).strip().splitlines() or [""])[0][:300]
    return f"could not ask ARM ({type(exc).__name__}: {first_line}); nothing outside the stack was checked"


async def _lookup(options: LiveOptions, claims: Sequence[AddressClaim], own_nic_ids: frozenset[str]) -> OutsideClaims:
    from ..azure.clients import ArmTarget, arm_clients

    wanted: dict[str, set[IPAddress]] = defaultdict(set)
    for claim in claims:
        if _SUBNET_ID.match(claim.subnet_id):
            wanted[claim.subnet_id].add(claim.address)
    if not wanted:
        return OutsideClaims()
    target = ArmTarget(arm_endpoint=options.arm_endpoint, ca_bundle=Path(options.ca_bundle) if options.ca_bundle else None, retries=2)
    async with arm_clients(target) as clients:
        results = await asyncio.gather(
            *(_subnet(clients, subnet_id, addresses, own_nic_ids) for subnet_id, addresses in wanted.items()),
            return_exceptions=True,
        )
    found, prefixes, problems = [], {}, []
    for subnet_id, result in zip(wanted, results):
        if isinstance(result, BaseException):
            problems.append(f"subnet {subnet_id}: {_describe(result)}")
            continue
        subnet_claims, subnet_prefixes = result
        found += subnet_claims
        if subnet_prefixes:
            prefixes[subnet_id] = subnet_prefixes
    return OutsideClaims(tuple(found), prefixes, tuple(problems))


async def _subnet(clients, subnet_id: str, addresses: set[IPAddress], own_nic_ids: frozenset[str]):
    from azure.core.exceptions import ResourceNotFoundError

    parts = _SUBNET_ID.match(subnet_id)
    network = clients.network(parts["sub"])
    try:
        subnet = await network.subnets.get(parts["rg"], parts["vnet"], parts["subnet"])
    except ResourceNotFoundError:
        return [], ()  # created by this deployment: nothing outside holds its addresses
    prefixes = _prefixes(subnet.address_prefixes or [], subnet.address_prefix)
    references = [ref.id for ref in subnet.ip_configurations or () if ref.id]
    nic_ids = sorted({m["nic"] for i in references if (m := _NIC_IPCONFIG.match(i))}, key=str.lower)
    claims, explained = [], set()
    for nic_id in nic_ids:
        held = await _nic_addresses(network, nic_id, subnet_id)
        if resource_key(nic_id) in own_nic_ids:
            # The stack's own NIC, already deployed: what it holds is no conflict.
            explained.update(address for address, _ in held)
            continue
        claims += [AddressClaim(subnet_id, address, nic_id, Layer.AZURE, nic_id, name) for address, name in held]
    explained.update(c.address for c in claims)
    others = [i for i in references if not _NIC_IPCONFIG.match(i)]
    # Addresses outside the prefixes or reserved are NG102/NG103's; ARM rejects the question.
    askable = {a for a in addresses - explained if (p := containing_prefix(a, prefixes)) and not is_reserved(a, p)}
    if others:
        for address in sorted(askable, key=lambda a: (a.version, int(a))):
            answer = await network.virtual_networks.check_ip_address_availability(parts["rg"], parts["vnet"], ip_address=str(address))
            if not answer.available:
                holder = _holders(others)
                claims.append(AddressClaim(subnet_id, address, holder, Layer.OTHER, holder))
    return claims, prefixes


async def _nic_addresses(network, nic_id: str, subnet_id: str) -> list[tuple[IPAddress, str]]:
    match = _NIC_IPCONFIG.match(f"{nic_id}/ipConfigurations/x")
    nic = await network.network_interfaces.get(match["rg"], match["name"])
    held = []
    for config in nic.ip_configurations or ():
        address = try_parse_ip(config.private_ip_address)
        if address is not None and config.subnet is not None and resource_key(config.subnet.id or "") == resource_key(subnet_id):
            held.append((address, config.name or ""))
    return held


def _prefixes(plural: Iterable[str], single: str | None) -> tuple[IPNetwork, ...]:
    texts = [*plural, *([single] if single else [])]
    return tuple(dict.fromkeys(parse_prefix(t) for t in texts))


def _holders(ids: Sequence[str]) -> str:
    shown = ", ".join(parent_id(i) for i in ids[:SHOWN_HOLDERS])
    more = f" and {len(ids) - SHOWN_HOLDERS} more" if len(ids) > SHOWN_HOLDERS else ""
    return f"a resource outside the stack (one of {shown}{more})"
