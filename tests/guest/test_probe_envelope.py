"""Probe output v1: the envelope is checked before any record is believed."""

from __future__ import annotations

import pytest

from nicguard.core.model import GuestState, GuestUnreadable
from nicguard.guest.parsers import read_guest, read_probe_output

from .conftest import recorded
from .probe_format import render, windows_adapter

CLEAN = recorded("windows/probe-clean-dhcp.txt")


def reason(text: str) -> str:
    guest = read_probe_output(text).guest
    assert isinstance(guest, GuestUnreadable), guest
    return guest.reason


def test_clean_output_reads() -> None:
    guest = read_probe_output(CLEAN).guest
    assert isinstance(guest, GuestState) and guest.os == "windows" and guest.probe_version == "v1"


def test_run_command_wrapping_and_crlf_are_tolerated() -> None:
    wrapped = "Enable succeeded: \n[stdout]\n" + CLEAN.replace("\n", "\r\n") + "\n[stderr]\nwarning: something\n"
    assert isinstance(read_probe_output(wrapped).guest, GuestState)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Get-NetAdapter : The term is not recognized", "not nicguard probe output"),
        (CLEAN[CLEAN.index("\n", 200) + 1 :], "last 4,096 bytes"),
        (CLEAN[: CLEAN.index("NICGUARD-PROBE-END")], "did not finish"),
        (CLEAN.replace("\tv1\t", "\tv2\t"), "format v2 is not supported"),
        (CLEAN.replace("status=ok", "status=error:Access is denied"), "reported an error: Access is denied"),
        (CLEAN.replace("trunc=0", "trunc=1"), "cut its own output"),
        (CLEAN.replace("H\tVM-WEB\n", ""), "altered on the way"),
        (CLEAN.replace("\t", "    "), "tab separators were turned into spaces"),
    ],
    ids=["foreign", "head-cut", "no-end", "version", "status", "probe-truncated", "line-lost", "tabs-expanded"],
)
def test_bad_envelopes_are_unreadable_with_the_reason(text: str, expected: str) -> None:
    assert expected in reason(text)


def test_the_probe_budget_sets_the_truncation_flag() -> None:
    records = [
        windows_adapter(f"Ethernet {n}", "00-0D-3A-AA-BB-01", "{6F0B1C2D-3E4F-4A5B-8C7D-9E0F1A2B3C4D}")
        for n in range(60)
    ]
    assert "trunc=1" in render("windows", records)
    assert "cut its own output" in reason(render("windows", records))


def test_unreadable_probe_output_never_falls_back_to_a_transcript() -> None:
    assert isinstance(read_guest(CLEAN.replace("trunc=0", "trunc=1")).guest, GuestUnreadable)
