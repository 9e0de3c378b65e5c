"""The API the policy pack calls: property trees, resource origins, stack context, secrets."""

from __future__ import annotations

from nicguard.core.effective import effective_dns
from nicguard.core.engine import evaluate
from nicguard.core.findings import Severity
from nicguard.core.net import parse_ip
from nicguard.core.settings import Settings
from nicguard.rules.overrides import RULES
from nicguard.scanner import ChangeKind, Origin, PayloadKind, ScanContext, scan_payload, scan_properties

URN = "urn:pulumi:dev::web::azure-native:compute:VirtualMachineExtension::cse"


def ips(*texts):
    return tuple(parse_ip(t) for t in texts)


def judge(changes, settings=None):
    return evaluate([rule() for rule in RULES], changes, settings or Settings())


def test_extension_properties_give_resource_and_property_path_subjects():
    properties = {
        "publisher": "Microsoft.Compute",
        "type": "CustomScriptExtension",
        "settings": {"commandToExecute": 'powershell -Command "New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.50 -PrefixLength 24"'},
        "protectedSettings": {"commandToExecute": "netsh interface ip set dns Ethernet static 10.0.0.9"},
    }
    changes = scan_properties(properties, Origin(resource=URN))
    subjects = sorted(c.subject for c in changes)
    assert subjects == [f"{URN}#protectedSettings.commandToExecute:1", f"{URN}#settings.commandToExecute:1"]
    secret = next(c for c in changes if "protected" in c.subject)
    assert secret.kind is ChangeKind.DNS_SET and secret.dns_servers == ips("10.0.0.9")
    assert secret.interface == "<redacted>" and "Ethernet" not in secret.command


def test_run_command_script_lines_map_to_payload_lines():
    script = "# set up\n$x = 1\nSet-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4\n"
    origin = Origin(resource="urn:pulumi:dev::web::azure-native:compute:VirtualMachineRunCommandByVirtualMachine::dns", property="source.script")
    [change] = scan_payload(script, origin, PayloadKind.POWERSHELL)
    assert change.subject.endswith("#source.script:3")


def test_stack_context_decides_severity_like_core_judge():
    script = "Set-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4, 10.0.0.5\n"
    vnet = effective_dns((), ips("10.0.0.4", "10.0.0.5"))
    equal = scan_payload(script, Origin(resource=URN), PayloadKind.POWERSHELL, context=ScanContext(effective_dns=vnet))
    bare = scan_payload(script, Origin(path="dns.ps1"))
    assert [f.severity for f in judge(equal)] == [Severity.WARNING]
    assert [f.severity for f in judge(bare)] == [Severity.ERROR]


def test_address_judged_against_the_nic():
    script = "ip addr add 10.0.1.10/24 dev eth0\nip addr add 10.0.1.99/24 dev eth0\n"
    context = ScanContext(nic_addresses=ips("10.0.1.10", "10.0.1.11"), multi_ip=True)
    findings = judge(scan_payload(script, Origin(path="a.sh"), context=context))
    assert {f.key: f.severity for f in findings} == {
        "address-set:10.0.1.10": Severity.INFO,
        "address-set:10.0.1.99": Severity.ERROR,
    }


def test_allowed_dns_comes_from_settings():
    changes = scan_payload("resolvectl dns eth0 10.0.0.4\n", Origin(path="a.sh"))
    settings = Settings(allowed_dns_servers=frozenset(ips("10.0.0.4")))
    assert [f.severity for f in judge(changes, settings)] == [Severity.INFO]


def test_user_data_property_base64_cloud_config():
    import base64

    cloud = b"#cloud-config\nruncmd:\n  - chattr +i /etc/resolv.conf\n"
    properties = {"osProfile": {"customData": base64.b64encode(cloud).decode(), "linuxConfiguration": {}}}
    [change] = scan_properties(properties, Origin(resource="urn:pulumi:dev::web::azure-native:compute:VirtualMachine::vm"))
    assert change.kind is ChangeKind.RESOLV_CONF_LOCKED
    assert change.origin.property == "osProfile.customData"
    assert change.via[:2] == ("base64", "runcmd")


def test_bytes_and_sniffing_without_a_kind():
    ps = "\ufeffSet-DnsClientServerAddress -InterfaceAlias Ethernet -ServerAddresses 10.0.0.4\r\n".encode("utf-16")
    [change] = scan_payload(ps, Origin(resource=URN, property="script"))
    assert change.dns_servers == ips("10.0.0.4")
    assert scan_payload(b"\x00\x01\x02binary", Origin(path="x.bin")) == []
