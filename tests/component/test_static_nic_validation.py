"""StaticNic refuses declarations Azure would reject, with the rule's id, name and message."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import pulumi
import pytest
from pulumi_azure_native import network

from components import ClaimRegistry, DeclarationError, IpConfig, StaticNic, StaticNicArgs, declaration
from nicguard.errors import InputError
from nicguard.rules.base import Violation
from nicguard.rules.declared import DeclaredIpNotStatic

from .conftest import OTHER_SUBNET_ID, SUBNET_ID, RecordingMocks, run

NIC = "azure-native:network:NetworkInterface"


def _nic(
    name: str,
    *addresses: pulumi.Input[str],
    dns_servers: pulumi.Input[Sequence[pulumi.Input[str]]] = (),
    subnet_id: pulumi.Input[str] = SUBNET_ID,
    prefixes: pulumi.Input[Sequence[str]] = ("10.0.1.0/24",),
    registry: ClaimRegistry | None = None,
) -> StaticNic:
    configs = [IpConfig(f"ipconfig{i + 1}", a, primary=i == 0) for i, a in enumerate(addresses)]
    return StaticNic(
        name,
        StaticNicArgs(
            resource_group_name="rg",
            subnet_id=subnet_id,
            subnet_prefixes=list(prefixes) if isinstance(prefixes, tuple) else prefixes,
            ip_configurations=configs,
            dns_servers=dns_servers,
            registry=registry,
        ),
    )


def _error_of(program: object) -> DeclarationError:
    with pytest.raises(DeclarationError) as caught:
        run(program)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("addresses", "dns_servers", "expected"),
    [
        pytest.param(
            ["10.0.2.10"], [], "NG103 private-ip-outside-subnet: 10.0.2.10 is outside subnet", id="outside-subnet"
        ),
        pytest.param(
            ["10.0.1.1"],
            [],
            "NG102 reserved-private-ip: 10.0.1.1 is reserved by Azure in 10.0.1.0/24",
            id="reserved-gateway",
        ),
        pytest.param(["10.0.1.255"], [], "NG102 reserved-private-ip: 10.0.1.255 is reserved", id="reserved-broadcast"),
        pytest.param(
            ["10.0.1.10", "10.0.1.10"], [], "NG101 duplicate-private-ip: 10.0.1.10 in subnet", id="duplicate-in-one-nic"
        ),
        pytest.param(
            ["10.0.1.10"],
            ["dc1.corp.example"],
            "NG202 invalid-dns-server: DNS server 'dc1.corp.example' is not an IP address",
            id="dns-not-ip",
        ),
        pytest.param(
            ["10.0.1.10"],
            ["AzureProvidedDNS", "10.0.1.4"],
            "NG202 invalid-dns-server: AzureProvidedDNS must be the only entry",
            id="dns-azure-mixed",
        ),
        pytest.param(
            ["10.0.1.10"],
            [f"10.0.1.{i}" for i in range(4, 25)],
            "NG202 invalid-dns-server: 21 DNS servers declared; Azure accepts at most 20",
            id="too-many-dns",
        ),
        pytest.param(["fd00::10"], [], "NG201 declared-ip-not-static: the NIC declares no IPv4 address", id="no-ipv4"),
        pytest.param(
            [], [], "NG201 declared-ip-not-static: the NIC declares no IP configuration", id="no-ip-configuration"
        ),
    ],
)
def test_rule_failures_stop_the_program(
    mocks: RecordingMocks, addresses: list[str], dns_servers: list[str], expected: str
) -> None:
    prefixes = ("10.0.1.0/24", "fd00::/64")
    error = _error_of(lambda: _nic("web-nic", *addresses, dns_servers=dns_servers, prefixes=prefixes))

    assert error.args[0].startswith("StaticNic 'web-nic' cannot be deployed:\n")
    assert expected in error.args[0]
    assert any(p.startswith("how to fix (NG") for p in error.problems)
    assert mocks.registered == [], "a refused declaration registers nothing"


def test_the_error_is_a_clean_pulumi_error_and_an_input_error(mocks: RecordingMocks) -> None:
    error = _error_of(lambda: _nic("web-nic", "10.0.1.1"))

    assert isinstance(error, pulumi.RunError) and isinstance(error, InputError)


def test_a_duplicate_across_nics_names_the_other_nic(mocks: RecordingMocks) -> None:
    def program() -> None:
        _nic("web-nic", "10.0.1.10")
        _nic("api-nic", "10.0.1.11", "10.0.1.10")

    error = _error_of(program)

    assert error.what == "StaticNic 'api-nic'"
    assert (
        f"NG101 duplicate-private-ip: 10.0.1.10 in subnet {SUBNET_ID} is also claimed by web-nic/ipconfig1"
        in error.args[0]
    )
    assert mocks.names(NIC) == ["web-nic"]


def test_the_same_address_in_another_subnet_is_no_duplicate(mocks: RecordingMocks) -> None:
    def program() -> None:
        _nic("web-nic", "10.0.1.10")
        _nic("db-nic", "10.0.1.10", subnet_id=OTHER_SUBNET_ID)

    run(program)

    assert sorted(mocks.names(NIC)) == ["db-nic", "web-nic"]


def test_separate_registries_do_not_see_each_others_claims(mocks: RecordingMocks) -> None:
    def program() -> None:
        _nic("web-nic", "10.0.1.10", registry=ClaimRegistry())
        _nic("api-nic", "10.0.1.10", registry=ClaimRegistry())

    run(program)

    assert sorted(mocks.names(NIC)) == ["api-nic", "web-nic"]


@pytest.mark.parametrize(
    ("configs", "prefixes", "dns_servers", "expected"),
    [
        pytest.param(
            [IpConfig("a", "10.0.1.x")],
            ["10.0.1.0/24"],
            [],
            "IP configuration a: '10.0.1.x' is not an IP address",
            id="address-not-ip",
        ),
        pytest.param(
            [IpConfig("a", "10.0.1.10/24")],
            ["10.0.1.0/24"],
            [],
            "give one address, not a prefix",
            id="address-is-prefix",
        ),
        pytest.param(
            [IpConfig("a", "10.0.1.10"), IpConfig("b", "10.0.1.11")],
            ["10.0.1.0/24"],
            [],
            "mark exactly one IP configuration primary=True",
            id="no-primary",
        ),
        pytest.param(
            [IpConfig("a", "10.0.1.10", primary=True), IpConfig("A", "10.0.1.11")],
            ["10.0.1.0/24"],
            [],
            "IP configuration names must be unique: a",
            id="same-name",
        ),
        pytest.param([IpConfig("a", "10.0.1.10")], [], [], "subnet_prefixes is empty", id="no-prefixes"),
        pytest.param(
            [IpConfig("a", "10.0.1.10")], ["10.0.1.5/24"], [], "is not a valid address prefix", id="prefix-host-bits"
        ),
        pytest.param(
            [IpConfig("a", "10.0.1.10")], "10.0.1.0/24", [], "subnet_prefixes must be a list", id="prefixes-string"
        ),
        pytest.param(
            [IpConfig("a", "10.0.1.10")], ["10.0.1.0/24"], "10.0.1.4", "dns_servers must be a list", id="dns-string"
        ),
    ],
)
def test_malformed_arguments_are_named(
    mocks: RecordingMocks, configs: list[IpConfig], prefixes: object, dns_servers: object, expected: str
) -> None:
    args = StaticNicArgs(
        resource_group_name="rg",
        subnet_id=SUBNET_ID,
        subnet_prefixes=prefixes,  # type: ignore[arg-type]
        ip_configurations=configs,
        dns_servers=dns_servers,  # type: ignore[arg-type]
    )

    assert expected in _error_of(lambda: StaticNic("web-nic", args)).args[0]


def test_a_rule_that_cannot_run_is_reported_as_a_warning(
    mocks: RecordingMocks, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken(DeclaredIpNotStatic):
        abstract = True  # a test double: skips the catalog's docstring checks

        def check(self, subject: object, settings: object) -> Iterator[Violation]:
            raise RuntimeError("boom")

    warnings: list[str] = []
    monkeypatch.setattr(declaration, "DECLARATION_RULES", (Broken(),))
    monkeypatch.setattr(pulumi.log, "warn", lambda message, *args, **kwargs: warnings.append(message))

    run(lambda: _nic("web-nic", "10.0.1.10"))

    assert warnings == [
        "StaticNic 'web-nic': NG201 declared-ip-not-static: rule could not run on this subject: RuntimeError: boom"
    ]


def test_args_and_keyword_fields_do_not_mix(mocks: RecordingMocks) -> None:
    with pytest.raises(TypeError, match="either args or keyword fields"):
        run(lambda: StaticNic("web-nic", StaticNicArgs("rg", SUBNET_ID, ["10.0.1.0/24"], []), location="westeurope"))


# --- Output values: checked when they resolve, before the NIC receives them ---------------


def test_an_output_address_is_checked_when_it_resolves(mocks: RecordingMocks) -> None:
    error = _error_of(lambda: _nic("web-nic", pulumi.Output.from_input("10.0.9.10")))

    assert "NG103 private-ip-outside-subnet: 10.0.9.10 is outside subnet" in error.args[0]
    assert mocks.names(NIC) == [], "the NIC waits for the check, so Azure never gets the value"


def test_an_output_dns_entry_is_checked_when_it_resolves(mocks: RecordingMocks) -> None:
    dns = ["10.0.1.4", pulumi.Output.from_input("dns.corp.example")]

    error = _error_of(lambda: _nic("web-nic", "10.0.1.10", dns_servers=dns))

    assert "NG202 invalid-dns-server: DNS server 'dns.corp.example' is not an IP address" in error.args[0]


def test_output_prefixes_are_checked_when_they_resolve(mocks: RecordingMocks) -> None:
    error = _error_of(lambda: _nic("web-nic", "10.0.1.1", prefixes=pulumi.Output.from_input(["10.0.1.0/24"])))

    assert "NG102 reserved-private-ip" in error.args[0]


def test_duplicates_are_found_by_the_resolved_subnet_id(mocks: RecordingMocks) -> None:
    def program() -> None:
        _nic("web-nic", "10.0.1.10")
        # Another spelling of the same id, only known once resolved.
        _nic("api-nic", "10.0.1.10", subnet_id=pulumi.Output.from_input(SUBNET_ID.upper()))

    error = _error_of(program)

    assert error.what == "StaticNic 'api-nic'"
    assert "NG101 duplicate-private-ip: 10.0.1.10" in error.args[0]


def test_at_preview_nics_on_the_same_unknown_subnet_id_are_compared(preview_mocks: RecordingMocks) -> None:
    def program() -> None:
        subnet = network.Subnet(
            "vms", resource_group_name="rg", virtual_network_name="vnet", address_prefix="10.0.1.0/24"
        )
        _nic("web-nic", "10.0.1.10", subnet_id=subnet.id)
        _nic("api-nic", "10.0.1.10", subnet_id=subnet.id)

    error = _error_of(program)

    assert (
        "NG101 duplicate-private-ip: 10.0.1.10 in subnet 10.0.1.0/24 (id not known until deployment) "
        "is also claimed by web-nic/ipconfig1" in error.args[0]
    )


def test_at_preview_known_addresses_reach_the_nic_while_the_subnet_id_is_unknown(preview_mocks: RecordingMocks) -> None:
    def program() -> None:
        subnet = network.Subnet(
            "vms", resource_group_name="rg", virtual_network_name="vnet", address_prefix="10.0.1.0/24"
        )
        _nic("web-nic", "10.0.1.10", dns_servers=["10.0.1.4"], subnet_id=subnet.id)

    run(program)

    config = preview_mocks.inputs(NIC)["web-nic"]["ipConfigurations"][0]
    assert config["privateIPAddress"] == "10.0.1.10", "policies and reviewers see the address at preview"
    assert preview_mocks.inputs(NIC)["web-nic"]["dnsSettings"] == {"dnsServers": ["10.0.1.4"]}


# --- a subnet looked up with an invoke: under mocks (``nicguard preview``) it returns nothing


def test_a_looked_up_subnet_that_returns_nothing_is_not_known_not_a_crash(mocks: RecordingMocks) -> None:
    def program() -> None:
        looked_up = network.get_subnet_output(resource_group_name="rg-net", virtual_network_name="hub", subnet_name="vms")
        _nic("web-nic", "10.0.1.10", subnet_id=looked_up.id)  # resolves to None
        _nic("api-nic", "10.0.1.11", subnet_id=network.get_subnet(resource_group_name="rg-net", virtual_network_name="hub", subnet_name="vms").id)

    run(program)

    assert sorted(mocks.names(NIC)) == ["api-nic", "web-nic"]


def test_nics_on_subnets_that_resolve_to_nothing_are_never_duplicates_of_each_other(mocks: RecordingMocks) -> None:
    # Two lookups that returned nothing may be two different subnets: comparing them would be a guess.
    def program() -> None:
        _nic("web-nic", "10.0.1.10", subnet_id=pulumi.Output.from_input(None))  # type: ignore[arg-type]
        _nic("api-nic", "10.0.1.10", subnet_id=pulumi.Output.from_input(None))  # type: ignore[arg-type]
        _nic("db-nic", "10.0.1.10", subnet_id=None)  # type: ignore[arg-type]

    run(program)

    assert sorted(mocks.names(NIC)) == ["api-nic", "db-nic", "web-nic"]


def test_a_nic_on_a_subnet_that_resolves_to_nothing_is_still_checked_against_its_prefixes(mocks: RecordingMocks) -> None:
    error = _error_of(lambda: _nic("web-nic", "10.0.1.1", subnet_id=pulumi.Output.from_input(None)))  # type: ignore[arg-type]

    assert "NG102 reserved-private-ip: 10.0.1.1 is reserved by Azure in 10.0.1.0/24" in error.args[0]
    assert "None" not in error.args[0]


def test_nicguard_preview_tells_a_refused_declaration_from_a_broken_program() -> None:
    assert DeclarationError("StaticNic 'web'", ["x"]).nicguard_declaration is True


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"subnet_prefix": ["10.0.1.0/24"]},
            ["unknown argument subnet_prefix (did you mean subnet_prefixes?)", "missing argument subnet_prefixes"],
        ),
        ({}, ["missing argument subnet_prefixes"]),
    ],
)
def test_keyword_mistakes_are_named_not_a_dataclass_type_error(mocks: RecordingMocks, fields: dict, expected: list[str]) -> None:
    error = _error_of(
        lambda: StaticNic("web-nic", resource_group_name="rg", subnet_id=SUBNET_ID, ip_configurations=[IpConfig("ipconfig1", "10.0.1.10")], **fields)
    )

    assert list(error.problems) == expected
    assert mocks.names(NIC) == []


def test_a_subnet_resource_given_for_its_id_is_named_not_a_hang(mocks: RecordingMocks) -> None:
    def program() -> None:
        subnet = network.Subnet("vms", resource_group_name="rg", virtual_network_name="vnet", address_prefix="10.0.1.0/24")
        _nic("web-nic", "10.0.1.10", subnet_id=subnet)  # type: ignore[arg-type]

    error = _error_of(program)

    assert error.problems == ("subnet_id must be an id (e.g. `subnet.id`), not the Subnet resource itself",)
