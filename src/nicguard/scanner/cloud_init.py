"""cloud-init user-data: cloud-config documents, cloud-config archives, MIME multipart,
and base64/gzip wrapped versions of these.

User-data cannot change the network configuration (cloud-init reads that from the Azure
datasource), so a top-level ``network:`` key in user-data is ignored here as cloud-init
ignores it; in system config (/etc/cloud/cloud.cfg.d) it applies.
"""

from __future__ import annotations

import shlex

import yaml

from . import dispatch
from .decode import from_base64, text_from_base64, text_of
from .frame import Frame
from .model import ChangeKind, GuestChange, PayloadKind
from .network_yaml import network_config
from .sniff import kind_for_path, kind_for_text
from .values import addresses_of, truthy
from .yaml_nodes import body_first_line, compose, elements, get, line, scalar, scalars

_MIME_KINDS = {
    "text/cloud-config": PayloadKind.CLOUD_CONFIG,
    "text/cloud-config-archive": PayloadKind.CLOUD_CONFIG_ARCHIVE,
    "text/x-shellscript": PayloadKind.SHELL,
    "text/x-shellscript-per-boot": PayloadKind.SHELL,
    "text/x-shellscript-per-instance": PayloadKind.SHELL,
    "text/x-shellscript-per-once": PayloadKind.SHELL,
    "text/cloud-boothook": PayloadKind.SHELL,
}
_NOT_SCANNED = frozenset(("text/x-include-url", "text/x-include-once-url", "text/part-handler"))


def scan_user_data(text: str, frame: Frame) -> list[GuestChange]:
    kind = kind_for_text(text)
    if kind is not None:
        return dispatch.scan_text(text, kind, frame)
    decoded = text_from_base64(text.strip())
    if decoded is not None:
        return scan_user_data(decoded, frame.nested("base64", 1, maps_lines=False))
    return []


def scan_cloud_config(text: str, frame: Frame, system: bool = False) -> list[GuestChange]:
    if text.lstrip().lower().startswith("## template: jinja"):
        text = text.split("\n", 1)[1] if "\n" in text else ""
        frame = frame.nested("", 2)
    root = compose(text)
    if not isinstance(root, yaml.MappingNode):
        return []
    changes: list[GuestChange] = []
    if system:
        network = get(root, "network")
        if network is None and get(root, "version") is not None:
            network = root  # a bare network-config file
        changes += network_config(network, text, frame)
    for key in ("bootcmd", "runcmd"):
        for item in elements(get(root, key)):
            changes += _command_item(key, item, frame)
    for entry in elements(get(root, "write_files")):
        changes += _written_file(entry, frame)
    if truthy(scalar(get(root, "manage_resolv_conf"))):
        servers = get(get(root, "resolv_conf"), "nameservers")
        if servers is not None:
            changes += frame.change(ChangeKind.DNS_SET, line(servers), "cloud-init resolv_conf",
                                    "manage_resolv_conf: true; resolv_conf: nameservers: " + ", ".join(scalars(servers)),
                                    dns_servers=addresses_of(scalars(servers)))
    return changes


def _command_item(key: str, item: yaml.Node, frame: Frame) -> list[GuestChange]:
    if isinstance(item, yaml.SequenceNode):
        command, first, maps = shlex.join(scalars(item)), line(item), False
    elif scalar(item) is not None:
        command = scalar(item) or ""
        first, maps = body_first_line(item)
    else:
        return []
    return dispatch.scan_text(command, PayloadKind.SHELL, frame.nested(key, first, maps))


def _written_file(entry: yaml.Node, frame: Frame) -> list[GuestChange]:
    path = scalar(get(entry, "path"))
    content_node = get(entry, "content")
    kind = kind_for_path(path) if path else None
    if kind is None or content_node is None or scalar(content_node) is None:
        return []
    content = scalar(content_node) or ""
    first, maps = body_first_line(content_node)
    encoding = (scalar(get(entry, "encoding")) or "").lower()
    if encoding in ("b64", "base64", "gz+b64", "gzip+base64", "gz+base64", "gzip+b64") or content_node.tag.endswith(":binary"):
        data = from_base64(content)
        decoded = text_of(data) if data is not None else None
        if decoded is None:
            return []
        content, maps = decoded, False
    label = f"write_files {frame.shown(path or '')}" + (f" ({encoding or 'binary'})" if not maps and encoding else "")
    return dispatch.scan_text(content, kind, frame.nested(label, first, maps), path=path)


def scan_archive(text: str, frame: Frame) -> list[GuestChange]:
    changes: list[GuestChange] = []
    for item in elements(compose(text)):
        content_node = item if scalar(item) is not None else get(item, "content")
        content = scalar(content_node)
        if content is None or content_node is None:
            continue
        kind = _MIME_KINDS.get(scalar(get(item, "type")) or "") or kind_for_text(content)
        first, maps = body_first_line(content_node)
        changes += dispatch.scan_text(content, kind, frame.nested("cloud-config-archive", first, maps))
    return changes


def scan_mime(text: str, frame: Frame) -> list[GuestChange]:
    import email  # only user-data in MIME form pays for the email package

    message = email.message_from_string(text)
    changes: list[GuestChange] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        if content_type in _NOT_SCANNED:
            continue
        raw = part.get_payload()
        data = part.get_payload(decode=True)
        body = text_of(data) if isinstance(data, bytes) else None
        if not isinstance(raw, str) or body is None:
            continue
        offset = text.find(raw) if raw and body == raw.replace("\r\n", "\n") else -1
        if offset >= 0:
            nested = frame.nested(f"MIME {frame.shown(content_type)}", text.count("\n", 0, offset) + 1, True)
        else:
            nested = frame.nested(f"MIME {frame.shown(content_type)}", 1, False)
        kind = _MIME_KINDS.get(content_type) or kind_for_text(body)
        changes += dispatch.scan_text(body, kind, nested)
    return changes
