"""Which subjects are file positions."""

from __future__ import annotations

import pytest

from nicguard.render._shared import FilePosition, file_position, rule_docs_url

from .sample import NIC_WEB, URN_DB


@pytest.mark.parametrize(
    ("subject", "position"),
    [
        ("scripts/set-ip.sh:12", FilePosition("scripts/set-ip.sh", 12)),
        ("C:\\probe\\out.ps1:2", FilePosition("C:\\probe\\out.ps1", 2)),
        (NIC_WEB, None),
        (URN_DB, None),
        ("urn:pulumi:dev::net::azure-native:network:NetworkInterface::nic:1", None),
        ("vm-web-01", None),
        ("scripts/set-ip.sh:0", None),
    ],
)
def test_file_position(subject: str, position: FilePosition | None) -> None:
    assert file_position(subject) == position


def test_rule_docs_url_uses_the_heading_anchor() -> None:
    assert rule_docs_url("NG101", "duplicate-private-ip").endswith("/docs/rules.md#ng101-duplicate-private-ip")
