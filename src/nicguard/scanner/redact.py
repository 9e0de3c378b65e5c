"""Keep secrets out of findings: every matched command passes through ``redact``.

Secret-bearing payloads (``protectedSettings``) never reach this: their commands are
replaced wholesale (see ``frame.Frame.change``).
"""

from __future__ import annotations

import re

MASK = "<redacted>"
MAX_COMMAND = 240

# A parameter or key is secret when its name ends in one of these (-Password, --client-secret,
# AccountKey=, sig=), so names like -SkipAsSource or keyValue stay readable.
_SECRET_WORD = r"[\w-]*(?:password|passwd|pwd|secret|token|apikey|api-key|key|credential|credentials|sas|sig|auth)(?![\w-])"
_VALUE = r"(?:\"[^\"]*\"|'[^']*'|\S+)"
_PATTERNS = (
    # ConvertTo-SecureString 'x' (first: it often sits inside a -Credential value)
    re.compile(rf"(?i)(ConvertTo-SecureString(?:\s+-String)?\s+)({_VALUE})"),
    # -Password x, --client-secret=x, /p:x style parameters
    re.compile(rf"(?i)((?:^|\s)(?:--?|/){_SECRET_WORD}(?:[:=]|\s+))({_VALUE})"),
    # password=x, AccountKey=x;, sig=x& (connection strings, URLs, key=value pairs)
    re.compile(rf"(?i)((?<![\w-]){_SECRET_WORD}\s*[=:]\s*)([^\s;&'\"]+|\"[^\"]*\"|'[^']*')"),
    # nmcli-style dotted settings: 802-1x.password x, wifi-sec.psk x
    re.compile(r"(?i)(\b[\w-]+\.[\w.-]*(?:password|passwd|psk|secret|token|key)[\w-]*(?:[:=]|\s+))(\S+)"),
    # Authorization: Bearer x
    re.compile(r"(?i)(\bBearer\s+)(\S+)"),
    # user:password@host in URLs
    re.compile(r"(?i)(\b[a-z][\w+.-]*://[^/\s:@]+:)([^@\s/]+)(?=@)"),
)
_LONG_BLOB = re.compile(r"[A-Za-z0-9+/_=-]{40,}")


def redact(text: str) -> str:
    """One line, secrets masked, at most MAX_COMMAND characters."""
    line = " ".join(text.split())
    for pattern in _PATTERNS:
        line = pattern.sub(lambda m: m.group(1) + MASK, line)
    line = _LONG_BLOB.sub(MASK, line)
    if len(line) > MAX_COMMAND:
        line = line[: MAX_COMMAND - 1] + "…"
    return line
