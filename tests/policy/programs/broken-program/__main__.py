"""A program with a bug, and (``duplicate: true``) two StaticNics refused by the component."""

import sys
from pathlib import Path

import pulumi

sys.path.insert(0, str(Path(__file__).resolve().parents[4]))  # the repository root: its components/
from components import IpConfig, StaticNic  # noqa: E402

SUBNET = "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/app"

if not pulumi.Config().get_bool("duplicate"):
    raise ValueError("subnet table is empty: add at least one subnet to config")
for name in ("web-nic", "api-nic"):
    StaticNic(name, resource_group_name="rg", subnet_id=SUBNET, subnet_prefixes=["10.0.1.0/24"], ip_configurations=[IpConfig("ipconfig1", "10.0.1.10")])
