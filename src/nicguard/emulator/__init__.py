"""A local Azure Resource Manager for tests, the drift check and the demo.

The real azure-mgmt-network / azure-mgmt-compute clients talk to it over HTTPS on
loopback. It serves the estate described in a YAML file (docs/estate.md) and injects
faults on demand. It is an adapter: it may use ``nicguard.core`` but the core never
imports it.

Start one with ``nicguard emulator --estate FILE`` or, in tests,
``nicguard.emulator.testing.running_emulator``; point clients at it with
``nicguard.emulator.client``.
"""
