"""Inventory with list calls: a few paged requests per subscription, never a GET per VM.

NICs, VNets (subnets come inside them) and VMs (``statusOnly=true`` adds each VM's
power state) are listed for whole subscriptions: address conflicts need every NIC in a
subnet, whatever the scope. Non-NIC holders of subnet addresses (load balancer and
application gateway frontends) are listed only for subscriptions that have them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..core import net
from ..errors import AzureError
from .arm_json import subscription_of
from .clients import ArmClients

# Resource types (lower case, as in ids) whose frontends take subnet addresses, and the
# network client operation group that lists them.
FRONTEND_HOLDERS = {
    "microsoft.network/loadbalancers": "load_balancers",
    "microsoft.network/applicationgateways": "application_gateways",
}


@dataclass
class ArmDocuments:
    """ARM JSON as listed; what a snapshot stores under ``arm``."""

    network_interfaces: list[dict[str, Any]] = field(default_factory=list)
    virtual_networks: list[dict[str, Any]] = field(default_factory=list)
    virtual_machines: list[dict[str, Any]] = field(default_factory=list)
    frontend_holders: list[dict[str, Any]] = field(default_factory=list)
    instance_views: dict[str, dict[str, Any]] = field(default_factory=dict)  # by resource_key(vm id)


async def _collect(pager) -> list[dict[str, Any]]:
    return [item.as_dict() async for item in pager]


def holder_type(ip_configuration_id: str) -> str:
    """``.../providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe`` -> type."""
    parts = ip_configuration_id.strip("/").split("/")
    lowered = [p.lower() for p in parts]
    if "providers" not in lowered:
        return ""
    at = lowered.index("providers")
    return "/".join(lowered[at + 1 : at + 3])


def frontend_holder_kinds(vnets: Iterable[dict[str, Any]]) -> dict[str, set[str]]:
    """Per subscription, which FRONTEND_HOLDERS operation groups subnets reference."""
    wanted: dict[str, set[str]] = {}
    for vnet in vnets:
        for subnet in vnet.get("properties", {}).get("subnets", []) or []:
            for ref in subnet.get("properties", {}).get("ipConfigurations", []) or []:
                group = FRONTEND_HOLDERS.get(holder_type(str(ref.get("id", ""))))
                if group:
                    wanted.setdefault(subscription_of(ref["id"]), set()).add(group)
    return wanted


async def _list_subscription(clients: ArmClients, subscription: str, documents: ArmDocuments) -> None:
    network = clients.network(subscription)
    compute = clients.compute(subscription)
    nics, vnets, vms = await asyncio.gather(
        _collect(network.network_interfaces.list_all()),
        _collect(network.virtual_networks.list_all()),
        _collect(compute.virtual_machines.list_all(status_only="true")),
    )
    documents.network_interfaces.extend(nics)
    documents.virtual_networks.extend(vnets)
    documents.virtual_machines.extend(vms)


async def _list_frontends(clients: ArmClients, subscription: str, group: str) -> list[dict[str, Any]]:
    """Frontend holders of one kind; unreadable ones only leave their addresses unresolved."""
    from azure.core.exceptions import AzureError as SdkError

    try:
        return await _collect(getattr(clients.network(subscription), group).list_all())
    except SdkError:
        return []


async def list_estate(clients: ArmClients, subscriptions: Iterable[str]) -> ArmDocuments:
    from azure.core.exceptions import AzureError as SdkError

    documents = ArmDocuments()
    subscriptions = list(dict.fromkeys(subscriptions))
    try:
        await asyncio.gather(*(_list_subscription(clients, s, documents) for s in subscriptions))
    except SdkError as exc:
        raise AzureError(inventory_failure(exc, clients.target.endpoint)) from None
    listed = {s.lower() for s in subscriptions}
    kinds = frontend_holder_kinds(documents.virtual_networks)
    frontends = [
        _list_frontends(clients, sub, group)
        for sub, groups in kinds.items()
        if sub.lower() in listed
        for group in sorted(groups)
    ]
    for found in await asyncio.gather(*frontends):
        documents.frontend_holders.extend(found)
    return documents


async def fetch_instance_views(
    clients: ArmClients, vm_ids: Iterable[str], concurrency: int
) -> tuple[dict[str, dict[str, Any]], dict[str, str]]:
    """Instance views of the given VMs (one GET each), for listings that lack agent status.

    Returns (views by resource key, failure reasons by resource key): a VM whose view
    cannot be read is reported, not fatal.
    """
    from azure.core.exceptions import AzureError as SdkError

    from .arm_json import resource_group_of

    gate = asyncio.Semaphore(concurrency)
    views: dict[str, dict[str, Any]] = {}
    failures: dict[str, str] = {}

    async def one(vm_id: str) -> None:
        async with gate:
            compute = clients.compute(subscription_of(vm_id))
            try:
                view = await compute.virtual_machines.instance_view(resource_group_of(vm_id), net.resource_name(vm_id))
                views[net.resource_key(vm_id)] = view.as_dict()
            except SdkError as exc:
                failures[net.resource_key(vm_id)] = f"instance view could not be read: {_one_line(exc)}"

    await asyncio.gather(*(one(v) for v in vm_ids))
    return views, failures


def inventory_failure(exc: BaseException, endpoint: str) -> str:
    """One actionable line for an inventory that failed."""
    from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError

    if isinstance(exc, ServiceRequestError):
        return f"cannot reach Azure Resource Manager at {endpoint}: {connect_reason(exc)}"
    if isinstance(exc, ClientAuthenticationError) and getattr(exc, "status_code", None) is None:
        return (
            f"cannot get an Azure access token: {_one_line(exc).rstrip('.')}; sign in (`az login`), or set up "
            "workload identity federation (OIDC) or a managed identity for the pipeline (docs/ci.md)"
        )
    return f"inventory failed: {_one_line(exc)}"


def connect_reason(exc: BaseException) -> str:
    text = " ".join(str(part) for part in (exc, getattr(exc, "inner_exception", None)) if part)
    lowered = text.lower()
    if "certificate verify failed" in lowered or "certificate_verify_failed" in lowered:
        return "its TLS certificate is not trusted (for a private endpoint, pass its CA with --ca-bundle)"
    if "connection refused" in lowered or "connect call failed" in lowered:
        return "connection refused (check --arm-endpoint, and that the server runs)"
    if "name or service not known" in lowered or "nodename nor servname" in lowered or "getaddrinfo" in lowered:
        return "host name not found (check --arm-endpoint, DNS and proxy settings)"
    if "timeout" in lowered or "timed out" in lowered:
        return "connection timed out (check the network path and proxy settings)"
    return _one_line(exc)


def _one_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", None) or exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
