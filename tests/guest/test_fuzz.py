"""Parsers never raise: garbage gives no evidence or a GuestUnreadable, never a traceback."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nicguard.core.model import GuestState, GuestUnreadable
from nicguard.guest.parsers import (
    cloud_init,
    dhclient,
    get_dnsclientserveraddress,
    get_netadapter,
    get_netipaddress,
    get_netipconfiguration,
    get_netipinterface,
    ifcfg,
    ifupdown,
    ip_text,
    ipconfig,
    lsattr,
    netplan,
    networkctl,
    networkd,
    nm_keyfile,
    nmcli,
    probe_v1,
    read_guest,
    registry,
    resolv_conf,
    resolvectl,
)
from nicguard.guest.parsers.evidence import Evidence

from .conftest import RECORDED

MODULES = (
    cloud_init, dhclient, get_dnsclientserveraddress, get_netadapter, get_netipaddress, get_netipconfiguration,
    get_netipinterface, ifcfg, ifupdown, ip_text, ipconfig, lsattr, netplan, networkctl, networkd, nm_keyfile,
    nmcli, probe_v1, registry, resolv_conf, resolvectl,
)  # fmt: skip
RECORDED_LINES = sorted(
    {line for path in RECORDED.rglob("*.txt") for line in path.read_text(encoding="utf-8").splitlines()}
)
# Lines from real outputs, shuffled and cut, reach far deeper into the parsers than random text.
plausible_text = st.one_of(
    st.text(),
    st.lists(st.sampled_from(RECORDED_LINES), max_size=40).map("\n".join),
    st.lists(st.one_of(st.sampled_from(RECORDED_LINES), st.text(max_size=30)), max_size=30).map("\n".join),
)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__.rsplit(".", 1)[-1])
@FUZZ
@given(
    text=plausible_text,
    source=st.sampled_from(["x", "/etc/netplan/a.yaml", "/var/lib/dhcp/x.leases", "/run/systemd/netif/leases/2"]),
)
def test_format_parser_never_raises(module, text: str, source: str) -> None:
    result = module.parse(text, source)
    assert isinstance(result, Evidence | GuestUnreadable)


@FUZZ
@given(text=plausible_text, os_hint=st.sampled_from([None, "linux", "windows"]))
def test_read_guest_never_raises(text: str, os_hint) -> None:
    assert isinstance(read_guest(text, os_hint).guest, GuestState | GuestUnreadable)


@FUZZ
@given(data=st.data())
def test_damaged_probe_output_is_rejected_or_read(data) -> None:
    path = data.draw(st.sampled_from(sorted(RECORDED.rglob("probe-*.txt"))))
    text = path.read_text(encoding="utf-8")
    cut = data.draw(st.integers(0, len(text)))
    damaged = data.draw(
        st.sampled_from([text[cut:], text[:cut], text[:cut] + data.draw(st.text(max_size=20)) + text[cut:]])
    )
    assert isinstance(read_guest(damaged).guest, GuestState | GuestUnreadable)
