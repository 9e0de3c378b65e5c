"""The fleet estate (tests/drift/estates/fleet.yaml): what a platform team's estate looks like.

Three subscriptions (one without VMs), a hub VNet with VNet DNS and a spoke without, subnets
with several prefixes and dual stack, VMs with two NICs, a multi-IP NIC, accelerated
networking, an availability set whose NICs have different DNS servers, a NIC with
``AzureProvidedDNS``, a NIC in a resource group outside its VM's, a private endpoint, a load
balancer frontend, a NIC attached to no VM, stopped / deallocated / agent-not-ready VMs, and
Windows and Linux guests. Most VMs are compliant and must yield nothing (or the documented
info); the ``bad-*`` VMs each carry one planted problem that must be found.

Guest recordings are probe format v1, written by ``python -m tests.drift.fleet``
(``test_fleet.py`` checks the files match).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..guest.probe_format import render

ESTATE = Path(__file__).parent / "estates" / "fleet.yaml"
GUESTS = ESTATE.parent / "fleet-guests"

SUB_A = "11111111-1111-1111-1111-11111111aaaa"
SUB_B = "22222222-2222-2222-2222-22222222bbbb"
SUB_C = "33333333-3333-3333-3333-33333333cccc"
SUBSCRIPTIONS = (SUB_A, SUB_B, SUB_C)
AZURE_DNS = "168.63.129.16"
HUB_DNS = ("10.1.0.4", "10.1.0.5")

# VM (or NIC) name -> the rule ids expected about it; anything else reported is a false alarm.
EXPECTED = {
    "app1": {"NG301", "NG302", "NG303"},  # multi-IP Windows, addresses and DNS static = Azure's: info
    "bad-web2": {"NG301"},  # second NIC's interface: static 10.1.2.99, its NIC holds 10.1.2.20
    "bad-dual2": {"NG301"},  # static IPv6 fd00:db8:deca:5::99, the NIC holds ::20
    "bad-dc3": {"NG303"},  # availability set member with static 8.8.8.8 (outside the set's union)
    "bad-steal": {"NG104", "NG301"},  # takes spare-nic's 10.1.1.99 as a secondary address
    "bad-azdns": {"NG304"},  # NIC switched to AzureProvidedDNS, the guest still has the hub's servers
    "stopped1": {"NG306"},
    "dealloc1": {"NG306"},
    "noagent1": {"NG306"},
}
INFO_ONLY = {"app1"}


def nic_id(name: str, rg: str = "rg-app", sub: str = SUB_A) -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/networkInterfaces/{name}"


def vm_id(name: str, rg: str = "rg-app", sub: str = SUB_A) -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/virtualMachines/{name}"


def subnet_id(vnet: str, subnet: str, rg: str = "rg-net", sub: str = SUB_A) -> str:
    return f"/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{vnet}/subnets/{subnet}"


# --- guests ------------------------------------------------------------------------------


def _nic(name, mac, address, dns, prefix=24, dhcp=True, extra=()):
    return {"name": name, "mac": mac, "address": address, "dns": dns, "prefix": prefix, "dhcp": dhcp, "extra": extra}


def _netplan_static(interface: str, address: str) -> list[list[str]]:
    lines = ["network:", "  version: 2", "  ethernets:", f"    {interface}:", "      dhcp4: false",
             f"      addresses: [{address}]"]
    return [["F", f"/etc/netplan/60-{interface}.yaml"], *(["|", str(len(x) - len(x.lstrip())), x.lstrip()] for x in lines)]


def linux(host: str, nics: list[dict], resolv: tuple[str, ...], vf_of: str | None = None) -> str:
    """A Linux guest: each NIC with its DHCP lease (or a static netplan file), an optional VF twin."""
    records = [["H", host], ["I", "lo", "-", "-", "loopback", "-", "up"]]
    records += [["I", n["name"], n["mac"], "hv_netvsc", "-", "-", "up"] for n in nics]
    if vf_of:
        records.append(["I", "enP30832s1", vf_of, "mlx5_core", "-", "-", "up"])  # accelerated networking twin
    records.append(["A", "lo", "127.0.0.1/8", "-"])
    for n in nics:
        records.append(["A", n["name"], f"{n['address']}/{n['prefix']}", "-"])
        records += [["A", n["name"], address, marks] for address, marks in n["extra"]]
    records += [["R", n["name"]] for n in nics if n["dhcp"]]
    for n in nics:
        if not n["dhcp"]:
            records += _netplan_static(n["name"], f"{n['address']}/{n['prefix']}")
    records += [["F", "/etc/resolv.conf"], *(["|", "0", f"nameserver {s}"] for s in resolv)]
    for n in nics:
        if n["dhcp"]:
            records += [
                ["F", f"/var/lib/dhcp/dhclient.{n['name']}.leases"], ["|", "0", "lease {"],
                ["|", "2", f'interface "{n["name"]}";'], ["|", "2", f"fixed-address {n['address']};"],
                ["|", "2", f"option domain-name-servers {', '.join(n['dns'])};"], ["|", "0", "}"],
            ]
    return render("linux", records)


def windows(host: str, mac: str, addresses: list[tuple[str, str]], dns_in_use: tuple[str, ...], dhcp: bool,
            offered_ip: str, offered_dns: tuple[str, ...], static_dns: tuple[str, ...] = ()) -> str:
    guid = "{6F0B1C2D-3E4F-4A5B-8C7D-" + mac.replace("-", "")[:12] + "}"
    records = [["H", host.upper()], ["I", "Ethernet", mac, "Microsoft Hyper-V Network Adapter", "-", "-", "up", guid],
               ["A", "Ethernet", "fe80::1c2d:3e4f:5a6b:7c8d%6/64", "wellknown"]]
    records += [["A", "Ethernet", f"{a}/24", origin] for a, origin in addresses]
    records += [["A", "Loopback Pseudo-Interface 1", "127.0.0.1/8", "wellknown"],
                ["K", "Loopback Pseudo-Interface 1", "Dhcp", "Disabled"],
                ["K", "Ethernet", "Dhcp", "Enabled" if dhcp else "Disabled"],
                ["D", "Ethernet", ",".join(dns_in_use)], ["K", "Ethernet", "EnableDHCP", "1" if dhcp else "0"]]
    if not dhcp:
        records.append(["K", "Ethernet", "IPAddress", " ".join(a for a, _ in addresses)])
    if static_dns:
        records.append(["K", "Ethernet", "NameServer", ",".join(static_dns)])
    records += [["K", "Ethernet", "DhcpIPAddress", offered_ip], ["K", "Ethernet", "DhcpNameServer", " ".join(offered_dns)]]
    return render("windows", records)


def guests() -> dict[str, str]:
    hub = HUB_DNS
    return {
        # compliant
        "web1": linux("web1", [_nic("eth0", "00:0d:3a:01:00:10", "10.1.1.10", hub),
                               _nic("eth1", "00:0d:3a:01:00:11", "10.1.2.10", hub)], hub),
        "app1": windows("app1", "00-0D-3A-01-00-20", [("10.1.1.20", "manual"), ("10.1.1.21", "manual")], hub, False,
                        "10.1.1.20", hub, static_dns=hub),
        "app2": linux("app2", [_nic("eth0", "00:0d:3a:01:00:30", "10.1.1.30", hub)], hub, vf_of="00:0d:3a:01:00:30"),
        "dual1": linux("dual1", [_nic("eth0", "00:0d:3a:01:00:50", "10.1.5.10", hub, extra=[
            ("fd00:db8:deca:5::10/128", "dynamic"), ("fe80::20d:3aff:fe01:50/64", "-")])], hub),
        "dc1": windows("dc1", "00-0D-3A-01-00-41", [("10.1.2.41", "dhcp")], ("10.1.2.4", "10.1.2.5"), True,
                       "10.1.2.41", ("10.1.2.4", "10.1.2.5")),
        "dc2": windows("dc2", "00-0D-3A-01-00-42", [("10.1.2.42", "dhcp")], ("10.1.2.5", "10.1.2.4"), True,
                       "10.1.2.42", ("10.1.2.5", "10.1.2.4")),
        "spoke1": linux("spoke1", [_nic("eth0", "00:0d:3a:02:00:10", "10.2.1.10", (AZURE_DNS,))], (AZURE_DNS,)),
        "azdns1": linux("azdns1", [_nic("eth0", "00:0d:3a:01:00:60", "10.1.1.60", (AZURE_DNS,))], (AZURE_DNS,)),
        "multi1": linux("multi1", [_nic("eth0", "00:0d:3a:01:00:70", "10.1.4.10", hub)], hub),
        "ext1": linux("ext1", [_nic("eth0", "00:0d:3a:01:00:80", "10.1.2.80", hub)], hub),
        "winb1": windows("winb1", "00-0D-3A-0B-00-10", [("10.50.1.10", "dhcp")], (AZURE_DNS,), True,
                         "10.50.1.10", (AZURE_DNS,)),
        # planted
        "bad-web2": linux("bad-web2", [_nic("eth0", "00:0d:3a:01:01:10", "10.1.1.110", hub),
                                       _nic("eth1", "00:0d:3a:01:01:11", "10.1.2.99", hub, dhcp=False)], hub),
        "bad-dual2": linux("bad-dual2", [_nic("eth0", "00:0d:3a:01:01:50", "10.1.5.20", hub, extra=[
            ("fd00:db8:deca:5::99/64", "-"), ("fe80::20d:3aff:fe01:150/64", "-")])], hub),
        "bad-dc3": windows("bad-dc3", "00-0D-3A-01-01-43", [("10.1.2.43", "dhcp")], ("8.8.8.8",), True,
                           "10.1.2.43", ("10.1.2.4", "10.1.2.5"), static_dns=("8.8.8.8",)),
        "bad-steal": linux("bad-steal", [_nic("eth0", "00:0d:3a:01:01:30", "10.1.1.130", hub,
                                              extra=[("10.1.1.99/24", "secondary")])], hub),
        "bad-azdns": linux("bad-azdns", [_nic("eth0", "00:0d:3a:01:01:60", "10.1.1.160", hub)], hub),
    }


# --- declarations --------------------------------------------------------------------------

# NIC name -> (resource group, VM, subnet (vnet, subnet), prefixes, [(config, address, primary)], DNS)
_DECLARED = {
    "web1-nic": ("rg-app", "web1", ("hub", "front"), ["10.1.1.0/24"], [("ipconfig1", "10.1.1.10", True)], []),
    "web1-nic2": ("rg-app", "web1", ("hub", "back"), ["10.1.2.0/24"], [("ipconfig1", "10.1.2.10", True)], []),
    "app1-nic": ("rg-app", "app1", ("hub", "front"), ["10.1.1.0/24"],
                 [("ipconfig1", "10.1.1.20", True), ("ipconfig2", "10.1.1.21", False)], []),
    "app2-nic": ("rg-app", "app2", ("hub", "front"), ["10.1.1.0/24"], [("ipconfig1", "10.1.1.30", True)], []),
    "dual1-nic": ("rg-app", "dual1", ("hub", "dual"), ["10.1.5.0/24", "fd00:db8:deca:5::/64"],
                  [("ipconfig1", "10.1.5.10", True), ("ipconfig-v6", "fd00:db8:deca:5::10", False)], []),
    "dc1-nic": ("rg-app", "dc1", ("hub", "back"), ["10.1.2.0/24"], [("ipconfig1", "10.1.2.41", True)], ["10.1.2.4"]),
    "dc2-nic": ("rg-app", "dc2", ("hub", "back"), ["10.1.2.0/24"], [("ipconfig1", "10.1.2.42", True)], ["10.1.2.5"]),
    "spoke1-nic": ("rg-app", "spoke1", ("spoke", "apps"), ["10.2.1.0/24"], [("ipconfig1", "10.2.1.10", True)], []),
    "azdns1-nic": ("rg-app", "azdns1", ("hub", "front"), ["10.1.1.0/24"], [("ipconfig1", "10.1.1.60", True)],
                   ["AzureProvidedDNS"]),
    "multi1-nic": ("rg-app", "multi1", ("hub", "multi"), ["10.1.3.0/24", "10.1.4.0/24"],
                   [("ipconfig1", "10.1.4.10", True)], []),
    "ext1-nic": ("rg-other", "ext1", ("hub", "back"), ["10.1.2.0/24"], [("ipconfig1", "10.1.2.80", True)], []),
    "spare-nic": ("rg-app", None, ("hub", "front"), ["10.1.1.0/24"], [("ipconfig1", "10.1.1.99", True)], []),
    # the VM and its NIC were deleted by hand: NG210
    "gone-nic": ("rg-app", "gone", ("hub", "front"), ["10.1.1.0/24"], [("ipconfig1", "10.1.1.77", True)], []),
}


def manifest(mixed_case: bool = True) -> dict:
    """The component's manifest for the compliant NICs (+ gone-nic), ids cased as people write them."""
    nics = []
    for name, (rg, vm, (vnet, subnet), prefixes, configs, dns) in _DECLARED.items():
        entry = {
            "name": name, "id": nic_id(name, rg), "vm": vm_id(vm) if vm else None,
            "subnetId": subnet_id(vnet, subnet), "subnetPrefixes": prefixes,
            "ipConfigurations": [{"name": n, "address": a, "primary": p} for n, a, p in configs],
            "dnsServers": dns,
        }
        nics.append(entry)
    if mixed_case:  # ARM ids compare case-insensitively; manifests and ARM disagree on case in the wild
        nics[0]["id"] = nics[0]["id"].replace("resourceGroups/rg-app", "resourcegroups/RG-APP").replace(
            "networkInterfaces", "networkinterfaces")
        nics[0]["vm"] = nics[0]["vm"].upper()
        nics[1]["subnetId"] = nics[1]["subnetId"].lower()
        nics[3]["id"] = nics[3]["id"].replace("Microsoft.Network", "microsoft.network").replace("app2-nic", "APP2-NIC")
    return {"schema": "nicguard.manifest/v1", "nics": nics}


SECRET = {"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:c2VjcmV0"}


def stack_export() -> dict:
    """``pulumi stack export`` (version 3) of a stack declaring some of the NICs through the
    component; app1-nic's DNS and app2-nic's whole IP configurations are secrets."""
    project, stack = "platform", "prod"
    root = f"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}"
    provider = f"urn:pulumi:{stack}::{project}::pulumi:providers:azure-native::default_2_76_0"
    resources = [
        {"urn": root, "custom": False, "type": "pulumi:pulumi:Stack", "outputs": {}},
        {"urn": provider, "custom": True, "id": "0b4c1d2e-0000-4000-8000-000000000001",
         "type": "pulumi:providers:azure-native", "inputs": {"version": "2.76.0"}, "outputs": {"version": "2.76.0"}},
        {"urn": f"urn:pulumi:{stack}::{project}::azure-native:network:Subnet::dual", "custom": True,
         "id": subnet_id("hub", "dual"), "type": "azure-native:network:Subnet", "parent": root,
         "inputs": {"addressPrefixes": ["10.1.5.0/24", "fd00:db8:deca:5::/64"], "subnetName": "dual"},
         "outputs": {"addressPrefixes": ["10.1.5.0/24", "fd00:db8:deca:5::/64"], "id": subnet_id("hub", "dual"),
                     "name": "dual", "provisioningState": "Succeeded"}},
    ]
    secret_dns, secret_configs = {"app1-nic"}, {"app2-nic"}
    for name in ("web1-nic", "app1-nic", "app2-nic", "dual1-nic"):
        rg, _, (vnet, subnet), _, configs, dns = _DECLARED[name]
        component = f"urn:pulumi:{stack}::{project}::nicguard:network:StaticNic::{name}"
        ident = nic_id(name, rg)
        inputs_configs = [
            {"name": n, "primary": p, "privateIPAddress": a, "privateIPAllocationMethod": "Static",
             "subnet": {"id": subnet_id(vnet, subnet)}}
            for n, a, p in configs
        ]
        outputs_configs = [
            {**c, "id": f"{ident}/ipConfigurations/{c['name']}", "provisioningState": "Succeeded",
             "privateIPAddressVersion": "IPv6" if ":" in c["privateIPAddress"] else "IPv4"}
            for c in inputs_configs
        ]
        hidden = name in secret_configs
        resources += [
            {"urn": component, "custom": False, "type": "nicguard:network:StaticNic", "parent": root, "outputs": {}},
            {"urn": f"urn:pulumi:{stack}::{project}::nicguard:network:StaticNic$azure-native:network:NetworkInterface::{name}",
             "custom": True, "id": ident, "type": "azure-native:network:NetworkInterface", "parent": component,
             "provider": f"{provider}::0b4c1d2e-0000-4000-8000-000000000001",
             "inputs": {"resourceGroupName": rg, "networkInterfaceName": name, "location": "westeurope",
                        "ipConfigurations": SECRET if hidden else inputs_configs,
                        "dnsSettings": {"dnsServers": SECRET if name in secret_dns else dns},
                        "tags": {"managed-by": "nicguard"}},
             "outputs": {"id": ident, "name": name, "location": "westeurope", "type": "Microsoft.Network/networkInterfaces",
                         "ipConfigurations": SECRET if hidden else outputs_configs,
                         "dnsSettings": {"dnsServers": SECRET if name in secret_dns else dns, "appliedDnsServers": []},
                         "provisioningState": "Succeeded", "tags": {"managed-by": "nicguard"}},
             "dependencies": [], "propertyDependencies": {}, "created": "2026-01-05T09:00:00.000Z",
             "modified": "2026-01-05T09:00:00.000Z"},
        ]
    return {
        "version": 3,
        "deployment": {
            "manifest": {"time": "2026-01-05T09:00:00.000Z", "magic": "0f3e", "version": "v3.150.0"},
            "secrets_providers": {"type": "service", "state": {"url": "https://api.pulumi.com", "owner": "platform",
                                                               "project": project, "stack": stack}},
            "resources": resources,
        },
    }


def write_guests() -> None:
    GUESTS.mkdir(parents=True, exist_ok=True)
    for name, text in guests().items():
        (GUESTS / f"{name}.txt").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    write_guests()
    print(json.dumps(sorted(guests())))
