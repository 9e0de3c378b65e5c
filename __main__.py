"""Example stack: VMs whose static IPs and DNS servers are declared on their Azure NICs.

Configuration: Pulumi.dev.yaml; what it means: docs/component.md.
"""

from components.example import main

main()
