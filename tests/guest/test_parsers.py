"""Each source format's parser on its own: the normalised evidence it yields."""

from __future__ import annotations

from ipaddress import ip_address as ip

from nicguard.core.model import AddressOrigin
from nicguard.guest.parsers import (
    _psformat,
    dhclient,
    get_netipconfiguration,
    ifcfg,
    ifupdown,
    ip_text,
    netplan,
    networkd,
    nm_keyfile,
    registry,
    resolv_conf,
    resolvectl,
)


def test_netplan_flow_style_mapping_addresses_and_several_files() -> None:
    text = (
        "network: {ethernets: {eth0: {dhcp4: true, match: {macaddress: '00:0D:3A:AA:BB:01'}, set-name: eth0}}}\n"
        'network:\n  ethernets:\n    eth0:\n      addresses:\n        - 10.0.0.6/24\n        - {"10.0.0.7/24": {lifetime: 0}}\n'
        "      nameservers: {addresses: [10.0.0.4]}\n      dhcp4-overrides: {use-dns: false}\n"
    )
    evidence = netplan.parse(text, "/etc/netplan/50-cloud-init.yaml")
    first, second = evidence.configs
    assert (first.interface, first.mac, first.dhcp) == ("eth0", "00:0d:3a:aa:bb:01", True)
    assert (second.dhcp, second.addresses, second.dns) == (None, (ip("10.0.0.6"), ip("10.0.0.7")), (ip("10.0.0.4"),))
    assert [f.kind for f in evidence.facts] == ["dhcp-dns-ignored"]


def test_networkmanager_keyfile_manual() -> None:
    text = "[connection]\nid=eth0\ninterface-name=eth0\n[ipv4]\nmethod=manual\naddress1=10.0.0.50/24,10.0.0.1\ndns=8.8.8.8;8.8.4.4;\nignore-auto-dns=true\n"
    evidence = nm_keyfile.parse(text)
    (config,) = evidence.configs
    assert (config.dhcp, config.addresses, config.dns) == (False, (ip("10.0.0.50"),), (ip("8.8.8.8"), ip("8.8.4.4")))
    assert evidence.facts[0].kind == "dhcp-dns-ignored"


def test_ifcfg_alias_adds_addresses_without_a_dhcp_vote() -> None:
    (config,) = ifcfg.parse(
        "DEVICE=eth0:0\nBOOTPROTO=static\nIPADDR=10.0.0.6\n", "/etc/sysconfig/network-scripts/ifcfg-eth0:0"
    ).configs
    assert (config.interface, config.dhcp, config.addresses) == ("eth0", None, (ip("10.0.0.6"),))
    (suse,) = ifcfg.parse("NETCONFIG_DNS_STATIC_SERVERS='10.1.1.1 10.1.1.2'\n", "/etc/sysconfig/network/config").configs
    assert (suse.interface, suse.dns) == (None, (ip("10.1.1.1"), ip("10.1.1.2")))


def test_ifupdown_static_stanza() -> None:
    text = "auto lo\niface lo inet loopback\niface eth0 inet static\n  address 10.0.0.50/24\n  dns-nameservers 10.0.0.4 10.0.0.5\n"
    (config,) = ifupdown.parse(text).configs
    assert (config.interface, config.dhcp, config.addresses, config.dns) == (
        "eth0",
        False,
        (ip("10.0.0.50"),),
        (ip("10.0.0.4"), ip("10.0.0.5")),
    )


def test_networkd_unit_lease_and_resolved_conf() -> None:
    unit = networkd.parse(
        "[Match]\nName=eth0\n[Network]\nDHCP=ipv4\nDNS=10.0.0.4\n[DHCPv4]\nUseDNS=false\n",
        "/etc/systemd/network/10-eth0.network",
    )
    assert (unit.configs[0].dhcp, unit.configs[0].dns, unit.facts[0].kind) == (
        True,
        (ip("10.0.0.4"),),
        "dhcp-dns-ignored",
    )
    lease = networkd.parse(
        "# This is private data.\nADDRESS=10.0.0.5\nDNS=168.63.129.16\n", "/run/systemd/netif/leases/2"
    ).leases[0]
    assert (lease.interface, lease.address, lease.dns) == (None, ip("10.0.0.5"), (ip("168.63.129.16"),))
    resolved = networkd.parse("[Resolve]\nDNS=10.9.9.9 10.9.9.8\n", "/etc/systemd/resolved.conf").configs[0]
    assert (resolved.interface, resolved.dns) == (None, (ip("10.9.9.9"), ip("10.9.9.8")))


def test_dhclient_keeps_the_last_lease_and_reads_supersede() -> None:
    leases = 'lease {\n interface "eth0";\n fixed-address 10.0.0.4;\n option dhcp-lease-time 4294967295;\n}\nlease {\n interface "eth0";\n fixed-address 10.0.0.5;\n option domain-name-servers 10.0.0.4, 10.0.0.6;\n}\n'
    (lease,) = dhclient.parse(leases).leases
    assert (lease.interface, lease.address, lease.dns) == ("eth0", ip("10.0.0.5"), (ip("10.0.0.4"), ip("10.0.0.6")))
    conf = dhclient.parse("supersede domain-name-servers 8.8.8.8, 8.8.4.4;\n", "/etc/dhcp/dhclient.conf")
    assert conf.configs[0].dns == (ip("8.8.8.8"), ip("8.8.4.4")) and conf.facts[0].kind == "dhclient-dns-override"


def test_resolv_conf_stub_and_upstream() -> None:
    assert resolv_conf.parse("nameserver 127.0.0.53\n").resolvers[0].stub
    assert resolv_conf.parse("nameserver 10.0.0.4\n", "/run/systemd/resolve/resolv.conf").resolvers[0].upstream


def test_resolvectl_global_servers_are_static() -> None:
    text = "Global\n     DNS Servers: 10.9.9.9\n\nLink 2 (eth0)\n  DNS Servers: 10.0.0.4\n               10.0.0.5\n"
    evidence = resolvectl.parse(text)
    assert evidence.configs[0].dns == (ip("10.9.9.9"),)
    assert (evidence.resolvers[0].interface, evidence.resolvers[0].servers) == (
        "eth0",
        (ip("10.0.0.4"), ip("10.0.0.5")),
    )


def test_iproute2_json_oneline_and_brief() -> None:
    json_text = '[{"ifname":"eth0","address":"00:0d:3a:aa:bb:01","link_type":"ether","addr_info":[{"family":"inet","local":"10.0.0.5","prefixlen":24,"dynamic":true}]},{"ifname":"br0","address":"02:42:00:00:00:01","linkinfo":{"info_kind":"bridge"}}]'
    evidence = ip_text.parse(json_text)
    assert evidence.addresses[0].dynamic and evidence.links[1].link_kind == "bridge"
    oneline = ip_text.parse(
        "2: eth0    inet 10.0.0.5/24 brd 10.0.0.255 scope global secondary eth0\\       valid_lft forever preferred_lft forever\n"
    )
    assert oneline.addresses[0].secondary and oneline.addresses[0].prefix_length == 24
    brief = ip_text.parse("eth0@if5         UP             10.0.0.5/24 10.0.0.6/24 fe80::1/64\n")
    assert [str(a.address) for a in brief.addresses] == ["10.0.0.5", "10.0.0.6", "fe80::1"]


def test_powershell_table_with_a_two_line_header() -> None:
    text = "InterfaceAlias  Interface Address ServerAddresses\n                Index     Family\n--------------  --------- ------- ---------------\nEthernet                6 IPv4    {10.0.0.4, 10.0.0.5}\n"
    (row,) = _psformat.records(text)
    assert row == {
        "InterfaceAlias": "Ethernet",
        "Interface Index": "6",
        "Address Family": "IPv4",
        "ServerAddresses": "{10.0.0.4, 10.0.0.5}",
    }


def test_get_netipconfiguration_detailed() -> None:
    text = (
        "InterfaceAlias                       : Ethernet\nInterfaceDescription                 : Microsoft Hyper-V Network Adapter\n"
        "NetAdapter.LinkLayerAddress          : 00-0D-3A-AA-BB-01\nIPv4Address                          : 10.0.0.5\n"
        "NetIPv4Interface.DHCP                : Disabled\nDNSServer                            : 10.0.0.4\n"
        "                                       10.0.0.5\n"
    )
    evidence = get_netipconfiguration.parse(text)
    assert evidence.links[0].mac == "00:0d:3a:aa:bb:01" and evidence.configs[0].dhcp is False
    assert evidence.resolvers[0].servers == (ip("10.0.0.4"), ip("10.0.0.5"))


def test_reg_query_multi_string_and_guid() -> None:
    text = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters\\Interfaces\\{6F0B1C2D-3E4F-4A5B-8C7D-9E0F1A2B3C4D}\n    EnableDHCP    REG_DWORD    0x0\n    IPAddress    REG_MULTI_SZ    10.0.0.5\\010.0.0.6\n"
    (config,) = registry.parse(text).configs
    assert (config.interface, config.dhcp, config.addresses) == (
        "{6f0b1c2d-3e4f-4a5b-8c7d-9e0f1a2b3c4d}",
        False,
        (ip("10.0.0.5"), ip("10.0.0.6")),
    )


def test_networkctl_marks_dhcp_addresses() -> None:
    from nicguard.guest.parsers import networkctl

    text = "● 2: eth0\n   HW Address: 00:0d:3a:aa:bb:01 (Microsoft Corp.)\n      Address: 10.0.0.5 (DHCP4 via 168.63.129.16)\n               10.0.0.6\n          DNS: 10.0.0.4\n"
    evidence = networkctl.parse(text)
    assert [a.origin for a in evidence.addresses] == [AddressOrigin.DHCP, None]
    assert evidence.leases[0].address == ip("10.0.0.5")
