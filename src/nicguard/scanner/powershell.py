"""PowerShell: NetTCPIP/DnsClient cmdlets, registry writes, WMI/CIM methods, NetworkingDsc
resources, and native tools or nested scripts called from PowerShell."""

from __future__ import annotations

from . import dispatch
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .powershell_lexer import PsCommand, Script, block_properties, parse
from .values import addresses_of
from .windows_tools import native, registry_write, wmi_method

_INTERFACE_PARAMS = ("interfacealias", "interfaceindex", "interfacedescription", "ifindex", "ifalias")
_ADAPTER_QUERIES = frozenset(
    ("get-netadapter", "get-netipinterface", "get-netipaddress", "get-netipconfiguration", "get-dnsclient",
     "get-netconnectionprofile", "get-dnsclientserveraddress")
)
# Cheap test before tokenising: a script without any of these cannot change IP or DNS.
_KEYWORDS = ("dnsclient", "netipaddress", "netipinterface", "netsh", "wmic", "enablestatic", "dnsserversearchorder",
             "tcpip", "dnsserveraddress", "ipaddress", "dhcp", "powershell", "pwsh", "cmd", "iex", "invoke-expression",
             "runcommand", "run-command", "extension")


def scan_powershell(text: str, frame: Frame) -> list[GuestChange]:
    lowered = text.lower()
    if not any(keyword in lowered for keyword in _KEYWORDS):
        return []
    script = parse(text)
    changes: list[GuestChange] = []
    for command in script.commands:
        changes += _command(command, script, frame)
    for method, atoms, token in script.method_calls():
        line_end = text.find("\n", token.start)
        snippet = text[max(0, text.rfind("\n", 0, token.start) + 1) : len(text) if line_end < 0 else line_end]
        changes += wmi_method(method, atoms, token.line, snippet, frame, None)
    return changes


def _command(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    key = command.key
    handler = _CMDLETS.get(key)
    if handler is not None:
        return handler(command, script, frame)
    if key in _DSC_RESOURCES and command.blocks:
        start, end = command.blocks[0]
        return _DSC_RESOURCES[key](block_properties(script.tokens, start, end), command, frame)
    return native(key, command.words, command.line, command.text, frame) or []


def _interface(command: PsCommand, positional: int | None = None) -> str | None:
    argument = command.param(*_INTERFACE_PARAMS)
    if argument is None and positional is not None and len(command.positionals) > positional:
        argument = command.positionals[positional]
    if argument is not None and argument.atoms:
        return ",".join(argument.atoms)
    upstream = command.upstream
    while upstream is not None:
        if upstream.key in _ADAPTER_QUERIES:
            found = upstream.param("name", *_INTERFACE_PARAMS)
            if found is None and upstream.positionals:
                found = upstream.positionals[0]
            if found is not None and found.atoms:
                return ",".join(found.atoms)
        upstream = upstream.upstream
    return None


def _atoms(command: PsCommand, names: tuple[str, ...], positional: int | None = None) -> list[str] | None:
    argument = command.param(*names)
    if argument is None and positional is not None and len(command.positionals) > positional:
        argument = command.positionals[positional]
    return None if argument is None else argument.atoms


def _set_dns(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    if command.param("resetserveraddresses") is not None:
        return []
    servers = _atoms(command, ("serveraddresses",))
    if servers is None:
        return []
    return frame.change(ChangeKind.DNS_SET, command.line, "Set-DnsClientServerAddress", command.text,
                        _interface(command, 0), dns_servers=addresses_of(servers))


def _address_cmdlet(kind: ChangeKind, tool: str, required: bool):
    def handler(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
        given = _atoms(command, ("ipaddress",), 0)
        if given is None and required:
            return []
        return frame.change(kind, command.line, tool, command.text, _interface(command), addresses=addresses_of(given or []))

    return handler


def _set_ip_interface(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    dhcp = _atoms(command, ("dhcp",))
    if not dhcp or dhcp[0].lower() != "disabled":
        return []
    return frame.change(ChangeKind.DHCP_DISABLED, command.line, "Set-NetIPInterface -Dhcp Disabled", command.text, _interface(command, 0))


def _registry(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    path = _atoms(command, ("path", "literalpath"), 0) or []
    name = _atoms(command, ("name",), 1) or []
    value = _atoms(command, ("value",), 2) or []
    if not path or not name:
        return []
    return registry_write(path[0], name[0], ",".join(value), command.line, command.text, frame, command.name)


def _cim_method(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    method = _atoms(command, ("methodname", "name"))
    if not method:
        return []
    arguments = _atoms(command, ("arguments", "argumentlist")) or []
    return wmi_method(method[0], arguments, command.line, command.text, frame, None)


def _invoke_expression(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    inner = _atoms(command, ("command",), 0)
    if not inner:
        return []
    return dispatch.scan_text(" ".join(inner), PayloadKind.POWERSHELL, frame.nested("Invoke-Expression", command.line, maps_lines=False))


def _run_command(command: PsCommand, script: Script, frame: Frame) -> list[GuestChange]:
    """``Invoke-AzVMRunCommand -ScriptString`` / ``Set-AzVMRunCommand -SourceScript``: a script
    run inside the VM (``-ScriptPath`` names a file, scanned on its own)."""
    inner = _atoms(command, ("scriptstring", "sourcescript"))
    if not inner:
        return []
    command_id = (_atoms(command, ("commandid",)) or [""])[0].lower()
    kind = {"runpowershellscript": PayloadKind.POWERSHELL, "runshellscript": PayloadKind.SHELL}.get(command_id)
    return dispatch.scan_text("\n".join(inner), kind, frame.nested(command.name, command.line, maps_lines=False))


def _dsc_dns(properties: dict[str, list[str]], command: PsCommand, frame: Frame) -> list[GuestChange]:
    found = addresses_of(properties.get("address", []))
    if not found:
        return []  # no Address: NetworkingDsc resets the interface to DHCP
    return frame.change(ChangeKind.DNS_SET, command.line, f"DSC {command.name}", command.text,
                        _first(properties.get("interfacealias")), dns_servers=found)


def _dsc_address(properties: dict[str, list[str]], command: PsCommand, frame: Frame) -> list[GuestChange]:
    given = properties.get("ipaddress")
    if given is None:
        return []
    return frame.change(ChangeKind.ADDRESS_SET, command.line, f"DSC {command.name}", command.text,
                        _first(properties.get("interfacealias")), addresses=addresses_of(given))


def _dsc_dhcp(property_name: str):
    def handler(properties: dict[str, list[str]], command: PsCommand, frame: Frame) -> list[GuestChange]:
        if (_first(properties.get(property_name)) or "").lower() != "disabled":
            return []
        return frame.change(ChangeKind.DHCP_DISABLED, command.line, f"DSC {command.name}", command.text,
                            _first(properties.get("interfacealias")))

    return handler


def _first(values: list[str] | None) -> str | None:
    return values[0] if values else None


_CMDLETS = {
    "set-dnsclientserveraddress": _set_dns,
    "new-netipaddress": _address_cmdlet(ChangeKind.ADDRESS_SET, "New-NetIPAddress", required=False),
    "set-netipaddress": _address_cmdlet(ChangeKind.ADDRESS_SET, "Set-NetIPAddress", required=True),
    "remove-netipaddress": _address_cmdlet(ChangeKind.ADDRESS_REMOVED, "Remove-NetIPAddress", required=False),
    "set-netipinterface": _set_ip_interface,
    "set-itemproperty": _registry,
    "new-itemproperty": _registry,
    "invoke-cimmethod": _cim_method,
    "invoke-wmimethod": _cim_method,
    "invoke-expression": _invoke_expression,
    "iex": _invoke_expression,
    "invoke-azvmruncommand": _run_command,
    "invoke-azvmssvmruncommand": _run_command,
    "set-azvmruncommand": _run_command,
    "set-azvmssruncommand": _run_command,
}
_DSC_RESOURCES = {
    "dnsserveraddress": _dsc_dns,
    "xdnsserveraddress": _dsc_dns,
    "ipaddress": _dsc_address,
    "xipaddress": _dsc_address,
    "netipinterface": _dsc_dhcp("dhcp"),
    "dhcpclient": _dsc_dhcp("state"),
    "xdhcpclient": _dsc_dhcp("state"),
}
