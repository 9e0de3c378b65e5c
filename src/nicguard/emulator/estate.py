"""Load an estate file (docs/estate.md) into a Store and Faults, with Azure's own checks.

Every mistake is one ``InputError`` line ``FILE:LINE: where: what``. NIC addresses go
through ``Store.put_nic``, so an estate can only hold what Azure would accept.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core import net
from ..core.model import PowerState
from ..errors import InputError
from . import arm_json
from .faults import Burst, Faults, VmFaults
from .guests import RecordedGuest, guest_from_spec
from .store import DYNAMIC, STATIC, ArmError, Holder, IpConfig, Nic, Store, Subnet, Vm, Vnet

DEFAULT_LOCATION = "westeurope"
OS_TYPES = {"linux": "Linux", "windows": "Windows"}
FRONTEND_KINDS = {
    "load-balancer-frontend": "loadBalancers",
    "application-gateway-frontend": "applicationGateways",
}
HOLDER_KINDS = (*FRONTEND_KINDS, "private-endpoint")


@dataclass
class Estate:
    store: Store
    faults: Faults


# --- YAML with line numbers ------------------------------------------------------------


class _Mapping(dict):
    line: int = 0
    key_lines: dict[Any, int]


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Mapping:
    mapping = _Mapping()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise yaml.MarkedYAMLError("while reading a mapping", node.start_mark, f"duplicate key {key!r}", key_node.start_mark)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class _Spec:
    """One mapping of the estate and where it is, so errors can point at it."""

    def __init__(self, data: Any, where: str, source: str, line: int):
        self.where, self.source, self.line, self.data = where, source, line, data
        if not isinstance(data, Mapping):
            raise self.error(f"expected a mapping, got {type(data).__name__}")

    def error(self, message: str, key: str | None = None) -> InputError:
        line = getattr(self.data, "key_lines", {}).get(key, self.line)
        where = f"{self.where}.{key}" if key and self.where else (key or self.where)
        return InputError(f"{self.source}:{line}: {where or 'estate'}: {message}")

    def allow(self, *keys: str) -> None:
        for key in self.data:
            if key not in keys:
                raise self.error(f"unknown key (expected one of: {', '.join(keys)})", str(key))

    def child(self, key: str, data: Any = None) -> _Spec:
        value = self.data.get(key) if data is None else data
        line = getattr(self.data, "key_lines", {}).get(key, self.line)
        return _Spec(value if value is not None else {}, f"{self.where}.{key}" if self.where else key, self.source,
                     getattr(value, "line", line))

    def children(self, key: str) -> Iterator[tuple[str, _Spec]]:
        group = self.child(key)
        for name, value in group.data.items():
            yield str(name), group.child(str(name), value if value is not None else {})

    def text(self, key: str, default: str | None = None) -> str | None:
        value = self.data.get(key, default)
        if isinstance(value, bool) or (value is not None and not isinstance(value, (str, int, float))):
            raise self.error("expected a string", key)
        return None if value is None else str(value)

    def flag(self, key: str, default: bool) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            raise self.error("expected true or false", key)
        return value

    def number(self, key: str, default: float | None) -> float | None:
        value = self.data.get(key, default)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0):
            raise self.error("expected a number >= 0", key)
        return value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
            raise self.error("expected a list of strings", key)
        return tuple(str(v) for v in value)

    def tags(self) -> dict[str, str]:
        value = self.data.get("tags") or {}
        if not isinstance(value, Mapping):
            raise self.error("expected a mapping of tag names to values", "tags")
        return {str(k): str(v) for k, v in value.items()}


# --- loading ---------------------------------------------------------------------------


def load_estate(path: str | Path) -> Estate:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read estate file: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        raise InputError(f"{path}:{line}: estate: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    return parse_estate(text, source=str(path), base_dir=path.parent)


def parse_estate(text: str, source: str = "<estate>", base_dir: Path = Path(".")) -> Estate:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - _LineLoader is a SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(f"{source}:{mark.line + 1 if mark else '?'}: invalid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: invalid YAML: {exc}") from None
    return _Loader(_Spec(data or {}, "", source, 1), base_dir).load()


class _Loader:
    def __init__(self, root: _Spec, base_dir: Path):
        self.root = root
        self.base_dir = base_dir
        self.store = Store()

    def load(self) -> Estate:
        root = self.root
        root.allow("subscription", "subscriptions", "location", "resource_groups", "faults")
        location = root.text("location", DEFAULT_LOCATION)
        if "subscriptions" in root.data:
            if "subscription" in root.data or "resource_groups" in root.data:
                raise root.error("use either subscriptions: or subscription: with resource_groups:, not both", "subscriptions")
            subscriptions = list(root.children("subscriptions"))
        elif "subscription" in root.data:
            subscriptions = [(root.text("subscription"), root)]
        else:
            raise root.error("needs subscription: (one) or subscriptions: (several)")
        for sub_id, spec in subscriptions:
            if spec is not root:
                spec.allow("location", "resource_groups")
            self._subscription(sub_id, spec, spec.text("location", location))
        return Estate(self.store, self._faults(root.child("faults")))

    def _subscription(self, sub_id: str, spec: _Spec, location: str) -> None:
        if not sub_id or "/" in sub_id:
            raise spec.error("a subscription id must be non-empty and contain no '/'", "subscription")
        self.store.subscriptions[sub_id.lower()] = sub_id
        groups = []
        for rg, rg_spec in spec.children("resource_groups"):
            rg_spec.allow("location", "vnets", "holders", "nics", "vms")
            self.store.resource_groups[(sub_id.lower(), rg.lower())] = rg
            groups.append((f"/subscriptions/{sub_id}/resourceGroups/{rg}", rg_spec, rg_spec.text("location", location)))
        # References cross resource groups, so each kind is loaded across all groups first.
        for key, step in (("vnets", self._vnet), ("holders", self._holder), ("nics", self._nic), ("vms", self._vm)):
            for rg_id, rg_spec, rg_location in groups:
                for name, item in rg_spec.children(key):
                    step(rg_id, name, item, item.text("location", rg_location))

    # --- network -----------------------------------------------------------------

    def _vnet(self, rg_id: str, name: str, spec: _Spec, location: str) -> None:
        spec.allow("location", "address_space", "dns_servers", "dns_suffix", "subnets", "tags")
        vnet_id = f"{rg_id}/providers/Microsoft.Network/virtualNetworks/{name}"
        subnets = []
        for subnet_name, raw in spec.child("subnets").data.items():
            plural = isinstance(raw, list)
            prefixes = self._prefixes(spec.child("subnets"), str(subnet_name), raw if plural else [raw])
            subnets.append(Subnet(f"{vnet_id}/subnets/{subnet_name}", str(subnet_name), prefixes, plural))
        if not subnets:
            raise spec.error("needs at least one subnet", "subnets")
        claimed: list[tuple[net.IPNetwork, str]] = []
        for subnet in subnets:
            for prefix in subnet.prefixes:
                clash = next((name for other, name in claimed if prefix.version == other.version and prefix.overlaps(other)), None)
                if clash is not None:
                    raise spec.child("subnets").error(
                        f"NetcfgSubnetRangesOverlap: {prefix} overlaps subnet {clash} of the same virtual network",
                        subnet.name)
                claimed.append((prefix, subnet.name))
        declared_space = spec.strings("address_space")
        space = self._prefixes(spec, "address_space", declared_space) if declared_space else tuple(
            p for s in subnets for p in s.prefixes
        )
        for subnet in subnets:
            for prefix in subnet.prefixes:
                if not any(prefix.version == outer.version and prefix.subnet_of(outer) for outer in space):
                    raise spec.child("subnets").error(f"{prefix} is outside the address space", subnet.name)
        for server in spec.strings("dns_servers"):
            if net.try_parse_ip(server) is None:
                raise spec.error(f"{server!r} is not an IP address", "dns_servers")
        self.store.vnets[net.resource_key(vnet_id)] = Vnet(
            vnet_id, name, location, space, subnets, spec.strings("dns_servers"), spec.text("dns_suffix", ""), spec.tags()
        )

    def _prefixes(self, spec: _Spec, key: str, values: list[Any]) -> tuple[net.IPNetwork, ...]:
        if not values or not all(isinstance(v, str) for v in values):
            raise spec.error("expected an address prefix such as 10.0.1.0/24, or a list of them", key)
        try:
            return net.parse_prefixes(values)
        except net.AddressError as exc:
            raise spec.error(str(exc), key) from None

    def _holder(self, rg_id: str, name: str, spec: _Spec, location: str) -> None:
        """A frontend (PARENT/FRONTEND), a private endpoint (Azure gives it a NIC), or any ``id``."""
        spec.allow("kind", "id", "subnet", "ip", "location")
        subnet = self._subnet_ref(spec, rg_id)
        address = self._address(spec, "ip")
        if address is None:
            raise spec.error("needs the address it holds", "ip")
        kind = spec.text("kind")
        holder_id = spec.text("id")
        if holder_id is None and kind not in HOLDER_KINDS:
            raise spec.error(f"needs id:, or kind: one of {', '.join(HOLDER_KINDS)}", "kind")
        if kind == "private-endpoint":
            guid = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{rg_id}/{name}".lower()))
            nic = Nic(f"{rg_id}/providers/Microsoft.Network/networkInterfaces/{name}.nic.{guid}", f"{name}.nic.{guid}",
                      location, [IpConfig(f"privateEndpointIpConfig.{guid}", subnet.id, address, DYNAMIC, True)],
                      private_endpoint_id=f"{rg_id}/providers/Microsoft.Network/privateEndpoints/{name}")
            self._put(spec, nic, snapshot=True)
            return
        if holder_id is None:
            parts = name.split("/")
            if len(parts) != 2:
                raise spec.error(f"a {kind} is named PARENT/FRONTEND")
            holder_id = f"{rg_id}/providers/Microsoft.Network/{FRONTEND_KINDS[kind]}/{parts[0]}/frontendIPConfigurations/{parts[1]}"
        try:
            self.store.check_static(subnet, address, holder_id)
        except ArmError as exc:
            raise spec.error(f"{exc.code}: {exc.message}", "ip") from None
        self.store.add_holder(Holder(holder_id, subnet.id, address, location))

    def _put(self, spec: _Spec, nic: Nic, snapshot: bool) -> None:
        try:
            self.store.put_nic(nic, snapshot=snapshot)
        except ArmError as exc:
            raise spec.error(f"{exc.code}: {exc.message}") from None

    def _nic(self, rg_id: str, name: str, spec: _Spec, location: str) -> None:
        spec.allow("location", "subnet", "ip", "allocation", "ip_configurations", "dns_servers",
                   "accelerated_networking", "ip_forwarding", "mac", "tags")
        nic_id = f"{rg_id}/providers/Microsoft.Network/networkInterfaces/{name}"
        if "ip_configurations" in spec.data:
            if any(k in spec.data for k in ("subnet", "ip", "allocation")):
                raise spec.error("give subnet/ip/allocation inside each of ip_configurations, not beside them",
                                 "ip_configurations")
            entries = spec.data["ip_configurations"]
            if not isinstance(entries, list) or not entries:
                raise spec.error("expected a non-empty list", "ip_configurations")
            configs = []
            for index, entry in enumerate(entries, 1):
                entry_spec = spec.child("ip_configurations", entry)
                entry_spec.allow("name", "subnet", "ip", "allocation", "primary")
                configs.append(self._ip_config(entry_spec, rg_id, index))
        else:
            configs = [self._ip_config(spec, rg_id, 1)]
        mac = spec.text("mac")
        if mac is not None:
            try:
                mac = net.normalise_mac(mac).replace(":", "-").upper()
            except net.AddressError as exc:
                raise spec.error(str(exc), "mac") from None
        nic = Nic(nic_id, name, location, configs, spec.strings("dns_servers"), mac,
                  spec.flag("accelerated_networking", False), spec.flag("ip_forwarding", False), spec.tags())
        self._put(spec, nic, snapshot=True)

    def _ip_config(self, spec: _Spec, rg_id: str, index: int) -> IpConfig:
        address = self._address(spec, "ip")
        allocation = (spec.text("allocation") or (STATIC if address else DYNAMIC)).capitalize()
        if allocation not in (STATIC, DYNAMIC):
            raise spec.error("expected Static or Dynamic", "allocation")
        return IpConfig(spec.text("name", f"ipconfig{index}"), self._subnet_ref(spec, rg_id).id, address,
                        allocation, spec.flag("primary", False))

    def _address(self, spec: _Spec, key: str) -> net.IPAddress | None:
        raw = spec.text(key)
        if raw is None:
            return None
        if "/" in raw or net.try_parse_ip(raw) is None:
            raise spec.error(f"{raw!r} is not an IP address", key)
        return net.parse_ip(raw)

    def _subnet_ref(self, spec: _Spec, rg_id: str) -> Subnet:
        """``vnet/subnet`` (same group first, else unique in the subscription), ``group/vnet/subnet`` or an id."""
        ref = spec.text("subnet")
        if not ref:
            raise spec.error("needs subnet: VNET/SUBNET, GROUP/VNET/SUBNET or a subnet id", "subnet")
        sub_prefix = rg_id.rsplit("/resourceGroups/", 1)[0]
        parts = ref.strip("/").split("/")
        if ref.startswith("/"):
            candidates = [ref]
        elif len(parts) == 3:
            candidates = [f"{sub_prefix}/resourceGroups/{parts[0]}/providers/Microsoft.Network/virtualNetworks/"
                          f"{parts[1]}/subnets/{parts[2]}"]
        elif len(parts) == 2:
            own = f"{rg_id}/providers/Microsoft.Network/virtualNetworks/{parts[0]}"
            if net.resource_key(own) in self.store.vnets:
                candidates = [f"{own}/subnets/{parts[1]}"]
            else:
                candidates = [f"{v.id}/subnets/{parts[1]}" for v in self.store.vnets.values()
                              if v.name.lower() == parts[0].lower() and self.store.in_scope(v.id, sub_prefix.split("/")[2])]
        else:
            raise spec.error(f"{ref!r}: expected VNET/SUBNET, GROUP/VNET/SUBNET or a subnet id", "subnet")
        found = [s for s in (self.store.subnet(c) for c in candidates) if s is not None]
        if len(found) != 1:
            problem = "is ambiguous: use GROUP/VNET/SUBNET" if found else "names no subnet of this estate"
            raise spec.error(f"{ref!r} {problem}", "subnet")
        return found[0]

    # --- compute -----------------------------------------------------------------

    def _vm(self, rg_id: str, name: str, spec: _Spec, location: str) -> None:
        spec.allow("location", "os", "nics", "power_state", "agent_ready", "availability_set", "size", "tags",
                   "guest", "faults")
        vm_id = f"{rg_id}/providers/Microsoft.Compute/virtualMachines/{name}"
        os_type = OS_TYPES.get((spec.text("os") or "").lower())
        if os_type is None:
            raise spec.error("needs os: linux or windows", "os")
        power = (spec.text("power_state") or "running").lower()
        if power not in set(PowerState):
            raise spec.error(f"expected one of {', '.join(PowerState)}", "power_state")
        nics = [self._nic_ref(spec, rg_id, ref) for ref in spec.strings("nics")]
        if not nics:
            raise spec.error("a VM needs at least one NIC", "nics")
        for nic in nics:
            if nic.vm_id is not None:
                raise spec.error(f"NIC {nic.name} is already attached to {net.resource_name(nic.vm_id)}", "nics")
            nic.vm_id = vm_id
            nic.mac = nic.mac or arm_json.derived_mac(nic.id)
        availability_set = spec.text("availability_set")
        if availability_set and not availability_set.startswith("/"):
            availability_set = f"{rg_id}/providers/Microsoft.Compute/availabilitySets/{availability_set}"
        try:
            guest = guest_from_spec(spec.data["guest"], self.base_dir) if spec.data.get("guest") else RecordedGuest()
        except ValueError as exc:
            raise spec.error(str(exc), "guest") from None
        self.store.vms[net.resource_key(vm_id)] = Vm(
            id=vm_id,
            name=name,
            location=location,
            os_type=os_type,
            nic_ids=[n.id for n in nics],
            vm_uuid=str(uuid.uuid5(uuid.NAMESPACE_URL, net.resource_key(vm_id))),
            size=spec.text("size", "Standard_D2s_v5"),
            power_state=power,
            agent_ready=spec.flag("agent_ready", True),
            availability_set_id=availability_set,
            tags=spec.tags(),
            guest=guest,
            faults=self._vm_faults(spec.child("faults")),
        )

    def _nic_ref(self, spec: _Spec, rg_id: str, ref: str) -> Nic:
        sub_prefix = rg_id.rsplit("/resourceGroups/", 1)[0]
        if ref.startswith("/"):
            nic_id = ref
        elif "/" in ref:
            group, name = ref.split("/", 1)
            nic_id = f"{sub_prefix}/resourceGroups/{group}/providers/Microsoft.Network/networkInterfaces/{name}"
        else:
            nic_id = f"{rg_id}/providers/Microsoft.Network/networkInterfaces/{ref}"
        nic = self.store.nics.get(net.resource_key(nic_id))
        if nic is None:
            raise spec.error(f"{ref!r} names no NIC of this estate", "nics")
        return nic

    # --- faults ------------------------------------------------------------------

    def _vm_faults(self, spec: _Spec) -> VmFaults:
        spec.allow("busy", "hang", "garbage", "output_limit")
        limit = spec.number("output_limit", VmFaults.output_limit)
        return VmFaults(spec.flag("busy", False), spec.flag("hang", False), spec.flag("garbage", False), int(limit))

    def _faults(self, spec: _Spec) -> Faults:
        spec.allow("latency", "run_command_seconds", "bursts")
        bursts = spec.data.get("bursts") or []
        if not isinstance(bursts, list):
            raise spec.error("expected a list", "bursts")
        faults = Faults(spec.number("latency", 0.0), spec.number("run_command_seconds", 0.0))
        for entry in bursts:
            burst = spec.child("bursts", entry)
            burst.allow("status", "count", "retry_after", "match")
            match = burst.text("match")
            if match is not None:
                try:
                    re.compile(match)
                except re.error as exc:
                    raise burst.error(f"not a regular expression: {exc}", "match") from None
            status = burst.number("status", None)
            if status is None or not 400 <= status <= 599:
                raise burst.error("needs an HTTP error status (400-599)", "status")
            count = burst.number("count", None)
            faults.add(Burst(int(status), None if count is None else int(count), burst.number("retry_after", None),
                             match))
        return faults
