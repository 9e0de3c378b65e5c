"""Support-case pastes never seen before: each test pins one false alarm, silent miss or crash
found by feeding real-format outputs to ``nicguard guest check`` (see docs/guest.md)."""

from __future__ import annotations

import re

from nicguard.cli import main
from nicguard.core.model import AddressOrigin, DnsSource, GuestState, GuestUnreadable, InterfaceKind
from nicguard.guest.parsers import read_guest
from nicguard.guest.probes import probe_script

from .conftest import RECORDED, judge_text, outcome


def state(text: str, os_hint: str | None = None) -> GuestState:
    guest = read_guest(text, os_hint).guest
    assert isinstance(guest, GuestState), guest
    return guest


def interface(guest: GuestState, name: str):
    return next(i for i in guest.interfaces if i.name == name)


def test_windows_fec0_dns_placeholders_are_not_servers() -> None:
    guest = state((RECORDED / "windows/ipconfig-en-static-dns-with-fec0-placeholders.txt").read_text())
    assert [str(s.address) for s in guest.dns_servers] == ["168.63.129.16"]
    text = """PS C:\\> Get-DnsClientServerAddress

InterfaceAlias               Interface Address ServerAddresses
                             Index     Family
--------------               --------- ------- ---------------
Ethernet                             6 IPv4    {168.63.129.16}
Ethernet                             6 IPv6    {fec0:0:0:ffff::1, fec0:0:0:ffff::2, fec0:0:0:ffff::3}
Ethernet 2                           9 IPv4    {}
PS C:\\> Get-NetIPConfiguration -Detailed

InterfaceAlias                        : Ethernet
InterfaceIndex                        : 6
InterfaceDescription                  : Microsoft Hyper-V Network Adapter
NetAdapter.LinkLayerAddress           : 00-0D-3A-21-43-65
IPv4Address                           : 10.0.0.5
NetIPv4Interface.DHCP                 : Enabled
DNSServer                             : 168.63.129.16
                                        fec0:0:0:ffff::1
"""
    assert [str(s.address) for s in state(text).dns_servers] == ["168.63.129.16"]
    assert outcome(judge_text(text, (), ("168.63.129.16",))) == set()


def test_japanese_ipconfig_with_full_width_colons_and_brackets_is_read() -> None:
    guest = state((RECORDED / "windows/ipconfig-ja-fullwidth-punctuation.txt").read_text(encoding="utf-8"))
    nic = interface(guest, "イーサネット")
    assert nic.mac == "00:0d:3a:aa:bb:01" and nic.dhcp_enabled is True
    assert [(str(a.address), a.origin) for a in nic.addresses if a.address.version == 4] == [
        ("10.0.0.5", AddressOrigin.DHCP)
    ]
    assert interface(guest, "イーサネット 2").kind is InterfaceKind.VF


def test_ipconfig_in_an_unsupported_language_is_unreadable_with_the_reason() -> None:
    names = ("ipconfig-de-unsupported.txt", "ipconfig-fr-unsupported.txt", "transcript-de-ipconfig-with-powershell.txt")
    for name in names:
        guest = read_guest((RECORDED / "windows" / name).read_text(encoding="utf-8")).guest
        assert isinstance(guest, GuestUnreadable) and "language" in guest.reason, name


def test_ipconfig_displaydns_is_neither_read_nor_unreadable() -> None:
    text = """C:\\>ipconfig /displaydns

Windows IP Configuration

    contoso.com
    ----------------------------------------
    Record Name . . . . . : contoso.com
    Record Type . . . . . : 1
    Time To Live  . . . . : 283
    Data Length . . . . . : 4
    Section . . . . . . . : Answer
    A (Host) Record . . . : 10.0.0.4

C:\\>ipconfig /all

Windows IP Configuration

Ethernet adapter Ethernet:

   Description . . . . . . . . . . . : Microsoft Hyper-V Network Adapter
   Physical Address. . . . . . . . . : 00-0D-3A-AA-BB-01
   DHCP Enabled. . . . . . . . . . . : Yes
   IPv4 Address. . . . . . . . . . . : 10.0.0.5(Preferred)
   Subnet Mask . . . . . . . . . . . : 255.255.255.0
   DNS Servers . . . . . . . . . . . : 168.63.129.16
"""
    assert outcome(judge_text(text, (), ("168.63.129.16",))) == set()


def test_windows_dns_on_an_adapter_with_dhcp_off_is_static() -> None:
    guest = state((RECORDED / "windows/transcript-powershell-start-transcript-static.txt").read_text())
    assert {(str(s.address), s.source) for s in guest.dns_servers} == {
        ("10.0.0.4", DnsSource.STATIC),
        ("10.0.0.5", DnsSource.STATIC),
    }


def test_get_netipaddress_default_table_is_named_by_ifindex() -> None:
    guest = state((RECORDED / "windows/transcript-powershell-start-transcript-static.txt").read_text())
    nic = interface(guest, "Ethernet")
    assert [(str(a.address), a.prefix_length, a.origin) for a in nic.addresses] == [
        ("10.0.0.50", 24, AddressOrigin.STATIC)
    ]


def test_reg_query_per_network_subkeys_are_not_the_interfaces_settings() -> None:
    guest = state((RECORDED / "windows/transcript-cmd-reg-query-only.txt").read_text())
    second = interface(guest, "{5e8f2c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b}")
    assert second.dhcp_enabled is True
    text = (RECORDED / "windows/transcript-cmd-reg-query-only.txt").read_text().replace(
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9\n    EnableDHCP    REG_DWORD    0x1",
        "0a1b2c3d4e5f60718293a4b5c6d7e8f9\n    EnableDHCP    REG_DWORD    0x0",
    )
    assert interface(state(text), "{5e8f2c1a-3b4d-4e6f-8a9b-0c1d2e3f4a5b}").dhcp_enabled is True


def test_registry_only_paste_is_judged_from_its_keys() -> None:
    guest = state((RECORDED / "windows/transcript-cmd-reg-query-only.txt").read_text())
    assert any(f.kind == "configuration-only" for f in guest.facts)
    findings = judge_text((RECORDED / "windows/transcript-cmd-reg-query-only.txt").read_text())
    assert any("10.0.0.50 differs from the NIC's (10.0.0.5)" in f.message for f in findings)


def test_resolved_server_names_ports_and_interfaces_are_stripped() -> None:
    guest = state((RECORDED / "linux/transcript-resolved-255-global-dns-sni.txt").read_text())
    assert {(str(s.address), s.source, s.interface) for s in guest.dns_servers} == {
        ("168.63.129.16", DnsSource.UNKNOWN, "eth0"),
        ("10.0.0.4", DnsSource.STATIC, None),
        ("10.0.0.6", DnsSource.STATIC, None),
    }


def test_nmcli_connection_view_shows_the_runtime_address() -> None:
    guest = state((RECORDED / "linux/transcript-rhel8-nmcli-connection-static.txt").read_text())
    nic = interface(guest, "eth0")
    assert nic.dhcp_enabled is False and [str(a.address) for a in nic.addresses] == ["10.0.0.50"]


def test_nmcli_terse_escaped_colons() -> None:
    text = (
        "$ nmcli -t dev show eth0\nGENERAL.DEVICE:eth0\nGENERAL.HWADDR:00\\:0D\\:3A\\:9C\\:8B\\:7A\n"
        "IP4.ADDRESS[1]:10.0.0.7/24\nIP4.DNS[1]:168.63.129.16\nIP6.ADDRESS[1]:fe80\\:\\:20d\\:3aff\\:fe9c\\:8b7a/64\n"
    )
    nic = interface(state(text), "eth0")
    assert nic.mac == "00:0d:3a:9c:8b:7a"
    assert [str(a.address) for a in nic.addresses] == ["10.0.0.7", "fe80::20d:3aff:fe9c:8b7a"]


def test_suse_root_and_user_prompts_split_the_transcript() -> None:
    guest = state((RECORDED / "linux/transcript-suse-static-netconfig.txt").read_text())
    assert interface(guest, "eth0").dhcp_enabled is False
    assert {str(s.address) for s in guest.dns_servers} == {"10.0.0.4", "10.0.0.5"}
    text = "azureuser@vm-sles:~> cat /etc/sysconfig/network/ifcfg-eth0\nBOOTPROTO='dhcp'\nSTARTMODE='auto'\n"
    text += "azureuser@vm-sles:~> ip -4 -br a\neth0             UP             10.0.0.6/24\n"
    assert interface(state(text), "eth0").dhcp_enabled is True


def test_configured_static_address_not_yet_applied_is_reported() -> None:
    # NetworkManager still holds the DHCP lease; the next restart applies the ifcfg's 10.0.0.50.
    text = """[root@rhel8 ~]# ip -4 addr show eth0
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
    inet 10.0.0.7/24 brd 10.0.0.255 scope global dynamic noprefixroute eth0
       valid_lft 4294967293sec preferred_lft 4294967293sec
[root@rhel8 ~]# cat /etc/sysconfig/network-scripts/ifcfg-eth0
DEVICE=eth0
BOOTPROTO=none
IPADDR=10.0.0.50
PREFIX=24
"""
    findings = judge_text(text, ("10.0.0.7",), ("168.63.129.16",))
    assert ("NG301", "error", "fail") in outcome(findings)
    assert any("10.0.0.50 differs" in f.message for f in findings)


def test_configured_addresses_never_land_on_the_vf_twin() -> None:
    text = """azureuser@vm:~$ ip addr
2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000
    link/ether 00:0d:3a:5f:1c:22 brd ff:ff:ff:ff:ff:ff
    inet 10.0.0.4/24 metric 100 brd 10.0.0.255 scope global eth0
       valid_lft forever preferred_lft forever
    inet 10.0.0.10/24 brd 10.0.0.255 scope global secondary eth0
       valid_lft forever preferred_lft forever
3: enP30832s1: <BROADCAST,MULTICAST,SLAVE,UP,LOWER_UP> mtu 1500 qdisc mq master eth0 state UP group default qlen 1000
    link/ether 00:0d:3a:5f:1c:22 brd ff:ff:ff:ff:ff:ff
    altname enP30832p0s2
azureuser@vm:~$ cat /etc/netplan/50-cloud-init.yaml
network:
    ethernets:
        eth0:
            addresses:
            - 10.0.0.10/24
            dhcp4: true
            match:
                driver: hv_netvsc
                macaddress: 00:0d:3a:5f:1c:22
            set-name: eth0
    version: 2
"""
    guest = state(text)
    assert interface(guest, "enP30832s1").kind is InterfaceKind.VF
    assert interface(guest, "enP30832s1").addresses == ()
    assert outcome(judge_text(text, ("10.0.0.4", "10.0.0.10"), ("168.63.129.16",))) == {("NG301", "info", "fail")}


def test_networkd_glob_match_and_default_dhcp_off() -> None:
    text = """root@vm:~# cat /etc/systemd/network/10-azure.network
[Match]
Name=eth*

[Network]
Address=10.0.0.80/24
Gateway=10.0.0.1
root@vm:~# ip -br a
eth0             UP             10.0.0.80/24 fe80::20d:3aff:fe11:2233/64
"""
    nic = interface(state(text), "eth0")
    assert nic.dhcp_enabled is False and nic.addresses[0].origin is AddressOrigin.STATIC


def test_lsattr_long_form_marks_resolv_conf_immutable() -> None:
    guest = state((RECORDED / "linux/transcript-ifcfg-only-static.txt").read_text())
    assert any(f.kind == "resolv-conf-immutable" for f in guest.facts)


def test_cli_unsupported_language_exits_2_with_one_actionable_line(capsys) -> None:
    code = main(["guest", "check", str(RECORDED / "windows/ipconfig-de-unsupported.txt"), "--color", "never"])
    out = capsys.readouterr().out
    assert code == 2 and "Get-NetIPConfiguration -Detailed" in out and "Traceback" not in out


def test_cli_paste_without_adapters_is_never_clean(capsys) -> None:
    code = main(["guest", "check", str(RECORDED / "linux/transcript-resolv-conf-only.txt"), "--color", "never"])
    out = capsys.readouterr().out
    assert code == 2 and "ip addr" in out


def test_cli_reads_full_width_japanese_saved_as_shift_jis(capsys, tmp_path) -> None:
    text = (RECORDED / "windows/ipconfig-ja-fullwidth-punctuation.txt").read_text(encoding="utf-8")
    paste = tmp_path / "ticket.txt"
    paste.write_bytes(text.encode("cp932"))
    code = main(["guest", "check", str(paste), "--nic-ip", "10.0.0.9", "--color", "never"])
    assert code == 1 and "10.0.0.5" in capsys.readouterr().out


def test_windows_probe_is_powershell_5_1_compatible() -> None:
    script = probe_script("windows")
    code = "\n".join(line.split("#", 1)[0] for line in script.splitlines())
    assert "??" not in code and "?." not in code and "-Parallel" not in code
    assert not re.search(r"\s\?\s[^:]+\s:\s", code), "PowerShell 7 ternary"
    assert "GetByteCount" in code, "the Run Command budget is in bytes, not characters"
    assert "GetAllNetworkInterfaces" in code, "a fallback when CIM/WMI is unavailable"
    assert "Join-Path $interfaces $adapter.InterfaceGuid" not in code, "a GUID-less adapter must not stop the probe"
