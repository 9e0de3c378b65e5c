"""``lsattr`` output: ``----i---------e------- /etc/resolv.conf`` (or ``lsattr -l``'s
``/etc/resolv.conf   Immutable, Extents``).

Schema: the fact ``resolv-conf-immutable`` when ``/etc/resolv.conf`` carries the ``i``
attribute (``chattr +i``): DHCP can no longer update the guest's DNS servers, so the ones
in the file are an override.
"""

from __future__ import annotations

from ...core.model import GuestFact
from .evidence import IMMUTABLE_RESOLV_CONF, NOTHING, Evidence

FORMAT = "lsattr"


def parse(text: str, source: str = "lsattr") -> Evidence:
    for line in text.splitlines():
        attributes, _, path = line.strip().partition(" ")
        # lsattr -l: "/etc/resolv.conf             Immutable, Extents"
        long_form = attributes.endswith("/etc/resolv.conf") and "Immutable" in [
            word.strip(",") for word in path.split()
        ]
        if long_form or (
            path.strip().endswith("/etc/resolv.conf")
            and "i" in attributes
            and set(attributes) <= set("-suSDiadAcEjItTeCxFNPVm")
        ):
            fact = GuestFact(IMMUTABLE_RESOLV_CONF, "chattr +i /etc/resolv.conf: DHCP cannot update it", source)
            return Evidence(facts=(fact,), formats=(FORMAT,))
    return NOTHING
