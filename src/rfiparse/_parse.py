"""``parse()``: from RFI-style HTML to an ``Article``.

Every input takes one route: it is read up to its parsing (``_read_input()``:
decoded, except a whole UTF-8 page, whose bytes the parser reads as they are;
its record header read and checked), parsed once, and its tree is read as a
whole page if it is one (``_page_article()``), else as a feed record or bare
fragment (``_fragment_article()``). ``detect()`` reads an input along the same
route (``bare_root()``) and judges a listing by the same rule (``is_listing_root()``).
"""

from __future__ import annotations

from typing import NamedTuple

from ._arguments import DEFAULT_MAX_BYTES, check_input
from ._article import Origin, build_article, read_body, read_origin
from ._authors import extract_authors
from ._dates import paris_datetime
from ._encoding import decode_bytes, encoding_of
from ._html import Element, child_element, parse_html, text_content
from ._images import extract_image
from ._layout import locate
from ._opening import is_whole_page, is_whole_page_text
from ._page import (
    PageParts,
    extract_page,
    is_article_page,
    is_listing_page,
    page_parts,
)
from ._record import RecordHeader, split_record
from ._refusals import (
    refuse_binary,
    refuse_foreign,
    refuse_foreign_page,
    refuse_loose_text,
    refuse_non_markup,
    refuse_without_text_blocks,
)
from ._related import extract_related
from ._repair import repair_glued_tags, repair_glued_tags_utf8
from ._share import share_links, short_url
from ._text import clean_optional, strip_invalid_chars
from ._urls import RFI_BASE, normalize_url
from .errors import ListingPageError, NotAnArticleError
from .model import Article

__all__ = ["bare_root", "is_listing_root", "parse"]

_UTF8 = frozenset({"utf-8", "utf-8-sig"})
_NO_HEADER = RecordHeader()


class _Input(NamedTuple):
    """An input as it is read before parsing: in the forms the rules read, and its header.

    ``page`` is a whole UTF-8 page given as bytes, which the parser reads as they
    are: it is not decoded (``text`` is empty) and has no record header, since
    most such pages are article pages, which need nothing else. Any other input
    is read as ``text``; ``utf8`` is then the input's own bytes where they are that
    text's UTF-8 (valid UTF-8, no BOM), which the parser and the binary check
    read instead of encoding the text again. ``own_url`` says whether the record
    header states the article's URL (else ``origin.url`` is the caller's); ``bare``,
    whether the input has no record header (a bare fragment or a whole page, judged
    by its markup alone). (A named tuple: made for every input, and cheaper to
    make than an ``attrs`` class.)
    """

    page: bytes | None
    text: str
    utf8: bytes | None
    header: RecordHeader
    origin: Origin
    own_url: bool
    bare: bool


def _forms(html: str | bytes, *, undecoded_page: bool) -> tuple[bytes | None, str, bytes | None]:
    """``html`` as ``_Input`` holds it: ``page``, ``text`` and ``utf8``.

    A whole UTF-8 page is left undecoded only if ``undecoded_page``.
    """
    if isinstance(html, str):
        return None, html, None
    encoding = encoding_of(html)
    if undecoded_page and encoding in _UTF8 and is_whole_page(html):
        return html, "", None
    text = decode_bytes(html, encoding=encoding)
    # Valid UTF-8 (nothing replaced) is read from its own bytes: see _repaired_markup().
    return None, text, html if encoding == "utf-8" and "\ufffd" not in text else None


def _source(html: str | bytes, *, url: str | None, undecoded_page: bool) -> _Input:
    """Read ``html`` up to its parsing, refusing nothing (``_refuse_early()`` does)."""
    page, text, utf8 = _forms(html, undecoded_page=undecoded_page)
    header = _NO_HEADER if page is not None else split_record(text)
    record_url = normalize_url(header.url, None)
    title = strip_invalid_chars(header.title) if header.title is not None else None
    origin = read_origin(record_url or normalize_url(url, None), title)
    bare = header.title is None and header.url is None
    return _Input(page, text, utf8, header, origin, record_url is not None, bare)


def _refuse_early(source: _Input) -> None:
    """Refuse what is certain to be no article before it is parsed.

    :raises NotAnArticleError: the input is binary data, or is a bare fragment
        that does not begin with a tag.
    :raises ForeignSiteError: the record header's link is on another publisher's host.
    """
    page, utf8 = source.page, source.utf8
    refuse_binary(page if page is not None else utf8 if utf8 is not None else source.text)
    if source.own_url:
        refuse_foreign([source.origin.url])
    if source.origin.headline is None:
        refuse_non_markup(source.header.html)


def _read_input(html: str | bytes, *, url: str | None, undecoded_page: bool) -> _Input:
    """Read ``html`` up to its parsing, refusing what is already certain to be no article.

    :raises NotAnArticleError: the input is binary data, or is a bare fragment
        that does not begin with a tag.
    :raises ForeignSiteError: the record header's link is on another publisher's host.
    """
    source = _source(html, url=url, undecoded_page=undecoded_page)
    _refuse_early(source)
    return source


def _markup(source: _Input) -> str | bytes:
    """What the parser reads: a page as it is, a fragment with its glued tags repaired."""
    if source.page is not None:
        return source.page
    fragment = source.header.html
    if is_whole_page_text(fragment):
        # Only archived fragments have tags glued to their attributes; a whole
        # page as served has none, and is large enough for the pass to cost.
        return fragment
    return _repaired_markup(fragment, text=source.text, utf8=source.utf8)


def _repaired_markup(fragment: str, *, text: str, utf8: bytes | None) -> str | bytes:
    """The fragment, the end of ``text``, with its glued tags repaired.

    ``utf8`` is the input ``text`` was decoded from, when it is valid UTF-8: then
    the fragment's own bytes are repaired and handed to the parser, which saves
    encoding the text back. Either way the parser reads the same bytes.
    """
    if utf8 is not None and not fragment.startswith("\ufeff"):
        offset = len(text[: len(text) - len(fragment)].encode("utf-8"))
        repaired = repair_glued_tags_utf8(utf8[offset:])
        if repaired is not None:
            return repaired
    return repair_glued_tags(fragment)


def _page_as_fragment(
    html: str | bytes, root: Element | None, *, url: str | None
) -> tuple[_Input, Element | None]:
    """A whole UTF-8 page that is no article page, read as text for the fragment rules.

    Its tree ``root`` is kept where the text is its bytes as they are (nothing
    replaced in decoding); else the text is parsed, as any text would be.
    """
    source = _read_input(html, url=url, undecoded_page=False)
    if "\ufffd" in source.text:
        root = parse_html(_markup(source))
    return source, root


def _page_parts(root: Element) -> PageParts | None:
    """The parts of the page ``root`` belongs to; ``None`` when it is no whole page.

    ``parse()`` reads a bare input as a page whenever its document's head holds
    something, whether or not it opens with a doctype or ``<html>`` tag.
    """
    document = root.getroottree().getroot()
    head = child_element(document, "head")
    if head is None or len(head) == 0:
        return None
    return page_parts(document)


def is_listing_root(root: Element) -> bool:
    """Whether the tree ``root`` belongs to is a section or home page, as ``parse()`` judges.

    ``parse()`` refuses such a page with ``ListingPageError`` (unless it is another
    publisher's, which it refuses with ``ForeignSiteError``); ``detect()`` calls it
    ``"listing"``.
    """
    parts = _page_parts(root)
    return parts is not None and is_listing_page(parts)


def bare_root(html: str | bytes) -> Element | None:
    """The tree ``parse()`` reads a bare input from, parsed as ``parse()`` parses it.

    ``None`` for an input with a record header that states a headline or URL, which
    ``parse()`` reads as a record whatever its HTML holds (and for empty input).
    Nothing is refused: ``html`` must have passed ``check_input()``, and what
    ``parse()`` refuses before parsing (binary data, text that is no markup) is
    parsed all the same.

    :raises InputTooComplexError: the input cannot be parsed whole in bounded time.
    """
    source = _source(html, url=None, undecoded_page=True)
    return parse_html(_markup(source)) if source.bare else None


def _page_article(root: Element, *, url: str | None) -> Article | None:
    """The article of a full page, or ``None`` when ``root`` is not a whole page.

    :raises ForeignSiteError: the page's own URL is on another publisher's host.
    :raises ListingPageError: the page is a section or home page.
    :raises NotAnArticleError: the page holds no article, or names another site.
    """
    parts = _page_parts(root)
    if parts is None:
        return None
    refuse_foreign_page(parts.document, url=url, parts=parts)
    if is_article_page(parts):
        article = extract_page(parts, url=url)
        if article.headline is None and not article.paragraphs and article.lead is None:
            raise NotAnArticleError("the page holds no article: no headline, lead or body")
        return article
    if is_listing_page(parts):
        raise ListingPageError(
            "this is a section or home page (a list of teasers), not an article: "
            "use rfiparse.parse_listing() for it"
        )
    return None


def _fragment_article(root: Element | None, source: _Input) -> Article:
    """The article of a feed record or fragment, parsed into ``root`` (``None``: empty).

    :raises ForeignSiteError: the caller's URL, where the record states none, is
        on another publisher's host.
    :raises NotAnArticleError: the input holds neither a headline nor any body
        content, or is a bare fragment with no text block and no media.
    """
    origin = source.origin
    if not source.own_url:
        refuse_foreign([origin.url])
    if root is None:
        if origin.headline is None:
            raise NotAnArticleError("the input is empty: no headline and no article body")
        return build_article(origin, feed_record_time=source.header.record_time)
    base = origin.url or RFI_BASE
    layout = locate(root, source=source.header.html)
    exclude = [e for e in (layout.date, layout.image, layout.lead) if e is not None]
    body = read_body(layout.body, base=base, exclude=exclude)
    lead = clean_optional(text_content(layout.lead)) if layout.lead is not None else None
    if origin.headline is None and not body.paragraphs and lead is None and not body.media:
        raise NotAnArticleError(
            "the input holds no RFI article: no headline, no lead and no body text or media"
        )
    if source.bare and not body.media:
        refuse_without_text_blocks(root)
    # Author credits and asides stand outside the body, unless the body is the
    # fragment's own container (bare paragraphs), where they stand beside them.
    outside = layout.body if layout.body is not layout.container else None
    return build_article(
        origin,
        body,
        lead=lead,
        published=paris_datetime(layout.date.text or "") if layout.date is not None else None,
        image=extract_image(layout.image, base=base),
        related=extract_related(root, base=base, body=outside),
        authors=extract_authors(root, base=base, body=outside),
        feed_record_time=source.header.record_time,
        short_url=short_url(share_links(root)),
    )


def parse(
    html: str | bytes, *, url: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Article:
    """Parse one RFI article and return it as an ``Article``.

    ``html`` is one of the three shapes of an RFI article, as ``str`` or ``bytes``:

    * a feed-archive record (``<!--ms-->``, ``[headline](url)``, ``------``, then
      HTML, optionally after Jekyll front matter);
    * a bare HTML fragment of an article (an RSS ``content:encoded`` or Atom entry);
    * a full rfi.fr article page (``<html>`` with its head: JSON-LD, OpenGraph,
      ``t-content__*`` classes).

    A section or home page is refused with ``ListingPageError``, which points to
    ``parse_listing()``; a feed is read by ``parse_feed()``; ``detect()`` tells
    which of the three functions reads an input. Bytes are decoded by their
    byte-order mark, else the charset the document declares, else as UTF-8;
    undecodable bytes become U+FFFD.

    ``url`` is where the input came from. It becomes ``Article.url`` and the
    base of relative links when the input carries no URL of its own; relative
    ``/cn/…`` links of RFI markup resolve to ``https://www.rfi.fr/`` otherwise.
    When the input states no URL of its own, ``url`` must be on one of RFI's hosts.

    Only RFI's documents are read: one whose own URL (the record header's link, a
    page's JSON-LD ``url``, canonical link or ``og:url``) is on another host is
    refused before any field is read. What an article minimally is, for each input
    shape, is in ``docs/refused.md`` (``rfiparse._refusals``).

    Nothing is fetched and nothing is read from the machine; the function has no
    side effects.

    ``max_bytes`` bounds the input's size (``str`` counts its UTF-8 bytes); larger
    input is refused before any parsing. ``None`` lifts the limit.

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, ``url`` is not a
        ``str``, or ``max_bytes`` is not an ``int``.
    :raises ValueError: ``url`` is not an absolute http(s) URL (a usage error,
        not an ``RfiParseError``).
    :raises InputTooLargeError: the input is larger than ``max_bytes``.
    :raises InputTooComplexError: the input cannot be parsed whole in bounded time
        (a tag with more than 256 attributes, a node over libxml2's size limit,
        nesting past its depth limit).
    :raises ForeignSiteError: the input's own URL (or ``url``, when it states none)
        is on a host that is not RFI's.
    :raises NotAnArticleError: the input holds neither a headline nor any body
        content, is binary data, is a bare fragment that is not RFI markup, or is a
        page that names another site.
    :raises ListingPageError: the input is a section or home page (a
        ``NotAnArticleError``): ``parse_listing()`` reads it.
    """
    check_input(html, url, caller="parse", max_bytes=max_bytes)
    source = _read_input(html, url=url, undecoded_page=True)
    root = parse_html(_markup(source))
    if source.bare:
        page = _page_article(root, url=url) if root is not None else None
        if page is not None:
            return page
        if source.page is not None:  # no article page: read as a fragment, from its text
            source, root = _page_as_fragment(html, root, url=url)
        if root is not None:
            refuse_loose_text(root)
    return _fragment_article(root, source)
