"""A console transcript pasted into a support case: prompt lines, each followed by its output.

Commands may come in any order and some may be missing. A block is read by the parser
its command names (``ipconfig /all``, ``Get-NetIPAddress``, ``ip addr``, ``cat
/etc/netplan/50-cloud-init.yaml``, ...); output whose command is unknown (or a paste
with no prompt at all) is recognised by its content.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from types import ModuleType

from . import (
    get_dnsclientserveraddress,
    get_netadapter,
    get_netipaddress,
    get_netipconfiguration,
    get_netipinterface,
    ip_text,
    ipconfig,
    lsattr,
    networkctl,
    nmcli,
    registry,
    resolv_conf,
    resolvectl,
)
from .evidence import NOTHING, Evidence
from .files import parser_for

PROMPTS = (
    re.compile(r"^PS [^>\n]*>\s?(?P<command>.*)$"),  # PS C:\Users\azureuser>
    re.compile(r"^[A-Za-z]:\\[^>\n]*>(?P<command>.*)$"),  # C:\Windows\system32>
    re.compile(
        r"^(?:\[[^\]\n]+\]|[\w.-]+@[\w.-]+(?::[^\s$#>]*)?)\s?[$#>]\s?(?P<command>.*)$"
    ),  # user@vm:~$ / [root@vm ~]# / SUSE user@vm:~>
    re.compile(r"^[\w.-]+:[~/][^\s#>]*\s?[#>]\s(?P<command>.*)$"),  # SUSE root: vm-sles:~ #
    re.compile(r"^\$ (?P<command>.+)$"),  # a bare "$ " prompt; a bare "# " is a comment in a cat'd file
)
COMMANDS: tuple[tuple[re.Pattern, ModuleType], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), module)
    for pattern, module in (
        (r"^ipconfig(\.exe)?\s+/all", ipconfig),
        (r"^get-netadapter\b", get_netadapter),
        (r"^get-netipaddress\b", get_netipaddress),
        (r"^get-netipinterface\b", get_netipinterface),
        (r"^(get-netipconfiguration|gip)\b", get_netipconfiguration),
        (r"^get-dnsclientserveraddress\b", get_dnsclientserveraddress),
        (r"^(get-itemproperty|gp)\b.*tcpip", registry),
        (r"^reg(\.exe)?\s+query\b", registry),
        (r"^ip\b", ip_text),
        (r"^(resolvectl|systemd-resolve)\b", resolvectl),
        (r"^networkctl\b", networkctl),
        (r"^nmcli\b", nmcli),
        (r"^lsattr\b", lsattr),
    )
)
SNIFFERS: tuple[tuple[Callable[[str], bool], ModuleType], ...] = (
    (lambda t: bool(re.search(r"^Windows IP (Configuration|構成)", t, re.M)), ipconfig),
    (ipconfig.looks_like_ipconfig, ipconfig),  # another language: read as unreadable, with the reason
    (lambda t: "PrefixOrigin" in t, get_netipaddress),
    (lambda t: "EnableDHCP" in t, registry),
    (lambda t: "ServerAddresses" in t, get_dnsclientserveraddress),
    (lambda t: bool(re.search(r"^\d+: \S+: <", t, re.M)), ip_text),
    (lambda t: bool(re.search(r"^Link \d+ \(", t, re.M)), resolvectl),
    (lambda t: "GENERAL.DEVICE" in t or "ipv4.method" in t, nmcli),
    (lambda t: "HW Address" in t, networkctl),
    (lambda t: bool(re.search(r"^nameserver\s", t, re.M)), resolv_conf),
)
WINDOWS_FORMATS = {
    m.FORMAT
    for m in (
        ipconfig,
        get_netadapter,
        get_netipaddress,
        get_netipinterface,
        get_netipconfiguration,
        get_dnsclientserveraddress,
        registry,
    )
}


def parse(text: str, os_hint: str | None = None) -> Evidence:
    evidence = NOTHING
    for command, output in split(text):
        evidence += _parse_block(command, output)
    os_name = os_hint or evidence.os or _guess_os(evidence)
    return Evidence(os=os_name) + evidence


def split(text: str) -> list[tuple[str | None, str]]:
    """``[(command, output)]``; output before the first prompt has command None."""
    blocks: list[tuple[str | None, list[str]]] = [(None, [])]
    for line in text.replace("\r\n", "\n").split("\n"):
        command = _prompt_command(line)
        if command is not None:
            blocks.append((command, []))
        else:
            blocks[-1][1].append(line)
    return [(command, "\n".join(lines)) for command, lines in blocks if command or any(s.strip() for s in lines)]


def _prompt_command(line: str) -> str | None:
    for prompt in PROMPTS:
        match = prompt.match(line)
        if match:
            return match.group("command").strip()
    return None


def _parse_block(command: str | None, output: str) -> Evidence:
    command = re.sub(r"^sudo\s+(-\S+\s+)*", "", command or "")
    paths = _cat_paths(command)
    if paths:
        return _parse_files(paths, output)
    for pattern, module in COMMANDS:
        if pattern.search(command):
            return module.parse(output, command)
    for sniff, module in SNIFFERS:
        if sniff(output):
            return module.parse(output, command or module.FORMAT)
    return NOTHING


def _cat_paths(command: str) -> list[str]:
    words = command.split("|", 1)[0].split()
    if not words or words[0] not in ("cat", "more", "less", "type", "Get-Content", "gc"):
        return []
    return [w for w in words[1:] if not w.startswith("-")]


def _parse_files(paths: list[str], output: str) -> Evidence:
    parsers = {parser_for(p, output) for p in paths} - {None}
    if len(parsers) != 1:
        return NOTHING  # files of several formats in one output cannot be told apart
    return parsers.pop().parse(output, paths[0])


def _guess_os(evidence: Evidence) -> str | None:
    if not evidence.formats:
        return None
    return "windows" if any(f in WINDOWS_FORMATS for f in evidence.formats) else "linux"
