"""The repository's example stack (Pulumi.yaml, __main__.py), kept here so tests can run it."""

from .program import main

__all__ = ["main"]
