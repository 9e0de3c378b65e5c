"""The pure core: model, address math, findings and the rule engine.

Nothing under ``nicguard.core`` may import pulumi, azure, argparse or subprocess
(``tests/test_layering.py`` enforces it): every adapter converts its input into
these frozen dataclasses first.
"""
