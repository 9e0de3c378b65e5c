"""NG2xx: declarations and declared-vs-Azure drift (category declared-drift)."""

from .declared_ip_not_static import DeclaredIpNotStatic
from .declared_nic_missing import DeclaredNicMissing
from .invalid_dns_server import InvalidDnsServer
from .nic_dns_differs_from_declared import NicDnsDiffersFromDeclared
from .nic_ip_allocation_dynamic import NicIpAllocationDynamic
from .nic_ip_differs_from_declared import NicIpDiffersFromDeclared
from .nic_vm_differs_from_declared import NicVmDiffersFromDeclared

RULES = (
    DeclaredIpNotStatic,
    InvalidDnsServer,
    DeclaredNicMissing,
    NicIpAllocationDynamic,
    NicIpDiffersFromDeclared,
    NicDnsDiffersFromDeclared,
    NicVmDiffersFromDeclared,
)
