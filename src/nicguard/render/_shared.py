"""What several formats need to agree on: where a subject points, and where a rule is documented."""

from __future__ import annotations

import re
from dataclasses import dataclass

PROJECT_URL = "https://github.com/nicguard/nicguard"
RULES_DOC_URL = f"{PROJECT_URL}/blob/main/docs/rules.md"

_FILE_POSITION = re.compile(r"(?P<path>.+):(?P<line>[1-9]\d*)")
# A URN or an ARM id can end in ":<digits>" too; neither is a file.
_RESOURCE_PREFIXES = ("urn:", "/subscriptions/")


@dataclass(frozen=True)
class FilePosition:
    path: str
    line: int


def file_position(subject: str) -> FilePosition | None:
    """The file and line a scanner subject (``path:line``) names; None for resources and VMs."""
    if subject.lower().startswith(_RESOURCE_PREFIXES):
        return None
    match = _FILE_POSITION.fullmatch(subject)
    return FilePosition(match["path"], int(match["line"])) if match else None


def rule_docs_url(rule_id: str, rule_name: str) -> str:
    """The rule's section in docs/rules.md (the anchor GitHub derives from its heading)."""
    return f"{RULES_DOC_URL}#{rule_id.lower()}-{rule_name}"
