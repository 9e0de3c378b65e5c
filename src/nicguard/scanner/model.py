"""What the scanner reports: one ``GuestChange`` per command or config block that changes
IP or DNS inside the guest, where it was found, and the stack context it is judged in."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from ..core.effective import EffectiveDns
from ..core.net import IPAddress
from ..core.unknown import UNKNOWN, Maybe


class ChangeKind(StrEnum):
    ADDRESS_SET = "address-set"  # a static address put on an interface
    ADDRESS_REMOVED = "address-removed"  # an address (or all of them) taken off an interface
    DNS_SET = "dns-set"  # static DNS servers (empty tuple: servers not visible in the payload)
    DHCP_DISABLED = "dhcp-disabled"  # the interface stops taking its address from Azure's DHCP
    RESOLV_CONF_LOCKED = "resolv-conf-locked"  # DHCP can no longer write the DNS servers
    NETWORK_CONFIG_DISABLED = "network-config-disabled"  # cloud-init stops applying Azure's network config


class PayloadKind(StrEnum):
    """What a text is; ``None`` where a kind is asked for means "sniff it"."""

    POWERSHELL = "powershell"
    BATCH = "batch"  # cmd.exe
    SHELL = "shell"
    COMMAND_LINE = "command-line"  # one command line of unknown OS (an extension's commandToExecute)
    USER_DATA = "user-data"  # customData / userData: cloud-config, MIME, script, maybe base64/gzip
    CLOUD_CONFIG = "cloud-config"
    CLOUD_CONFIG_ARCHIVE = "cloud-config-archive"
    MIME = "mime"
    CLOUD_INIT_SYSTEM = "cloud-init-system"  # /etc/cloud/cloud.cfg(.d) and network-config files
    NETPLAN = "netplan"
    IFCFG = "ifcfg"  # RHEL/SUSE sysconfig files
    NM_KEYFILE = "nm-keyfile"  # NetworkManager .nmconnection
    INTERFACES = "interfaces"  # Debian ifupdown
    NETWORKD = "networkd"
    RESOLV_CONF = "resolv-conf"
    RESOLVED_CONF = "resolved-conf"
    DHCLIENT_CONF = "dhclient-conf"
    ARM_TEMPLATE = "arm-template"
    UNATTEND = "unattend"  # Windows unattend XML or an additionalUnattendContent fragment
    TERRAFORM = "terraform"  # *.tf: heredocs and commandToExecute strings handed to a VM


@dataclass(frozen=True)
class Origin:
    """Where a payload comes from: a file, or a resource's property (policy pack)."""

    path: str | None = None
    resource: str | None = None  # URN or resource id
    property: str | None = None  # property path inside the resource, e.g. settings.commandToExecute

    def subject_at(self, line: int) -> str:
        if self.path is not None:
            return f"{self.path}:{line}"
        place = f"{self.resource}#{self.property}" if self.property else str(self.resource)
        return f"{place}:{line}"

    def below(self, key: str) -> Origin:
        """The origin of a property under this one (resource origins only; files keep their path)."""
        if self.path is not None:
            return self
        return Origin(resource=self.resource, property=f"{self.property}.{key}" if self.property else key)


@dataclass(frozen=True)
class ScanContext:
    """What Azure hands the VM the payload runs on. The default is a bare file with no stack
    around it: NIC addresses unknown, Azure's default DNS (168.63.129.16), multi-IP unknown.
    Allowed DNS servers come from ``Settings.allowed_dns_servers``."""

    nic_addresses: Maybe[tuple[IPAddress, ...]] = UNKNOWN
    effective_dns: EffectiveDns | None = None
    own_addresses: frozenset[IPAddress] = frozenset()
    multi_ip: bool | None = None  # None: not known, the payload's own pattern decides


BARE_FILE = ScanContext()


@dataclass(frozen=True)
class GuestChange:
    """One IP/DNS change a payload makes inside the guest.

    ``command`` is the matched text with secrets redacted (for a secret payload only ``tool``
    and parsed addresses are kept). Empty ``addresses``/``dns_servers`` mean the values are not
    visible in the payload (a variable, a copied file), except for ``ADDRESS_REMOVED``, where
    empty means "every address". ``multi_ip_hint``: the payload itself follows the multi-IP
    pattern (several addresses on one interface, or addresses added beside DHCP)."""

    kind: ChangeKind
    origin: Origin
    line: int
    tool: str  # what matched, from a closed vocabulary: "New-NetIPAddress", "netplan", ...
    command: str
    interface: str | None = None
    addresses: tuple[IPAddress, ...] = ()
    dns_servers: tuple[IPAddress, ...] = ()
    multi_ip_hint: bool = False
    via: tuple[str, ...] = ()  # the layers it was found under: "base64", "write_files", ...
    context: ScanContext = field(default_factory=ScanContext)

    @property
    def subject(self) -> str:
        return self.origin.subject_at(self.line)
