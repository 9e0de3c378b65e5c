"""VmView: matching guest interfaces to NICs, and the guest claims fed to the conflict index."""

from __future__ import annotations

from ipaddress import ip_address as ip

from nicguard.core.conflicts import AddressClaim, Layer, index_claims
from nicguard.core.effective import AZURE_DEFAULT_DNS
from nicguard.core.engine import evaluate
from nicguard.core.guest_view import NicView, VmView, guest_claims
from nicguard.core.model import (
    AddressOrigin,
    AllocationMethod,
    AzureIpConfig,
    AzureNic,
    GuestAddress,
    GuestInterface,
    GuestState,
    GuestUnreadable,
    InterfaceKind,
)
from nicguard.rules.conflicts import GuestIpOwnedByOtherNic

SUBNET = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/app"


def nic(name: str, mac: str | None, *addresses: str, primary: bool = True) -> NicView:
    configs = tuple(
        AzureIpConfig(f"{name}/c{n}", f"c{n}", ip(a), AllocationMethod.STATIC, SUBNET, primary=n == 0)
        for n, a in enumerate(addresses)
    )
    return NicView(AzureNic(f"/nics/{name}", name, mac, configs, primary=primary), AZURE_DEFAULT_DNS)


def interface(name: str, mac: str | None, *addresses: str, kind=InterfaceKind.SYNTHETIC) -> GuestInterface:
    return GuestInterface(name, mac, None, kind, tuple(GuestAddress(ip(a), 24, AddressOrigin.DHCP) for a in addresses))


def test_match_by_mac_then_by_address_never_a_vf_twin() -> None:
    web, data = nic("web", "00:0d:3a:00:00:01", "10.0.1.10"), nic("data", None, "10.0.2.10", primary=False)
    guest = GuestState(
        "linux",
        (
            interface("enP1s1", "00:0d:3a:00:00:01", kind=InterfaceKind.VF),
            interface("eth0", "00:0d:3a:00:00:01", "10.0.1.10"),
            interface("eth1", "00:0d:3a:00:00:02", "10.0.2.10"),
            interface("docker0", "02:42:00:00:00:01", "172.17.0.1", kind=InterfaceKind.VIRTUAL),
        ),
    )
    view = VmView("vm", "vm", "Linux", (web, data), guest)
    assert [(m.interface.name, m.nic.nic.name if m.nic else None) for m in view.matches()] == [
        ("eth0", "web"),
        ("eth1", "data"),
    ]
    assert view.primary_nic is web


def test_unreadable_guest_has_no_matches_and_no_claims() -> None:
    view = VmView("vm", "vm", "Linux", (nic("web", "00:0d:3a:00:00:01", "10.0.1.10"),), GuestUnreadable("x"))
    assert view.matches() == () and guest_claims(view) == ()


def test_guest_claims_feed_ng104() -> None:
    web = nic("web", "00:0d:3a:00:00:01", "10.0.1.10")
    guest = GuestState("windows", (interface("Ethernet", "00:0d:3a:00:00:01", "10.0.1.10", "10.0.1.11"),))
    claims = guest_claims(VmView("vm-web", "vm-web", "Windows", (web,), guest))
    assert {(str(c.address), c.layer, c.owner, c.subject) for c in claims} == {
        ("10.0.1.10", Layer.GUEST, "/nics/web", "vm-web"),
        ("10.0.1.11", Layer.GUEST, "/nics/web", "vm-web"),
    }
    azure = [
        AddressClaim(SUBNET, ip("10.0.1.11"), "/nics/api", Layer.AZURE, "/nics/api"),
        AddressClaim(SUBNET, ip("10.0.1.10"), "/nics/web", Layer.AZURE, "/nics/web"),
    ]
    findings = evaluate([GuestIpOwnedByOtherNic()], index_claims([*claims, *azure]))
    assert [(f.rule_id, f.key, f.subject) for f in findings] == [("NG104", "10.0.1.11", "vm-web")]
