"""VNet-level DNS (dhcp_options) passes the same rule as NIC-level DNS."""

from __future__ import annotations

import pulumi
import pytest

from components import DeclarationError, vnet_dhcp_options

from .conftest import RecordingMocks, run


def test_a_valid_list_is_passed_on_and_azure_provided_dns_means_azure_default() -> None:
    assert vnet_dhcp_options("vnet", ["10.20.1.4", "10.20.1.5"]) == {"dns_servers": ["10.20.1.4", "10.20.1.5"]}
    assert vnet_dhcp_options("vnet", ["AzureProvidedDNS"]) == {"dns_servers": []}


@pytest.mark.parametrize(
    ("entries", "expected"),
    [
        pytest.param(
            ["dc1.corp.example"],
            "NG202 invalid-dns-server: DNS server 'dc1.corp.example' is not an IP address",
            id="not-ip",
        ),
        pytest.param(
            [f"10.20.1.{i}" for i in range(4, 25)], "21 DNS servers declared; Azure accepts at most 20", id="too-many"
        ),
    ],
)
def test_a_bad_list_is_refused_now(entries: list[str], expected: str) -> None:
    with pytest.raises(DeclarationError) as caught:
        vnet_dhcp_options("hub", entries)

    assert caught.value.args[0].startswith("VNet hub cannot be deployed:")
    assert expected in caught.value.args[0]


def test_output_entries_are_checked_when_they_resolve(mocks: RecordingMocks) -> None:
    entries = ["10.20.1.4", pulumi.Output.from_input("dns.corp.example")]

    with pytest.raises(DeclarationError, match=r"DNS server 'dns\.corp\.example' is not an IP address"):
        run(lambda: vnet_dhcp_options("hub", entries)["dns_servers"])
