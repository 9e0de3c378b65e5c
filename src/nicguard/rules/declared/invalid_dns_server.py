from __future__ import annotations

from collections.abc import Iterator

from ...core.findings import Category, Severity
from ...core.model import DeclaredNic
from ...core.net import is_azure_provided_dns, try_parse_ip
from ...core.settings import Settings
from ...core.unknown import UNKNOWN
from ..base import Rule, Violation


class InvalidDnsServer(Rule):
    """A declared DNS server entry is not an IP literal, or there are more than Azure accepts.

    **Why it matters**
    ARM rejects a host name or a mixed `AzureProvidedDNS` entry with
    `InvalidDnsServerIPAddressFormat`, and a VNet takes at most 20 DNS servers. A bad list
    fails the deployment after other resources have changed.

    **Non-compliant**
    ```python
    StaticNic("dc1", dns_servers=["dc1.corp.example", "AzureProvidedDNS"], ...)
    ```

    **Compliant**
    ```python
    StaticNic("dc1", dns_servers=["10.0.1.4", "10.0.1.5"], ...)  # or [] to inherit the VNet's
    ```

    **References**
    - https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface
    - https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#networking-limits
    """

    id = "NG202"
    name = "invalid-dns-server"
    category = Category.DECLARED_DRIFT
    severity = Severity.ERROR
    subject_type = DeclaredNic
    remediation = (
        "List DNS servers as IP addresses (at most 20), or an empty list to inherit the VNet's "
        "(Azure DNS when the VNet has none); set them in the component, never in the guest."
    )

    def check(self, subject: DeclaredNic, settings: Settings) -> Iterator[Violation]:
        if subject.dns_servers is UNKNOWN:
            return
        entries = subject.dns_servers
        for entry in entries:
            if entry is UNKNOWN:
                continue
            if is_azure_provided_dns(entry):
                if len(entries) > 1:
                    yield Violation(
                        "AzureProvidedDNS must be the only entry; use an empty list to inherit",
                        key="AzureProvidedDNS",
                        evidence={"dns_servers": ", ".join(str(e) for e in entries)},
                    )
                continue
            if try_parse_ip(entry) is None:
                yield Violation(f"DNS server {entry!r} is not an IP address", key=str(entry))
        if len(entries) > settings.max_dns_servers:
            yield Violation(
                f"{len(entries)} DNS servers declared; Azure accepts at most {settings.max_dns_servers}",
                key="too-many",
            )
