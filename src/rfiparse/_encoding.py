r"""Decoding input bytes: byte-order mark, then the document's declared charset, then UTF-8.

The declared charset is found as browsers find it, by the HTML Standard's "prescan a
byte stream to determine its encoding", step for step, over the first
``_PRESCAN_BYTES`` bytes. It reads the markup as a tokenizer would, well enough to
tell a declaration from text that only looks like one:

* ``<!-- … -->`` comments are skipped whole: ``<!-- <meta charset="gbk"> -->``
  declares nothing;
* every tag's attributes are read, quoted values included:
  ``<p title='<meta charset="gbk">'>`` declares nothing either;
* a ``<meta>`` declares with ``charset=``, or with ``http-equiv="Content-Type"``
  *and* ``content="…; charset=…"`` together (``content`` alone does not count); a
  ``<meta>`` with an unknown label does not end the scan: a later one may declare;
* only when no ``<meta>`` declares, an XML declaration at the very start
  (``<?xml version="1.0" encoding="…"?>``) does.

Like the Standard's prescan, this does not know about ``<script>`` or ``<style>``
content: a ``<meta charset>`` written inside a script's string counts, as it does for
a browser. Labels are the Encoding Standard's, each read with the codec that decodes
what browsers decode (``gb2312`` and ``gbk`` as GB18030, ``big5`` as Big5-HKSCS,
``iso-8859-1`` and ``ascii`` as windows-1252, ``shift_jis`` as windows-31J, ``euc-kr``
as windows-949). A UTF-16 label means UTF-8 (the declaration itself was read as
ASCII, so the bytes are not UTF-16), as the Standard says, and ``x-user-defined``
windows-1252. The Standard's "replacement" labels (ISO-2022-KR, HZ-GB-2312,
ISO-2022-CN) and labels it does not know (``utf-7``, ``cp037``) are no declaration.

A document that declares a charset is read in it, even where its bytes would also be
valid UTF-8: browsers do the same (the declaration wins over the bytes), and a real
GB18030, Big5 or windows-1252 page needs it. What is *not* a declaration (a comment,
an attribute's value, text) never changes the decoding: such a document is UTF-8.

Why 8 KB and not the 1,024 bytes the Standard advises a browser to wait for: a browser
that finds no declaration there still honours a ``<meta charset>`` met later in the
head (the Standard's tree builder changes the encoding, re-parsing the page, when it
meets one while the encoding is only tentative). rfi.fr pages declare at byte 67; 8 KB
keeps a page whose head opens with long scripts or comments readable, and bounds the
work. The scan is linear in those bytes: each is looked at a bounded number of times,
and no pattern backtracks over more than the one attribute it reads; it stops as soon
as no ``<meta`` is left ahead.
"""

from __future__ import annotations

import codecs
import re

__all__ = [
    "bom_encoding",
    "decode_bytes",
    "encoding_of",
]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PRESCAN_BYTES = 8192

# The Encoding Standard's labels (https://encoding.spec.whatwg.org/#names-and-labels)
# by the Python codec that decodes as browsers do. GBK's decoder is GB18030's; Big5's
# has the HKSCS extensions; ISO-8859-1, ASCII, ISO-8859-9 and ISO-8859-11 are decoded
# as the Windows code pages that extend them. UTF-16 labels mean UTF-8 (see above).
_CODEC_LABELS = {
    "utf-8": "unicode-1-1-utf-8 unicode11utf8 unicode20utf8 utf-8 utf8 x-unicode20utf8"
    " csunicode iso-10646-ucs-2 ucs-2 unicode unicodefeff utf-16 utf-16le"
    " unicodefffe utf-16be",
    "cp866": "866 cp866 csibm866 ibm866",
    "iso8859-2": "csisolatin2 iso-8859-2 iso-ir-101 iso8859-2 iso88592 iso_8859-2"
    " iso_8859-2:1987 l2 latin2",
    "iso8859-3": "csisolatin3 iso-8859-3 iso-ir-109 iso8859-3 iso88593 iso_8859-3"
    " iso_8859-3:1988 l3 latin3",
    "iso8859-4": "csisolatin4 iso-8859-4 iso-ir-110 iso8859-4 iso88594 iso_8859-4"
    " iso_8859-4:1988 l4 latin4",
    "iso8859-5": "csisolatincyrillic cyrillic iso-8859-5 iso-ir-144 iso8859-5 iso88595"
    " iso_8859-5 iso_8859-5:1988",
    "iso8859-6": "arabic asmo-708 csiso88596e csiso88596i csisolatinarabic ecma-114"
    " iso-8859-6 iso-8859-6-e iso-8859-6-i iso-ir-127 iso8859-6 iso88596 iso_8859-6"
    " iso_8859-6:1987",
    "iso8859-7": "csisolatingreek ecma-118 elot_928 greek greek8 iso-8859-7 iso-ir-126"
    " iso8859-7 iso88597 iso_8859-7 iso_8859-7:1987 sun_eu_greek",
    "iso8859-8": "csiso88598e csisolatinhebrew hebrew iso-8859-8 iso-8859-8-e iso-ir-138"
    " iso8859-8 iso88598 iso_8859-8 iso_8859-8:1988 visual csiso88598i iso-8859-8-i"
    " logical",
    "iso8859-10": "csisolatin6 iso-8859-10 iso-ir-157 iso8859-10 iso885910 l6 latin6",
    "iso8859-13": "iso-8859-13 iso8859-13 iso885913",
    "iso8859-14": "iso-8859-14 iso8859-14 iso885914",
    "iso8859-15": "csisolatin9 iso-8859-15 iso8859-15 iso885915 iso_8859-15 l9",
    "iso8859-16": "iso-8859-16",
    "koi8-r": "cskoi8r koi koi8 koi8-r koi8_r",
    "koi8-u": "koi8-ru koi8-u",
    "mac-roman": "csmacintosh mac macintosh x-mac-roman",
    "cp874": "dos-874 iso-8859-11 iso8859-11 iso885911 tis-620 windows-874",
    "cp1250": "cp1250 windows-1250 x-cp1250",
    "cp1251": "cp1251 windows-1251 x-cp1251",
    "cp1252": "ansi_x3.4-1968 ascii cp1252 cp819 csisolatin1 ibm819 iso-8859-1 iso-ir-100"
    " iso8859-1 iso88591 iso_8859-1 iso_8859-1:1987 l1 latin1 us-ascii windows-1252"
    " x-cp1252 x-user-defined",
    "cp1253": "cp1253 windows-1253 x-cp1253",
    "cp1254": "cp1254 csisolatin5 iso-8859-9 iso-ir-148 iso8859-9 iso88599 iso_8859-9"
    " iso_8859-9:1989 l5 latin5 windows-1254 x-cp1254",
    "cp1255": "cp1255 windows-1255 x-cp1255",
    "cp1256": "cp1256 windows-1256 x-cp1256",
    "cp1257": "cp1257 windows-1257 x-cp1257",
    "cp1258": "cp1258 windows-1258 x-cp1258",
    "mac-cyrillic": "x-mac-cyrillic x-mac-ukrainian",
    "gb18030": "chinese csgb2312 csiso58gb231280 gb2312 gb_2312 gb_2312-80 gbk iso-ir-58"
    " x-gbk gb18030",
    "big5hkscs": "big5 big5-hkscs cn-big5 csbig5 x-x-big5",
    "euc_jp": "cseucpkdfmtjapanese euc-jp x-euc-jp",
    "iso2022_jp": "csiso2022jp iso-2022-jp",
    "cp932": "csshiftjis ms932 ms_kanji shift-jis shift_jis sjis windows-31j x-sjis",
    "cp949": "cseuckr csksc56011987 euc-kr iso-ir-149 korean ks_c_5601-1987"
    " ks_c_5601-1989 ksc5601 ksc_5601 windows-949",
}
_ENCODINGS = {label: codec for codec, labels in _CODEC_LABELS.items() for label in labels.split()}

# The prescan's patterns: each is matched at one position, but _META, which is
# searched for (forward only) to know whether any <meta is left ahead.
_ASCII_BLANKS = b"\t\n\x0c\r "
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
# "<meta" and the blank or slash after it: where a declaration may start.
_META = re.compile(rb"<meta[\t\n\x0c\r /]", re.IGNORECASE)
# What a "<" opens: a comment, a <meta>, another tag (its name), or other markup
# ("<!…>", "</…>", "<?…>"); none of these: text.
_MARKUP = re.compile(
    rb"""<(?:
        (?P<comment>!--)
        |(?P<meta>[Mm][Ee][Tt][Aa])(?=[\t\n\x0c\r /])
        |(?P<tag>/?[A-Za-z][^\t\n\x0c\r >]*)
        |[!/?])""",
    re.VERBOSE,
)
# "Get an attribute": blanks and slashes, then a name (whose first byte may be "="),
# blanks, "=", blanks and a value (quoted, or up to a blank or ">"). Each part stops
# at a byte the next one needs, so no part backtracks into another. Without a name
# (at ">" or the end of the window) the tag's attributes are over.
_ATTRIBUTE = re.compile(
    rb"""[\t\n\x0c\r /]*
    (?:(?P<name>[^\t\n\x0c\r />][^\t\n\x0c\r /=>]*)
       [\t\n\x0c\r ]*
       (?:(?P<equals>=)[\t\n\x0c\r ]*
          (?P<value>"[^"]*"|'[^']*'|[^\t\n\x0c\r >"'][^\t\n\x0c\r >]*)?)?)?""",
    re.VERBOSE,
)
_CONTENT_CHARSET = re.compile(rb"charset[\t\n\x0c\r ]*=[\t\n\x0c\r ]*")
_UNQUOTED_LABEL = re.compile(rb"[^\t\n\x0c\r ;]*")
_XML_ENCODING = re.compile(rb"encoding[\x00-\x20]*=[\x00-\x20]*([\"'])")

_FAILURE = ""
"""What "get an encoding" gives for a label the Encoding Standard does not know
(or one this module does not honour): not ``None``, which is "no label seen"."""


def _encoding(label: bytes) -> str:
    """The codec of an Encoding Standard label (ASCII blanks trimmed), or ``_FAILURE``."""
    name = label.strip(_ASCII_BLANKS).translate(_LOWER).decode("latin-1")
    return _ENCODINGS.get(name, _FAILURE)


def _content_charset(value: bytes) -> str | None:
    """The charset a ``<meta content>`` value names (``text/html; charset=gbk``), or ``None``.

    The Standard's "extracting a character encoding from a meta element": the first
    ``charset`` followed by ``=`` (blanks around it allowed), whose value is quoted or
    runs to a blank or ``;``. ``None`` for no such value, an unclosed quote, or a label
    that names no encoding. ``value`` is lower-cased already.
    """
    position = value.find(b"charset")
    while position >= 0:
        assignment = _CONTENT_CHARSET.match(value, position)
        if assignment is not None:
            start = assignment.end()
            quote = value[start : start + 1]
            if quote in (b'"', b"'"):
                end = value.find(quote, start + 1)
                return (_encoding(value[start + 1 : end]) or None) if end >= 0 else None
            label = _UNQUOTED_LABEL.match(value, start)
            assert label is not None  # it matches the empty string
            return _encoding(label.group()) or None
        position = value.find(b"charset", position + 7)
    return None


def _attributes(data: bytes, position: int, end: int) -> tuple[list[tuple[bytes, bytes]], int]:
    """The attributes of a tag whose name ends at ``position``, and where its ``>`` is.

    Names and values come lower-cased (ASCII letters only), values without their
    quotes. The position is ``-1`` where the window ends first, inside the tag or in
    a quoted value: the prescan then stops, as the Standard's does at the end of input.
    """
    found: list[tuple[bytes, bytes]] = []
    while True:
        attribute = _ATTRIBUTE.match(data, position, end)
        assert attribute is not None  # it matches the empty string
        position = attribute.end()
        name, equals, value = attribute.group("name", "equals", "value")
        if name is None:  # at ">", or at the end of the window
            return found, position if position < end else -1
        if value is None:
            if equals and position < end and data[position] in b"\"'":
                return found, -1  # a quote opened and not closed in the window
            value = b""
        elif value[0] in b"\"'":
            value = value[1:-1]
        found.append((name.translate(_LOWER), value.translate(_LOWER)))


def _tag_end(data: bytes, position: int, end: int) -> int:
    """Where the ``>`` of a tag whose name ends at ``position`` is, or ``-1`` (see ``_attributes``).

    Without a quote before the next ``>``, that ``>`` ends the tag: names and unquoted
    values stop at it. Only a tag with a quote needs its attributes read.
    """
    close = data.find(b">", position, end)
    if close < 0 or (data.find(b'"', position, close) < 0 and data.find(b"'", position, close) < 0):
        return close
    return _attributes(data, position, end)[1]


def _meta_charset(attributes: list[tuple[bytes, bytes]]) -> str | None:
    """The codec a ``<meta>`` with these attributes declares, or ``None`` if it declares none.

    ``charset`` declares alone; ``content`` only with ``http-equiv="content-type"``.
    Of an attribute given twice, the first counts.
    """
    seen: set[bytes] = set()
    got_pragma = False
    need_pragma: bool | None = None
    charset: str | None = None
    for name, value in attributes:
        if name in seen:
            continue
        seen.add(name)
        if name == b"http-equiv":
            got_pragma = got_pragma or value == b"content-type"
        elif name == b"content" and charset is None:
            charset = _content_charset(value)
            if charset is not None:
                need_pragma = True
        elif name == b"charset":
            charset = _encoding(value)
            need_pragma = False
    if need_pragma is None or (need_pragma and not got_pragma) or not charset:
        return None
    return charset


def _meta_declaration(data: bytes, end: int) -> str | None:
    """The codec the first declaring ``<meta>`` in ``data[:end]`` names, or ``None``.

    The Standard's prescan loop: comments, tags (with their attributes), ``<!…>``,
    ``</…>`` and ``<?…>`` are stepped over whole; text is looked at only for ``<``.
    ``None`` when the window ends first, or when no ``<meta`` is left ahead (the scan
    could then only run to the window's end for nothing).
    """
    position = 0
    meta_ahead = -1  # where the next "<meta" is, at or after the position
    while (position := data.find(b"<", position, end)) >= 0:
        if meta_ahead < position:
            found = _META.search(data, position, end)
            if found is None:
                return None
            meta_ahead = found.start()
        markup = _MARKUP.match(data, position, end)
        kind = markup.lastgroup if markup is not None else "text"
        if kind == "text":  # "<" in text
            position += 1
            continue
        assert markup is not None
        if kind == "comment":
            close = data.find(b"-->", position + 2, end)  # "<!-->" is a whole comment
        elif kind == "meta":
            # Its attributes start at the blank or slash after "<meta".
            attributes, close = _attributes(data, markup.end(), end)
            charset = _meta_charset(attributes) if close >= 0 else None
            if charset is not None:
                return charset
        elif kind == "tag":
            close = _tag_end(data, markup.end(), end)
        else:  # "<!", "</" or "<?" and no name: up to the first ">"
            close = data.find(b">", position + 1, end)
        if close < 0:
            return None
        position = close + (3 if kind == "comment" else 1)
    return None


def _xml_declaration(data: bytes, end: int) -> str | None:
    """The codec an XML declaration at the start of ``data`` names, or ``None``.

    The Standard's "get an XML encoding": ``<?xml``, then ``encoding``, ``=`` and a
    quoted label before the declaration's ``>``; a UTF-16 label means UTF-8.
    """
    if not data.startswith(b"<?xml"):
        return None
    close = data.find(b">", 0, end)
    if close < 0:
        return None
    position = data.find(b"encoding", 0, close)
    if position < 0:
        return None
    assignment = _XML_ENCODING.match(data, position, end)
    if assignment is None:
        return None
    stop = data.find(assignment[1], assignment.end(), end)
    return (_encoding(data[assignment.end() : stop]) or None) if stop >= 0 else None


def _declared(data: bytes) -> str | None:
    """The codec ``data`` declares, found as the Standard's prescan finds it, or ``None``."""
    if data.startswith(b"<\x00?\x00x\x00"):  # a UTF-16 XML declaration, no BOM
        return "utf-16-le"
    if data.startswith(b"\x00<\x00?\x00x"):
        return "utf-16-be"
    end = min(len(data), _PRESCAN_BYTES)
    return _meta_declaration(data, end) or _xml_declaration(data, end)


def bom_encoding(data: bytes) -> str | None:
    """The codec the byte-order mark at the start of ``data`` names, else ``None``.

    The codec reads the mark itself: ``data.decode(bom_encoding(data))`` leaves it out.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def encoding_of(data: bytes) -> str:
    """The codec a document is read with: its BOM's, else its declared charset, else UTF-8.

    See the module docstring for what counts as a declaration.
    """
    return bom_encoding(data) or _declared(data) or "utf-8"


def decode_bytes(data: bytes, *, encoding: str | None = None) -> str:
    """Decode a document: its BOM, else its declared charset, else UTF-8.

    Bytes that do not decode become U+FFFD; decoding never fails. ``encoding`` is
    ``encoding_of(data)``, for a caller that has it already.
    """
    return data.decode(encoding or encoding_of(data), errors="replace")
