"""NG3xx: the guest OS against Azure (guest-ip-override, guest-dns-override, pending-renewal)."""

RULES: tuple = ()
