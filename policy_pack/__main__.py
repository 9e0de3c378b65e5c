"""nicguard's CrossGuard pack. Every policy is a rule of nicguard's catalog; the adapter
lives in ``nicguard.policy`` (docs/policy-pack.md). Print nothing here: the engine reads
the gRPC port from the first line of stdout."""

from nicguard.policy.server import serve

serve()
