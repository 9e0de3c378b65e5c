"""NG5xx: NICs outside the component (category unmanaged)."""

from .unmanaged_nic import UnmanagedNic

RULES = (UnmanagedNic,)
