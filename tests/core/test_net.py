import ipaddress

import pytest

from nicguard.core.net import (
    AddressError,
    containing_prefix,
    is_reserved,
    normalise_mac,
    parent_id,
    parse_ip,
    parse_prefix,
    reserved_addresses,
    same_resource_id,
)


@pytest.mark.parametrize("text", ["00-0D-3A-1B-C7-21", "000D3A1BC721", "00:0d:3a:1b:c7:21", " 00:0D:3a:1B:c7:21 "])
def test_mac_forms_normalise_alike(text):
    assert normalise_mac(text) == "00:0d:3a:1b:c7:21"


@pytest.mark.parametrize("text", ["", "00-0D-3A", "zz:0d:3a:1b:c7:21", "00:0d:3a:1b:c7:21:00"])
def test_bad_mac_is_an_error(text):
    with pytest.raises(AddressError):
        normalise_mac(text)


def test_private_ip_may_arrive_as_cidr():
    assert parse_ip("172.20.2.16/28") == ipaddress.ip_address("172.20.2.16")
    assert parse_ip("fe80::1%eth0") == ipaddress.ip_address("fe80::1")


def test_prefix_with_host_bits_is_rejected():
    with pytest.raises(AddressError, match="10.0.0.5/24"):
        parse_prefix("10.0.0.5/24")


@pytest.mark.parametrize(
    ("prefix", "reserved", "free"),
    [
        ("10.0.0.0/24", ["10.0.0.0", "10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.255"], ["10.0.0.4", "10.0.0.254"]),
        ("10.0.0.128/26", ["10.0.0.128", "10.0.0.131", "10.0.0.191"], ["10.0.0.132", "10.0.0.190", "10.0.0.1"]),
        ("10.0.0.0/16", ["10.0.0.3", "10.0.255.255"], ["10.0.0.255", "10.0.1.0", "10.0.255.254"]),
        ("10.0.0.8/29", ["10.0.0.8", "10.0.0.11", "10.0.0.15"], ["10.0.0.12", "10.0.0.14"]),
    ],
)
def test_reservations_are_relative_to_the_prefix(prefix, reserved, free):
    network = parse_prefix(prefix)
    for address in reserved:
        assert is_reserved(parse_ip(address), network), address
    for address in free:
        assert not is_reserved(parse_ip(address), network), address


def test_no_ipv6_reservations_are_assumed():
    network = parse_prefix("fd00::/64")
    assert not is_reserved(parse_ip("fd00::1"), network)
    assert reserved_addresses(network) == ()


def test_reserved_addresses_listed_for_messages():
    assert [str(a) for a in reserved_addresses(parse_prefix("10.0.0.128/26"))] == [
        "10.0.0.128", "10.0.0.129", "10.0.0.130", "10.0.0.131", "10.0.0.191",
    ]


def test_containing_prefix_over_several_prefixes_and_families():
    prefixes = (parse_prefix("fd00::/64"), parse_prefix("10.0.1.0/24"), parse_prefix("10.0.9.0/24"))
    assert containing_prefix(parse_ip("10.0.9.7"), prefixes) == prefixes[2]
    assert containing_prefix(parse_ip("10.0.2.7"), prefixes) is None


def test_resource_ids_compare_case_insensitively():
    assert same_resource_id("/subscriptions/A/resourceGroups/RG/x", "/SUBSCRIPTIONS/a/resourcegroups/rg/X/")
    assert parent_id("/s/1/providers/Microsoft.Network/virtualNetworks/v/subnets/s") == (
        "/s/1/providers/Microsoft.Network/virtualNetworks/v"
    )
