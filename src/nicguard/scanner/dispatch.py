"""Routing a text to the scanner for its kind; every layer (heredoc, MIME part, base64,
``powershell -Command``) comes back through ``scan_text``."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from . import arm, batch, cloud_init, network_files, network_yaml, powershell, shell, terraform, unattend
from .frame import Frame
from .model import GuestChange, PayloadKind
from .decode import text_from_base64
from .sniff import kind_for_text

K = PayloadKind
_CMDLET = re.compile(r"\b(?:Get|Set|New|Remove|Add|Invoke|Write|Import|Install|Enable|Disable|Start|Restart|Stop)-[A-Z][A-Za-z]+\b")
_WINDOWS_COMMAND = re.compile(r"(?i)\b(?:powershell|pwsh|netsh|wmic|cmd(?:\.exe)?\s+/[ck]|reg(?:\.exe)?\s+add)\b|\.ps1\b")


def scan_text(text: str, kind: PayloadKind | None, frame: Frame, path: str | None = None) -> list[GuestChange]:
    """Changes in ``text`` read as ``kind``. None: what the text announces (shebang,
    #cloud-config, MIME, JSON template...), else base64 of such, else a script."""
    if frame.too_deep or not text.strip():
        return []
    if kind is None:
        kind = kind_for_text(text)
        if kind is None:
            decoded = text_from_base64(text.strip())
            if decoded is not None:
                return scan_text(decoded, None, frame.nested("base64", 1, maps_lines=False), path)
            kind = _script_kind(text)
    if kind is K.COMMAND_LINE:
        kind = _script_kind(text)
    if kind is K.IFCFG:
        return network_files.scan_ifcfg(text, frame, path)
    if kind in (K.CLOUD_CONFIG, K.CLOUD_INIT_SYSTEM):
        return cloud_init.scan_cloud_config(text, frame, system=kind is K.CLOUD_INIT_SYSTEM)
    return _scanners()[kind](text, frame)


def looks_like_powershell(text: str) -> bool:
    return _CMDLET.search(text) is not None


def _script_kind(text: str) -> PayloadKind:
    """A command line or script of unknown OS: cmd.exe when it starts with a Windows program,
    PowerShell when it calls cmdlets, else POSIX shell."""
    if _WINDOWS_COMMAND.match(text.lstrip()):
        return K.BATCH
    if looks_like_powershell(text):
        return K.POWERSHELL
    return K.BATCH if _WINDOWS_COMMAND.search(text) else K.SHELL


@cache
def _scanners() -> dict[PayloadKind, Callable[[str, Frame], list[GuestChange]]]:
    # Built on first use: the scanner modules import this one to recurse.
    return {
        K.POWERSHELL: powershell.scan_powershell,
        K.BATCH: batch.scan_batch,
        K.SHELL: shell.scan_shell,
        K.USER_DATA: cloud_init.scan_user_data,
        K.CLOUD_CONFIG_ARCHIVE: cloud_init.scan_archive,
        K.MIME: cloud_init.scan_mime,
        K.NETPLAN: network_yaml.scan_netplan,
        K.NM_KEYFILE: network_files.scan_nm_keyfile,
        K.INTERFACES: network_files.scan_interfaces,
        K.NETWORKD: network_files.scan_networkd,
        K.RESOLV_CONF: network_files.scan_resolv_conf,
        K.RESOLVED_CONF: network_files.scan_resolved_conf,
        K.DHCLIENT_CONF: network_files.scan_dhclient_conf,
        K.ARM_TEMPLATE: arm.scan_template,
        K.UNATTEND: unattend.scan_unattend,
        K.TERRAFORM: terraform.scan_terraform,
    }
