"""NG3xx: the guest OS against Azure (guest-ip-override, guest-dns-override, pending-renewal)."""

from .guest_address_unknown_to_azure import GuestAddressUnknownToAzure
from .guest_dhcp_disabled import GuestDhcpDisabled
from .guest_dns_pending_renewal import GuestDnsPendingRenewal
from .guest_ip_differs_from_nic import GuestIpDiffersFromNic
from .guest_static_dns import GuestStaticDns
from .guest_unreadable import GuestUnreadableRule

RULES = (
    GuestIpDiffersFromNic,
    GuestDhcpDisabled,
    GuestStaticDns,
    GuestDnsPendingRenewal,
    GuestAddressUnknownToAzure,
    GuestUnreadableRule,
)
