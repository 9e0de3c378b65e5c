"""The real Linux probe inside network-namespace guests (dnsmasq as Azure's DHCP, dhclient)."""

from __future__ import annotations

import hashlib
import os
import subprocess
from pathlib import Path

import pytest

from nicguard.core.effective import effective_dns
from nicguard.core.engine import evaluate
from nicguard.core.guest_view import NicView, VmView
from nicguard.core.model import AllocationMethod, AzureIpConfig, AzureNic, DnsSource, InterfaceKind
from nicguard.core.net import normalise_mac, parse_ip
from nicguard.guest.netns import LinuxGuest, NicSpec, guest_backend, missing_tools
from nicguard.guest.parsers import read_probe_output
from nicguard.guest.probes import probe_script
from nicguard.rules.guest import RULES

from .conftest import outcome

pytestmark = [
    pytest.mark.root,
    pytest.mark.skipif(os.geteuid() != 0, reason="needs root for network namespaces"),
    pytest.mark.skipif(bool(missing_tools()), reason=f"missing {', '.join(missing_tools())}"),
]

PROBE = probe_script("linux")
SPEC = NicSpec(mac="00:0d:3a:aa:bb:01", address="10.0.0.5", dns_servers=("168.63.129.16",))
CLOUD_INIT_NETPLAN = """\
network:
    ethernets:
        eth0:
            dhcp4: true
            dhcp4-overrides:
                route-metric: 100
            match:
                driver: hv_netvsc
                macaddress: 00:0d:3a:aa:bb:01
            set-name: eth0
    version: 2
"""


@pytest.fixture
def guest():
    with LinuxGuest.start(SPEC) as started:
        yield started


def probe(guest: LinuxGuest):
    stdout, stderr = guest.run(PROBE, timeout=10)
    assert stderr == ""
    reading = read_probe_output(stdout)
    assert reading.guest.__class__.__name__ == "GuestState", reading.guest
    return reading.guest


def judge(guest_state, azure_dns=SPEC.dns_servers, nic_addresses=(SPEC.address,)):
    configs = tuple(
        AzureIpConfig(
            f"ipconfig{n}", f"ipconfig{n}", parse_ip(a), AllocationMethod.STATIC, "subnet-app", primary=n == 1
        )
        for n, a in enumerate(nic_addresses, start=1)
    )
    nic = AzureNic(
        "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic-vm",
        "nic-vm",
        normalise_mac(SPEC.mac),
        configs,
    )
    dns = effective_dns(tuple(parse_ip(s) for s in azure_dns), ())
    view = VmView("vm", "vm", "Linux", (NicView(nic, dns),), guest_state)
    return evaluate([rule() for rule in RULES], [view])


def eth0(state):
    return next(i for i in state.interfaces if i.name == "eth0")


def test_clean_dhcp_guest(guest) -> None:
    guest.write("etc/netplan/50-cloud-init.yaml", CLOUD_INIT_NETPLAN)
    state = probe(guest)
    nic = eth0(state)
    assert nic.dhcp_enabled is True and [a.origin.value for a in nic.addresses if a.address.version == 4] == ["dhcp"]
    assert [(str(s.address), s.source) for s in state.dns_servers] == [("168.63.129.16", DnsSource.DHCP)]
    assert outcome(judge(state)) == set()


def test_static_ip_equal_to_the_nics(guest) -> None:
    guest.write(
        "etc/netplan/50-cloud-init.yaml",
        CLOUD_INIT_NETPLAN.replace("dhcp4: true", "dhcp4: false\n            addresses: [10.0.0.5/24]"),
    )
    state = probe(guest)
    assert outcome(judge(state)) == {("NG301", "warning", "fail"), ("NG302", "warning", "fail")}


def test_static_ip_different_from_the_nics(guest) -> None:
    guest.ip("addr", "del", "10.0.0.5/24", "dev", "eth0")
    guest.ip("addr", "add", "10.0.0.50/24", "dev", "eth0")
    guest.write(
        "etc/netplan/01-static.yaml",
        "network:\n  ethernets:\n    eth0:\n      dhcp4: false\n      addresses: [10.0.0.50/24]\n",
    )
    guest.write("etc/cloud/cloud.cfg.d/99-disable-network-config.cfg", "network: {config: disabled}\n")
    state = probe(guest)
    assert any(f.kind == "cloud-init-network-disabled" for f in state.facts)
    assert outcome(judge(state)) == {("NG301", "error", "fail"), ("NG302", "error", "fail")}


def test_static_dns(guest) -> None:
    guest.write(
        "etc/netplan/50-cloud-init.yaml",
        CLOUD_INIT_NETPLAN.replace("dhcp4: true", "dhcp4: true\n            nameservers: {addresses: [8.8.8.8]}"),
    )
    guest.write("etc/resolv.conf", "nameserver 8.8.8.8\nsearch reddog.microsoft.com\n")
    state = probe(guest)
    assert outcome(judge(state)) == {("NG303", "error", "fail")}


def test_immutable_resolv_conf(guest) -> None:
    path = guest.write("etc/resolv.conf", "nameserver 10.9.9.9\n")
    subprocess.run(["chattr", "+i", str(path)], check=True)
    state = probe(guest)
    assert any(f.kind == "resolv-conf-immutable" for f in state.facts)
    assert [s.source for s in state.dns_servers] == [DnsSource.STATIC]
    assert outcome(judge(state)) == {("NG303", "error", "fail")}


def test_vf_twin_is_recognised_not_flagged(guest) -> None:
    guest.add_link("enP30832s1", SPEC.mac)
    state = probe(guest)
    assert next(i for i in state.interfaces if i.name == "enP30832s1").kind is InterfaceKind.VF
    assert outcome(judge(state)) == set()


def test_docker_bridge_is_ignored(guest) -> None:
    guest.ip("link", "add", "docker0", "type", "bridge")
    guest.ip("addr", "add", "172.17.0.1/16", "dev", "docker0")
    state = probe(guest)
    assert next(i for i in state.interfaces if i.name == "docker0").kind is InterfaceKind.VIRTUAL
    assert outcome(judge(state)) == set()


def test_systemd_resolved_stub(guest) -> None:
    guest.write("run/systemd/resolve/stub-resolv.conf", "nameserver 127.0.0.53\noptions edns0 trust-ad\n")
    guest.write("run/systemd/resolve/resolv.conf", "nameserver 168.63.129.16\nsearch reddog.microsoft.com\n")
    (guest.root / "etc/resolv.conf").unlink()
    (guest.root / "etc/resolv.conf").symlink_to("../run/systemd/resolve/stub-resolv.conf")
    state = probe(guest)
    assert [str(s.address) for s in state.dns_servers] == ["168.63.129.16"]
    assert outcome(judge(state)) == set()


def test_guest_not_yet_renewed_then_renewed(guest) -> None:
    guest.set_dns(["10.0.0.8"])
    stale = probe(guest)
    assert outcome(judge(stale, azure_dns=("10.0.0.8",))) == {("NG304", "warning", "fail")}
    guest.renew()
    assert outcome(judge(probe(guest), azure_dns=("10.0.0.8",))) == set()


def test_probe_reads_only(guest) -> None:
    _every_kind_of_config(guest)
    before = _snapshot(guest)
    state = probe(guest)
    assert len(state.interfaces) >= 2
    assert _snapshot(guest) == before


def test_four_nics_of_eight_addresses_fit_in_run_commands_4096_bytes(guest) -> None:
    netplan = ["network:", "    ethernets:"]
    for n in range(4):
        name, mac = f"eth{n}", f"00:0d:3a:aa:bb:0{n + 1}"
        if n:
            guest.add_link(name, mac)
        guest.add_link(f"enP{n + 1}s1", mac)
        secondaries = [f"10.{n}.0.{20 + k}/24" for k in range(7)]
        for address in ([f"10.{n}.0.10/24"] if n else []) + secondaries:
            guest.ip("addr", "add", address, "dev", name)
        netplan += [f"        {name}:", "            addresses:"] + [f"            - {a}" for a in secondaries]
        netplan += [
            "            dhcp4: true",
            "            dhcp4-overrides:",
            f"                route-metric: {100 * (n + 1)}",
        ]
        netplan += [
            "            match:",
            "                driver: hv_netvsc",
            f"                macaddress: {mac}",
            f"            set-name: {name}",
        ]
    guest.write("etc/netplan/50-cloud-init.yaml", "\n".join(netplan) + "\n    version: 2\n")
    stdout, _ = guest.run(PROBE, timeout=10)
    assert len(stdout.encode()) <= 4096, len(stdout.encode())
    state = read_probe_output(stdout).guest
    nics = [i for i in state.interfaces if i.name.startswith("eth")]
    assert [len([a for a in i.addresses if a.address.version == 4]) for i in nics] == [8, 8, 8, 8]
    assert sum(i.kind is InterfaceKind.VF for i in state.interfaces) == 4


def _every_kind_of_config(guest: LinuxGuest) -> None:
    guest.write("etc/netplan/50-cloud-init.yaml", CLOUD_INIT_NETPLAN)
    guest.write(
        "etc/NetworkManager/system-connections/eth0.nmconnection",
        "[connection]\nid=eth0\ninterface-name=eth0\n[ipv4]\nmethod=auto\n",
    )
    guest.write("etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\nPEERDNS=yes\n")
    guest.write("etc/network/interfaces", "auto eth0\niface eth0 inet dhcp\n")
    guest.write("etc/systemd/resolved.conf", "[Resolve]\n#DNS=\n")
    guest.write("etc/cloud/cloud.cfg.d/90-azure-network.cfg", "network: {config: enabled}\n")
    guest.write("run/systemd/resolve/resolv.conf", "nameserver 168.63.129.16\n")
    subprocess.run(["chattr", "+i", str(guest.root / "etc/resolv.conf")], check=True)


def _snapshot(guest: LinuxGuest) -> dict:
    files = {}
    for path in sorted(guest.root.rglob("*")):
        info = path.lstat()
        content = (
            os.readlink(path)
            if path.is_symlink()
            else (hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir")
        )
        files[str(path.relative_to(guest.root))] = (
            info.st_mode,
            info.st_size,
            info.st_mtime_ns,
            info.st_ctime_ns,
            content,
        )
    attributes = subprocess.run(["lsattr", "-R", str(guest.root)], capture_output=True, text=True).stdout
    ip_state = [
        guest.ip(*args)
        for args in (["-d", "link", "show"], ["addr", "show"], ["route", "show", "table", "all"], ["rule", "show"])
    ]
    return {"files": files, "attributes": attributes, "ip": ip_state}


def test_emulator_live_guest_is_built_per_script_and_leaves_nothing() -> None:
    backend = guest_backend(
        {
            "mac": "00-0D-3A-AA-BB-01",
            "address": "10.0.0.5",
            "files": {"etc/netplan/01-static.yaml": "network: {ethernets: {eth0: {dhcp4: false}}}\n"},
            "setup": ["ip addr add 10.0.0.50/24 dev eth0"],
        },
        Path("."),
    )
    stdout, _ = backend.run(PROBE, timeout=10)
    state = read_probe_output(stdout).guest
    assert {str(a.address) for a in eth0(state).addresses} >= {"10.0.0.5", "10.0.0.50"}
    assert eth0(state).dhcp_enabled is False
    namespaces = subprocess.run(["ip", "netns", "list"], capture_output=True, text=True).stdout
    assert f"ngvm{os.getpid()}x" not in namespaces


# Distribution layouts as Azure images ship them, probed for real.
NM_KEYFILE_AUTO = """# Generated by cloud-init. Changes will be lost.

[connection]
id=cloud-init eth0
uuid=1dd9a779-d327-56e1-8454-c65e2556c12c
autoconnect-priority=120
type=ethernet

[user]
org.freedesktop.NetworkManager.origin=cloud-init

[ethernet]
mac-address=00:0D:3A:AA:BB:01

[ipv4]
method=auto
may-fail=false
"""
NM_KEYFILE_MANUAL = """[connection]
id=eth0
uuid=2c0f3c4e-3b1a-4c1e-9d47-0f6e8c1d2a3b
type=ethernet
interface-name=eth0

[ethernet]

[ipv4]
address1=10.0.0.50/24,10.0.0.1
dns=10.0.0.4;10.0.0.6;
method=manual

[ipv6]
addr-gen-mode=default
method=auto
"""


def test_rhel_networkmanager_keyfile_auto_is_clean(guest) -> None:
    guest.write("etc/NetworkManager/system-connections/cloud-init-eth0.nmconnection", NM_KEYFILE_AUTO)
    guest.write(
        "etc/resolv.conf", "# Generated by NetworkManager\nsearch reddog.microsoft.com\nnameserver 168.63.129.16\n"
    )
    state = probe(guest)
    assert eth0(state).dhcp_enabled is True
    assert outcome(judge(state)) == set()


def test_rhel_networkmanager_keyfile_manual(guest) -> None:
    guest.write("etc/NetworkManager/system-connections/eth0.nmconnection", NM_KEYFILE_MANUAL)
    guest.ip("addr", "del", "10.0.0.5/24", "dev", "eth0")
    guest.ip("addr", "add", "10.0.0.50/24", "dev", "eth0")
    guest.write("etc/resolv.conf", "# Generated by NetworkManager\nnameserver 10.0.0.4\nnameserver 10.0.0.6\n")
    state = probe(guest)
    assert outcome(judge(state)) == {
        ("NG301", "error", "fail"),
        ("NG302", "error", "fail"),
        ("NG303", "error", "fail"),
    }


def test_debian_ifupdown_inet_static_with_tabs(guest) -> None:
    guest.write(
        "etc/network/interfaces",
        "source /etc/network/interfaces.d/*\nauto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n"
        "\taddress 10.0.0.5\n\tnetmask 255.255.255.0\n\tgateway 10.0.0.1\n\tdns-nameservers 168.63.129.16\n",
    )
    state = probe(guest)
    assert eth0(state).dhcp_enabled is False
    assert outcome(judge(state)) == {
        ("NG301", "warning", "fail"),
        ("NG302", "warning", "fail"),
        ("NG303", "warning", "fail"),
    }


def test_systemd_networkd_dhcp_yes_is_clean(guest) -> None:
    guest.write("etc/systemd/network/10-eth0.network", "[Match]\nName=eth0\n\n[Network]\nDHCP=yes\n")
    assert outcome(judge(probe(guest))) == set()


def test_systemd_networkd_address_without_dhcp_is_static(guest) -> None:
    # networkd's default is DHCP=no: the file turns DHCP off even while an old lease lingers.
    guest.write(
        "etc/systemd/network/10-eth0.network",
        "[Match]\nName=eth*\n\n[Network]\nAddress=10.0.0.5/24\nGateway=10.0.0.1\nDNS=168.63.129.16\n",
    )
    state = probe(guest)
    assert eth0(state).dhcp_enabled is False
    assert outcome(judge(state)) == {
        ("NG301", "warning", "fail"),
        ("NG302", "warning", "fail"),
        ("NG303", "warning", "fail"),
    }
