"""``parse()``: from RFI-style HTML to an :class:`~rfiparse.model.Article`."""

from __future__ import annotations

import codecs
from urllib.parse import urlsplit

from ._authors import extract_authors
from ._body import extract_body
from ._dates import paris_datetime
from ._editions import EDITIONS, Edition
from ._headline import clean_headline
from ._html import parse_html, text_content
from ._images import extract_body_images, extract_image
from ._layout import locate
from ._media import extract_media
from ._record import split_record
from ._related import extract_related
from ._repair import repair_glued_tags
from ._text import clean_optional, strip_invalid_chars
from ._urls import RFI_BASE, is_rfi_host, normalize_url, path_segments
from .errors import NotAnArticleError
from .model import Article, Paragraph

__all__ = ["parse"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    return data.decode("utf-8", errors="replace")


def _url_parts(url: str | None) -> tuple[Edition | None, str | None, str | None]:
    """The edition, section and programme an rfi.fr URL names."""
    if url is None or not is_rfi_host(urlsplit(url).hostname or ""):
        return None, None, None
    segments = path_segments(url)
    edition = EDITIONS.get(segments[0]) if segments else None
    if edition is None:
        return None, None, None
    rest = segments[1:]
    section = rest[0] if len(rest) >= 2 else None
    programme = None
    if section is not None and section == edition.programmes_segment and len(rest) >= 3:
        programme = rest[1]
    return edition, clean_optional(section), clean_optional(programme)


def parse(html: str | bytes, *, url: str | None = None) -> Article:
    """Parse one RFI article and return it as an :class:`~rfiparse.model.Article`.

    ``html`` is a feed-archive record (``<!--ms-->``, ``[headline](url)``, ``------``,
    then HTML, optionally after Jekyll front matter) or a bare HTML fragment of an
    article (an RSS ``content:encoded`` or Atom entry), as ``str`` or ``bytes``
    (UTF-8 unless a byte-order mark says otherwise; undecodable bytes become U+FFFD).

    ``url`` is where the input came from. It becomes :attr:`Article.url` and the
    base of relative links when the input carries no URL of its own; relative
    ``/cn/…`` links of RFI markup resolve to ``https://www.rfi.fr/`` otherwise.

    Nothing is fetched; the function has no side effects.

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, or ``url`` is not a ``str``.
    :raises NotAnArticleError: the input holds neither a headline nor any body content.
    """
    if isinstance(html, bytes):
        text = _decode(html)
    elif isinstance(html, str):
        text = html
    else:
        raise TypeError(f"parse() takes str or bytes, not {type(html).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")

    header = split_record(strip_invalid_chars(text))
    article_url = normalize_url(header.url, None) or normalize_url(url, None)
    base = article_url or RFI_BASE
    edition, section, url_programme = _url_parts(article_url)
    headline, programme = clean_headline(header.title, edition=edition, url_programme=url_programme)

    root = parse_html(repair_glued_tags(header.html))
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

    layout = locate(root)
    body = layout.body
    paragraphs: tuple[Paragraph, ...] = ()
    copyright_line = None
    if body is not None:
        exclude = [e for e in (layout.date, layout.image, layout.lead) if e is not None]
        paragraphs, copyright_line = extract_body(body, base=base, exclude=exclude)
    lead = clean_optional(text_content(layout.lead)) if layout.lead is not None else None
    media = extract_media(body, base=base)
    if headline is None and not paragraphs and lead is None and not media:
        raise NotAnArticleError(
            "the input holds no RFI article: no headline, no lead and no body text or media"
        )
    return Article(
        headline=headline,
        url=article_url,
        lead=lead,
        paragraphs=paragraphs,
        published=paris_datetime(layout.date.text or "") if layout.date is not None else None,
        image=extract_image(layout.image, base=base),
        related=extract_related(root, base=base, body=body),
        edition=edition.code if edition else None,
        language=edition.language if edition else None,
        section=section,
        programme=programme,
        authors=extract_authors(root, base=base, body=body),
        feed_record_time=header.record_time,
        media=media,
        body_images=extract_body_images(body, base=base),
        copyright=copyright_line,
    )
