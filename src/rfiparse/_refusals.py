"""What is not an RFI article, decided before any field is extracted.

- **Another publisher's document**: its own URL (a record header's link, a page's
  JSON-LD ``url``, canonical link or ``og:url``; where it states none, the ``url=``
  a caller gives) is on a host that is not one of ``RFI_DOMAINS``, or its page names
  another site (``og:site_name``). Refused with ``ForeignSiteError`` (or
  ``NotAnArticleError`` for a site name), whatever its markup holds.
- **Binary data**: among the first 65,536 characters, more than one in sixteen is a
  NUL or another control character, or more than half did not decode (U+FFFD), as
  in executables, images, archives and random bytes.
- **Not HTML markup**, for a bare fragment (no record header, not a whole page):
  RFI's fragments (records' HTML, RSS ``content:encoded``, Atom entries) begin
  with a tag, keep every word inside an element, and hold their text in
  paragraphs, headings, list items or quotes. Plain text, Markdown, source code,
  JSON, TSV/CSV, XML and HTML tables do not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ._editions import foreign_host, is_rfi_site_name
from ._html import CONTROL_BYTES, Element
from ._markup import TEXT_BLOCK_TAGS
from ._page import PageParts, own_urls, page_meta, site_names
from ._urls import normalize_url
from .errors import ForeignSiteError, NotAnArticleError

__all__ = [
    "BINARY_SAMPLE",
    "begins_with_markup",
    "refuse_binary",
    "refuse_foreign",
    "refuse_foreign_page",
    "refuse_foreign_site_names",
    "refuse_loose_text",
    "refuse_non_markup",
    "refuse_without_text_blocks",
]

# Control characters (NUL and the other C0 controls but tab, line feed, form feed
# and carriage return) never occur in text, in any encoding that HTML is written in:
# more than one character in sixteen is binary data (executables, images, archives,
# compressed or random bytes: about one in nine of random bytes; UTF-16 read without
# its byte-order mark: one in two). A stray control or two in a real document is far
# below that. Text that merely did not decode (a paragraph in an undeclared legacy
# encoding) has no controls: it is binary only when more than half is U+FFFD.
_CONTROL_SHARE = 16
_UNDECODED_SHARE = 2
BINARY_SAMPLE = 65_536
"""How many characters from the start of an input tell whether it is binary data."""
# The first character a reader would see: not blank, not a control, not an invisible
# format character (zero-width spaces and joiners, bidi marks, the BOM).
_VISIBLE = re.compile(r"[^\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def refuse_foreign(urls: Iterable[str | None]) -> None:
    """Refuse a document one of whose own ``urls`` (normalised, or ``None``) is not RFI's.

    :raises ForeignSiteError: a URL is on a host outside ``RFI_DOMAINS``.
    """
    for url in urls:
        host = foreign_host(url)
        if host is not None:
            raise ForeignSiteError(
                f"{host} is not an RFI site: the document's own URL is {url}; "
                "rfiparse reads RFI's documents only",
                host=host,
            )


def refuse_foreign_page(
    document: Element, *, url: str | None, parts: PageParts | None = None
) -> None:
    """Refuse another publisher's whole page (an article page or a listing).

    Its own URLs (JSON-LD ``url`` when ``parts`` were read, canonical link,
    ``og:url``) decide; ``url``, the caller's, only where the page states none.
    Then its stated site name must be RFI's.

    :raises ForeignSiteError: a URL that decides is on a host that is not RFI's.
    :raises NotAnArticleError: the page names another site.
    """
    meta = parts.meta if parts is not None else page_meta(document)
    jsonld = parts.jsonld if parts is not None else None
    refuse_foreign(own_urls(document, meta=meta, jsonld=jsonld) or [normalize_url(url, None)])
    refuse_foreign_site_names(site_names(meta))


def refuse_foreign_site_names(names: Iterable[str]) -> None:
    """Refuse a page that names its site, when the name is not RFI's.

    :raises NotAnArticleError: a stated site name is another publisher's.
    """
    for name in names:
        if not is_rfi_site_name(name):
            raise NotAnArticleError(
                f"the page names its site {name!r}, which is not RFI: "
                "rfiparse reads RFI's documents only"
            )


def refuse_binary(text: str | bytes) -> None:
    """Refuse binary data: too many control characters, or mostly undecodable.

    Judged on the first ``BINARY_SAMPLE`` characters, as ``file`` and git judge a
    file by its first bytes: binary data shows itself there, and a whole page is
    not scanned again (it is, once, by the parser's own clean-up). ``bytes`` are a
    UTF-8 document not yet decoded: only their controls are counted.

    :raises NotAnArticleError: the input is binary data.
    """
    sample = text[:BINARY_SAMPLE]
    if isinstance(sample, bytes):
        data, undecoded = sample, 0
    else:
        data, undecoded = sample.encode("utf-8", "surrogatepass"), sample.count("\ufffd")
    # Controls are deleted by one C pass, and counted by what that took away.
    controls = len(data) - len(data.translate(None, CONTROL_BYTES))
    size = len(sample)
    if controls * _CONTROL_SHARE > size or undecoded * _UNDECODED_SHARE > size:
        raise NotAnArticleError(
            f"the input is binary data, not text: {controls:,} of its first {size:,} "
            f"characters are control characters and {undecoded:,} did not decode "
            "(UTF-16 and UTF-32 text needs its byte-order mark)"
        )


def begins_with_markup(text: str) -> bool:
    """Whether the first visible character of ``text`` opens a tag (or ``text`` is blank)."""
    first = _VISIBLE.search(text)
    return first is None or first.group() == "<"


def refuse_non_markup(fragment: str) -> None:
    """Refuse a bare fragment that does not begin with a tag (after blanks and invisibles).

    :raises NotAnArticleError: the fragment begins with text.
    """
    if not begins_with_markup(fragment):
        raise NotAnArticleError(
            "the input does not begin with HTML markup and has no feed-record header: "
            "plain text, Markdown or data, not an RFI article"
        )


def refuse_loose_text(root: Element) -> None:
    """Refuse a bare fragment with words outside any element, between its top-level tags.

    :raises NotAnArticleError: text stands loose at the fragment's top level.
    """
    loose = [root.text] + [child.tail for child in root]
    if any(text and _VISIBLE.search(text) is not None for text in loose):
        raise NotAnArticleError(
            "the input has text outside any HTML element (plain text or Markdown with "
            "some tags in it), not RFI article markup"
        )


def refuse_without_text_blocks(root: Element) -> None:
    """Refuse a bare fragment that holds no paragraph, heading, list item or quote.

    :raises NotAnArticleError: the fragment has no element of ``TEXT_BLOCK_TAGS``.
    """
    if next(root.iter(*TEXT_BLOCK_TAGS), None) is None:
        raise NotAnArticleError(
            "the input holds no paragraph, heading, list item or quote (a table, "
            "an XML document, a bare layout): not RFI article markup"
        )
