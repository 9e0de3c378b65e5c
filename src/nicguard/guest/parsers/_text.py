"""Small tolerant converters shared by the parsers: each returns None instead of raising."""

from __future__ import annotations

import ipaddress
import re

from ...core.net import AddressError, IPAddress, normalise_mac, try_parse_ip

_SPLIT = re.compile(r"[\s,;{}\[\]\"']+")


def mac_or_none(text: str | None) -> str | None:
    if not text:
        return None
    try:
        mac = normalise_mac(text)
    except AddressError:
        return None
    return None if mac == "00:00:00:00:00:00" else mac


def ip_or_none(text: str | None) -> IPAddress | None:
    # "10.0.0.5(Preferred)" in ipconfig, "10.0.0.5(優先)" or "10.0.0.5（優先）" in Japanese: cut at the bracket.
    return try_parse_ip(re.split(r"[(（]", text, maxsplit=1)[0].strip()) if text else None


def ips_in(text: str) -> tuple[IPAddress, ...]:
    """Every address in a list written as ``a b``, ``a,b``, ``{a, b}`` or ``[a, b]``, in order."""
    found = []
    for word in _SPLIT.split(text or ""):
        address = ip_or_none(word)
        if address is not None and address not in found:
            found.append(address)
    return tuple(found)


def address_and_prefix(text: str) -> tuple[IPAddress | None, int | None]:
    """``10.0.0.5/24`` -> (10.0.0.5, 24); a bare address gives no prefix."""
    address = ip_or_none(text)
    if address is None:
        return None, None
    _, _, length = text.strip().partition("/")
    return address, int(length) if length.isdigit() and int(length) <= address.max_prefixlen else None


def prefix_from_mask(mask: str | None) -> int | None:
    try:
        return ipaddress.IPv4Network(f"0.0.0.0/{(mask or '').strip()}").prefixlen
    except ValueError:
        return None


def truthy(text: str | None) -> bool | None:
    """yes/no in the spellings config files and Windows use; None when it is neither."""
    value = (text or "").strip().strip("'\"").lower()
    if value in ("1", "true", "yes", "on", "enabled", "はい", "有効", "0x1"):
        return True
    if value in ("0", "false", "no", "off", "disabled", "いいえ", "無効", "0x0"):
        return False
    return None
