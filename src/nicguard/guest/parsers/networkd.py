"""systemd formats: ``.network`` files, ``resolved.conf`` and the key=value lease files of
systemd-networkd (``/run/systemd/netif/leases/<ifindex>``) and NetworkManager's internal
DHCP client (``/var/lib/NetworkManager/internal-*.lease``).

Schema: a ``.network`` file gives one ``IfConfig`` (``[Match] Name=``/``MACAddress=``,
``DHCP=`` yes|ipv4 -> dhcp on, no|ipv6 -> off (absent with a static IPv4 ``Address=``:
off, networkd's default), ``Address=`` and ``[Address]`` static,
``DNS=`` static; ``[DHCPv4] UseDNS=false`` is a fact); ``resolved.conf`` ``DNS=`` a
system-wide ``IfConfig``; a lease file a ``Lease`` (``ADDRESS=``, ``DNS=``), its
interface found later by address.
"""

from __future__ import annotations

from ...core.model import GuestFact
from . import _ini
from ._text import address_and_prefix, ip_or_none, ips_in, mac_or_none, truthy
from .evidence import NOTHING, Evidence, IfConfig, Lease

FORMAT = "systemd-networkd"


def parse(text: str, source: str = "/etc/systemd/network") -> Evidence:
    parsed = _ini.sections(text)
    if source.endswith(".lease") or "/leases/" in source or _ini.first(parsed, "", "ADDRESS"):
        return _lease(parsed, source)
    if "resolved" in source:
        dns = tuple(a for v in _ini.values(parsed, "Resolve", "DNS") for a in ips_in(v))
        return Evidence(configs=(IfConfig(source, dns=dns),), formats=(FORMAT,)) if dns else NOTHING
    name = _ini.first(parsed, "Match", "Name")
    mac = mac_or_none(_ini.first(parsed, "Match", "MACAddress"))
    if name is None and mac is None:
        return NOTHING
    dhcp_setting = (_ini.first(parsed, "Network", "DHCP") or "").lower()
    dhcp = (
        True if dhcp_setting in ("yes", "ipv4", "true") else False if dhcp_setting in ("no", "ipv6", "false") else None
    )
    addresses = [
        address_and_prefix(v)[0]
        for v in _ini.values(parsed, "Network", "Address") + _ini.values(parsed, "Address", "Address")
    ]
    dns = tuple(a for v in _ini.values(parsed, "Network", "DNS") for a in ips_in(v))
    statics = tuple(a for a in addresses if a is not None and not a.is_link_local)
    if dhcp is None and any(a.version == 4 for a in statics):
        dhcp = False  # networkd's default is DHCP=no: a file that sets an IPv4 address and no DHCP= is static
    config = IfConfig(source, name, mac, dhcp, statics, dns)
    facts = ()
    if truthy(_ini.first(parsed, "DHCPv4", "UseDNS")) is False or truthy(_ini.first(parsed, "DHCP", "UseDNS")) is False:
        facts = (GuestFact("dhcp-dns-ignored", f"{name or mac}: UseDNS=false", source),)
    return Evidence(configs=(config,), facts=facts, formats=(FORMAT,))


def _lease(parsed, source: str) -> Evidence:
    address = ip_or_none(_ini.first(parsed, "", "ADDRESS"))
    dns = tuple(a for v in _ini.values(parsed, "", "DNS") for a in ips_in(v))
    if address is None and not dns:
        return NOTHING
    return Evidence(leases=(Lease(source, None, address, dns),), formats=(FORMAT,))
