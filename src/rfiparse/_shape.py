"""What shape an input is, for the function that reads it: ``rfiparse.detect()``.

``"feed"`` for ``parse_feed()``, ``"listing"`` for ``parse_listing()``, ``"article"``
for ``parse()``. A feed is known here, by its first element; whether an input is a
listing is ``parse()``'s own judgement, on the tree ``parse()`` reads
(``rfiparse._parse.bare_root()`` and ``is_listing_root()``).
"""

from __future__ import annotations

import re
from typing import Literal

from ._arguments import DEFAULT_MAX_BYTES, check_input
from ._encoding import bom_encoding
from ._opening import LEADING_BLANKS
from ._parse import bare_root, is_listing_root
from ._record import split_record

__all__ = ["InputShape", "detect", "is_feed"]

InputShape = Literal["article", "listing", "feed"]
"""What ``rfiparse.detect()`` answers: which function reads the input."""

_FEED_ROOTS = frozenset({"rss", "feed", "rdf"})
_SNIFF_BYTES = 4096
_FIRST_TAG = re.compile(r"<([A-Za-z_][\w.:-]*)")
# The one declaration an XML prolog may hold, once, in XML's spelling (case counts).
_DOCTYPE = "<!DOCTYPE"
# What may stand before a feed's root element, and where each ends.
_PROLOG_ENDS = (("<?", "?>"), ("<!--", "-->"))


def _blanks_end(text: str, position: int) -> int:
    """Where the blanks from ``position`` on end."""
    blanks = LEADING_BLANKS.match(text, position)
    assert blanks is not None  # it matches the empty string
    return blanks.end()


def _first_element(text: str) -> str:
    """The local name, lower-cased, of the first tag after the XML prolog; ``""`` for none.

    The prolog (blanks, the XML declaration and other processing instructions,
    comments, one doctype) is stepped over with ``str.find``: linear in ``text``.
    What no XML prolog holds, and ``parse_feed()`` does not read past (a second
    doctype, ``<!doctype>`` in lower case, ``<!ELEMENT>``), ends it: ``""``.
    Blanks are ``LEADING_BLANKS``: the control characters ``parse_feed()`` repairs
    away count, Unicode spaces (U+3000), which no XML parser skips, do not.
    """
    position = 0
    size = len(text)
    doctype = False
    while (position := _blanks_end(text, position)) < size:
        for opening, closing in _PROLOG_ENDS:
            if text.startswith(opening, position):
                end = text.find(closing, position + len(opening))
                position = size if end < 0 else end + len(closing)
                break
        else:
            if doctype or not text.startswith(_DOCTYPE, position):
                break
            doctype = True
            end = text.find(">", position)
            position = size if end < 0 else end + 1
    tag = _FIRST_TAG.match(text, position)
    return tag.group(1).rpartition(":")[2].lower() if tag else ""


def _head_text(html: str | bytes) -> str:
    """The start of the input (``_SNIFF_BYTES`` bytes, or as many characters), as text.

    Enough to see a feed's root element or a record's header. Bytes are decoded by
    their byte-order mark (which is left out); without one only ASCII markup is
    looked at, so any ASCII-compatible charset reads alike as Latin-1.
    """
    if isinstance(html, str):
        return html[:_SNIFF_BYTES].removeprefix("\ufeff")
    head = html[:_SNIFF_BYTES]
    return head.decode(bom_encoding(head) or "latin-1", errors="ignore")


def is_feed(html: str | bytes) -> bool:
    """Whether the input is an RSS, RSS 1.0 (RDF) or Atom feed: its first element says so.

    A feed-archive record header (front matter, ``<!--epoch-->``, ``[headline](url)``)
    first makes the input a record, whatever follows. Only the first 4,096 bytes (or
    characters) are read: ``detect()``'s first step, for a caller that must not pay
    for the rest (the command line, which then tries ``parse()``). ``html`` must have
    passed ``check_input()``.
    """
    text = _head_text(html)
    header = split_record(text)
    if header.title is not None or header.url is not None or header.record_time is not None:
        return False
    return _first_element(text) in _FEED_ROOTS


def detect(html: str | bytes, *, max_bytes: int | None = DEFAULT_MAX_BYTES) -> InputShape:
    """Which function reads ``html``: ``"feed"``, ``"listing"`` or ``"article"``.

    * ``"feed"``: an RSS 2.0, RSS 1.0 (RDF) or Atom feed, whose first element (after
      the XML declaration, comments and a doctype) is ``<rss>``, ``<rdf:RDF>`` or
      ``<feed>``: read it with ``rfiparse.parse_feed()``. Only the first 4,096
      characters are looked at.
    * ``"listing"``: a section or home page, which ``rfiparse.parse()`` refuses: read
      it with ``rfiparse.parse_listing()``. The rule is ``parse()``'s own, applied
      to the tree ``parse()`` reads, so the two never disagree: whenever ``parse()``
      returns an article the answer is ``"article"``, and whenever it raises
      ``ListingPageError`` it is ``"listing"``. (A listing that ``parse()`` refuses
      before parsing, as binary data or text that is no markup, or as another
      publisher's page, is ``"listing"`` all the same.)
    * ``"article"``: anything else (a feed-archive record, a bare fragment, an
      article page, and input that is no article at all): ``rfiparse.parse()``
      reads it, or says why it cannot.

    Cost: a feed, and a record with a headline or URL, are answered from their first
    characters (and, for a record, its decoded text). Anything else is parsed into a
    tree as ``parse()`` parses it, and a page's JSON-LD and meta tags are read: on
    rfi.fr's pages, nine tenths of the instructions ``parse()`` runs (the HTML
    parser's share). A caller that will call ``parse()`` anyway may call it first and
    read with ``parse_listing()`` what it refuses with ``ListingPageError``, as the
    command line does.
    The time is bounded as ``parse()``'s is. Nothing is fetched; ``bytes`` are
    decoded as ``parse()`` decodes them.

    >>> detect('<?xml version="1.0"?><rss version="2.0"><channel/></rss>')
    'feed'
    >>> detect("<p>Une phrase.</p>"), detect(b"<!DOCTYPE html><html><head></head></html>")
    ('article', 'article')

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, or ``max_bytes`` is
        not an ``int``.
    :raises InputTooLargeError: the input is larger than ``max_bytes``.
    :raises InputTooComplexError: the input cannot be parsed whole in bounded time
        (as ``parse()`` would refuse it).
    """
    check_input(html, None, caller="detect", max_bytes=max_bytes)
    if is_feed(html):
        return "feed"
    root = bare_root(html)
    return "listing" if root is not None and is_listing_root(root) else "article"
