"""nicguard's Pulumi components: NIC static IPs and DNS declared on Azure, never in the guest.

Usage and the example stack: docs/component.md. The manifest format: docs/manifest.md.
"""

from .args import IpConfig, StaticNicArgs
from .claims import ClaimRegistry, reset_stack_registries, stack_registry
from .declaration import DeclarationError
from .manifest_output import MANIFEST_OUTPUT, manifest_output
from .static_nic import StaticNic
from .vnet_dns import vnet_dhcp_options

__all__ = [
    "MANIFEST_OUTPUT",
    "ClaimRegistry",
    "DeclarationError",
    "IpConfig",
    "StaticNic",
    "StaticNicArgs",
    "manifest_output",
    "reset_stack_registries",
    "stack_registry",
    "vnet_dhcp_options",
]
