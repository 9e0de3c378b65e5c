"""NG4xx: scripts, cloud-init and templates that change IP or DNS inside the guest
(subject: ``scanner.GuestChange``; severity from ``core.judge``)."""

from .script_changes_guest_ip import ScriptChangesGuestIp
from .script_disables_cloud_init_network import ScriptDisablesCloudInitNetwork
from .script_disables_guest_dhcp import ScriptDisablesGuestDhcp
from .script_locks_resolv_conf import ScriptLocksResolvConf
from .script_sets_guest_dns import ScriptSetsGuestDns

RULES = (ScriptChangesGuestIp, ScriptSetsGuestDns, ScriptDisablesGuestDhcp, ScriptLocksResolvConf, ScriptDisablesCloudInitNetwork)
