r"""How a document opens: whether it is a whole page (the one home of that rule).

``is_whole_page()`` (bytes) and ``is_whole_page_text()`` (text): after an optional
byte-order mark and blanks, the input opens with ``<!doctype html`` or an ``<html>``
tag. ``parse()`` reads such an input as a page (from its bytes, when they are
UTF-8) and leaves its tags unrepaired (only archived fragments have glued tags);
``rfiparse.detect()`` follows the same routes.

``opens_like_page()`` is the head pre-cut's gate (``rfiparse._precut``), looser on
purpose: any doctype, ``<html`` followed by anything, or ``<head`` first (a page
served without its ``<html>`` tag). The pre-cut reads the head token by token and
stops at the first token it is not sure of; the gate only spares it inputs that
cannot open with a head.

Blanks are the bytes ``\x00``-``\x20``: HTML's five blanks, and the C0 control
characters that ``parse_html()`` drops before the parser sees them, so that
``"\x0b<html>"`` is a page here as it is to the parser. (The pre-cut is handed
bytes without those controls: on them this is HTML's blanks, as it always was.)
Before this module, ``_parse`` wrote the rule twice with Python's ``\s``, which
in bytes took ``\x0b`` but no other dropped control, and in text also took the
Unicode spaces (U+00A0, U+3000, ...) that an HTML parser reads as text, not blanks;
the command line wrote a third rule (``<html>`` after any comment or processing
instruction), which ``rfiparse.detect()`` replaced.

``LEADING_BLANKS`` are the same blanks, which ``rfiparse.detect()`` also steps over
before a feed's first element.

This module imports nothing of rfiparse: ``_precut`` (below ``_html``) uses it.
"""

from __future__ import annotations

import re

__all__ = ["LEADING_BLANKS", "is_whole_page", "is_whole_page_text", "opens_like_page"]

_BLANKS = r"[\x00-\x20]*"
LEADING_BLANKS = re.compile(_BLANKS)
"""Blanks before a document's first tag, for ``match(text, position)``: HTML's and
XML's blanks, and the controls that ``parse_html()`` drops and ``parse_feed()``
repairs away (a feed may open with them too)."""
# What opens a whole page: "<!doctype html", or an <html> tag.
_PAGE_OPENING = r"(?:<!doctype[\x00-\x20]+html|<html[\x00-\x20>])"
_WHOLE_PAGE = re.compile(rb"(?:\xef\xbb\xbf)?" + (_BLANKS + _PAGE_OPENING).encode(), re.I)
_WHOLE_PAGE_TEXT = re.compile(r"\ufeff?" + _BLANKS + _PAGE_OPENING, re.I)
_OPENS_LIKE_PAGE = re.compile(
    rb"(?:\xef\xbb\xbf)?" + _BLANKS.encode() + rb"(?:<!doctype|<html|<head)", re.I
)


def is_whole_page(data: bytes) -> bool:
    r"""Whether ``data`` opens as a whole page: blanks, then ``<!doctype html`` or ``<html>``.

    A UTF-8 byte-order mark may come first.

    >>> is_whole_page(b"\n<!DOCTYPE html><html>"), is_whole_page(b"<HTML lang=fr>")
    (True, True)
    >>> is_whole_page(b"<p>x</p>"), is_whole_page(b"<head><title>x</title></head>")
    (False, False)
    """
    return _WHOLE_PAGE.match(data) is not None


def is_whole_page_text(text: str) -> bool:
    """``is_whole_page()`` for text, where a ``U+FEFF`` may come first."""
    return _WHOLE_PAGE_TEXT.match(text) is not None


def opens_like_page(data: bytes) -> bool:
    """Whether the head pre-cut may start reading ``data``: a doctype, ``<html`` or ``<head`` first.

    Every whole page (``is_whole_page()``) opens so, and so does a page without
    its ``<html>`` tag.

    >>> opens_like_page(b"<head><style>p{}</style></head>"), opens_like_page(b"<p>x</p>")
    (True, False)
    """
    return _OPENS_LIKE_PAGE.match(data) is not None
