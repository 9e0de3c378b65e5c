"""The declared view of a StaticNic's arguments: what the rules read.

Arguments may be plain values or Outputs. Before Outputs resolve, each Output part of the
view is UNKNOWN (the rules skip what they cannot know); once resolved, the same function
builds the full view. Shape mistakes (an address that is not an IP, two primaries) are
reported here, before any rule runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nicguard.core.model import DeclaredIpConfig, DeclaredNic
from nicguard.core.net import AddressError, IPNetwork, parse_ip, parse_prefix
from nicguard.core.unknown import UNKNOWN, Maybe

from .declaration import DeclarationError


@dataclass(frozen=True)
class IpConfigValues:
    """One IP configuration with its address as given: a string, or UNKNOWN (an Output)."""

    name: str
    address: Maybe[str]
    primary: bool


def declared_nic(
    name: str,
    *,
    nic_id: Maybe[str | None],
    subnet_id: Maybe[str],
    prefixes: Maybe[Sequence[Maybe[str]]],
    ip_configurations: Sequence[IpConfigValues],
    dns_servers: Maybe[Sequence[Maybe[str]]],
    vm: str | None = None,
) -> DeclaredNic:
    problems = _shape_problems(ip_configurations, prefixes, dns_servers)
    configs = tuple(_ip_config(c, problems) for c in ip_configurations)
    parsed_prefixes = _prefixes(prefixes, problems)
    if problems:
        raise DeclarationError(f"StaticNic {name!r}", problems)
    return DeclaredNic(
        name=name,
        subject=name,
        id=nic_id,
        vm=vm,
        subnet_id=subnet_id,
        subnet_prefixes=parsed_prefixes,
        ip_configurations=configs,
        dns_servers=UNKNOWN if dns_servers is UNKNOWN else tuple(dns_servers),
    )


def ip_version(address: str) -> str:
    return f"IPv{parse_ip(address).version}"


def _ip_config(config: IpConfigValues, problems: list[str]) -> DeclaredIpConfig:
    address = config.address
    if address is UNKNOWN:
        return DeclaredIpConfig(config.name, UNKNOWN, config.primary)
    if "/" in address:
        problems.append(f"IP configuration {config.name}: give one address, not a prefix ({address!r})")
        return DeclaredIpConfig(config.name, None, config.primary)
    try:
        return DeclaredIpConfig(config.name, parse_ip(address), config.primary)
    except AddressError as exc:
        problems.append(f"IP configuration {config.name}: {exc}")
        return DeclaredIpConfig(config.name, None, config.primary)


def _prefixes(prefixes: Maybe[Sequence[Maybe[str]]], problems: list[str]) -> Maybe[tuple[IPNetwork, ...]]:
    if prefixes is UNKNOWN or isinstance(prefixes, str) or any(p is UNKNOWN for p in prefixes):
        return UNKNOWN
    if not prefixes:
        problems.append("subnet_prefixes is empty: list the subnet's address prefixes")
    parsed = []
    for text in prefixes:
        try:
            parsed.append(parse_prefix(text))
        except AddressError as exc:
            problems.append(f"subnet_prefixes: {exc}")
    return tuple(parsed)


def _shape_problems(configs: Sequence[IpConfigValues], prefixes: object, dns_servers: object) -> list[str]:
    problems = []
    names = [c.name.lower() for c in configs]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        problems.append(f"IP configuration names must be unique: {', '.join(duplicates)} used more than once")
    if len(configs) > 1 and sum(c.primary for c in configs) != 1:
        problems.append("mark exactly one IP configuration primary=True (the NIC has several)")
    for arg, value in (("subnet_prefixes", prefixes), ("dns_servers", dns_servers)):
        if isinstance(value, str):
            problems.append(f"{arg} must be a list, not the string {value!r}")
    return problems
