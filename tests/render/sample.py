"""The one report every format renders in the golden tests, and the rule catalog pinned for it.

The catalog is pinned (not ``ALL_RULES``) so that adding or rewording a real rule does not
rewrite the SARIF golden file; ``test_sarif.py`` checks the real catalog separately.
"""

from __future__ import annotations

from dataclasses import dataclass

from nicguard.core.findings import Category, Finding, Report, Severity, Status, WaiverNotice

NIC_WEB = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-net"
    "/providers/Microsoft.Network/networkInterfaces/nic-web-01"
)
NIC_LEGACY = NIC_WEB.replace("nic-web-01", "nic-legacy-01")
VM_DC = (
    "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-core"
    "/providers/Microsoft.Compute/virtualMachines/dc1"
)
URN_DB = "urn:pulumi:prod::network::nicguard:network:GuardedVm$azure-native:network:NetworkInterface::nic-db-01"
SCRIPT_LINE = "scripts/bootstrap/set-ip.ps1:12"


@dataclass(frozen=True)
class PinnedRule:
    """Quacks like a ``Rule`` class for the renderers that read the catalog."""

    id: str
    name: str
    category: Category
    severity: Severity
    remediation: str
    why: str

    def summary(self) -> str:
        return f"Summary of {self.name}."

    def documentation(self) -> str:
        return (
            f"**Why it matters**\n{self.why}\n\n**Non-compliant**\n```python\nbad()\n```\n\n"
            f"**Compliant**\n```python\ngood()\n```\n\n**References**\n- https://learn.microsoft.com/azure/"
        )


PINNED_RULES = (
    PinnedRule(
        "NG101", "duplicate-private-ip", Category.IP_CONFLICT, Severity.ERROR,
        remediation="Give each NIC its own free static address.", why="Azure refuses the second claim.",
    ),
    PinnedRule(
        "NG211", "nic-ip-allocation-dynamic", Category.DECLARED_DRIFT, Severity.ERROR,
        remediation="Set the allocation to Static in the component.", why="A dynamic address can change.",
    ),
    PinnedRule(
        "NG302", "guest-dns-differs-from-nic", Category.GUEST_DNS_OVERRIDE, Severity.WARNING,
        remediation="Remove the DNS servers from the guest.", why="The guest ignores the NIC's DNS.",
    ),
    PinnedRule(
        "NG310", "dhcp-lease-not-renewed", Category.PENDING_RENEWAL, Severity.WARNING,
        remediation="Renew the lease or restart the VM.", why="The guest still uses the old address.",
    ),
    PinnedRule(
        "NG401", "static-ip-in-guest-script", Category.GUEST_IP_OVERRIDE, Severity.WARNING,
        remediation="Drop the address from the script; declare it on the NIC.", why="The script fights Azure.",
    ),
    PinnedRule(
        "NG501", "unmanaged-nic", Category.UNMANAGED, Severity.INFO,
        remediation="Adopt the NIC into the component.", why="Nobody reviews its settings.",
    ),
    PinnedRule(  # fires nowhere: SARIF still lists it
        "NG502", "rule-that-did-not-fire", Category.UNMANAGED, Severity.INFO,
        remediation="Nothing to do.", why="Listed so viewers see the whole catalog.",
    ),
)


def _finding(rule: PinnedRule, status: Status, subject: str, message: str, **extra) -> Finding:
    return Finding(rule.id, rule.name, rule.category, rule.severity, status, subject, message, rule.remediation, **extra)


def sample_report() -> Report:
    ng101, ng211, ng302, ng310, ng401, ng501, _ = PINNED_RULES
    findings = (
        _finding(
            ng101, Status.FAIL, NIC_WEB, "10.0.1.10 in subnet snet-app is also claimed by nic-api-01",
            key="10.0.1.10",
            evidence=(("address", "10.0.1.10"), ("subnet", "snet-app"), ("also_claimed_by", "nic-api-01")),
        ),
        _finding(
            ng211, Status.UNKNOWN, URN_DB, "allocation method is unknown until the NIC is deployed", key="ipconfig1"
        ),
        _finding(
            ng302, Status.SUPPRESSED, VM_DC, "guest DNS 127.0.0.1 differs from the NIC's 10.0.0.4",
            evidence=(("guest", "127.0.0.1"), ("nic", "10.0.0.4")),
            waiver="DC points DNS at itself (CHG-1234)",
        ),
        _finding(  # a VM name as subject, and a message on two lines
            ng310, Status.FAIL, "vm-web-01", "guest has 10.0.1.9, Azure assigned 10.0.1.10\nrenew pending",
            evidence=(("guest", "10.0.1.9"), ("azure", "10.0.1.10")),
        ),
        _finding(  # characters every format must escape its own way
            ng401, Status.FAIL, SCRIPT_LINE,
            "`New-NetIPAddress -IPAddress 10.0.1.10` | sets <a static> address, 100% in the guest",
            evidence=(("command", "New-NetIPAddress -IPAddress 10.0.1.10 -PrefixLength 24"),),
        ),
        _finding(ng501, Status.FAIL, NIC_LEGACY, "nic-legacy-01 is not declared through the nicguard component"),
    )
    notices = (
        WaiverNotice("expired", "NG101", "*/nic-old-*", "migration window (CHG-0999)", "2024-12-31", ".nicguard.yaml:9"),
        WaiverNotice(
            "unmatched", "unmanaged-nic", "*/nic-gone", "decommissioned (CHG-1001)", "2027-01-31", ".nicguard.yaml:14"
        ),
    )
    return Report("nicguard", "9.9.9-test", findings, notices, checked=12, meta=(("scope", "rg-net, rg-core"),))
