"""What a guest interface is: the Azure NIC, its accelerated-networking twin, or virtual.

Azure facts (accelerated networking): each synthetic NIC (Linux ``hv_netvsc``, Windows
"Microsoft Hyper-V Network Adapter") has a VF twin with the same MAC and no IP (Linux
mlx4/mlx5 or MANA drivers, often named ``enP*``; Windows a Mellanox/ConnectX or
"Microsoft Azure Network Adapter" (MANA) adapter). Docker bridges, veths, tunnels and
loopback are never an Azure NIC.
"""

from __future__ import annotations

import re

from ...core.model import InterfaceKind

SYNTHETIC_DRIVERS = ("hv_netvsc", "microsoft hyper-v network adapter")
VF_DRIVER = re.compile(r"mlx[45]|mana|mellanox|connectx|microsoft azure network adapter", re.IGNORECASE)
VF_NAME = re.compile(r"enP\d")
VIRTUAL_LINK_KINDS = {
    "bridge", "veth", "dummy", "vxlan", "tun", "tap", "wireguard", "ipip", "gre", "sit", "ip6tnl",
    "macvlan", "ipvlan", "geneve", "vrf", "bond", "team", "ifb", "nlmon",
}  # fmt: skip
VIRTUAL_NAME = re.compile(
    r"^(lo|docker\d*|br-|virbr|veth|cni|flannel|cali|weave|vxlan|tun|tap|wg|kube|cilium|podman|lxc|"
    r"vethernet|loopback|isatap|teredo|6to4)",
    re.IGNORECASE,
)
VIRTUAL_DESCRIPTION = re.compile(
    r"hyper-v virtual ethernet|loopback|wan miniport|teredo|isatap|6to4|tap-windows|wintun|wireguard|"
    r"virtualbox|vmware|npcap|kernel debug",
    re.IGNORECASE,
)


def classify(
    name: str,
    driver: str | None,
    link_kind: str | None,
    master: str | None,
    loopback: bool,
    has_address: bool,
    mac_shared_with_addressed: bool,
) -> InterfaceKind:
    """``has_address``: holds a routable address; ``mac_shared_with_addressed``: another interface
    with an address has the same MAC (the accelerated-networking pair)."""
    vf_hint = bool(driver and VF_DRIVER.search(driver)) or bool(VF_NAME.match(name))
    if not has_address and (vf_hint or mac_shared_with_addressed):
        return InterfaceKind.VF
    if driver and driver.lower().startswith(SYNTHETIC_DRIVERS):
        return InterfaceKind.SYNTHETIC
    if loopback or VIRTUAL_NAME.match(name) or (driver and VIRTUAL_DESCRIPTION.search(driver)):
        return InterfaceKind.VIRTUAL
    # A veth without a bridge master is how a test-bed guest (a network namespace) sees its NIC.
    if (link_kind or "").lower() in VIRTUAL_LINK_KINDS and (link_kind != "veth" or master):
        return InterfaceKind.VIRTUAL
    if master:
        return InterfaceKind.VIRTUAL
    return InterfaceKind.OTHER
