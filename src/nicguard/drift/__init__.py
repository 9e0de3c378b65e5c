"""The post-deploy drift check: declared vs Azure vs guest, at fleet scale.

Pure-ish orchestration around the core: scope and shard selection, the snapshot
bundle, and reconciliation that builds the rule subjects and hands them to
``core.engine.evaluate``. No rule logic lives here. The Azure side (clients,
listings, Run Command) is in ``nicguard.azure``; the CLI shell in ``cli.drift_cmd``.
"""
