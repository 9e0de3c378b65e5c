"""An estate with one planted problem per VM, as a Bundle plus the guests' states.

Expected findings are listed beside each plant so a test can check each appears where
planted and nowhere else.
"""

from __future__ import annotations

import ipaddress

from nicguard.azure.inventory import ArmDocuments
from nicguard.core.model import (
    AddressOrigin,
    DeclaredIpConfig,
    DeclaredNic,
    DnsSource,
    GuestAddress,
    GuestDnsServer,
    GuestInterface,
    GuestState,
    GuestUnreadable,
    InterfaceKind,
)
from nicguard.core.net import normalise_mac
from nicguard.drift.bundle import Bundle, GuestRecord

from .arm_docs import SUBNET_ID, load_balancer_doc, mac_of, nic_doc, nic_id, vm_doc, vnet_doc

MANAGED = {"managed-by": "nicguard"}
AZURE_DNS = "168.63.129.16"

# name: (NIC address, guest addresses (address, origin), guest DNS (address, source))
VMS = {
    "vm-clean": ("10.0.1.10", [("10.0.1.10", "dhcp")], [(AZURE_DNS, "dhcp")]),
    "vm-ipdrift": ("10.0.1.20", [("10.0.1.20", "dhcp")], [(AZURE_DNS, "dhcp")]),
    "vm-dynamic": ("10.0.1.30", [("10.0.1.30", "dhcp")], [(AZURE_DNS, "dhcp")]),
    "vm-dnsdrift": ("10.0.1.35", [("10.0.1.35", "dhcp")], [(AZURE_DNS, "dhcp")]),
    "vm-guestip": ("10.0.1.40", [("10.0.1.41", "static")], [(AZURE_DNS, "dhcp")]),
    "vm-guestdns": ("10.0.1.45", [("10.0.1.45", "dhcp")], [("8.8.8.8", "static")]),
    "vm-steal": ("10.0.1.60", [("10.0.1.60", "dhcp"), ("10.0.1.10", "static")], [(AZURE_DNS, "dhcp")]),
    "vm-legacy": ("10.0.1.70", [("10.0.1.70", "dhcp")], [(AZURE_DNS, "dhcp")]),
    "vm-stopped": ("10.0.1.80", [], []),
}

EXPECTED = {
    "nic-ipdrift": {"NG212"},  # declared 10.0.1.21
    "nic-dynamic": {"NG211"},  # Dynamic in Azure, declared Static
    "nic-dnsdrift": {"NG213"},  # DNS 10.0.1.4 in Azure, declared []
    "vm-dnsdrift": {"NG304"},  # ...and its guest has not renewed DHCP yet
    "vm-guestip": {"NG301", "NG302"},  # guest uses a static address, DHCP off
    "vm-guestdns": {"NG303"},  # static 8.8.8.8 in the guest
    "vm-steal": {"NG104", "NG301", "NG302"},  # guest adds vm-clean's address statically
    "nic-legacy": {"NG501"},  # neither tagged nor declared
    "vm-stopped": {"NG306"},  # deallocated: UNKNOWN
    "nic-gone": {"NG210"},  # declared, not in Azure
    "nic-lbdup": {"NG212", "NG101"},  # declared at the load balancer's 10.0.1.50
}


def _guest(index: int, addresses, dns) -> GuestState:
    interface = GuestInterface(
        name="eth0",
        mac=normalise_mac(mac_of(index)),
        driver="hv_netvsc",
        kind=InterfaceKind.SYNTHETIC,
        addresses=tuple(GuestAddress(ipaddress.ip_address(a), 24, AddressOrigin(o)) for a, o in addresses),
        dhcp_enabled=all(o == "dhcp" for _, o in addresses),
    )
    servers = tuple(GuestDnsServer(ipaddress.ip_address(a), DnsSource(s), "eth0") for a, s in dns)
    return GuestState(os="linux", interfaces=(interface,), dns_servers=servers)


def _declared(name: str, ip: str, dns: tuple[str, ...] = (), vm: str | None = None) -> DeclaredNic:
    return DeclaredNic(
        name=name,
        subject=nic_id(name),
        id=nic_id(name),
        vm=vm,
        subnet_id=SUBNET_ID,
        subnet_prefixes=(ipaddress.ip_network("10.0.1.0/24"),),
        ip_configurations=(DeclaredIpConfig("ipconfig1", ipaddress.ip_address(ip), primary=True),),
        dns_servers=dns,
    )


def planted_bundle() -> tuple[Bundle, dict[str, GuestState | GuestUnreadable]]:
    """The bundle (guest stdout is a key into the returned states) and the guests' states."""
    nics, vms, guests, states, declared = [], [], {}, {}, []
    for index, (vm, (ip, addresses, dns)) in enumerate(VMS.items(), start=1):
        nic = vm.replace("vm-", "nic-")
        managed = vm != "vm-legacy"
        nics.append(
            nic_doc(nic, ip, vm, index, allocation="Dynamic" if vm == "vm-dynamic" else "Static",
                    dns=("10.0.1.4",) if vm == "vm-dnsdrift" else (), tags=MANAGED if managed else {})
        )
        stopped = vm == "vm-stopped"
        vms.append(vm_doc(vm, [nic], power="deallocated" if stopped else "running"))
        if stopped:
            guests[vms[-1]["id"]] = GuestRecord(unreadable="VM is deallocated: Run Command needs a running VM")
        else:
            guests[vms[-1]["id"]] = GuestRecord(stdout=vm)
            states[vm] = _guest(index, addresses, dns)
        if managed:
            declared.append(_declared(nic, "10.0.1.21" if vm == "vm-ipdrift" else ip, vm=vms[-1]["id"]))
    nics.append(nic_doc("nic-lbdup", "10.0.1.90", tags=MANAGED))
    declared += [_declared("nic-gone", "10.0.1.99"), _declared("nic-lbdup", "10.0.1.50")]
    lb = load_balancer_doc("lb1", "10.0.1.50")
    holders = [n["properties"]["ipConfigurations"][0]["id"] for n in nics] + [lb["properties"]["frontendIPConfigurations"][0]["id"]]
    arm = ArmDocuments(nics, [vnet_doc(holders)], vms, [lb])
    return Bundle(arm, guests, tuple(declared), "2026-01-01T00:00:00+00:00"), states


def reader_for(states: dict[str, GuestState | GuestUnreadable]):
    def read(record: GuestRecord) -> GuestState | GuestUnreadable:
        if record.stdout is None:
            return GuestUnreadable(record.unreadable or "")
        return states[record.stdout]

    return read
