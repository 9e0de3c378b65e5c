"""Which VMs a live run probes, and which need an instance view first (no server needed)."""

from __future__ import annotations

from nicguard.azure.inventory import ArmDocuments
from nicguard.core.net import resource_key
from nicguard.drift.live import needs_instance_view, plan_probes

from .arm_docs import vm_doc


def test_a_status_only_listing_saves_the_instance_view() -> None:
    running = vm_doc("a", ["n"])
    stopped = vm_doc("b", ["n"], power="deallocated")
    no_agent_status = vm_doc("c", ["n"])
    del no_agent_status["properties"]["instanceView"]["vmAgent"]
    bare = vm_doc("d", ["n"])
    del bare["properties"]["instanceView"]
    assert [needs_instance_view(d) for d in (running, stopped, no_agent_status, bare)] == [False, False, True, True]


def test_plan_probes_running_ready_vms_and_gives_reasons_for_the_rest() -> None:
    docs = [
        vm_doc("ready", ["n"]),
        vm_doc("windows", ["n"], os="Windows"),
        vm_doc("stopped", ["n"], power="stopped"),
        vm_doc("agentless", ["n"], agent=False),
        vm_doc("unreadable", ["n"]),
        vm_doc("nobody-knows", ["n"], os="Plan9"),
    ]
    failures = {resource_key(docs[4]["id"]): "instance view could not be read: 403 AuthorizationFailed"}
    guests, requests = plan_probes(docs, ArmDocuments(virtual_machines=docs), failures)
    assert [(r.vm_id.rsplit("/", 1)[-1], r.command_id) for r in requests] == [
        ("ready", "RunShellScript"),
        ("windows", "RunPowerShellScript"),
    ]
    reasons = {vm_id.rsplit("/", 1)[-1]: g.unreadable for vm_id, g in guests.items()}
    assert reasons == {
        "stopped": "VM is stopped: Run Command needs a running VM",
        "agentless": "VM agent is not ready: Run Command needs the agent in Ready state",
        "unreadable": "instance view could not be read: 403 AuthorizationFailed",
        "nobody-knows": "no guest probe for OS type Plan9",
    }
