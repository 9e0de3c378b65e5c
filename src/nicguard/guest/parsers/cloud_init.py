"""cloud-init configuration (``/etc/cloud/cloud.cfg.d/*.cfg``).

Schema: ``network: {config: disabled}`` gives the fact ``cloud-init-network-disabled``:
someone took networking over from Azure's generated configuration (Microsoft's
multi-NIC guide has users do this before editing netplan by hand).
"""

from __future__ import annotations

import yaml

from ...core.model import GuestFact
from .evidence import NOTHING, Evidence

FORMAT = "cloud-init"
NETWORK_DISABLED = "cloud-init-network-disabled"


def parse(text: str, source: str = "/etc/cloud/cloud.cfg.d") -> Evidence:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return NOTHING
    network = data.get("network") if isinstance(data, dict) else None
    if isinstance(network, dict) and str(network.get("config", "")).lower() == "disabled":
        fact = GuestFact(NETWORK_DISABLED, "network: {config: disabled}", source)
        return Evidence(facts=(fact,), formats=(FORMAT,))
    return NOTHING
