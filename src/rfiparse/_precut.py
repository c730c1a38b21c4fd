"""A pre-cut for whole pages: the text of the ``<head>``'s style sheets, dropped unparsed.

An rfi.fr page carries some 220 KB of inline CSS in its ``<head>``: two fifths
of its bytes, and a third of the time libxml2 takes to parse it. Nothing in
rfiparse reads style sheets, so their text is cut out before parsing. The cut is
made only where it is certain to change nothing else in the tree: the head is
read token by token, and at the first token that is not plainly a tag, a
comment, a doctype or blank (or is a tag whose handling differs between the
libxml2 versions lxml ships with), reading stops and the rest of the document
is kept as it is. The tree of the cut document is then the tree of the whole
one with every cut ``<style>`` left empty; ``tests/test_precut.py`` checks this.
"""

from __future__ import annotations

import re

from ._opening import opens_like_page

__all__ = ["drop_head_styles"]

_BLANKS = re.compile(rb"[ \t\n\f\r]*")
_AFTER_END_NAME = frozenset(b" \t\n\f\r/>")
# A start tag: its name, then attributes separated by blanks, each value quoted or
# plain. Anything else at a '<' (glued attributes, stray quotes) is not read.
_START_TAG = re.compile(
    rb"<([a-zA-Z][a-zA-Z0-9]*)"
    rb"(?:[ \t\n\f\r]+[^ \t\n\f\r\"'<>/=]+"
    rb"(?:[ \t\n\f\r]*=[ \t\n\f\r]*(?:\"[^\"]*\"|'[^']*'|[^ \t\n\f\r\"'=<>`]+))?)*"
    rb"[ \t\n\f\r]*/?>"
)
_DOCTYPE = re.compile(rb"<![dD][oO][cC][tT][yY][pP][eE][^<>\"']*>")
# Elements of the head whose content is text up to their end tag, and that end tag
# in any case ("</style", "</STYLE"): the pattern opens with the literal "</", which
# the regex engine finds at C speed, where re.IGNORECASE would test every byte.
_TEXT_ELEMENTS = frozenset({b"style", b"script", b"title"})
_END_TAGS = {
    name: re.compile(b"</" + b"".join(b"[%c%c]" % (c, c - 32) for c in name))
    for name in _TEXT_ELEMENTS
}
_END_TAG = re.compile(rb"</[a-zA-Z]+[ \t\n\f\r]*>")
_VOID = frozenset({b"meta", b"link", b"base"})
_OPEN = frozenset({b"html", b"head"})


def _text_end(data: bytes, name: bytes, start: int) -> int | None:
    """Where the text of a ``<style>``, ``<script>`` or ``<title>`` ends, if certain.

    It ends at the first ``</name`` (any case). That must be followed by a blank,
    '/' or '>': the older libxml2 parsers also end the element at "</stylesheet",
    the newer ones (HTML5 rules) do not.
    """
    found = _END_TAGS[name].search(data, start)
    if found is None:
        return None
    pos, after = found.start(), found.end()
    if not data[after : after + 1] or data[after] not in _AFTER_END_NAME:
        return None
    if name == b"script" and data.find(b"<!--", start, pos) >= 0:
        return None  # HTML5's escaped script text: ends elsewhere in newer libxml2
    if name == b"title" and data.find(b"<", start, pos) >= 0:
        return None  # older libxml2 reads markup inside a title, newer does not
    return pos


def drop_head_styles(data: bytes) -> bytes:
    """``data`` without the text of the style sheets at the start of its ``<head>``."""
    if not opens_like_page(data):
        return data
    cuts: list[tuple[int, int]] = []
    pos = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    size = len(data)
    while pos < size:
        pos = _BLANKS.match(data, pos).end()  # type: ignore[union-attr]  # always matches
        if data.startswith(b"<!--", pos):
            end = data.find(b"-->", pos + 4)
            body = data[pos + 4 : end]
            # HTML5 also ends a comment at "<!-->", "<!--->" and "--!>"; older
            # parsers do not: such a comment stops the reading.
            if end < 0 or body.startswith((b">", b"->")) or b"--!>" in body:
                break
            pos = end + 3
            continue
        tag = _START_TAG.match(data, pos)
        if tag is None:
            doctype = _DOCTYPE.match(data, pos)
            if doctype is None:
                break  # text, an end tag, or markup not plainly read: stop here
            pos = doctype.end()
            continue
        name = tag.group(1).lower()
        pos = tag.end()
        if name in _OPEN or name in _VOID:
            continue
        if name not in _TEXT_ELEMENTS or data[pos - 2 : pos] == b"/>":
            break  # the body, or an element the head does not usually hold
        text_end = _text_end(data, name, pos)
        if text_end is None:
            break
        if name == b"style" and text_end > pos:
            cuts.append((pos, text_end))
        end_tag = _END_TAG.match(data, text_end)
        if end_tag is None:
            break  # "</style foo>" and the like: the text's end is certain, not the rest
        pos = end_tag.end()
    if not cuts:
        return data
    # Views, not slices: the kept bytes are copied once, by join().
    view = memoryview(data)
    parts = []
    start = 0
    for cut_start, cut_end in cuts:
        parts.append(view[start:cut_start])
        start = cut_end
    parts.append(view[start:])
    return b"".join(parts)
