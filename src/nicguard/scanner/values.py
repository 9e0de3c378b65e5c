"""Reading addresses and interface names out of command arguments and config values."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable

from ..core.net import IPAddress

_V4 = r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?(?![\w.])"
_V6 = r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%\w+)?(?:/\d{1,3})?(?![\w:.])"
_ADDRESS = re.compile(f"{_V4}|{_V6}")

# Bridges and virtual adapters that never carry the Azure NIC's address: docker, libvirt,
# LXC/LXD, CNI, podman, veth pairs, loopback, Hyper-V vEthernet switches (nested VMs), and
# Kubernetes node devices (kube-proxy's kube-ipvs0, NodeLocal DNSCache's nodelocaldns dummy,
# kubenet's cbr0, Calico, Cilium, Flannel, Weave, Antrea, kube-router).
_INTERNAL = re.compile(
    r"^(?:docker\d*|virbr\d+(?:-nic)?|br-.*|lxcbr\d+|lxdbr\d+|cni\d*|cni-podman\d+|flannel[.-]\w+|cali\w*|"
    r"podman\d+|veth\w*|lo|loopback.*|tun\d+|tunl0|tap\w*|wg\d+|vEthernet\s*\(.*|dummy\d*|"
    r"kube-ipvs0|kube-bridge|kube-dummy-if|nodelocaldns|cbr0|cilium_\w+|lxc[0-9a-f]+|vxlan\.calico|weave|datapath|"
    r"antrea-\w+|genev_sys_\d+|nerdctl\d+)$",
    re.IGNORECASE,
)


def addresses_in(text: str) -> list[IPAddress]:
    """Every IP address written in ``text`` (CIDR suffixes dropped), netmasks left out."""
    found: list[IPAddress] = []
    for match in _ADDRESS.finditer(text):
        address = parse_address(match.group())
        if address is not None and address not in found:
            found.append(address)
    return found


def addresses_of(values: Iterable[str]) -> tuple[IPAddress, ...]:
    found: list[IPAddress] = []
    for value in values:
        found.extend(a for a in addresses_in(value) if a not in found)
    return tuple(found)


def parse_address(text: str) -> IPAddress | None:
    host = text.strip().strip("\"'[]").split("/", 1)[0].split("%", 1)[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.is_unspecified or is_netmask(address):
        return None
    return address


def is_netmask(address: IPAddress) -> bool:
    if address.version != 4 or not str(address).startswith("255."):
        return False
    bits = int(address)
    inverted = ~bits & 0xFFFFFFFF
    return inverted & (inverted + 1) == 0


def is_internal_interface(name: str | None) -> bool:
    """Interfaces that never reach the guest's own NIC (their settings are no override)."""
    return name is not None and bool(_INTERNAL.match(name.strip().strip("\"'")))


def truthy(value: object) -> bool | None:
    """YAML/INI/registry booleans as people write them; None when it is not a boolean."""
    text = str(value).strip().strip("\"'").lower()
    if text in ("true", "yes", "on", "1", "y"):
        return True
    if text in ("false", "no", "off", "0", "n", "none"):
        return False
    return None
