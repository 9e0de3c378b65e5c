"""The two small core.judge changes the scanner needs."""

from nicguard.core.findings import Severity
from nicguard.core.judge import judge_guest_address, judge_guest_dns
from nicguard.core.net import parse_ip
from nicguard.core.unknown import UNKNOWN


def test_multi_ip_pattern_in_a_bare_file_is_a_warning_not_an_error():
    assert judge_guest_address(parse_ip("10.0.1.11"), UNKNOWN, multi_ip=True).severity is Severity.WARNING
    assert judge_guest_address(parse_ip("10.0.1.11"), UNKNOWN).severity is Severity.ERROR


def test_allowed_server_wins_over_pointing_at_itself():
    loopback = (parse_ip("127.0.0.1"),)
    assert judge_guest_dns(loopback).severity is Severity.ERROR
    assert judge_guest_dns(loopback, allowed=frozenset(loopback)).severity is Severity.INFO
