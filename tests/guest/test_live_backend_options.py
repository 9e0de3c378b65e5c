"""The emulator's ``live: {...}`` options are checked before any namespace is built."""

from __future__ import annotations

from pathlib import Path

import pytest

from nicguard.guest.netns import guest_backend


def test_unknown_and_malformed_options_are_errors() -> None:
    with pytest.raises(ValueError, match="unknown option ip"):
        guest_backend({"ip": "10.0.0.5"}, Path("."))
    with pytest.raises(ValueError, match="setup must be a list"):
        guest_backend({"setup": "ip addr"}, Path("."))
    with pytest.raises(ValueError, match="files must map"):
        guest_backend({"files": ["etc/resolv.conf"]}, Path("."))


def test_azure_style_mac_and_a_single_dns_server_are_accepted() -> None:
    nic = guest_backend({"mac": "00-0D-3A-AA-BB-09", "dns_servers": "10.0.0.4"}, Path(".")).nic
    assert (nic.mac, nic.dns_servers) == ("00:0d:3a:aa:bb:09", ("10.0.0.4",))
