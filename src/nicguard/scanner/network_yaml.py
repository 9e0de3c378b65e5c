"""YAML network configuration: netplan files and cloud-init network config (v1, v2, and
``network: {config: disabled}``)."""

from __future__ import annotations

import yaml

from .frame import Frame
from .model import ChangeKind, GuestChange
from .values import addresses_of, truthy
from .yaml_nodes import compose, elements, get, items, line, scalar, scalars

# cloud-init's own netplan file (50-cloud-init.yaml) starts with this: it is Azure's
# configuration rendered from IMDS, secondary addresses included, never an override.
CLOUD_INIT_GENERATED = "This file is generated from information provided by the datasource"
# wifis are left out: an Azure VM has no wireless adapter, so a wifi profile never holds
# the NIC's address (laptop and edge-device netplan files share repositories with VM images).
_NETPLAN_SECTIONS = ("ethernets", "bonds", "bridges", "vlans")


def scan_netplan(text: str, frame: Frame) -> list[GuestChange]:
    if CLOUD_INIT_GENERATED in text[:2000]:
        return []
    return netplan_network(get(compose(text), "network"), text, frame)


def scan_network_config(text: str, frame: Frame) -> list[GuestChange]:
    """A network-config document (``network:`` wrapper optional)."""
    root = compose(text)
    network = get(root, "network")
    if network is None and get(root, "version") is not None:
        network = root
    return network_config(network, text, frame)


def network_config(network: yaml.Node | None, text: str, frame: Frame) -> list[GuestChange]:
    if network is None:
        return []
    config = get(network, "config")
    if scalar(config) == "disabled":
        return frame.change(ChangeKind.NETWORK_CONFIG_DISABLED, line(config), "cloud-init network config disabled",
                            "network: {config: disabled}")
    if scalar(get(network, "version")) == "1":
        return _version_1(config, text, frame)
    return netplan_network(network, text, frame)


def netplan_network(network: yaml.Node | None, text: str, frame: Frame) -> list[GuestChange]:
    # Members of a bond or bridge carry no address of their own ("dhcp4: no" is how every
    # netplan example writes them): the bond or bridge is what is judged.
    members = {member for section in ("bonds", "bridges") for _, device, _ in items(get(network, section))
               for member in scalars(get(device, "interfaces"))}
    changes: list[GuestChange] = []
    for section in _NETPLAN_SECTIONS:
        for name, device, _ in items(get(network, section)):
            changes += _netplan_device(name, device, text, frame, member=name in members)
    return changes


def _netplan_device(name: str, device: yaml.Node, text: str, frame: Frame, member: bool = False) -> list[GuestChange]:
    changes: list[GuestChange] = []
    dhcp4 = get(device, "dhcp4")
    dhcp_on = truthy(scalar(dhcp4)) if dhcp4 is not None else None
    if dhcp_on is False and not member:
        changes += frame.change(ChangeKind.DHCP_DISABLED, line(dhcp4), "netplan dhcp4: false", f"{name}: dhcp4: {scalar(dhcp4)}", name)
    addresses = get(device, "addresses")
    if addresses is not None:
        changes += frame.change(ChangeKind.ADDRESS_SET, line(addresses), "netplan addresses", _snippet(name, "addresses", addresses, text),
                                name, addresses=addresses_of(scalars(addresses)), multi_ip_hint=dhcp_on is True)
    servers = get(get(device, "nameservers"), "addresses")
    if servers is not None:
        changes += frame.change(ChangeKind.DNS_SET, line(servers), "netplan nameservers", _snippet(name, "nameservers.addresses", servers, text),
                                name, dns_servers=addresses_of(scalars(servers)))
    return changes


def _version_1(config: yaml.Node | None, text: str, frame: Frame) -> list[GuestChange]:
    changes: list[GuestChange] = []
    for entry in elements(config):
        kind = scalar(get(entry, "type"))
        if kind == "nameserver":
            servers = get(entry, "address")
            if servers is not None:
                changes += frame.change(ChangeKind.DNS_SET, line(servers), "cloud-init network v1 nameserver",
                                        _snippet("nameserver", "address", servers, text), dns_servers=addresses_of(scalars(servers)))
            continue
        name = scalar(get(entry, "name"))
        subnets = elements(get(entry, "subnets"))
        with_dhcp = any((scalar(get(s, "type")) or "").startswith("dhcp") for s in subnets)
        for subnet in subnets:
            if (scalar(get(subnet, "type")) or "").startswith("static"):
                address = get(subnet, "address")
                if address is not None:
                    changes += frame.change(ChangeKind.ADDRESS_SET, line(address), "cloud-init network v1 static subnet",
                                            _snippet(name or "", "address", address, text), name,
                                            addresses=addresses_of(scalars(address)), multi_ip_hint=with_dhcp)
            servers = get(subnet, "dns_nameservers")
            if servers is not None:
                changes += frame.change(ChangeKind.DNS_SET, line(servers), "cloud-init network v1 dns_nameservers",
                                        _snippet(name or "", "dns_nameservers", servers, text), name, dns_servers=addresses_of(scalars(servers)))
    return changes


def _snippet(owner: str, key: str, node: yaml.Node, text: str) -> str:
    value = text[node.start_mark.index : node.end_mark.index] if node.end_mark.index <= len(text) else ""
    return f"{owner}: {key}: {value}"
