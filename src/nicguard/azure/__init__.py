"""Adapters between Azure Resource Manager and the core: SDK clients, readers, Run Command.

Only the drift check imports this package, and only inside its run function, so other
commands never load the Azure SDKs. ``arm_json`` is the exception: it maps ARM JSON
(live or from a snapshot) to core dataclasses without touching the SDK.
"""
