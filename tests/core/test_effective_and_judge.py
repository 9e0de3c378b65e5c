from nicguard.core.effective import DnsOrigin, effective_dns, normalise_dns_entries
from nicguard.core.findings import Severity
from nicguard.core.judge import judge_guest_address, judge_guest_dns
from nicguard.core.net import parse_ip
from nicguard.core.unknown import UNKNOWN


def ips(*texts):
    return tuple(parse_ip(t) for t in texts)


def test_nic_list_wins_then_vnet_then_azure():
    assert effective_dns(ips("10.0.0.4"), ips("10.0.0.5")).origin is DnsOrigin.NIC
    assert effective_dns((), ips("10.0.0.5")).servers == ips("10.0.0.5")
    azure = effective_dns((), ())
    assert azure.origin is DnsOrigin.AZURE and azure.servers == ips("168.63.129.16")


def test_availability_set_union_is_acceptable_not_effective():
    dns = effective_dns(ips("10.0.0.4"), (), availability_set_union=ips("10.0.0.9"))
    assert dns.servers == ips("10.0.0.4")
    assert parse_ip("10.0.0.9") in dns.acceptable


def test_azure_provided_dns_is_the_same_as_empty():
    assert normalise_dns_entries(["AzureProvidedDNS"]) == ()
    assert normalise_dns_entries([" azureprovideddns "]) == ()


def test_dns_different_from_azure_is_an_error_equal_is_a_warning():
    vnet = effective_dns((), ips("10.0.0.4", "10.0.0.5"))
    assert judge_guest_dns(ips("8.8.8.8"), vnet).severity is Severity.ERROR
    assert judge_guest_dns(ips("10.0.0.4", "10.0.0.5"), vnet).severity is Severity.WARNING
    assert judge_guest_dns(ips("10.0.0.5", "10.0.0.4"), vnet).severity is Severity.ERROR


def test_bare_file_judged_against_azure_dns():
    assert judge_guest_dns(ips("168.63.129.16")).severity is Severity.WARNING
    assert judge_guest_dns(ips("10.1.1.1")).severity is Severity.ERROR


def test_domain_controller_pointing_at_itself():
    own = frozenset(ips("10.0.0.4"))
    lists_dc = effective_dns((), ips("10.0.0.4", "10.0.0.5"))
    assert judge_guest_dns(ips("127.0.0.1", "10.0.0.5"), lists_dc, own).severity is Severity.INFO
    assert judge_guest_dns(ips("10.0.0.5", "10.0.0.4"), lists_dc, own).severity is Severity.INFO
    azure_elsewhere = effective_dns((), ips("10.0.0.8"))
    assert judge_guest_dns(ips("127.0.0.1"), azure_elsewhere, own).severity is Severity.ERROR


def test_allowed_dns_server_is_info():
    allowed = frozenset(ips("10.9.9.9"))
    assert judge_guest_dns(ips("10.9.9.9"), allowed=allowed).severity is Severity.INFO


def test_static_address_severity():
    nic = ips("10.0.0.10", "10.0.0.11")
    assert judge_guest_address(parse_ip("10.0.0.99"), nic).severity is Severity.ERROR
    assert judge_guest_address(parse_ip("10.0.0.10"), nic[:1]).severity is Severity.WARNING
    assert judge_guest_address(parse_ip("10.0.0.11"), nic, multi_ip=True).severity is Severity.INFO
    assert judge_guest_address(parse_ip("10.0.0.10"), UNKNOWN).severity is Severity.ERROR
