"""The CrossGuard adapter: nicguard's rule catalog as a Pulumi policy pack.

``policy_pack/__main__.py`` only calls ``server.serve()``; everything else lives here so
tests import it without starting a server. Layout:

- ``props``: field-by-field reads of property bags (unknowns become core UNKNOWN);
- ``resources``: one Azure resource's props -> core dataclasses;
- ``stack``: the whole stack -> NIC views, subnet claims and guest-change contexts;
- ``config``: the config schema per policy, Settings from config, the CLI's reconciliation;
- ``policies``: one policy per catalog rule, findings -> diagnostics;
- ``server``: the analyzer servicer (one deserialisation per stack, per-finding levels,
  secret scrubbing) and ``serve()``;
- ``live``: the optional live subnet check against ARM;
- ``client``, ``mock_run``: drive a pack over gRPC like the Pulumi CLI, and run a program
  with mocks (``nicguard preview`` and the tests).
"""

PACK_NAME = "nicguard"
