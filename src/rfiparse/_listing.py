"""``parse_listing()``: the article teasers of an rfi.fr section or home page.

RFI's page builder marks each teaser of a section or home page with
``data-article-list`` (class ``m-item-list-article``): an image link
(``<picture>`` with ``<source srcset>`` and ``<img srcset>``), then
``.article__infos`` with the title link (``<a><h2>…</h2></a>``, followed by a
screen-reader note such as "Audio content" on audio items) and the topic label
``.a-tag``. The rolling-news block ("滚动新闻") lists ``.m-item-news-feed``
teasers instead: a ``<time datetime>``, the agency's name and the title link.

The same markup also serves links that are not articles: keyword pages
(``/cn/关键词/日本/``) and promotions of other sites (``savoirs.rfi.fr``). An
RFI article's URL ends with a ``YYYYMMDD-slug`` segment, so only such links are
kept; navigation menus and tag lists use other markup and are never read.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector

from ._dates import iso_datetime
from ._encoding import DEFAULT_MAX_BYTES, input_text
from ._html import Element, parse_html, text_content
from ._images import PLACEHOLDER_PREFIX, dimension, renditions
from ._page import canonical_url, own_urls, site_names
from ._refusals import refuse_foreign, refuse_foreign_site_names
from ._text import clean_optional
from ._urls import RFI_BASE, normalize_url
from .model import Image, ImageRendition, Teaser

__all__ = ["parse_listing"]

_ITEMS = CSSSelector("[data-article-list], .m-item-list-article, .m-item-news-feed")
_HEADING_LINKS = CSSSelector(
    "a[href] h1, a[href] h2, a[href] h3, a[href] h4, a[href] h5, a[href] h6,"
    ' a[href] [role="heading"]'
)
_LINKS = CSSSelector("a[href]")
_TOPICS = CSSSelector(".a-tag, .a-kicker")
_IMAGES = CSSSelector("img")
_TIMES = CSSSelector("time[datetime]")

# The last path segment of an RFI article: its date, then the slug.
_ARTICLE_SLUG = re.compile(r"(?:19|20)\d\d(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])-[^/]+", re.ASCII)


def _base(root: Element, url: str | None) -> str:
    """What relative links resolve against: the canonical URL, else ``url``, else rfi.fr."""
    fallback = normalize_url(url, None) or RFI_BASE
    return canonical_url(root, fallback) or fallback


def _is_article(url: str) -> bool:
    """Whether ``url`` names an article (last path segment ``YYYYMMDD-slug``)."""
    path = urlsplit(url).path.rstrip("/")
    return _ARTICLE_SLUG.fullmatch(path.rpartition("/")[2]) is not None


def _title_link(item: Element) -> tuple[str, str] | None:
    """The raw href and the title text of the item's title link, or ``None``."""
    for heading in _HEADING_LINKS(item):
        title = clean_optional(text_content(heading))
        if title is None:
            continue
        link = heading.getparent()
        while link is not None and link.tag != "a":
            link = link.getparent()
        if link is not None:
            return link.get("href", ""), title
    for link in _LINKS(item):
        if link.get("aria-hidden") == "true":
            continue
        title = clean_optional(text_content(link)) or clean_optional(link.get("title"))
        if title is not None:
            return link.get("href", ""), title
    return None


def _topic(item: Element) -> str | None:
    """The label shown with the teaser (``.a-tag``), or ``None``."""
    for label in _TOPICS(item):
        text = clean_optional(text_content(label))
        if text is not None:
            return text
    return None


def _largest(files: tuple[ImageRendition, ...]) -> ImageRendition | None:
    """The widest file; on a tie the ``<img>``'s own (type ``None``, a JPEG) wins."""
    sized = [f for f in files if f.width is not None]
    return max(sized, key=lambda f: (f.width or 0, f.type is None), default=None)


def _image(item: Element, base: str) -> Image | None:
    """The teaser's picture: its largest rendition, and every ``srcset`` file."""
    for img in _IMAGES(item):
        files = renditions(img, base)
        largest = _largest(files)
        src = normalize_url(img.get("src"), base) or normalize_url(img.get("data-src"), base)
        url = largest.url if largest is not None else src or (files[0].url if files else None)
        if url is None or url.startswith(PLACEHOLDER_PREFIX):
            continue
        return Image(
            url=url,
            alt=clean_optional(img.get("alt")),
            width=dimension(img.get("width")),
            height=dimension(img.get("height")),
            renditions=files,
        )
    return None


def _published(item: Element) -> datetime | None:
    """The time shown with the teaser, or ``None``."""
    for time in _TIMES(item):
        published = iso_datetime(time.get("datetime", ""))
        if published is not None:
            return published
    return None


def _teaser(item: Element, base: str) -> Teaser | None:
    """The teaser an item shows, or ``None`` when it leads to no article."""
    found = _title_link(item)
    if found is None:
        return None
    href, title = found
    url = normalize_url(href, base)
    if url is None or not _is_article(url):
        return None
    return Teaser(
        title=title,
        url=url,
        topic=_topic(item),
        image=_image(item, base),
        published=_published(item),
    )


def parse_listing(
    html: str | bytes, *, url: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES
) -> tuple[Teaser, ...]:
    """Parse an rfi.fr section or home page and return its article teasers.

    ``html`` is the page, as ``str`` or ``bytes`` (decoded as ``rfiparse.parse()``
    decodes them: byte-order mark, declared charset, else UTF-8). Relative links
    resolve against the page's canonical URL, else ``url``, else ``https://www.rfi.fr/``.

    Teasers come in page order, each article once (its first teaser). Links
    that are not articles (keyword pages, promotions of other sites) are left
    out. A page without teasers gives ``()``. Nothing is fetched.

    ``max_bytes`` bounds the input's size (``str`` counts its UTF-8 bytes); larger
    input is refused before any parsing. ``None`` lifts the limit.

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, ``url`` is not a
        ``str``, or ``max_bytes`` is not an ``int``.
    :raises InputTooLargeError: the input is larger than ``max_bytes``.
    :raises InputTooComplexError: the input cannot be parsed whole in bounded time.
    :raises ForeignSiteError: ``url``, or the page's own URL (canonical link,
        ``og:url``), is on a host that is not RFI's.
    :raises NotAnArticleError: the page names another site (``og:site_name``).
    :raises RfiParseError: the HTML could not be parsed at all.
    """
    text = input_text(html, url, caller="parse_listing", max_bytes=max_bytes)

    body = parse_html(text)
    if body is None:
        return ()
    root = body.getroottree().getroot()
    # The page's own URL decides; ``url`` only where the page states none.
    refuse_foreign(own_urls(root) or [normalize_url(url, None)])
    refuse_foreign_site_names(site_names(root))
    base = _base(root, url)
    teasers: list[Teaser] = []
    seen: set[str] = set()
    for item in _ITEMS(root):
        teaser = _teaser(item, base)
        if teaser is not None and teaser.url not in seen:
            seen.add(teaser.url)
            teasers.append(teaser)
    return tuple(teasers)
