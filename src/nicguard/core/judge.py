"""How serious a guest-side IP or DNS setting is, compared with what Azure hands out.

Shared by the guest rules (live guest), the override scanner (scripts) and the policy
pack (scripts in a stack), so preview and drift give the same severity:
- different from Azure's values: error (the VM can lose all connectivity);
- equal to Azure's values: warning (unneeded, lost when Azure replaces the adapter);
- a documented case (secondary IPs of a multi-IP VM, a DNS server VM pointing at
  itself while Azure hands out its address, a server the user allows): info.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .effective import AZURE_DEFAULT_DNS, EffectiveDns
from .findings import Severity
from .net import IPAddress
from .unknown import UNKNOWN, Maybe


@dataclass(frozen=True)
class Verdict:
    severity: Severity
    reason: str


def _own(server: IPAddress, own_addresses: frozenset[IPAddress]) -> bool:
    return server.is_loopback or server in own_addresses


def judge_guest_dns(
    servers: Sequence[IPAddress],
    effective: EffectiveDns | None = None,
    own_addresses: frozenset[IPAddress] = frozenset(),
    allowed: frozenset[IPAddress] = frozenset(),
    multi_ip: bool = False,
) -> Verdict:
    """Severity of DNS servers set statically in the guest. ``effective=None``: a bare
    file with no stack around it, where Azure's default (168.63.129.16) applies.
    ``multi_ip``: Microsoft's multi-IP guide sets DNS statically with the addresses, so an
    equal list is documented practice there."""
    azure = effective or AZURE_DEFAULT_DNS
    wanted = tuple(servers)
    listed = ", ".join(str(s) for s in wanted)
    is_dns_server_vm = bool(own_addresses & azure.acceptable)
    if allowed and all(s in allowed for s in wanted):
        # the user's own word wins, also for a DC pointing at 127.0.0.1 in a bare file
        return Verdict(Severity.INFO, f"{listed} is configured as an allowed DNS server")
    if any(_own(s, own_addresses) for s in wanted):
        if is_dns_server_vm and all(_own(s, own_addresses) or s in azure.acceptable for s in wanted):
            return Verdict(Severity.INFO, "a DNS server VM pointing at itself while Azure hands out its address")
        if not is_dns_server_vm:
            return Verdict(
                Severity.ERROR,
                f"guest points DNS at itself ({listed}) but Azure hands out {azure.describe()}",
            )
    if wanted == azure.servers and multi_ip:
        return Verdict(Severity.INFO, f"static DNS {listed} on a multi-IP VM equals Azure's (documented practice)")
    if wanted == azure.servers:
        return Verdict(Severity.WARNING, f"static DNS {listed} equals what Azure hands out, {azure.describe()}: unneeded and fragile")
    if set(wanted) == set(azure.servers) or (set(wanted) <= azure.acceptable and len(azure.acceptable) > len(azure.servers)):
        if is_dns_server_vm:
            return Verdict(Severity.INFO, "a DNS server VM listing Azure's servers in its own order")
        if set(wanted) == set(azure.servers):
            return Verdict(
                Severity.ERROR,
                f"static DNS {listed} reorders the servers Azure hands out, {azure.describe()}: resolution order changes",
            )
        return Verdict(Severity.WARNING, f"static DNS {listed} is within what Azure hands this availability set")
    return Verdict(Severity.ERROR, f"static DNS {listed} differs from what Azure hands out, {azure.describe()}")


def judge_guest_address(
    address: IPAddress,
    nic_addresses: Maybe[tuple[IPAddress, ...]] = UNKNOWN,
    multi_ip: bool = False,
) -> Verdict:
    """Severity of an address set statically in the guest. ``nic_addresses=UNKNOWN``:
    a bare file, where Azure's address for the NIC is not known; there the multi-IP
    pattern (several addresses on one interface, or beside DHCP) cannot be verified but
    is documented practice, so it is a warning, not an error."""
    if nic_addresses is UNKNOWN:
        if multi_ip:
            return Verdict(
                Severity.WARNING,
                f"static address {address} follows the documented multi-IP pattern; "
                "check it is one of the NIC's IP configurations",
            )
        return Verdict(
            Severity.ERROR,
            f"static address {address} set in the guest; Azure's address for this NIC is not known here",
        )
    if address not in nic_addresses:
        held = ", ".join(str(a) for a in nic_addresses) or "none"
        return Verdict(Severity.ERROR, f"static address {address} differs from the NIC's ({held})")
    if multi_ip:
        return Verdict(Severity.INFO, f"static {address} on a multi-IP VM equals the NIC's (documented practice)")
    return Verdict(Severity.WARNING, f"static {address} equals the NIC's: unneeded, lost when Azure replaces the adapter")
