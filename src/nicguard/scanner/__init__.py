"""Guest-override scanner: what scripts, cloud-init and templates do to a VM's IP and DNS.

Pure: it reads text (or bytes, or a property tree) handed to it and returns
``GuestChange`` records; the ``rules.overrides`` rules (NG4xx) judge them with
``core.judge``. The CLI (``nicguard scan``) and the policy pack are its two callers.

API
---
``scan_payload(payload, origin, kind=None, secret=False, context=BARE_FILE) -> list[GuestChange]``
    One text or bytes payload: a script, a cloud-init document, a network file, an ARM
    template. ``origin`` is ``Origin(path=...)`` for a file or
    ``Origin(resource=urn, property="settings.commandToExecute")`` for a resource property.
    ``kind`` is a ``PayloadKind`` hint (None sniffs). ``secret=True`` (protectedSettings)
    keeps every payload value out of the result except parsed addresses.
``scan_properties(properties, origin, context=BARE_FILE, secret=False) -> list[GuestChange]``
    A resource's property tree (Pulumi inputs of a VM, VM extension, run command, scale
    set): finds ``commandToExecute``, ``script``, ``customData``/``userData``,
    ``additionalUnattendContent`` and DSC ``configurationArguments`` at any depth; anything
    under ``protectedSettings``/``protectedParameters`` is secret automatically.
``scan_file(path, data, context=BARE_FILE) -> list[GuestChange] | None``
    A file's bytes (BOM, UTF-16, gzip handled); None when the file is not one the scanner
    reads (binary, or neither its name nor content says what it is).
``sniff.kind_for_path(path)`` / ``sniff.kind_for_text(text)``
    What a file is, for callers that walk folders.

``GuestChange`` fields: ``kind`` (``ChangeKind``: address-set, address-removed, dns-set,
dhcp-disabled, resolv-conf-locked, network-config-disabled), ``origin``, ``line``,
``tool`` (what matched, e.g. ``New-NetIPAddress``), ``command`` (matched text, secrets
redacted), ``interface``, ``addresses``, ``dns_servers`` (empty: values not visible in the
payload), ``multi_ip_hint`` (the payload itself follows the multi-IP pattern), ``via``
(layers: base64, MIME part, write_files path, template property), ``context``;
``subject`` is ``path:line`` or ``resource#property:line``.

``ScanContext`` fields (stack context, all optional; the default is a bare file):
``nic_addresses`` (the NIC's addresses, or ``UNKNOWN``), ``effective_dns``
(``core.effective.EffectiveDns``; None = Azure's default 168.63.129.16),
``own_addresses`` (the VM's own addresses, for DNS server VMs), ``multi_ip`` (None =
not known). Allowed DNS servers come from ``Settings.allowed_dns_servers`` passed to the
engine. Judge the changes with ``core.engine.evaluate(rules.overrides.RULES, changes,
settings)``.

Not overrides (never reported): restoring DHCP (``-ResetServerAddresses``, ``-Dhcp
Enabled``, ``netsh ... dhcp``), DNS suffix changes, internal bridges (docker0, virbr*,
br-*, vEthernet (...), Kubernetes node devices, devices a script creates as dummy/vxlan/...),
members of a bond or bridge, wireless profiles, loopback, ``ln -s`` of resolv.conf to a resolver manager's file,
cloud-init's own generated netplan, and a top-level ``network:`` in user-data (cloud-init
ignores it). See docs/scanner.md for the pattern families.
"""

from .api import finish, scan_file, scan_payload, scan_properties
from .model import BARE_FILE, ChangeKind, GuestChange, Origin, PayloadKind, ScanContext

__all__ = [
    "BARE_FILE",
    "ChangeKind",
    "GuestChange",
    "Origin",
    "PayloadKind",
    "ScanContext",
    "finish",
    "scan_file",
    "scan_payload",
    "scan_properties",
]
