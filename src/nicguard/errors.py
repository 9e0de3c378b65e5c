"""Expected failures: each carries one line a person can act on (the CLI prints it, exit 2)."""


class NicguardError(Exception):
    """Base for every expected failure."""


class InputError(NicguardError):
    """Bad input from the user: a file, a flag, a config value."""


class AzureError(NicguardError):
    """Azure (or the local ARM server) could not be read."""
