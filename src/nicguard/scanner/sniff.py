"""Telling what a payload is: by its path first (a file's name, a write target), then by
its content."""

from __future__ import annotations

import re

from .model import PayloadKind as K

# Matched against the whole path with "/" separators; a repository may keep these files
# under a relative tree (roles/x/files/etc/netplan/...), so nothing is anchored at "/".
_PATHS = (
    (re.compile(r"(?:^|/)resolv\.conf$|/resolvconf/resolv\.conf\.d/(?:head|base|tail)$"), K.RESOLV_CONF),
    (re.compile(r"(?:^|/)netplan/[^/]+\.ya?ml$"), K.NETPLAN),
    (re.compile(r"(?:^|/)ifcfg-[^/]+$|(?:^|/)sysconfig/network/config$"), K.IFCFG),
    (re.compile(r"\.nmconnection$"), K.NM_KEYFILE),
    (re.compile(r"(?:^|/)network/interfaces(?:\.d/[^/]+)?$"), K.INTERFACES),
    (re.compile(r"\.network$"), K.NETWORKD),
    (re.compile(r"(?:^|/)resolved\.conf(?:\.d/[^/]+\.conf)?$"), K.RESOLVED_CONF),
    (re.compile(r"(?:^|/)dhclient[^/]*\.conf$"), K.DHCLIENT_CONF),
    (re.compile(r"(?:^|/)dhclient-(?:enter|exit)-hooks(?:\.d/[^/]+)?$"), K.SHELL),
    (re.compile(r"(?:^|/)cloud/cloud\.cfg(?:\.d/[^/]+\.cfg)?$|(?:^|/)network-config$"), K.CLOUD_INIT_SYSTEM),
    (re.compile(r"\.(?:ps1|psm1)$"), K.POWERSHELL),
    (re.compile(r"\.(?:cmd|bat)$"), K.BATCH),
    (re.compile(r"\.(?:sh|bash|ksh|zsh)$"), K.SHELL),
    (re.compile(r"(?:^|/)(?:unattend|autounattend)\.xml$"), K.UNATTEND),
    (re.compile(r"\.tf$"), K.TERRAFORM),
)

# Extensions worth reading whole and sniffing; any other file is sniffed from its head.
SNIFFED_EXTENSIONS = frozenset(
    (".json", ".yaml", ".yml", ".xml", ".cfg", ".conf", ".txt", ".tpl", ".tmpl", ".j2", ".jinja", ".userdata", ".mime")
)

_SHEBANG = re.compile(r"#!\s*\S*?(?:/|\s|env\s+)(pwsh|powershell|bash|sh|dash|zsh|ksh)\b")
_JSON_TEMPLATE = re.compile(r'"\$schema"\s*:\s*"[^"]*(?:deploymentTemplate|subscriptionDeploymentTemplate|managementGroupDeploymentTemplate|tenantDeploymentTemplate)', re.I)
_JSON_RESOURCES = re.compile(r'"resources"\s*:')
_CLOUD_INIT_NETWORK = re.compile(r"^network\s*:", re.M)
_IFCFG = re.compile(r"^\s*(?:BOOTPROTO|DEVICE|IPADDR\w*|ONBOOT)\s*=", re.M)
_RESOLV = re.compile(r"^\s*nameserver\s+\S", re.M)
_UNATTEND = re.compile(r"urn:schemas-microsoft-com:unattend|<(?:FirstLogonCommands|SynchronousCommand)\b", re.I)


def kind_for_path(path: str) -> K | None:
    normal = path.replace("\\", "/")
    for pattern, kind in _PATHS:
        if pattern.search(normal):
            return kind
    return None


def kind_for_text(text: str) -> K | None:
    """The kind a text announces by its content; None when it says nothing we scan."""
    head = text.lstrip("\ufeff")[:4096]
    first = head.lstrip()[:200].lower()
    if first.startswith("## template: jinja"):
        return kind_for_text(head.lstrip().split("\n", 1)[1] if "\n" in head.lstrip() else "")
    if first.startswith("#cloud-config-archive"):
        return K.CLOUD_CONFIG_ARCHIVE
    if first.startswith("#cloud-config"):
        return K.CLOUD_CONFIG
    if first.startswith("#cloud-boothook"):
        return K.SHELL
    if first.startswith("content-type:") or first.startswith("mime-version:"):
        return K.MIME
    shebang = _SHEBANG.match(head.lstrip())
    if shebang:
        return K.POWERSHELL if shebang.group(1) in ("pwsh", "powershell") else K.SHELL
    if first.startswith(("{", "//", "/*")) and _JSON_TEMPLATE.search(head):  # templates may open with a comment
        return K.ARM_TEMPLATE
    if first.startswith("{") and _JSON_RESOURCES.search(text) and '"Microsoft.' in text:
        return K.ARM_TEMPLATE
    if first.startswith("<") and _UNATTEND.search(head):
        return K.UNATTEND
    if _CLOUD_INIT_NETWORK.search(head):
        return K.CLOUD_INIT_SYSTEM  # a network-config (v1, or v2 = netplan) outside user-data
    if _IFCFG.search(head) and "\n" in head and not _looks_like_code(head):
        return K.IFCFG
    if _RESOLV.search(head) and not _looks_like_code(head):
        return K.RESOLV_CONF
    return None


def _looks_like_code(head: str) -> bool:
    return any(marker in head for marker in ("def ", "function ", "import ", "$(", "{", "echo "))


def kind_of(path: str | None, text: str) -> K | None:
    """A file's kind: its name decides when it is one we know, else its content."""
    by_path = kind_for_path(path) if path else None
    return by_path or kind_for_text(text)
