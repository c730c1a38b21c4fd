"""Repair of the commonest well-formedness errors of feeds, before a second strict parse.

After its first well-formedness error, libxml2's recovering parser reads the
rest of a feed wrongly (it stops decoding ``&lt;`` and ``&amp;``, and skips later
entries), so ``parse_feed()`` never trusts a recovered tree. It repairs the
text instead, where the intent is plain, and parses that strictly:

- a bare ``&`` that starts no reference (``AT&T``) becomes ``&amp;``;
- an HTML named reference (``&nbsp;``, ``&eacute;``) becomes the numeric
  reference of its characters; an unknown one (``&foo;``) is kept as text;
- a numeric reference to a character XML forbids (``&#1;``) is dropped;
- a ``<`` that starts no markup (``a < b``) becomes ``&lt;``, and ``]]>``
  outside a CDATA section ``]]&gt;``;
- characters XML forbids (C0 controls but tab, line feed and carriage return;
  lone surrogates; U+FFFE, U+FFFF) are dropped, and bytes that do not decode
  become U+FFFD.

CDATA sections, comments, processing instructions and the document type
declaration are kept as they are; inside tags only attribute values change.
"""

from __future__ import annotations

import codecs
import contextlib
import re
from html.entities import html5

from ._encoding import bom_encoding

__all__ = ["decode_xml", "repair_xml"]

_DECLARED_ENCODING = re.compile(
    rb"<\?xml[ \t\r\n][^>]{0,200}?encoding[ \t\r\n]*=[ \t\r\n]*"
    rb"[\"']([A-Za-z][A-Za-z0-9._-]{0,39})"
)
# Characters that XML 1.0 allows nowhere: they are dropped.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# One token of the document, each alternative written so that its first path is
# a match (an unclosed section runs to the end): one linear pass, no backtracking.
_TOKEN = re.compile(
    r"""
      (?P<kept><!\[CDATA\[.*?(?:\]\]>|\Z)         # CDATA section
        | <!--.*?(?:-->|\Z)                       # comment
        | <\?.*?(?:\?>|\Z)                        # processing instruction
        | <!DOCTYPE[^\[>]*(?:\[[^\]]*\]?)?[^>]*>? # document type, internal subset
        | </[^<>]*>?)                             # end tag
    | (?P<tag><[A-Za-z_:][^<>"']*(?:(?:"[^"]*"?|'[^']*'?)[^<>"']*)*>?)
    | (?P<reference>&(?:\#[0-9]{1,10};|\#[xX][0-9A-Fa-f]{1,8};|[A-Za-z_:][\w.:-]{0,40};)?)
    | (?P<lt><)
    | (?P<cdata_end>\]\]>)
    """,
    re.S | re.X,
)
_IN_TAG = re.compile(r"&(?:#[0-9]{1,10};|#[xX][0-9A-Fa-f]{1,8};|[A-Za-z_:][\w.:-]{0,40};)?|<")
_ENTITY_DECLARATION = re.compile(r"<!ENTITY[ \t\r\n]+([A-Za-z_:][\w.:-]*)")
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})


def decode_xml(data: bytes) -> str:
    """Decode an XML document: by its byte-order mark, else its declaration, else as UTF-8.

    Bytes that do not decode become U+FFFD; an encoding Python does not know is
    read as UTF-8.
    """
    bom = bom_encoding(data)
    if bom is not None:
        return data.decode(bom, errors="replace")
    declared = _DECLARED_ENCODING.match(data)
    encoding = "utf-8"
    if declared is not None:
        with contextlib.suppress(LookupError):
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
    try:
        return data.decode(encoding, errors="replace")
    except LookupError:  # pragma: no cover - a codec that cannot decode at all
        return data.decode("utf-8", errors="replace")


def _is_xml_char(code: int) -> bool:
    """Whether XML 1.0 allows the character ``code`` (as text or as a reference)."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _reference(text: str, declared: frozenset[str]) -> str:
    """The repair of one ``&`` and the reference it starts, if any (see the module)."""
    if text == "&":
        return "&amp;"
    if text.startswith("&#"):
        digits = text[2:-1]
        code = int(digits[1:], 16) if digits[:1] in ("x", "X") else int(digits)
        return text if _is_xml_char(code) else ""
    name = text[1:-1]
    if name in _PREDEFINED or name in declared:
        return text
    characters = html5.get(f"{name};")
    if characters is not None:
        return "".join(f"&#{ord(character)};" for character in characters)
    return f"&amp;{name};"


def repair_xml(text: str) -> str:
    """``text`` with the well-formedness errors the module lists repaired.

    Entities the document declares in its internal subset are left alone.
    """
    text = _FORBIDDEN.sub("", text)
    declared = frozenset(_ENTITY_DECLARATION.findall(text))

    def in_tag(match: re.Match[str]) -> str:
        found = match.group()
        return "&lt;" if found == "<" else _reference(found, declared)

    def token(match: re.Match[str]) -> str:
        kind = match.lastgroup
        found = match.group()
        if kind == "kept":
            return found
        if kind == "tag":
            return found[0] + _IN_TAG.sub(in_tag, found[1:])
        if kind == "reference":
            return _reference(found, declared)
        if kind == "lt":
            return "&lt;"
        return "]]&gt;"

    return _TOKEN.sub(token, text)
