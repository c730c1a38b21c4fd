"""Decoding input bytes: byte-order mark, then the document's declared charset, then UTF-8."""

from __future__ import annotations

import codecs
import re

__all__ = ["decode_bytes", "input_text"]

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


def _declared(data: bytes) -> str | None:
    match = _DECLARED.search(data, 0, _SNIFF_BYTES)
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A page that declares UTF-16/32 without a BOM is mislabelled (WHATWG): UTF-8.
    return None if name.startswith(("utf-16", "utf-32")) else name


def decode_bytes(data: bytes) -> str:
    """Decode a document: its BOM, else its declared charset, else UTF-8.

    Bytes that do not decode become U+FFFD; decoding never fails.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return data.decode(_declared(data) or "utf-8", errors="replace")


def input_text(html: object, url: object, *, caller: str) -> str:
    """The text of a public function's ``html`` argument, after checking both arguments.

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, or ``url`` is
        neither ``str`` nor ``None``.
    """
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")
    if isinstance(html, bytes):
        return decode_bytes(html)
    if isinstance(html, str):
        return html
    raise TypeError(f"{caller}() takes str or bytes, not {type(html).__name__}")
