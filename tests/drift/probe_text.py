"""Probe output (format v1, Linux) for recorded guests, built record by record.

A DHCP address comes with its dhclient lease (which also offers the DNS servers); a guest
without DHCP has a netplan file with ``dhcp4: false``; static DNS is an immutable
/etc/resolv.conf.
"""

from __future__ import annotations

import json

AZURE_DNS = "168.63.129.16"


def linux_probe(
    host: str,
    mac: str,
    dhcp: str | None,
    static: tuple[str, ...] = (),
    offered_dns: tuple[str, ...] = (AZURE_DNS,),
    static_dns: tuple[str, ...] = (),
) -> str:
    records = [["H", host], ["I", "eth0", mac.replace("-", ":").lower(), "hv_netvsc", "-", "-", "UP"]]
    if dhcp:
        records += [["A", "eth0", f"{dhcp}/24", "dynamic"], ["R", "eth0"]]
    records += [["A", "eth0", f"{a}/24", "secondary" if dhcp else "-"] for a in static]
    if not static_dns:
        records.append(["D", "eth0", " ".join(offered_dns)])
    if dhcp:
        lease = ["lease {", '  interface "eth0";', f"  fixed-address {dhcp};",
                 f"  option domain-name-servers {', '.join(offered_dns)};", "}"]
        records += [["F", "/var/lib/dhcp/dhclient.eth0.leases"], *_file_lines(lease)]
    if not dhcp:
        netplan = ["network:", "  version: 2", "  ethernets:", "    eth0:", "      dhcp4: false",
                   f"      addresses: [{', '.join(f'{a}/24' for a in static)}]"]
        records += [["F", "/etc/netplan/50-cloud-init.yaml"], *_file_lines(netplan)]
    if static_dns:
        records += [["F", "/etc/resolv.conf"], *_file_lines(f"nameserver {s}" for s in static_dns)]
        records.append(["X", "immutable", "/etc/resolv.conf"])
    body = "\n".join("\t".join(r) for r in records)
    return f"NICGUARD-PROBE\tv1\tlinux\n{body}\nNICGUARD-PROBE-END\tv1\tstatus=ok\tlines={len(records)}\ttrunc=0\n"


def recorded(text: str) -> str:
    """The estate YAML for a recorded guest printing ``text`` (JSON strings are YAML scalars)."""
    return f"{{recorded: {{stdout: {json.dumps(text)}}}}}"


def _file_lines(lines) -> list[list[str]]:
    """A file's lines as ``|`` records: indent width, then the text."""
    return [["|", str(len(line) - len(line.lstrip(" "))), line.lstrip(" ")] for line in lines]
