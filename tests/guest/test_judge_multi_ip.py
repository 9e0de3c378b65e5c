"""judge.py's multi-IP rule for static DNS (added with the guest rules)."""

from ipaddress import ip_address as ip

from nicguard.core.effective import effective_dns
from nicguard.core.findings import Severity
from nicguard.core.judge import judge_guest_dns


def test_static_dns_equal_to_azures_is_info_on_a_multi_ip_vm_and_a_warning_otherwise() -> None:
    azure = effective_dns((ip("10.0.0.4"), ip("10.0.0.5")), ())
    same = (ip("10.0.0.4"), ip("10.0.0.5"))
    assert judge_guest_dns(same, azure, multi_ip=True).severity is Severity.INFO
    assert judge_guest_dns(same, azure).severity is Severity.WARNING
    assert judge_guest_dns((ip("8.8.8.8"),), azure, multi_ip=True).severity is Severity.ERROR
