"""ARM request handling, independent of HTTP: route, apply faults, answer like Azure."""

from __future__ import annotations

import ipaddress
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from ..core import net
from . import arm_json
from .faults import Burst, Faults
from .runcommand import FAILED, SUCCEEDED, Operation, RunCommands
from .store import DYNAMIC, STATIC, ArmError, Holder, IpConfig, Nic, Store, Vm

DEFAULT_PAGE_SIZE = 100
SUB = r"/subscriptions/(?P<sub>[^/]+)"
RG = SUB + r"/resourceGroups/(?P<rg>[^/]+)"
NETWORK = "/providers/Microsoft.Network"
COMPUTE = "/providers/Microsoft.Compute"
ERROR_CODES = {429: "TooManyRequests", 409: "Conflict", 500: "InternalServerError", 503: "ServiceUnavailable"}


@dataclass(frozen=True)
class Request:
    method: str
    path: str  # decoded
    raw_path: str  # as sent, for building nextLink
    query: dict[str, str]
    body: bytes = b""

    @property
    def api_version(self) -> str:
        return self.query.get("api-version", "")

    def json(self) -> dict[str, Any]:
        try:
            data = json.loads(self.body or b"{}")
        except ValueError:
            raise ArmError(400, "InvalidRequestContent", "The request content was invalid and could not be deserialized.") from None
        if not isinstance(data, dict):
            raise ArmError(400, "InvalidRequestContent", "The request content must be a JSON object.")
        return data


@dataclass
class Response:
    status: int
    body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LogEntry:
    method: str
    path: str
    query: str
    status: int


Handler = Callable[..., Response]


class Arm:
    """The ARM surface nicguard needs. ``base_url`` is set once the server has its port."""

    def __init__(self, store: Store, faults: Faults, page_size: int = DEFAULT_PAGE_SIZE):
        self.store = store
        self.faults = faults
        self.page_size = page_size
        self.base_url = ""
        self.run_commands = RunCommands(faults)
        self.log: list[LogEntry] = []
        self._log_lock = threading.Lock()
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = [
            (method, re.compile(pattern + "/?", re.IGNORECASE), handler)
            for method, pattern, handler in (
                ("GET", SUB + NETWORK + "/networkInterfaces", self._list_nics),
                ("GET", RG + NETWORK + "/networkInterfaces", self._list_nics),
                ("GET", RG + NETWORK + "/networkInterfaces/(?P<name>[^/]+)", self._get_nic),
                ("PUT", RG + NETWORK + "/networkInterfaces/(?P<name>[^/]+)", self._put_nic),
                ("GET", SUB + NETWORK + "/virtualNetworks", self._list_vnets),
                ("GET", RG + NETWORK + "/virtualNetworks", self._list_vnets),
                ("GET", RG + NETWORK + "/virtualNetworks/(?P<name>[^/]+)", self._get_vnet),
                ("GET", RG + NETWORK + "/virtualNetworks/(?P<name>[^/]+)/subnets", self._list_subnets),
                ("GET", RG + NETWORK + "/virtualNetworks/(?P<name>[^/]+)/subnets/(?P<subnet>[^/]+)", self._get_subnet),
                ("GET", RG + NETWORK + "/virtualNetworks/(?P<name>[^/]+)/checkIPAddressAvailability", self._check_ip),
                ("GET", SUB + NETWORK + "/(?P<kind>loadBalancers|applicationGateways)", self._list_frontend_parents),
                ("GET", RG + NETWORK + "/(?P<kind>loadBalancers|applicationGateways)", self._list_frontend_parents),
                ("GET", SUB + COMPUTE + "/virtualMachines", self._list_vms),
                ("GET", RG + COMPUTE + "/virtualMachines", self._list_vms),
                ("GET", RG + COMPUTE + "/virtualMachines/(?P<name>[^/]+)", self._get_vm),
                ("GET", RG + COMPUTE + "/virtualMachines/(?P<name>[^/]+)/instanceView", self._instance_view),
                ("POST", RG + COMPUTE + "/virtualMachines/(?P<name>[^/]+)/runCommand", self._run_command),
                ("GET", SUB + COMPUTE + "/locations/(?P<location>[^/]+)/operations/(?P<op>[^/]+)", self._operation),
            )
        ]

    def handle(self, request: Request) -> Response:
        if self.faults.latency:
            time.sleep(self.faults.latency)
        burst = self.faults.take_burst(request.method, request.path)
        try:
            response = _burst_response(burst) if burst else self._route(request)
        except ArmError as exc:
            response = Response(exc.status, arm_json.error(exc.code, exc.message))
        with self._log_lock:
            self.log.append(LogEntry(request.method, request.path, urlencode(request.query), response.status))
        return response

    def _route(self, request: Request) -> Response:
        matched_path = False
        for method, pattern, handler in self._routes:
            match = pattern.fullmatch(request.path)
            if match is None:
                continue
            matched_path = True
            if method == request.method:
                if not request.api_version:
                    raise ArmError(400, "MissingApiVersionParameter",
                                   "The api-version query parameter (?api-version=) is required for all requests.")
                return handler(request, **match.groupdict())
        if matched_path:
            raise ArmError(405, "MethodNotAllowed", f"The method {request.method} is not supported here.")
        raise ArmError(404, "InvalidResourceType", f"No route for {request.method} {request.path} in this emulator.")

    # --- helpers ---------------------------------------------------------------------

    def _page(
        self, request: Request, items: list[Any], render: Callable[[Any], dict[str, Any]] | None = None
    ) -> Response:
        """One page of a listing; ``render`` turns only that page's items into JSON (a listing
        of thousands of NICs must not render every NIC for every page)."""
        try:
            start = int(request.query.get("$skiptoken", "0"))
        except ValueError:
            raise ArmError(400, "InvalidSkipToken", "The $skiptoken is not valid.") from None
        end = start + self.page_size
        page = items[start:end]
        body: dict[str, Any] = {"value": [render(i) for i in page] if render else page}
        if end < len(items):
            query = urlencode({k: v for k, v in request.query.items() if k != "$skiptoken"} | {"$skiptoken": end})
            body["nextLink"] = f"{self.base_url}{request.raw_path}?{query}"
        return Response(200, body)

    def _find(self, collection: dict[str, Any], resource_id: str, rg: str) -> Any:
        item = collection.get(net.resource_key(resource_id))
        if item is None:
            kind = "/".join(resource_id.split("/providers/", 1)[1].split("/")[:2])
            raise ArmError(404, "ResourceNotFound", f"The Resource '{kind}/{net.resource_name(resource_id)}' "
                                                    f"under resource group '{rg}' was not found.")
        return item

    def _network_id(self, sub: str, rg: str, kind: str, name: str) -> str:
        return f"/subscriptions/{sub}/resourceGroups/{rg}{NETWORK}/{kind}/{name}"

    def _vm(self, sub: str, rg: str, name: str) -> Vm:
        self.store.require_scope(sub, rg)
        return self._find(self.store.vms, f"/subscriptions/{sub}/resourceGroups/{rg}{COMPUTE}/virtualMachines/{name}", rg)

    def _operation_url(self, request: Request, vm: Vm, operation: Operation) -> str:
        sub = vm.id.split("/")[2]
        location = re.sub(r"\s+", "", vm.location).lower()
        query = urlencode({"api-version": request.api_version})
        return f"{self.base_url}/subscriptions/{sub}{COMPUTE}/locations/{location}/operations/{operation.id}?{query}"

    # --- network interfaces ----------------------------------------------------------

    def _list_nics(self, request: Request, sub: str, rg: str | None = None) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            nics = [n for n in self.store.nics.values() if self.store.in_scope(n.id, sub, rg)]
            return self._page(request, nics, lambda n: arm_json.nic(self.store, n))

    def _get_nic(self, request: Request, sub: str, rg: str, name: str) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            nic = self._find(self.store.nics, self._network_id(sub, rg, "networkInterfaces", name), rg)
            return Response(200, arm_json.nic(self.store, nic))

    def _put_nic(self, request: Request, sub: str, rg: str, name: str) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            existing = self.store.nics.get(net.resource_key(self._network_id(sub, rg, "networkInterfaces", name)))
            nic_id = existing.id if existing else self._network_id(sub, rg, "networkInterfaces", name)
            nic, created = self.store.put_nic(_nic_from_body(nic_id, name, request.json()))
            return Response(201 if created else 200, arm_json.nic(self.store, nic))

    # --- virtual networks and subnets ------------------------------------------------

    def _list_vnets(self, request: Request, sub: str, rg: str | None = None) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            vnets = [v for v in self.store.vnets.values() if self.store.in_scope(v.id, sub, rg)]
            return self._page(request, vnets, lambda v: arm_json.vnet(self.store, v))

    def _vnet(self, sub: str, rg: str, name: str) -> Any:
        self.store.require_scope(sub, rg)
        return self._find(self.store.vnets, self._network_id(sub, rg, "virtualNetworks", name), rg)

    def _get_vnet(self, request: Request, sub: str, rg: str, name: str) -> Response:
        with self.store.lock:
            return Response(200, arm_json.vnet(self.store, self._vnet(sub, rg, name)))

    def _list_subnets(self, request: Request, sub: str, rg: str, name: str) -> Response:
        with self.store.lock:
            subnets = [arm_json.subnet(self.store, s) for s in self._vnet(sub, rg, name).subnets]
        return self._page(request, subnets)

    def _get_subnet(self, request: Request, sub: str, rg: str, name: str, subnet: str) -> Response:
        with self.store.lock:
            found = self.store.subnet(f"{self._vnet(sub, rg, name).id}/subnets/{subnet}")
            if found is None:
                raise ArmError(404, "NotFound", f"Resource '{subnet}' of virtual network '{name}' was not found.")
            return Response(200, arm_json.subnet(self.store, found))

    def _check_ip(self, request: Request, sub: str, rg: str, name: str) -> Response:
        address = net.try_parse_ip(request.query.get("ipAddress", ""))
        if address is None:
            raise ArmError(400, "InvalidRequestFormat", "The ipAddress query parameter must be an IP address.")
        with self.store.lock:
            vnet = self._vnet(sub, rg, name)
            subnet = next((s for s in vnet.subnets if net.containing_prefix(address, s.prefixes)), None)
            if subnet is None:
                raise ArmError(400, "PrivateIPAddressNotInSubnet",
                               f"IP address {address} does not belong to any subnet of virtual network {vnet.id}.")
            prefix = net.containing_prefix(address, subnet.prefixes)
            if not net.is_reserved(address, prefix) and self.store.holder_of(subnet.id, address) is None:
                return Response(200, {"available": True})
            suggestions = [str(a) for _, a in zip(range(5), self.store.free_addresses(subnet, after=address))]
        return Response(200, {"available": False, "availableIPAddresses": suggestions})

    def _list_frontend_parents(self, request: Request, sub: str, kind: str, rg: str | None = None) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            parents: dict[str, list[Holder]] = {}
            for holder in self.store.holders:
                if f"/providers/microsoft.network/{kind.lower()}/" in net.resource_key(holder.id) and (
                    self.store.in_scope(holder.id, sub, rg)
                ):
                    parents.setdefault(holder.parent_id, []).append(holder)
        return self._page(request, [arm_json.frontend_parent(p, h) for p, h in parents.items()])

    # --- virtual machines and run command --------------------------------------------

    def _list_vms(self, request: Request, sub: str, rg: str | None = None) -> Response:
        with self.store.lock:
            self.store.require_scope(sub, rg)
            status_only = request.query.get("statusOnly", "").lower() == "true"
            vms = [v for v in self.store.vms.values() if self.store.in_scope(v.id, sub, rg)]
            return self._page(request, vms, lambda v: arm_json.vm(v, with_instance_view=status_only))

    def _get_vm(self, request: Request, sub: str, rg: str, name: str) -> Response:
        expand = request.query.get("$expand", "").lower() == "instanceview"
        return Response(200, arm_json.vm(self._vm(sub, rg, name), with_instance_view=expand))

    def _instance_view(self, request: Request, sub: str, rg: str, name: str) -> Response:
        return Response(200, arm_json.instance_view(self._vm(sub, rg, name)))

    def _run_command(self, request: Request, sub: str, rg: str, name: str) -> Response:
        vm = self._vm(sub, rg, name)
        body = request.json()
        script = body.get("script") or []
        if not isinstance(script, list):
            raise ArmError(400, "InvalidParameter", "The value of parameter script is invalid.")
        operation = self.run_commands.start(vm, str(body.get("commandId", "")), "\n".join(map(str, script)))
        url = self._operation_url(request, vm, operation)
        return Response(202, None, {"Azure-AsyncOperation": url, "Location": url + "&monitor=true"})

    def _operation(self, request: Request, sub: str, location: str, op: str) -> Response:
        operation = self.run_commands.poll(op)
        if operation is None:
            raise ArmError(404, "NotFound", f"The operation '{op}' was not found.")
        state = self.run_commands.visible_state(operation)
        result = arm_json.run_command_result(operation.vm.os_type, operation.stdout, operation.stderr)
        if request.query.get("monitor", "").lower() == "true":
            if state == SUCCEEDED:
                return Response(200, result)
            if state == FAILED:
                return Response(409, arm_json.error(*operation.error))
            return Response(202, None, {"Location": self.base_url + request.raw_path + "?" + urlencode(request.query)})
        body: dict[str, Any] = {"name": operation.id, "status": state}
        if state == SUCCEEDED:
            body["properties"] = {"output": result}
        elif state == FAILED:
            body["error"] = arm_json.error(*operation.error)["error"]
        return Response(200, body)


def _burst_response(burst: Burst) -> Response:
    code = ERROR_CODES.get(burst.status) or HTTPStatus(burst.status).phrase.replace(" ", "")
    headers = {}
    if burst.retry_after is not None:
        seconds = burst.retry_after
        headers["Retry-After"] = str(int(seconds)) if float(seconds).is_integer() else str(seconds)
    return Response(burst.status, arm_json.error(code, f"Injected fault: HTTP {burst.status}."), headers)


def _nic_from_body(nic_id: str, name: str, body: dict[str, Any]) -> Nic:
    """The NIC a PUT asks for; read-only fields in the body are ignored, as ARM does."""
    properties = body.get("properties") or {}
    location = body.get("location")
    if not location:
        raise ArmError(400, "LocationRequired", "The location property is required for this definition.")
    configs = []
    for entry in properties.get("ipConfigurations") or []:
        config = entry.get("properties") or {}
        subnet_id = (config.get("subnet") or {}).get("id")
        if not entry.get("name") or not subnet_id:
            raise ArmError(400, "InvalidRequestFormat", "Each ipConfiguration needs a name and a subnet id.")
        allocation = str(config.get("privateIPAllocationMethod") or DYNAMIC).capitalize()
        if allocation not in (STATIC, DYNAMIC):
            raise ArmError(400, "InvalidRequestFormat", f"privateIPAllocationMethod {allocation!r} is not valid.")
        raw = config.get("privateIPAddress")
        try:
            address = ipaddress.ip_address(raw) if raw else None
        except ValueError:
            raise ArmError(400, "InvalidRequestFormat", f"Private IP address {raw!r} is not valid.") from None
        configs.append(
            IpConfig(
                name=entry["name"],
                subnet_id=subnet_id,
                address=address,
                allocation=allocation,
                primary=bool(config.get("primary", False)),
            )
        )
    dns = properties.get("dnsSettings") or {}
    return Nic(
        id=nic_id,
        name=name,
        location=location,
        ip_configs=configs,
        dns_servers=tuple(dns.get("dnsServers") or ()),
        accelerated_networking=bool(properties.get("enableAcceleratedNetworking", False)),
        ip_forwarding=bool(properties.get("enableIPForwarding", False)),
        tags=dict(body.get("tags") or {}),
    )
