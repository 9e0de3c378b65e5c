from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity, Status
from ...core.guest_view import VmView
from ...core.model import GuestUnreadable
from ...core.settings import Settings
from ..base import Rule, Violation


class GuestUnreadableRule(Rule):
    """The guest OS could not be read, so its IP and DNS settings are unchecked.

    **Why it matters**
    A VM whose guest was not read is never reported clean: the probe may not have run (VM
    stopped, agent not Ready, no outbound 443 to Azure), Run Command may have cut its output
    to the last 4,096 bytes, or the output was not the probe's. Any override on it stays
    hidden until the probe runs. A pasted transcript that shows no network adapter holding
    an address is reported too: its IP settings were not checked.

    **Non-compliant**
    ```text
    probe output ends without the NICGUARD-PROBE-END line (the script did not finish)
    ```

    **Compliant**
    ```text
    NICGUARD-PROBE v1 linux ... NICGUARD-PROBE-END v1 status=ok lines=12 trunc=0
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-machines/linux/run-command
    - https://learn.microsoft.com/azure/virtual-machines/windows/run-command
    """

    id = "NG306"
    name = "guest-unreadable"
    category = Category.GUEST_IP_OVERRIDE
    severity = Severity.WARNING
    subject_type = VmView
    remediation = (
        "Make sure the VM is running, its VM agent is Ready and it can reach Azure on 443, then rerun the "
        "check; if the reason names the probe, report it with the VM's OS and the raw output."
    )

    def check(self, subject: VmView, settings: Settings) -> Iterator[Violation]:
        if isinstance(subject.guest, GuestUnreadable):
            yield Violation(
                f"the guest could not be read: {subject.guest.reason}",
                key="unreadable",
                status=Status.UNKNOWN,
                evidence={"reason": subject.guest.reason},
            )
        elif subject.unchecked:
            yield Violation(
                f"the guest was only partly read: {subject.unchecked}",
                key="unchecked",
                status=Status.UNKNOWN,
                evidence={"reason": subject.unchecked},
            )
