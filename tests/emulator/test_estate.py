"""Estate files: derived values, and one clear FILE:LINE error per mistake."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from nicguard.core import net
from nicguard.emulator.estate import load_estate, parse_estate
from nicguard.errors import InputError

REPO = Path(__file__).resolve().parents[2]

HEAD = """\
subscription: sub1
resource_groups:
  rg1:
    vnets:
      vnet1:
        address_space: [10.0.0.0/16]
        subnets: {default: 10.0.1.0/24}
"""


def load(text: str, base_dir: Path = Path(".")):
    return parse_estate(textwrap.dedent(text), source="estate.yaml", base_dir=base_dir)


def error_of(text: str, base_dir: Path = Path(".")) -> str:
    with pytest.raises(InputError) as caught:
        load(text, base_dir)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        ("    nics:\n      n: {subnet: vnet1/default, ip: 10.0.1.3}\n",
         "estate.yaml:9: resource_groups.rg1.nics.n: PrivateIPAddressInReservedRange"),
        ("    nics:\n      n: {subnet: vnet1/default, ip: 10.0.2.4}\n",
         "estate.yaml:9: resource_groups.rg1.nics.n: PrivateIPAddressNotInSubnet"),
        ("    nics:\n      a: {subnet: vnet1/default, ip: 10.0.1.4}\n      b: {subnet: vnet1/default, ip: 10.0.1.4}\n",
         "estate.yaml:10: resource_groups.rg1.nics.b: PrivateIPAddressInUse"),
        ("    nics:\n      n: {subnet: vnet1/nope}\n",
         "estate.yaml:9: resource_groups.rg1.nics.n.subnet: 'vnet1/nope' names no subnet"),
        ("    nics:\n      n: {subnet: vnet1/default, ipp: 10.0.1.4}\n",
         "estate.yaml:9: resource_groups.rg1.nics.n.ipp: unknown key"),
        ("    nics:\n      n: {subnet: vnet1/default, ip: 10.0.1.400}\n",
         "resource_groups.rg1.nics.n.ip: '10.0.1.400' is not an IP address"),
        ("    vms:\n      vm: {os: linux, nics: [missing]}\n",
         "estate.yaml:9: resource_groups.rg1.vms.vm.nics: 'missing' names no NIC"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: solaris, nics: [n]}\n",
         "estate.yaml:11: resource_groups.rg1.vms.vm.os: needs os: linux or windows"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], power_state: halted}\n",
         "resource_groups.rg1.vms.vm.power_state: expected one of running"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      a: {os: linux, nics: [n]}\n      b: {os: linux, nics: [n]}\n",
         "estate.yaml:12: resource_groups.rg1.vms.b.nics: NIC n is already attached to a"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: []}\n",
         "resource_groups.rg1.vms.vm.nics: a VM needs at least one NIC"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], guest: {recorded: {stdout_file: none.txt}}}\n",
         "resource_groups.rg1.vms.vm.guest: cannot read stdout_file"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], guest: {replay: {}}}\n",
         "resource_groups.rg1.vms.vm.guest: guest needs recorded and/or live, got replay"),
        ("    holders:\n      lb: {kind: load-balancer-frontend, subnet: vnet1/default, ip: 10.0.1.9}\n",
         "resource_groups.rg1.holders.lb: a load-balancer-frontend is named PARENT/FRONTEND"),
        ("    holders:\n      x: {kind: nat, subnet: vnet1/default, ip: 10.0.1.9}\n",
         "resource_groups.rg1.holders.x.kind: needs id:, or kind: one of"),
        ("      vnet2:\n        address_space: [10.1.0.0/16]\n        subnets: {default: 10.2.0.0/24}\n",
         "estate.yaml:10: resource_groups.rg1.vnets.vnet2.subnets.default: 10.2.0.0/24 is outside the address space"),
        ("      vnet2:\n        subnets: {default: 10.1.0.5/24}\n",
         "resource_groups.rg1.vnets.vnet2.subnets.default: '10.1.0.5/24' is not a valid address prefix"),
        # what Azure refuses too: overlapping subnets, duplicate or several primary ip configurations
        ("      vnet2:\n        subnets: {a: 10.1.0.0/24, b: [10.1.1.0/24, 10.1.0.0/25]}\n",
         "estate.yaml:9: resource_groups.rg1.vnets.vnet2.subnets.b: NetcfgSubnetRangesOverlap: 10.1.0.0/25 overlaps subnet a"),
        (("    nics:\n      n:\n        ip_configurations:\n          - {name: c1, subnet: vnet1/default}\n"
          "          - {name: C1, subnet: vnet1/default}\n"),
         "estate.yaml:10: resource_groups.rg1.nics.n: InvalidRequestFormat: Network interface "),
        (("    nics:\n      n:\n        ip_configurations:\n          - {name: a, subnet: vnet1/default, primary: true}\n"
          "          - {name: b, subnet: vnet1/default, primary: true}\n"),
         "estate.yaml:10: resource_groups.rg1.nics.n: NetworkInterfaceMustHaveOneOneIPConfigAsPrimary"),
        # a typo in a recorded guest or a fault must not be dropped silently, nor fail at request time
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], guest: {recorded: {stdout: x, sdterr: y}}}\n",
         "estate.yaml:11: resource_groups.rg1.vms.vm.guest: recorded guest: unknown key sdterr"),
        ("    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], guest: {recorded: {stdout: [a]}}}\n",
         "resource_groups.rg1.vms.vm.guest: recorded guest: stdout must be a string"),
        ("faults: {bursts: [{status: 503, match: 'GET (.*'}]}\n",
         "estate.yaml:8: faults.bursts.match: not a regular expression"),
    ],
)
def test_mistakes_are_reported_with_file_and_line(tail: str, expected: str) -> None:
    assert expected in error_of(HEAD + tail)


def test_yaml_syntax_and_duplicate_keys() -> None:
    assert error_of("subscription: [\n").startswith("estate.yaml:2: invalid YAML")
    assert "duplicate key 'subscription'" in error_of("subscription: a\nsubscription: b\n")


def test_missing_subscription_and_mixed_forms() -> None:
    assert "needs subscription:" in error_of("location: westeurope\n")
    assert "not both" in error_of("subscription: a\nsubscriptions: {b: {}}\n")


def test_a_missing_estate_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read estate file"):
        load_estate(tmp_path / "nope.yaml")


def test_an_estate_that_is_not_utf8_is_one_line_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes("subscription: s1\nlocation: s\xfcd\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1.yaml:2: estate: not UTF-8 text"):
        load_estate(path)


def test_live_guests_need_the_netns_backend(monkeypatch) -> None:
    import importlib

    real = importlib.import_module

    def without_netns(name: str, *args):
        if name == "nicguard.guest.netns":
            raise ModuleNotFoundError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_netns)
    text = HEAD + "    nics:\n      n: {subnet: vnet1/default}\n    vms:\n      vm: {os: linux, nics: [n], guest: {live: {}}}\n"
    assert "live guests need nicguard.guest.netns" in error_of(text)


def test_derived_values_and_references(tmp_path: Path) -> None:
    (tmp_path / "out.txt").write_text("probe output\n")
    estate = load(
        """\
        subscriptions:
          sub1:
            location: eastus
            resource_groups:
              net:
                vnets:
                  hub: {subnets: {a: 10.0.1.0/24, b: [10.0.2.0/24, 10.0.3.0/24]}}
                holders:
                  pe-sql: {kind: private-endpoint, subnet: hub/a, ip: 10.0.1.50}
              app:
                location: westus
                nics:
                  n1: {subnet: hub/a, dns_servers: [10.0.0.4]}
                  n2: {subnet: net/hub/b, ip: 10.0.3.9, mac: 00:0d:3a:aa:bb:cc}
                  n3: {ip_configurations: [{subnet: hub/a, ip: 10.0.1.60}, {name: second, subnet: hub/a, allocation: Dynamic}]}
                vms:
                  v1: {os: linux, nics: [n1, app/n2], availability_set: as1, guest: {recorded: {stdout_file: out.txt}}}
                  v2: {os: windows, nics: [n3], availability_set: as1}
        """,
        tmp_path,
    )
    store = estate.store
    nics = {n.name: n for n in store.nics.values()}
    assert nics["n1"].ip_configs[0].address == net.parse_ip("10.0.1.4")  # the first free address
    assert nics["n1"].location == "westus"
    assert nics["n2"].mac == "00-0D-3A-AA-BB-CC"
    assert net.normalise_mac(nics["n1"].mac).startswith("00:0d:3a")
    assert [str(c.address) for c in nics["n3"].ip_configs] == ["10.0.1.60", "10.0.1.5"]
    pe = next(n for n in nics.values() if n.private_endpoint_id)
    assert pe.private_endpoint_id.endswith("/privateEndpoints/pe-sql")
    v1 = store.vm_named("v1")
    assert v1.guest.run("ignored", 1.0) == ("probe output\n", "")
    assert v1.availability_set_id.endswith("/resourceGroups/app/providers/Microsoft.Compute/availabilitySets/as1")
    assert store.applied_dns_servers(nics["n3"]) == ("10.0.0.4",)  # the availability set's union


def test_the_example_estate_loads() -> None:
    estate = load_estate(REPO / "examples" / "estate.yaml")
    assert {vm.name for vm in estate.store.vms.values()} >= {"web1", "app1", "web4"}
    assert estate.store.vm_named("web4").power_state == "deallocated"


def test_a_guest_with_both_kinds_uses_the_forced_one(monkeypatch, tmp_path):
    from nicguard.emulator.guests import FORCE_KIND_VARIABLE, RecordedGuest, guest_from_spec

    spec = {"recorded": {"stdout": "recorded"}, "live": {"address": "10.0.0.5"}}
    monkeypatch.setenv(FORCE_KIND_VARIABLE, "recorded")
    assert guest_from_spec(spec, tmp_path) == RecordedGuest(stdout="recorded")
    monkeypatch.setenv(FORCE_KIND_VARIABLE, "live")
    assert type(guest_from_spec(spec, tmp_path)).__name__ == "EphemeralGuest"


def test_a_large_subnet_loads_in_linear_time() -> None:
    """Address checks look claims up by subnet and address, not by walking every NIC (was quadratic:
    3,000 NICs in one subnet took ~5 s)."""
    import time

    count = 3000
    lines = [HEAD.rstrip("\n").replace("10.0.1.0/24", "10.0.0.0/18"), "    nics:"]
    lines += [f"      n{i}: {{subnet: vnet1/default, ip: 10.0.{i // 250}.{i % 250 + 4}}}" for i in range(count)]
    lines += ["      dyn: {subnet: vnet1/default}", "    vms:"]
    lines += [f"      vm{i}: {{os: linux, nics: [n{i}]}}" for i in range(count)]
    started = time.monotonic()
    estate = parse_estate("\n".join(lines) + "\n")
    assert time.monotonic() - started < 3
    dynamic = estate.store.nics[net.resource_key(
        "/subscriptions/sub1/resourceGroups/rg1/providers/Microsoft.Network/networkInterfaces/dyn")]
    assert str(dynamic.ip_configs[0].address) == "10.0.0.254"  # the first free one after 10.0.0.4-.253
