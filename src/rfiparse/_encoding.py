"""Decoding input bytes: byte-order mark, then the document's declared charset, then UTF-8."""

from __future__ import annotations

import codecs
import re

from .errors import InputTooLargeError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_input",
    "check_size",
    "decode_bytes",
    "encoding_of",
    "input_text",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# <meta charset="…">, <meta http-equiv="Content-Type" content="…; charset=…">, and
# the XML declaration's encoding="…", in the first bytes of the document.
_DECLARED = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""",
    re.IGNORECASE,
)
_SNIFF_BYTES = 8192

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""The default input limit: 16 MiB, thirty times rfi.fr's largest page (a home page,
about 0.8 MB). Pass ``max_bytes=None`` to lift it."""
# Labels whose bytes a browser decodes with a superset (WHATWG Encoding Standard).
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
}


_DECLARABLE = frozenset(
    {
        "utf-8", "gb18030", "big5hkscs", "big5", "euc_jp", "shift_jis", "cp932",
        "euc_kr", "cp949", "koi8-r", "koi8-u", "cp866", "cp874", "mac-roman",
        *(f"cp{n}" for n in range(1250, 1259)),
        *(f"iso8859-{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)),
    }
)  # fmt: skip


def _declared(data: bytes) -> str | None:
    # No pre-check: the pattern opens with '<', which the regex engine looks for at C
    # speed, and a lower-cased copy or a find() per spelling costs more than the search.
    match = _DECLARED.search(data, 0, _SNIFF_BYTES)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # Only ASCII-compatible encodings that browsers honour (WHATWG): a page that
    # declares UTF-16/32 without a BOM is mislabelled, and UTF-7 or EBCDIC would
    # read its own markup wrongly; those fall back to UTF-8.
    return name if name in _DECLARABLE else None


def encoding_of(data: bytes) -> str:
    """The codec a document is read with: its BOM's, else its declared charset, else UTF-8."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return _declared(data) or "utf-8"


def decode_bytes(data: bytes, *, encoding: str | None = None) -> str:
    """Decode a document: its BOM, else its declared charset, else UTF-8.

    Bytes that do not decode become U+FFFD; decoding never fails. ``encoding`` is
    ``encoding_of(data)``, for a caller that has it already.
    """
    return data.decode(encoding or encoding_of(data), errors="replace")


def check_size(data: str | bytes, max_bytes: int | None) -> None:
    """Refuse input larger than ``max_bytes`` (``str`` counts its UTF-8 bytes), before any work.

    :raises InputTooLargeError: the input is larger than the limit.
    """
    if max_bytes is None:
        return
    size = len(data)
    if isinstance(data, str) and size <= max_bytes < size * 4:
        # Only a string that might exceed the limit is measured in UTF-8 bytes.
        size = len(data.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise InputTooLargeError(
            f"the input holds more than {max_bytes:,} bytes (max_bytes); nothing was parsed"
        )


def check_input(html: object, url: object, *, caller: str, max_bytes: int | None) -> None:
    """Check a public function's arguments before any work.

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, ``url`` is
        neither ``str`` nor ``None``, or ``max_bytes`` is not an ``int`` or ``None``.
    :raises InputTooLargeError: ``html`` is larger than ``max_bytes``.
    """
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")
    if max_bytes is not None and (not isinstance(max_bytes, int) or isinstance(max_bytes, bool)):
        raise TypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")
    if not isinstance(html, (bytes, str)):
        raise TypeError(f"{caller}() takes str or bytes, not {type(html).__name__}")
    check_size(html, max_bytes)


def input_text(html: object, url: object, *, caller: str, max_bytes: int | None) -> str:
    """The text of a public function's ``html`` argument, after ``check_input()``."""
    check_input(html, url, caller=caller, max_bytes=max_bytes)
    assert isinstance(html, (bytes, str))  # checked above
    return decode_bytes(html) if isinstance(html, bytes) else html
