"""The rule catalog: every rule of every family, registered explicitly.

Ids are never reused; a retired rule keeps its id in ``RETIRED_IDS``.
"""

from __future__ import annotations

from .base import Rule
from .conflicts import RULES as CONFLICT_RULES
from .declared import RULES as DECLARED_RULES
from .guest import RULES as GUEST_RULES
from .overrides import RULES as OVERRIDE_RULES
from .unmanaged import RULES as UNMANAGED_RULES

RETIRED_IDS: frozenset[str] = frozenset()


def _catalog(*families: tuple[type[Rule], ...]) -> tuple[type[Rule], ...]:
    rules = tuple(rule for family in families for rule in family)
    seen_ids: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for rule in rules:
        for seen, value in ((seen_ids, rule.id), (seen_names, rule.name)):
            if value in seen:
                raise TypeError(f"{value} is used by both {seen[value]} and {rule.__name__}")
            seen[value] = rule.__name__
        if rule.id in RETIRED_IDS:
            raise TypeError(f"{rule.id} is retired and may not be reused")
    return tuple(sorted(rules, key=lambda r: r.id))


ALL_RULES = _catalog(CONFLICT_RULES, DECLARED_RULES, GUEST_RULES, OVERRIDE_RULES, UNMANAGED_RULES)
RULES_BY_ID = {rule.id: rule for rule in ALL_RULES}
RULES_BY_NAME = {rule.name: rule for rule in ALL_RULES}


def rule_for(id_or_name: str) -> type[Rule] | None:
    return RULES_BY_ID.get(id_or_name.upper()) or RULES_BY_NAME.get(id_or_name.lower())
