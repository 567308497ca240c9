"""Bytes to text: BOMs, UTF-8, detected legacy encodings; binary data is refused.

Scraped corpora mix encodings, so undecodable bytes are detected rather than
fatal; but a PNG or a gzip stream is not a page, and cleaning it would only
produce garbage, so those are refused with a message naming what they look like.
"""

from __future__ import annotations

import codecs

from .errors import InputError

# Signatures of common binary formats that end up in scrape folders by mistake.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: how many leading bytes are inspected to call data binary
_SNIFF = 4096


def _utf16_without_bom(head: bytes) -> str | None:
    """Spot BOM-less UTF-16: mostly-ASCII text has NULs on every other byte."""
    if len(head) < 4:
        return None
    even = head[0::2].count(0) / len(head[0::2])
    odd = head[1::2].count(0) / len(head[1::2])
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def looks_binary(data: bytes) -> str | None:
    """Say what binary format ``data`` looks like, or None when it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:_SNIFF]
    if not head or any(head.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(head):
        return None
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    # Text has almost no control bytes; a few stray NULs are tolerated.
    if controls / len(head) > 0.10:
        return "binary data"
    return None


def decode(data: bytes, *, is_html: bool = False) -> str:
    """Decode page bytes to text.

    BOM first, then strict UTF-8, then encoding detection (``UnicodeDammit``,
    which also reads an HTML ``<meta charset>``). Raises ``InputError`` for
    binary data.

    >>> decode("Un café au lait et une crème brûlée, s'il vous plaît.".encode("cp1252"))
    "Un café au lait et une crème brûlée, s'il vous plaît."
    >>> decode(b"\\xef\\xbb\\xbfhello")
    'hello'
    """
    if not data:
        return ""
    what = looks_binary(data)
    if what:
        raise InputError(f"input is {what}, not text or HTML")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    utf16 = _utf16_without_bom(data[:_SNIFF])
    if utf16:
        return data.decode(utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if is_html:
        from bs4.dammit import UnicodeDammit

        # For HTML, a declared <meta charset> beats any guess.
        declared = UnicodeDammit(data, is_html=True).declared_html_encoding
        # A <meta> readable as ASCII cannot be in UTF-16 or UTF-32 (real ones
        # were caught by their BOM or NULs above), so the WHATWG rule applies:
        # the declaration is a lie. Believed, it turned a cp1252 page into CJK noise.
        if declared and not declared.replace("_", "-").lower().startswith(("utf-16", "utf-32", "utf16", "utf32")):
            try:
                return data.decode(declared, errors="replace")
            except LookupError:
                pass
    return _guess(data)


# Central European code pages win close calls against Windows-1252 on short
# French or Spanish samples; Western pages are far more common.
_WESTERN_RIVALS = frozenset({"cp1250", "iso8859_2", "latin_1", "iso8859_15", "cp1252", "mac_roman"})


def _guess(data: bytes) -> str:
    """Decode bytes of unknown encoding with charset-normalizer's best guess."""
    import charset_normalizer

    # Without NUL bytes the data cannot be UTF-16/32, whatever a guesser says
    # about a short sample.
    wide = [] if b"\x00" in data[:_SNIFF] else ["utf_16", "utf_16_le", "utf_16_be", "utf_32", "utf_32_le", "utf_32_be"]
    matches = [m for m in charset_normalizer.from_bytes(data[:200_000]) if m.encoding not in wide]
    encoding = matches[0].encoding if matches else "cp1252"
    if encoding in _WESTERN_RIVALS and any(m.encoding == "cp1252" for m in matches):
        encoding = "cp1252"
    return data.decode(encoding, errors="replace")
