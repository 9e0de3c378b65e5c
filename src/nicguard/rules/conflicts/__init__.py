"""NG1xx: address conflicts in a subnet (category ip-conflict)."""

from .duplicate_private_ip import DuplicatePrivateIp
from .guest_ip_owned_by_other_nic import GuestIpOwnedByOtherNic
from .private_ip_outside_subnet import PrivateIpOutsideSubnet
from .reserved_private_ip import ReservedPrivateIp

RULES = (DuplicatePrivateIp, ReservedPrivateIp, PrivateIpOutsideSubnet, GuestIpOwnedByOtherNic)
