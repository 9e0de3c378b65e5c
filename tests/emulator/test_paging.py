"""List calls page through absolute nextLinks that carry the api-version."""

from __future__ import annotations

from urllib.parse import parse_qs

SUB = "00000000-0000-0000-0000-0000000000bb"
NICS = "\n".join(f"      nic{i}: {{subnet: vnet/default}}" for i in range(5))
VMS = "\n".join(f"      vm{i}: {{os: linux, nics: [nic{i}]}}" for i in range(5))
ESTATE = f"""
subscription: {SUB}
resource_groups:
  rg-net:
    vnets:
      vnet: {{subnets: {{default: 10.1.0.0/24, other: 10.1.1.0/24, third: 10.1.2.0/24}}}}
  rg-app:
    nics:
{NICS}
    vms:
{VMS}
"""


def test_nics_page_across_next_links(serve, clients) -> None:
    emulator = serve(ESTATE, page_size=2)
    network = clients(emulator, SUB).network
    names = [n.name for n in network.network_interfaces.list_all()]
    assert names == [f"nic{i}" for i in range(5)]
    assert len(emulator.log) == 3
    for entry in emulator.log[1:]:
        query = parse_qs(entry.query)
        assert query["api-version"] and query["$skiptoken"]
    assert [n.name for n in network.network_interfaces.list("rg-app")] == names
    assert list(network.network_interfaces.list("rg-net")) == []


def test_next_link_is_absolute(serve) -> None:
    emulator = serve(ESTATE, page_size=2)
    from nicguard.emulator.arm import Request

    path = f"/subscriptions/{SUB}/providers/Microsoft.Network/networkInterfaces"
    response = emulator.arm.handle(Request("GET", path, path, {"api-version": "2026-03-01"}))
    assert response.body["nextLink"] == f"{emulator.endpoint}{path}?api-version=2026-03-01&%24skiptoken=2"


def test_vms_vnets_and_subnets_page_too(serve, clients) -> None:
    emulator = serve(ESTATE, page_size=2)
    c = clients(emulator, SUB)
    assert [vm.name for vm in c.compute.virtual_machines.list_all()] == [f"vm{i}" for i in range(5)]
    assert len(list(c.compute.virtual_machines.list("rg-app"))) == 5
    assert [s.name for s in c.network.subnets.list("rg-net", "vnet")] == ["default", "other", "third"]
    assert [v.name for v in c.network.virtual_networks.list_all()] == ["vnet"]


def test_status_only_listing_carries_power_state(serve, clients) -> None:
    emulator = serve(ESTATE, page_size=2)
    emulator.vm("vm3").power_state = "deallocated"
    vms = list(clients(emulator, SUB).compute.virtual_machines.list_all(status_only="true"))
    assert vms[3].instance_view.statuses[1].code == "PowerState/deallocated"


def test_aio_paging(serve, run_aio) -> None:
    emulator = serve(ESTATE, page_size=2)

    async def body(network, compute):
        return [n.name async for n in network.network_interfaces.list_all()]

    assert run_aio(emulator, SUB, body) == [f"nic{i}" for i in range(5)]


def test_a_page_renders_only_its_own_items(serve, clients, monkeypatch) -> None:
    """Rendering every NIC for every page made listing N NICs cost O(N^2 / page size)."""
    from nicguard.emulator import arm_json

    emulator = serve(ESTATE, page_size=2)
    rendered = []
    real = arm_json.nic
    monkeypatch.setattr(arm_json, "nic", lambda store, item: rendered.append(item.name) or real(store, item))
    assert len(list(clients(emulator, SUB).network.network_interfaces.list_all())) == 5
    assert sorted(rendered) == [f"nic{i}" for i in range(5)]
