"""Bytes to text, and the wrappings payloads arrive in: BOMs, UTF-16, gzip, base64."""

from __future__ import annotations

import base64
import binascii
import codecs
import re
import zlib

MAX_DECODED = 16 * 1024 * 1024  # a gzip bomb stops here
_BASE64_TEXT = re.compile(r"[A-Za-z0-9+/\s]+={0,2}\s*")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def text_of(data: bytes) -> str | None:
    """The text in ``data`` (gzip undone, BOM and UTF-16 honoured, newlines made ``\\n``);
    None for binary data."""
    if is_gzip(data):
        data = gunzip(data) or b""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normal(data.decode(encoding, errors="replace"))
    if b"\x00" in data[:4096]:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            return None
        return _normal(data.decode(encoding, errors="replace"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    return _normal(text)


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    odd_zeros = head[1::2].count(0)
    even_zeros = head[0::2].count(0)
    half = len(head) // 2 or 1
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _normal(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def gunzip(data: bytes) -> bytes | None:
    """Decompressed gzip (at most MAX_DECODED bytes), None when it is not valid gzip."""
    try:
        inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        return inflater.decompress(data, MAX_DECODED)
    except zlib.error:
        return None


def from_base64(text: str) -> bytes | None:
    """The bytes a base64 text stands for, None when it is not (only) base64. Short words
    that happen to be valid base64 ("netplan") are not taken for it."""
    compact = "".join(text.split())
    if len(compact) < 16 or len(compact) % 4 or not _BASE64_TEXT.fullmatch(text):
        return None
    try:
        return base64.b64decode(compact, validate=True)
    except (binascii.Error, ValueError):
        return None


def text_from_base64(text: str) -> str | None:
    """Base64 (optionally of gzip) that decodes to text; None otherwise."""
    data = from_base64(text)
    if data is None:
        return None
    decoded = text_of(data)
    if decoded is None or not _mostly_printable(decoded):
        return None
    return decoded


def powershell_encoded_command(text: str) -> str | None:
    """``-EncodedCommand`` argument: base64 of UTF-16LE."""
    data = from_base64(text)
    if data is None:
        return None
    try:
        return _normal(data.decode("utf-16-le"))
    except UnicodeDecodeError:
        return None


def _mostly_printable(text: str) -> bool:
    sample = text[:2048]
    if not sample:
        return False
    printable = sum(1 for c in sample if c.isprintable() or c in "\n\t")
    return printable / len(sample) > 0.95
