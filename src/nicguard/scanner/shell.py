"""POSIX shell: iproute2, ifconfig, nmcli, resolvectl, chattr, and every way a script
writes a network file (echo/printf/cat/tee/base64 into it, sed -i, cp/mv/ln over it)."""

from __future__ import annotations

import re

from . import dispatch
from .decode import text_from_base64
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .shell_lexer import Command, commands
from .sniff import kind_for_path
from .values import addresses_in, addresses_of, parse_address
from .windows_tools import native

_SHELLS = frozenset(("bash", "sh", "dash", "zsh", "ksh", "su"))
_MANAGED_RESOLV = re.compile(
    r"(?:^|/)(?:run/systemd/resolve/(?:stub-)?resolv\.conf|run/NetworkManager/(?:no-stub-)?resolv\.conf|"
    r"run/resolvconf/resolv\.conf|lib/systemd/resolv\.conf)$"
)
_KEYWORDS = ("ip ", "ip\t", "ifconfig", "nmcli", "resolv", "chattr", "netplan", "ifcfg", "interfaces", "network",
             "dhclient", "base64", "pwsh", "powershell", "cloud", "run-command", "extension")
_IP_OPTIONS_WITH_VALUE = frozenset(("-f", "-family", "-b", "-batch", "-n", "-netns", "-rc", "-rcvbuf"))
_IP_KEYWORDS_WITH_VALUE = frozenset(
    ("dev", "label", "scope", "brd", "broadcast", "peer", "anycast", "metric", "valid_lft", "preferred_lft", "proto")
)


def scan_shell(text: str, frame: Frame) -> list[GuestChange]:
    lowered = text.lower()
    if not any(keyword in lowered for keyword in _KEYWORDS):
        return []
    changes: list[GuestChange] = []
    found = commands(text)
    for command in found:
        changes += _command(command, frame)
    created = _virtual_interfaces(found)
    return [c for c in changes if (c.interface or "").strip("\"'") not in created] if created else changes


# Link types that make a device of their own, never the Azure NIC (a bridge counts only while
# no other device is enslaved to it: a bridge over eth0 carries the NIC's address).
_VIRTUAL_TYPES = frozenset(("dummy", "bridge", "vxlan", "veth", "gre", "gretap", "ipip", "sit", "ip6tnl", "wireguard",
                            "geneve", "vrf", "ifb", "nlmon", "vcan", "netdevsim"))


def _virtual_interfaces(found: list[Command]) -> set[str]:
    """Devices the script itself creates as virtual (``ip link add NAME type dummy``,
    ``brctl addbr``): addresses put on them are not the guest's NIC settings."""
    created: dict[str, str] = {}
    enslaved: set[str] = set()
    for command in found:
        args = command.args
        if command.name == "ip" and len(args) >= 3 and args[0] in ("link", "l") and args[1] in ("add", "a"):
            rest = args[2:]
            head = rest[:rest.index("type")] if "type" in rest else rest
            names = [head[i + 1] for i in range(len(head) - 1) if head[i] in ("name", "dev")] or head[:1]
            link_type = rest[rest.index("type") + 1] if "type" in rest[:-1] else ""
            if link_type in _VIRTUAL_TYPES:
                created.update((name, link_type) for name in names[:1])
        elif command.name == "ip" and len(args) >= 5 and args[0] in ("link", "l") and args[1] == "set" and "master" in args[:-1]:
            enslaved.add(args[args.index("master") + 1])
        elif command.name == "brctl" and len(args) >= 2 and args[0] == "addbr":
            created[args[1]] = "bridge"
        elif command.name == "brctl" and len(args) >= 3 and args[0] == "addif" and args[2] not in created:
            enslaved.add(args[1])
    return {name for name, link_type in created.items() if not (link_type == "bridge" and name in enslaved)}


def _command(command: Command, frame: Frame) -> list[GuestChange]:
    name = command.name
    if command.defines_function:
        if name != "make_resolv_conf":
            return []
        # a dhclient hook that redefines make_resolv_conf stops DHCP from writing resolv.conf
        return frame.change(ChangeKind.RESOLV_CONF_LOCKED, command.line, "make_resolv_conf override", f"{name}() {{ ... }}")
    if command.heredoc is not None and name in ("", "cat", "tee"):
        return _deliver(command.heredoc.body, command, frame, command.heredoc.line, True)
    if name in ("echo", "printf"):
        return _deliver(_printed(name, command.args), command, frame, command.line, False)
    handler = _HANDLERS.get(name)
    if handler is not None:
        return handler(command, frame)
    return native(name, command.args, command.line, command.text, frame) or []


def _printed(name: str, args: list[str]) -> str:
    """What echo or printf writes (printf's %s filled from its arguments)."""
    words = [a for a in args if not re.fullmatch(r"-[neE]+", a)]
    if name == "printf" and words:
        values = iter(words[1:])
        text = re.sub(r"%[sdi]", lambda _: next(values, ""), words[0])
    else:
        text = " ".join(words)
    return text.replace("\\n", "\n")


def _deliver(content: str, command: Command, frame: Frame, line: int, maps_lines: bool) -> list[GuestChange]:
    """Content a command writes: into its redirect targets, through ``tee``, into a shell, or
    through ``base64 -d`` on to the next of these."""
    changes: list[GuestChange] = []
    targets = command.outputs()
    if command.name == "tee":
        targets += [a for a in command.args if not a.startswith("-")]
    for target in targets:
        changes += _written(target, content, frame, line, maps_lines)
    downstream = command.pipes_to
    if downstream is None:
        return changes
    if downstream.name == "tee":
        changes += _deliver(content, downstream, frame, line, maps_lines)
    elif downstream.name in _SHELLS and "-c" not in downstream.args:
        changes += dispatch.scan_text(content, PayloadKind.SHELL, frame.nested(f"piped into {downstream.name}", line, maps_lines))
    elif downstream.name == "base64" and {"-d", "--decode", "-D"} & set(downstream.args):
        decoded = text_from_base64(content.strip())
        if decoded is not None:
            changes += _deliver(decoded, downstream, frame.nested("base64", line, False), 1, False)
    return changes


def _written(target: str, content: str, frame: Frame, line: int, maps_lines: bool) -> list[GuestChange]:
    kind = kind_for_path(target)
    if kind is None:
        return []
    nested = frame.nested(f"written to {frame.shown(target)}", line, maps_lines)
    return dispatch.scan_text(content, kind, nested, path=target)


def _ip(command: Command, frame: Frame) -> list[GuestChange]:
    args = list(command.args)
    while args and args[0].startswith("-"):
        if args.pop(0) in _IP_OPTIONS_WITH_VALUE and args:
            args.pop(0)
    if len(args) < 2 or not args[0] or not "address".startswith(args[0]):
        return []
    action, rest = args[1], args[2:]
    interface, label, address_words = None, None, []
    index = 0
    while index < len(rest):
        word = rest[index]
        if word in _IP_KEYWORDS_WITH_VALUE and index + 1 < len(rest):
            interface = rest[index + 1] if word == "dev" else interface
            label = rest[index + 1] if word == "label" else label
            index += 2
            continue
        if word != "local":
            address_words.append(word)
        index += 1
    found = addresses_of(address_words[:1])
    if action in ("add", "a", "replace", "change", "chg"):
        return frame.change(ChangeKind.ADDRESS_SET, command.line, f"ip addr {action}", command.text, interface,
                            addresses=found, multi_ip_hint=label is not None)
    if action in ("del", "delete", "d"):
        return frame.change(ChangeKind.ADDRESS_REMOVED, command.line, "ip addr del", command.text, interface, addresses=found)
    if action in ("flush", "f"):
        return frame.change(ChangeKind.ADDRESS_REMOVED, command.line, "ip addr flush", command.text, interface)
    return []


def _ifconfig(command: Command, frame: Frame) -> list[GuestChange]:
    args = [a for a in command.args if not a.startswith("-")]
    if len(args) < 2:
        return []
    interface, rest = args[0], [a for a in args[1:] if a not in ("inet", "inet6", "add")]
    if not rest:
        return []
    if rest[0].split("/", 1)[0] == "0.0.0.0" or rest[0] in ("del", "delete"):
        removed = addresses_of(rest[1:2]) if rest[0] in ("del", "delete") else ()
        return frame.change(ChangeKind.ADDRESS_REMOVED, command.line, "ifconfig", command.text, interface, addresses=removed)
    address = parse_address(rest[0])
    if address is None:
        return []
    return frame.change(ChangeKind.ADDRESS_SET, command.line, "ifconfig", command.text, interface.split(":", 1)[0],
                        addresses=[address], multi_ip_hint=":" in interface)


def _nmcli(command: Command, frame: Frame) -> list[GuestChange]:
    args = [a for a in command.args]
    while args and args[0].startswith("-"):
        if args.pop(0) in ("-f", "--fields", "-g", "--get-values", "-w", "--wait", "-e", "--escape") and args:
            args.pop(0)
    if len(args) < 3 or args[0] not in ("c", "con", "connection", "d", "dev", "device"):
        return []
    if args[1] not in ("m", "mod", "modify", "a", "add"):
        return []
    rest = args[2:]
    name = None
    if args[1] in ("m", "mod", "modify") and rest:
        if rest[0] in ("id", "uuid", "path") and len(rest) > 1:
            rest = rest[1:]
        name, rest = rest[0], rest[1:]
    values: dict[str, str] = {}
    for key, value in zip(rest[::2], rest[1::2]):
        values[key.lower()] = value
    interface = values.get("ifname") or values.get("con-name") or name
    method = values.get("ipv4.method") or values.get("ipv6.method")
    added = [v for k, v in values.items() if k.lstrip("+") in ("ipv4.addresses", "ip4", "ipv6.addresses", "ip6")]
    dns = [v for k, v in values.items() if k.lstrip("+") in ("ipv4.dns", "ipv6.dns")]
    changes: list[GuestChange] = []
    if method == "manual":
        changes += frame.change(ChangeKind.DHCP_DISABLED, command.line, "nmcli ipv4.method manual", command.text, interface)
    if added:
        beside_dhcp = method == "auto" or any(k.startswith("+") for k in values)
        changes += frame.change(ChangeKind.ADDRESS_SET, command.line, "nmcli ipv4.addresses", command.text, interface,
                                addresses=addresses_of(added), multi_ip_hint=beside_dhcp)
    if dns:
        changes += frame.change(ChangeKind.DNS_SET, command.line, "nmcli ipv4.dns", command.text, interface, dns_servers=addresses_of(dns))
    return changes


def _resolvectl(command: Command, frame: Frame) -> list[GuestChange]:
    args = [a for a in command.args if not a.startswith("-")]
    if len(args) < 3 or args[0] != "dns":
        return []
    servers = addresses_of(args[2:])
    if not servers:
        return []
    return frame.change(ChangeKind.DNS_SET, command.line, "resolvectl dns", command.text, args[1], dns_servers=servers)


def _systemd_resolve(command: Command, frame: Frame) -> list[GuestChange]:
    args = command.args
    servers, interface = [], None
    for index, arg in enumerate(args):
        key, _, value = arg.partition("=")
        value = value or (args[index + 1] if index + 1 < len(args) else "")
        if key == "--set-dns":
            servers.extend(addresses_in(value))
        elif key in ("--interface", "-i"):
            interface = value
    if not servers:
        return []
    return frame.change(ChangeKind.DNS_SET, command.line, "systemd-resolve --set-dns", command.text, interface, dns_servers=servers)


def _chattr(command: Command, frame: Frame) -> list[GuestChange]:
    locks = any(re.fullmatch(r"\+[a-zA-Z]*i[a-zA-Z]*", a) for a in command.args)
    if not locks or not any(kind_for_path(a) is PayloadKind.RESOLV_CONF for a in command.args):
        return []
    return frame.change(ChangeKind.RESOLV_CONF_LOCKED, command.line, "chattr +i", command.text)


def _copy(command: Command, frame: Frame) -> list[GuestChange]:
    paths = [a for a in command.args if not a.startswith("-")]
    if len(paths) < 2:
        return []
    target, sources = paths[-1], paths[:-1]
    into_etc = target.rstrip("/") == "/etc" and any(s.endswith("/resolv.conf") or s == "resolv.conf" for s in sources)
    if kind_for_path(target) is not PayloadKind.RESOLV_CONF and not into_etc:
        return []
    if all(_MANAGED_RESOLV.search(source) for source in sources):
        return []  # pointing resolv.conf back at a resolver manager is what Microsoft documents
    return frame.change(ChangeKind.DNS_SET, command.line, f"{command.name} over /etc/resolv.conf", command.text)


def _sed(command: Command, frame: Frame) -> list[GuestChange]:
    args = command.args
    in_place = any(a.startswith("--in-place") or re.fullmatch(r"-[A-Za-z]*i\S*", a) for a in args)
    if not in_place:
        return []
    expressions, files, index = [], [], 0
    while index < len(args):
        arg = args[index]
        if arg in ("-e", "--expression") and index + 1 < len(args):
            expressions.append(args[index + 1])
            index += 2
            continue
        if not arg.startswith("-"):
            files.append(arg)
        index += 1
    if not expressions and files:
        expressions.append(files.pop(0))
    written = "\n".join(_sed_written_text(e) for e in expressions).strip()
    changes: list[GuestChange] = []
    for path in files:
        kind = kind_for_path(path)
        if kind is None:
            continue
        if written:
            changes += _written(path, written, frame, command.line, False)
        elif kind is PayloadKind.RESOLV_CONF and any("nameserver" in e for e in expressions):
            changes += frame.change(ChangeKind.DNS_SET, command.line, "sed -i /etc/resolv.conf", command.text)
    return changes


def _sed_written_text(expression: str) -> str:
    """The text a sed expression puts into the file: substitution replacements, a/i/c lines."""
    pieces = []
    for match in re.finditer(r"s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1", expression):
        pieces.append(match.group(3).replace("\\" + match.group(1), match.group(1)))
    remainder = re.sub(r"s(.)((?:\\.|(?!\1).)*)\1((?:\\.|(?!\1).)*)\1\w*", "", expression)
    for match in re.finditer(r"(?:^|[;}\s])(?:\$|\d+|/(?:[^/\\]|\\.)*/)?\s*[aic]\\?\s*(\S.*)", remainder):
        pieces.append(match.group(1))
    return "\n".join(p.replace("\\n", "\n") for p in pieces)


def _shell_runner(command: Command, frame: Frame) -> list[GuestChange]:
    args = command.args
    if "-c" in args and args.index("-c") + 1 < len(args):
        inner = args[args.index("-c") + 1]
        return dispatch.scan_text(inner, PayloadKind.SHELL, frame.nested(f"{command.name} -c", command.line, maps_lines=False))
    if command.heredoc is not None:
        body = command.heredoc
        return dispatch.scan_text(body.body, PayloadKind.SHELL, frame.nested(f"{command.name} <<", body.line, True))
    return []


_HANDLERS = {
    "ip": _ip,
    "ifconfig": _ifconfig,
    "nmcli": _nmcli,
    "resolvectl": _resolvectl,
    "systemd-resolve": _systemd_resolve,
    "chattr": _chattr,
    "cp": _copy,
    "mv": _copy,
    "install": _copy,
    "ln": _copy,
    "sed": _sed,
    **{name: _shell_runner for name in _SHELLS},
}
