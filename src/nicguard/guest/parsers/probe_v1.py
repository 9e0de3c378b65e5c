"""The probe's own output, format v1 (both OSes; specified in docs/guest.md).

Schema: the block between ``NICGUARD-PROBE<TAB>v1<TAB><os>`` and
``NICGUARD-PROBE-END<TAB>v1<TAB>status=..<TAB>lines=N<TAB>trunc=0|1``, one
tab-separated record a line:

- ``H host``; ``I name mac driver kind master state [guid]`` -> ``Link``;
  ``A name address/len marks`` -> ``Addr`` (marks: dynamic, secondary, or the Windows
  PrefixOrigin); ``R name`` -> ``dhcp_routes``; ``D name servers`` -> per-interface
  ``Resolver``; ``K name key value`` -> registry / Get-NetIPInterface values;
  ``X kind detail [detail]`` -> a fact; ``F path`` then ``| indent text`` lines -> a
  configuration file, parsed by its own parser.

Anything wrong with the envelope is a ``GuestUnreadable`` with the reason, never a guess:
no markers (foreign output), no begin marker (Run Command kept only the last 4,096
bytes), no end marker (the script died), another version, a status other than ok, the
probe's own truncation flag, or a line count that does not add up.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...core.model import GuestFact, GuestUnreadable
from . import registry
from ._text import address_and_prefix, ips_in, mac_or_none
from .evidence import IMMUTABLE_RESOLV_CONF, NOTHING, Addr, Evidence, Link, Resolver
from .files import parse_file
from .get_netipaddress import prefix_origin

FORMAT = "nicguard-probe-v1"
BEGIN = "NICGUARD-PROBE"
END = "NICGUARD-PROBE-END"
VERSION = "v1"
OUTPUT_LIMIT = 4096


def is_probe_output(text: str) -> bool:
    return BEGIN in text


def parse(text: str, source: str = "probe") -> Evidence | GuestUnreadable:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    begins = [i for i, line in enumerate(lines) if line.startswith(BEGIN + "\t")]
    ends = [i for i, line in enumerate(lines) if line.startswith(END + "\t")]
    if not begins and not ends:
        if any(line.startswith(BEGIN) for line in lines):
            return GuestUnreadable(
                "the probe's tab separators were turned into spaces on the way: paste the raw Run Command "
                "output (e.g. `az vm run-command invoke ... -o json`) instead of a terminal copy"
            )
        return GuestUnreadable("not nicguard probe output: no NICGUARD-PROBE marker")
    if not begins:
        return GuestUnreadable(
            f"the begin marker is missing: Run Command kept only the last {OUTPUT_LIMIT:,} bytes of the output"
        )
    begin = begins[-1]
    end = next((i for i in ends if i > begin), None)
    if end is None:
        return GuestUnreadable(
            "the probe did not finish: no end marker after the begin marker (it failed or was cut off)"
        )
    header, footer = lines[begin].split("\t"), lines[end].split("\t")
    version = header[1] if len(header) > 1 else "?"
    if version != VERSION or (len(footer) > 1 and footer[1] != VERSION):
        return GuestUnreadable(f"probe output format {version} is not supported: this nicguard reads {VERSION}")
    status = dict(field.partition("=")[::2] for field in footer[2:])
    if status.get("status") != "ok":
        return GuestUnreadable(
            f"the probe reported an error: {status.get('status', 'no status').removeprefix('error:')}"
        )
    if status.get("trunc") != "0":
        return GuestUnreadable(
            f"the probe cut its own output to stay within Run Command's {OUTPUT_LIMIT:,} bytes: too many "
            "interfaces, addresses or configuration lines to judge this guest from it"
        )
    body = lines[begin + 1 : end]
    if status.get("lines") != str(len(body)):
        return GuestUnreadable(
            f"the probe wrote {status.get('lines', '?')} lines but {len(body)} arrived: "
            "the output was altered on the way"
        )
    os_name = header[2] if len(header) > 2 else None
    evidence = Evidence(os=os_name, formats=(FORMAT,))
    for record in _records(body):
        evidence += _record(record, source)
    return evidence


def _records(body: list[str]) -> Iterator[list[str]]:
    """Records, with each ``F`` record carrying its file's text (rebuilt from ``|`` lines) as a field."""
    file_record: list[str] | None = None
    file_lines: list[str] = []
    for line in body:
        fields = line.split("\t")
        if fields[0] == "|" and file_record is not None:
            indent = int(fields[1]) if len(fields) > 2 and fields[1].isdigit() else 0
            file_lines.append(" " * indent + "\t".join(fields[2:]))
            continue
        if file_record is not None:
            yield [*file_record, "\n".join(file_lines)]
            file_record, file_lines = None, []
        if fields[0] == "F":
            file_record = fields
        else:
            yield fields
    if file_record is not None:
        yield [*file_record, "\n".join(file_lines)]


def _field(fields: list[str], index: int) -> str | None:
    value = fields[index] if index < len(fields) else "-"
    return None if value in ("-", "") else value


def _record(fields: list[str], source: str) -> Evidence:
    kind, name = fields[0], _field(fields, 1)
    if kind == "H":
        return Evidence(hostname=name)
    if kind == "F" and name:
        return parse_file(name, fields[-1])
    if name is None:
        return NOTHING
    if kind == "I":
        link_kind = _field(fields, 4)
        return Evidence(
            links=(
                Link(
                    name,
                    mac_or_none(_field(fields, 2)),
                    _field(fields, 3),
                    None if link_kind == "loopback" else link_kind,
                    _field(fields, 5),
                    link_kind == "loopback",
                    (_field(fields, 7) or "").lower() or None,
                ),
            )
        )
    if kind == "A":
        address, length = address_and_prefix(_field(fields, 2) or "")
        marks = (_field(fields, 3) or "").lower().split(",")
        if address is None:
            return NOTHING
        origin = next((prefix_origin(m) for m in marks if prefix_origin(m) is not None), None)
        return Evidence(addresses=(Addr(name, address, length, origin, "dynamic" in marks, "secondary" in marks),))
    if kind == "R":
        return Evidence(dhcp_routes=(name,))
    if kind == "D":
        servers = ips_in(_field(fields, 2) or "")
        return Evidence(resolvers=(Resolver(source, servers, name),)) if servers else NOTHING
    if kind == "K":
        return _windows_value(name, _field(fields, 2), _field(fields, 3) or "", source)
    if kind == "X":
        return _fact(name, _field(fields, 2), _field(fields, 3), source)
    return NOTHING


def _windows_value(interface: str, key: str | None, value: str, source: str) -> Evidence:
    if key == "Dhcp":  # Get-NetIPInterface's view of the same switch as EnableDHCP
        key = "EnableDHCP"
    return registry.interface_values(interface, {key: value}, source) if key else NOTHING


def _fact(kind: str, detail: str | None, extra: str | None, source: str) -> Evidence:
    if kind == "immutable" and (detail or "").endswith("/etc/resolv.conf"):
        fact = GuestFact(IMMUTABLE_RESOLV_CONF, "chattr +i /etc/resolv.conf: DHCP cannot update it", "lsattr")
    elif kind == "symlink":
        fact = GuestFact("symlink", f"{detail} -> {extra}", source)
    else:
        fact = GuestFact(f"probe-{kind}", detail or "", source)
    return Evidence(facts=(fact,))
