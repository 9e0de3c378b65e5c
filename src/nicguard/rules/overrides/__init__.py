"""NG4xx: scripts, cloud-init and templates that change IP or DNS inside the guest."""

RULES: tuple = ()
