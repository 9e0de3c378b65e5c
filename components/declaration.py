"""Checks declarations (a NIC, a VNet's DNS list) with the rule catalog before Azure sees them.

The component runs the same rules as the policy pack and the drift check (NG101-NG103 on
the subnet's address claims, NG201-NG202 on the declared NIC), so the three never disagree
about what a valid declaration is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pulumi

from nicguard.core.conflicts import AddressClaim, declared_claims, index_claims
from nicguard.core.engine import evaluate
from nicguard.core.findings import Finding, Severity, Status
from nicguard.core.model import DeclaredNic
from nicguard.core.settings import Settings
from nicguard.core.unknown import UNKNOWN
from nicguard.errors import InputError
from nicguard.rules import RULES_BY_ID
from nicguard.rules.base import Rule

DECLARATION_RULE_IDS = ("NG101", "NG102", "NG103", "NG201", "NG202")
DECLARATION_RULES: tuple[Rule, ...] = tuple(RULES_BY_ID[rule_id]() for rule_id in DECLARATION_RULE_IDS)


class DeclarationError(InputError, pulumi.RunError):
    """A declaration Azure would reject or that breaks nicguard's rules.

    A ``pulumi.RunError``, so Pulumi prints the message without a Python traceback.
    ``nicguard preview`` tells it from other program failures by ``nicguard_declaration``
    (a refused declaration is a finding, exit 1; a program that cannot run is exit 2).
    """

    nicguard_declaration = True

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.what = what
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{what} cannot be deployed:\n{listed}")


def check_declaration(
    nic: DeclaredNic, subnet_label: str, claims_of_other_nics: Sequence[AddressClaim]
) -> list[AddressClaim]:
    """Raise DeclarationError if the rules fail the declaration; else return its claims."""
    own_claims = declared_claims(nic, [subnet_label] * len(nic.ip_configurations))
    # Other NICs recorded their claims under their own subnet label; one label puts
    # every claim into the one subnet view the rules walk.
    others = [replace(claim, subnet_id=subnet_label) for claim in claims_of_other_nics]
    subnets = index_claims([*others, *own_claims], {subnet_label: nic.subnet_prefixes})
    raise_on_errors(f"StaticNic {nic.name!r}", findings_about(nic.subject, DECLARATION_RULES, [nic, *subnets]))
    return own_claims


def findings_about(subject: str, rules: Sequence[Rule], subjects: Sequence[object]) -> list[Finding]:
    """The findings on ``subject`` only: other NICs' problems are reported on their own."""
    return [f for f in evaluate(rules, subjects, Settings()) if f.subject == subject]


def raise_on_errors(what: str, findings: Sequence[Finding]) -> None:
    """Raise on failed error-level rules; warn about lesser failures and about rules that
    could not run (an internal error), which must not pass unnoticed either."""
    for finding in findings:
        if _worth_a_warning(finding):
            pulumi.log.warn(f"{what}: {_describe(finding)}")
    errors = [f for f in findings if f.status is Status.FAIL and f.severity is Severity.ERROR]
    if errors:
        raise DeclarationError(what, [_describe(f) for f in errors] + _remedies(errors))


def subnet_label(subnet_id: object, prefixes: object) -> str:
    """How messages name the subnet: its id, or its prefixes while the id is not known."""
    if isinstance(subnet_id, str):
        return subnet_id
    if prefixes is UNKNOWN:
        return "(subnet id not known until deployment)"
    return f"{', '.join(str(p) for p in prefixes)} (id not known until deployment)"


def _worth_a_warning(finding: Finding) -> bool:
    if finding.status is Status.FAIL:
        return finding.severity is not Severity.ERROR
    # UNKNOWN at info level is only "not known until deployment"; above it, the rule failed to run.
    return finding.status is Status.UNKNOWN and finding.severity is not Severity.INFO


def _describe(finding: Finding) -> str:
    return f"{finding.rule_id} {finding.rule_name}: {finding.message}"


def _remedies(findings: Sequence[Finding]) -> list[str]:
    seen: dict[str, str] = {}
    for finding in findings:
        seen.setdefault(finding.remediation, finding.rule_id)
    return [f"how to fix ({rule_id}): {text}" for text, rule_id in seen.items()]
