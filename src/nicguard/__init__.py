"""nicguard: keep Azure VM IP and DNS settings on the Azure NIC, never in the guest."""

__version__ = "0.1.0"
