"""Fuzzing: no input makes the scanner raise."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nicguard.scanner import Origin, PayloadKind, scan_file, scan_payload, scan_properties
from nicguard.scanner.powershell_lexer import parse
from nicguard.scanner.shell_lexer import commands

FRAGMENTS = [
    "'", '"', "`", "\\", "\n", "\r\n", " ", "\t", "$", "$(", "${", "@(", "@{", '@"\n', '\n"@', "<#", "#>", "#", "{", "}", "(", ")",
    "[", "]", ";", "|", "&", "&&", ">", ">>", "<<", "<<-", "EOF", "=", ",", ":", "-", "--", "^", "%X%",
    "ip addr add ", "10.0.0.4", "10.0.0.4/24", "fe80::1", "dev eth0", "nameserver ", "/etc/resolv.conf", "/etc/netplan/x.yaml",
    "Set-DnsClientServerAddress ", "-ServerAddresses ", "New-NetIPAddress ", "-IPAddress ", "-InterfaceAlias ", "Ethernet",
    "netsh interface ip set dns ", "static ", "wmic nicconfig call EnableStatic ", "reg add ", "/v NameServer /d ",
    "powershell -Command ", "powershell -EncodedCommand ", "cmd /c ", "bash -c ", "| base64 -d | bash", "echo ", "tee ", "cat ",
    "#cloud-config\n", "runcmd:\n  - ", "write_files:\n  - path: /etc/resolv.conf\n    content: ", "network:\n  version: 2\n",
    "  ethernets:\n    eth0:\n      dhcp4: false\n      addresses: [", "Content-Type: multipart/mixed; boundary=B\n\n--B\n",
    '{"$schema": "deploymentTemplate", "resources": [{"properties": {"commandToExecute": "', '"}}]}',
    "<unattend><component name=\"Microsoft-Windows-TCPIP\"><Interface><IpAddress>", "</IpAddress></Interface></component>",
    "[concat('", "', parameters('x'))]", "DnsServerAddress D { Address = ", "make_resolv_conf() {", "chattr +i ",
    "H4sIAAAAAAACA1NW1E/KzNNPSizO4MrLTc7JVEjOz1PIzU9RSC3JMFDILCgz0UvJK1YwNNCz1DM20DPnAgDUQYshMgAAAA==",
]
texts = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_lexers_never_raise(text: str) -> None:
    commands(text)
    parse(text)


@FAST
@given(texts, st.sampled_from([None, *PayloadKind]), st.booleans())
def test_scan_payload_never_raises(text: str, kind, secret: bool) -> None:
    for change in scan_payload(text, Origin(path="fuzz"), kind, secret=secret):
        assert change.line >= 1


@FAST
@given(st.binary(max_size=600), st.sampled_from(["a.ps1", "a.sh", "a.cmd", "user-data", "a.json", "etc/netplan/a.yaml", "a.xml", "ifcfg-eth0"]))
def test_scan_file_never_raises_on_bytes(data: bytes, name: str) -> None:
    scan_file(name, data)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), texts),
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(["commandToExecute", "script", "customData", "userData", "protectedSettings", "settings",
                             "configurationArguments", "additionalUnattendContent", "content", "publisher", "x"]),
            children,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@FAST
@given(st.dictionaries(st.text(max_size=12), json_values, max_size=4))
def test_scan_properties_never_raises(properties: dict) -> None:
    scan_properties(properties, Origin(resource="urn:x", property="properties"))


DEEP = 30_000  # deep enough to overflow the C stack of PyYAML's C composer (SIGSEGV before the fix)
ADVERSARIAL = {
    "user-data": "#cloud-config\nruncmd: " + "- " * DEEP + "x\n",
    "etc/netplan/deep.yaml": "network: " + "[" * DEEP + "]" * DEEP + "\n",
    "unattend.xml": '<?xml version="1.0"?><unattend xmlns="urn:schemas-microsoft-com:unattend">' + "<a>" * DEEP + "</a>" * DEEP + "</unattend>",
    "deep.json": '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", '
    '"variables": {"a": "[' + "concat(" * 5000 + "'x'" + ")" * 5000 + ']"}, '
    '"resources": [{"properties": {"commandToExecute": "[variables(\'a\')]"}}]}',
}


def test_adversarial_nesting_neither_crashes_nor_raises() -> None:
    for name, text in ADVERSARIAL.items():
        assert scan_file(name, text.encode()) == [], name
