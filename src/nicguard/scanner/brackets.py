"""Bracket matching shared by the shell and PowerShell lexers."""


def balanced_end(text: str, pos: int, opening: str, closing: str) -> int:
    """Index after the bracket matching the one at ``pos`` (quotes inside are skipped)."""
    depth = 0
    while pos < len(text):
        char = text[pos]
        if char in "'\"":
            end = text.find(char, pos + 1)
            pos = len(text) if end < 0 else end + 1
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return len(text)
