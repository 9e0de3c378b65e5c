"""Tools called the same way from cmd.exe, PowerShell (and, for ``az``, POSIX shell): netsh,
wmic, reg, the ``powershell -Command`` / ``cmd /c`` runners that wrap one language in another,
and the Azure CLI calls that run a payload inside a VM."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from . import dispatch
from .decode import powershell_encoded_command
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .values import addresses_in, addresses_of

_TCPIP_KEY = re.compile(
    r"(?:tcpip6?\\parameters(?:\\interfaces\\([^\\]+))?|policies\\microsoft\\windows nt\\dnsclient)\\?$", re.I
)
_POWERSHELL_VALUE_OPTIONS = frozenset(
    ("-executionpolicy", "-ep", "-ex", "-windowstyle", "-w", "-version", "-v", "-inputformat", "-outputformat",
     "-configurationname", "-workingdirectory", "-wd", "-settingsfile")
)


def native(name: str, words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange] | None:
    """Changes made by a native tool call; None when ``name`` is not one this module reads."""
    handler = _TOOLS.get(name)
    return handler(words, line, text, frame) if handler else None


def _netsh(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    lower = [w.lower() for w in words if not w.startswith("-")]
    if len(lower) < 4 or not "interface".startswith(lower[0]) or lower[1] not in ("ip", "ipv4", "ipv6", "ip6"):
        return []
    verb, target = lower[2], lower[3]
    rest = [w for w in words if not w.startswith("-")][4:]
    if target.startswith("addr") or target == "address":
        slots = {"set": ("name", "source", "address", "mask", "gateway"), "add": ("name", "address", "mask", "gateway"),
                 "delete": ("name", "address", "gateway")}
        kind = {"set": ChangeKind.ADDRESS_SET, "add": ChangeKind.ADDRESS_SET, "delete": ChangeKind.ADDRESS_REMOVED}
        tool = f"netsh interface ip {verb} address"
    elif target.startswith("dns"):
        slots = {"set": ("name", "source", "address", "register"), "add": ("name", "address", "index")}
        kind = {"set": ChangeKind.DNS_SET, "add": ChangeKind.DNS_SET}
        tool = f"netsh interface ip {verb} dnsservers"
    else:
        return []
    verb = "delete" if verb in ("del", "delete") else verb
    if verb not in slots:
        return []
    values = _netsh_arguments(rest, slots[verb])
    if values.get("source", "static").lower() == "dhcp" or values.get("address", "").lower() == "none":
        return []
    found = addresses_in(values.get("address", ""))
    if kind[verb] is ChangeKind.DNS_SET:
        return frame.change(ChangeKind.DNS_SET, line, tool, text, values.get("name"), dns_servers=found)
    if kind[verb] is ChangeKind.ADDRESS_SET and "address" not in values:
        return []
    return frame.change(kind[verb], line, tool, text, values.get("name"), addresses=found)


def _netsh_arguments(words: list[str], slots: tuple[str, ...]) -> dict[str, str]:
    aliases = {"addr": "address", "gwmetric": "gwmetric", "interface": "name"}
    values: dict[str, str] = {}
    free = list(slots)
    for word in words:
        key, sep, value = word.partition("=")
        if sep:
            key = aliases.get(key.lower(), key.lower())
            values[key] = value
            if key in free:
                free.remove(key)
        elif free:
            values[free.pop(0)] = word
    return values


def _wmic(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    lower = [w.lower() for w in words]
    if "call" not in lower or not ({"nicconfig", "win32_networkadapterconfiguration"} & set(lower)):
        return []
    at = lower.index("call")
    if at + 1 >= len(words):
        return []
    where = " ".join(words[lower.index("where") + 1 : at]) if "where" in lower[:at] else None
    return wmi_method(words[at + 1], words[at + 2 :], line, text, frame, where)


def wmi_method(method: str, arguments: list[str], line: int, text: str, frame: Frame, interface: str | None) -> list[GuestChange]:
    """Win32_NetworkAdapterConfiguration methods (EnableStatic, SetDNSServerSearchOrder)."""
    method = method.lower()
    found = addresses_of(arguments)
    if method == "enablestatic":
        return frame.change(ChangeKind.ADDRESS_SET, line, "Win32_NetworkAdapterConfiguration.EnableStatic", text, interface, addresses=found)
    if method == "setdnsserversearchorder" and found:
        return frame.change(ChangeKind.DNS_SET, line, "Win32_NetworkAdapterConfiguration.SetDNSServerSearchOrder", text, interface, dns_servers=found)
    return []


def _reg(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    lower = [w.lower() for w in words]
    if len(words) < 2 or lower[0] != "add" or "/v" not in lower:
        return []
    name = words[lower.index("/v") + 1] if lower.index("/v") + 1 < len(words) else ""
    data = words[lower.index("/d") + 1] if "/d" in lower and lower.index("/d") + 1 < len(words) else ""
    return registry_write(words[1], name, data, line, text, frame, "reg add")


def registry_write(key: str, name: str, data: str, line: int, text: str, frame: Frame, tool: str) -> list[GuestChange]:
    """A registry value written under Tcpip\\Parameters(\\Interfaces\\{id}) or the DNS client policy key."""
    match = _TCPIP_KEY.search(key.rstrip())
    if not match:
        return []
    interface = f"Interfaces\\{match.group(1)}" if match.group(1) else None
    name = name.strip("\"'").lower()
    found = addresses_in(data)
    if name == "nameserver" and found:
        return frame.change(ChangeKind.DNS_SET, line, f"{tool} NameServer", text, interface, dns_servers=found)
    if name == "enabledhcp" and data.strip("\"' ").lower() in ("0", "0x0", "0x00000000"):
        return frame.change(ChangeKind.DHCP_DISABLED, line, f"{tool} EnableDHCP", text, interface)
    if name == "ipaddress" and found:
        return frame.change(ChangeKind.ADDRESS_SET, line, f"{tool} IPAddress", text, interface, addresses=found)
    return []


def _powershell(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    """``powershell [options] -Command ...`` / ``-EncodedCommand b64``: scan the inner script."""
    index = 0
    while index < len(words):
        word = words[index]
        option = word.lower().split(":", 1)[0]
        if option in ("-encodedcommand", "-enc", "-e", "-ec", "-en", "-encodedc") and index + 1 < len(words):
            inner = powershell_encoded_command(words[index + 1])
            if inner is None:
                return []
            return dispatch.scan_text(inner, PayloadKind.POWERSHELL, frame.nested("powershell -EncodedCommand", line, maps_lines=False))
        if option in ("-file", "-f"):
            return []
        if option.startswith("-c") and "-command".startswith(option) or not word.startswith("-"):
            start = index + 1 if word.startswith("-") else index
            inner = " ".join(words[start:])
            return dispatch.scan_text(inner, PayloadKind.POWERSHELL, frame.nested("powershell -Command", line, maps_lines=False))
        index += 2 if option in _POWERSHELL_VALUE_OPTIONS else 1
    return []


def _cmd(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    """``cmd /c ...``: scan the inner command line as cmd.exe."""
    for index, word in enumerate(words):
        if word.lower() in ("/c", "/k", "/r"):
            inner = " ".join(words[index + 1 :])
            return dispatch.scan_text(inner, PayloadKind.BATCH, frame.nested("cmd /c", line, maps_lines=False))
    return []


def _az(words: list[str], line: int, text: str, frame: Frame) -> list[GuestChange]:
    """Azure CLI calls that run a payload inside a VM: ``az vm|vmss run-command invoke
    --scripts``, ``az vm run-command create|update --script``, ``az vm|vmss extension set
    --settings/--protected-settings JSON`` (any shell calls az the same way)."""
    lower = [w.lower() for w in words]
    if len(lower) < 3 or lower[0] not in ("vm", "vmss") or lower[1] not in ("run-command", "extension"):
        return []
    options = _az_options(words[2:])
    if lower[1] == "run-command":
        scripts = options.get("--scripts") or options.get("--script") or []
        if not scripts or any(s.startswith("@") for s in scripts):
            return []  # @file: the file is scanned on its own
        command_id = (options.get("--command-id") or [""])[0].lower()
        kind = {"runpowershellscript": PayloadKind.POWERSHELL, "runshellscript": PayloadKind.SHELL}.get(command_id)
        return dispatch.scan_text("\n".join(scripts), kind, frame.nested("az vm run-command", line, maps_lines=False))
    changes: list[GuestChange] = []
    publisher = (options.get("--publisher") or [""])[0]
    for option, secret in (("--settings", False), ("--protected-settings", True)):
        value = " ".join(options.get(option) or [])
        if not value.lstrip().startswith("{"):
            continue
        try:
            settings = json.loads(value)
        except ValueError:
            continue
        if isinstance(settings, dict):
            from . import arm  # arm reaches this module through dispatch

            tree = {"publisher": publisher, option.lstrip("-"): settings} if publisher else {option.lstrip("-"): settings}
            nested = replace(frame.nested(f"az vm extension set {option}", line, maps_lines=False), secret=frame.secret or secret)
            changes += arm.scan_properties(tree, nested)
    return changes


def _az_options(words: list[str]) -> dict[str, list[str]]:
    """``--name value [value...]`` (and ``--name=value``) for an az command line."""
    options: dict[str, list[str]] = {}
    current: list[str] | None = None
    for word in words:
        if word.startswith("--"):
            name, sep, value = word.partition("=")
            current = options.setdefault(name.lower(), [])
            if sep:
                current.append(value)
        elif current is not None:
            current.append(word)
    return options


_TOOLS = {"netsh": _netsh, "wmic": _wmic, "reg": _reg, "powershell": _powershell, "pwsh": _powershell, "cmd": _cmd, "az": _az}
