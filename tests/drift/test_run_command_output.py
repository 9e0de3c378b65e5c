"""Stdout/stderr out of both Run Command result shapes."""

from __future__ import annotations

from nicguard.azure.run_command_output import split_streams


def test_linux_message_sections() -> None:
    message = "Enable succeeded: \n[stdout]\nline 1\n[stderr] is text\n\n[stderr]\noops\n"
    assert split_streams([{"code": "ProvisioningState/succeeded", "message": message}]) == (
        "line 1\n[stderr] is text\n",
        "oops\n",
    )


def test_windows_two_statuses() -> None:
    statuses = [
        {"code": "ComponentStatus/StdOut/succeeded", "message": "out"},
        {"code": "ComponentStatus/StdErr/succeeded", "message": "err"},
    ]
    assert split_streams(statuses) == ("out", "err")


def test_a_status_without_output_gives_nothing() -> None:
    assert split_streams([{"code": "ProvisioningState/failed", "message": "boom"}]) == ("", "")
