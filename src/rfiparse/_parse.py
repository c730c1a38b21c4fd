"""``parse()``: from RFI-style HTML to an ``Article``."""

from __future__ import annotations

from ._arguments import DEFAULT_MAX_BYTES, check_input
from ._authors import extract_authors
from ._body import extract_body
from ._dates import paris_datetime
from ._editions import url_parts
from ._encoding import decode_bytes, encoding_of
from ._headline import clean_headline
from ._html import Element, child_element, parse_html, text_content
from ._images import extract_body_images, extract_image
from ._layout import locate
from ._media import extract_media
from ._opening import is_whole_page, is_whole_page_text
from ._page import (
    extract_page,
    is_article_page,
    is_listing_page,
    page_parts,
)
from ._record import split_record
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
from .errors import NotAnArticleError
from .model import Article, Paragraph

__all__ = ["parse"]

_UTF8 = frozenset({"utf-8", "utf-8-sig"})


def _page_article(root: Element, *, url: str | None) -> Article | None:
    """The article of a full page, or ``None`` when ``root`` is not a whole page.

    :raises ForeignSiteError: the page's own URL is on another publisher's host.
    :raises NotAnArticleError: the page is a section or home page, holds no
        article, or names another site.
    """
    document = root.getroottree().getroot()
    head = child_element(document, "head")
    if head is None or len(head) == 0:
        return None
    parts = page_parts(document)
    refuse_foreign_page(document, url=url, parts=parts)
    if is_article_page(parts):
        article = extract_page(parts, url=url)
        if article.headline is None and not article.paragraphs and article.lead is None:
            raise NotAnArticleError("the page holds no article: no headline, lead or body")
        return article
    if is_listing_page(parts):
        raise NotAnArticleError(
            "this is a section or home page (a list of teasers), not an article: "
            "use rfiparse.parse_listing() for it"
        )
    return None


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


def parse(
    html: str | bytes, *, url: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> Article:
    """Parse one RFI article and return it as an ``Article``.

    ``html`` is a feed-archive record (``<!--ms-->``, ``[headline](url)``, ``------``,
    then HTML, optionally after Jekyll front matter) or a bare HTML fragment of an
    article (an RSS ``content:encoded`` or Atom entry), as ``str`` or ``bytes``
    (bytes are decoded by their byte-order mark, else the charset the document
    declares, else as UTF-8; undecodable bytes become U+FFFD).

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
    :raises InputTooLargeError: the input is larger than ``max_bytes``.
    :raises InputTooComplexError: the input cannot be parsed whole in bounded time
        (a tag with more than 256 attributes, a node over libxml2's size limit,
        nesting past its depth limit).
    :raises ForeignSiteError: the input's own URL (or ``url``, when it states none)
        is on a host that is not RFI's.
    :raises NotAnArticleError: the input holds neither a headline nor any body
        content, is binary data, is a bare fragment that is not RFI markup, is a
        section or home page, or is a page that names another site.
    """
    check_input(html, url, caller="parse", max_bytes=max_bytes)
    given_url = normalize_url(url, None)
    if isinstance(html, bytes):
        encoding = encoding_of(html)
        if is_whole_page(html) and encoding in _UTF8:
            # A whole UTF-8 page: lxml reads the bytes as they are, which saves
            # decoding them to text and encoding that back.
            refuse_binary(html)
            root = parse_html(html)
            page = _page_article(root, url=url) if root is not None else None
            if page is not None:
                return page
        text = decode_bytes(html, encoding=encoding)
        # Valid UTF-8 (nothing replaced) is parsed from its own bytes: see _repaired_markup().
        utf8 = html if encoding == "utf-8" and "\ufffd" not in text else None
    else:
        text = html
        utf8 = None

    refuse_binary(utf8 if utf8 is not None else text)  # valid UTF-8: its bytes, as they are
    header = split_record(text)
    record_url = normalize_url(header.url, None)
    if record_url is not None:
        refuse_foreign([record_url])
    article_url = record_url or given_url
    base = article_url or RFI_BASE
    edition, section, url_programme = url_parts(article_url)
    title = strip_invalid_chars(header.title) if header.title is not None else None
    headline, programme = clean_headline(title, edition=edition, url_programme=url_programme)

    html_text = header.html
    if headline is None:
        refuse_non_markup(html_text)
    # A bare fragment (no record header) is judged by its markup alone.
    bare = header.title is None and header.url is None
    markup: str | bytes = html_text
    if not is_whole_page_text(html_text):
        # Only archived fragments have tags glued to their attributes; a whole
        # page as served has none, and is large enough for the pass to cost.
        markup = _repaired_markup(html_text, text=text, utf8=utf8)
    root = parse_html(markup)
    if root is not None and bare:
        page = _page_article(root, url=url)
        if page is not None:
            return page
        refuse_loose_text(root)
    if record_url is None:
        refuse_foreign([given_url])
    if root is None:
        if headline is None:
            raise NotAnArticleError("the input is empty: no headline and no article body")
        return Article(
            headline=headline,
            url=article_url,
            edition=edition.code if edition else None,
            language=edition.language if edition else None,
            section=section,
            programme=programme,
            feed_record_time=header.record_time,
        )

    layout = locate(root, source=html_text)
    body = layout.body
    paragraphs: tuple[Paragraph, ...] = ()
    copyright_line = None
    if body is not None:
        exclude = [e for e in (layout.date, layout.image, layout.lead) if e is not None]
        paragraphs, copyright_line = extract_body(body, base=base, exclude=exclude)
    lead = clean_optional(text_content(layout.lead)) if layout.lead is not None else None
    # Author credits and asides stand outside the body, unless the body is the
    # fragment's own container (bare paragraphs), where they stand beside them.
    outside = body if body is not layout.container else None
    media = extract_media(body, base=base)
    if headline is None and not paragraphs and lead is None and not media:
        raise NotAnArticleError(
            "the input holds no RFI article: no headline, no lead and no body text or media"
        )
    if bare and not media:
        refuse_without_text_blocks(root)
    return Article(
        headline=headline,
        url=article_url,
        lead=lead,
        paragraphs=paragraphs,
        published=paris_datetime(layout.date.text or "") if layout.date is not None else None,
        image=extract_image(layout.image, base=base),
        related=extract_related(root, base=base, body=outside),
        edition=edition.code if edition else None,
        language=edition.language if edition else None,
        section=section,
        programme=programme,
        authors=extract_authors(root, base=base, body=outside),
        feed_record_time=header.record_time,
        media=media,
        body_images=extract_body_images(body, base=base),
        copyright=copyright_line,
        short_url=short_url(share_links(root)),
    )
