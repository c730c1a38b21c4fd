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
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import NamedTuple
from urllib.parse import urlsplit

from lxml.cssselect import CSSSelector

from ._arguments import DEFAULT_MAX_BYTES, input_text
from ._dates import iso_datetime
from ._html import Element, Texts, outermost, parse_html
from ._images import PLACEHOLDER_PREFIX, Pictures, dimension
from ._page import canonical_url
from ._refusals import refuse_foreign_page
from ._text import clean_optional
from ._urls import RFI_BASE, normalize_url
from .model import Image, Teaser

__all__ = ["parse_listing"]

_ITEMS = CSSSelector("[data-article-list], .m-item-list-article, .m-item-news-feed")
# What a teaser is read from, each found in one pass over the page and handed to
# the nearest item around it (an item nested in another is read on its own).
_HEADINGS = CSSSelector('h1, h2, h3, h4, h5, h6, [role="heading"]')
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


class _Where(NamedTuple):
    """Where an element stands: its item, and the links between the two."""

    item: Element | None  # the nearest item at or above the element
    link: Element | None  # the nearest <a> at or above it, up to the item
    in_link: bool  # whether an <a href> stands at or above it, up to the item


_NOWHERE = _Where(item=None, link=None, in_link=False)


def _within(tops: list[Element], selector: CSSSelector) -> Iterator[Element]:
    """What ``selector`` finds at or below each of ``tops`` (disjoint), in page order."""
    for top in tops:
        yield from selector(top)


class _Items:
    """The page's items, and what each holds, from one pass over the page per kind.

    Read item by item (one selector per item and kind), items nested to libxml2's
    256-level cap would each walk everything below them. Here each element is
    looked at a bounded number of times: where it stands is kept for every
    element on the way up.
    """

    def __init__(self, root: Element, base: str) -> None:
        self.pictures = Pictures(base)
        self.texts = Texts(root)
        self.items: list[Element] = _ITEMS(root)
        self._is_item = set(self.items)
        self._where: dict[Element, _Where] = {}
        # Looked for only inside the outermost items: what stands outside every item
        # is no teaser's.
        tops = outermost(self.items)
        self.headings = self._group(_within(tops, _HEADINGS), above=True)
        self.links = self._group(_within(tops, _LINKS))
        self.topics = self._group(_within(tops, _TOPICS))
        self.images = self._group(_within(tops, _IMAGES))
        self.times = self._group(_within(tops, _TIMES))

    def where(self, element: Element) -> _Where:
        """Where ``element`` stands (kept for it and every element on the way up)."""
        path: list[Element] = []
        below = _NOWHERE
        node: Element | None = element
        while node is not None:
            known = self._where.get(node)
            if known is not None:
                below = known
                break
            path.append(node)
            if node in self._is_item:
                break  # its own item: nothing above it counts
            node = node.getparent()
        for node in reversed(path):  # from the top down
            if node in self._is_item:
                below = _NOWHERE._replace(item=node)
            if node.tag == "a":
                below = _Where(below.item, node, below.in_link or node.get("href") is not None)
            self._where[node] = below
        return below

    def _group(
        self, elements: Iterable[Element], *, above: bool = False
    ) -> dict[Element, list[tuple[Element, _Where]]]:
        """``elements`` by item, in page order, each with where it stands.

        With ``above``, where its parent stands (a heading's link is above it).
        """
        grouped: dict[Element, list[tuple[Element, _Where]]] = {}
        for element in elements:
            if above and element in self._is_item:
                continue  # no link of its item stands above an item
            start = element.getparent() if above else element
            where = self.where(start) if start is not None else _NOWHERE
            if where.item is not None:
                grouped.setdefault(where.item, []).append((element, where))
        return grouped


def _title_link(item: Element, found: _Items) -> tuple[str, str] | None:
    """The raw href and the title text of the item's title link, or ``None``.

    That is the first heading inside a link of the item, else the item's first
    visible link with a title.
    """
    for heading, where in found.headings.get(item, ()):
        if not where.in_link or where.link is None:
            continue
        title = clean_optional(found.texts.text(heading))
        if title is not None:
            return where.link.get("href", ""), title
    for link, _ in found.links.get(item, ()):
        if link.get("aria-hidden") == "true":
            continue
        title = clean_optional(found.texts.text(link)) or clean_optional(link.get("title"))
        if title is not None:
            return link.get("href", ""), title
    return None


def _topic(item: Element, found: _Items) -> str | None:
    """The label shown with the teaser (``.a-tag``), or ``None``."""
    for label, _ in found.topics.get(item, ()):
        text = clean_optional(found.texts.text(label))
        if text is not None:
            return text
    return None


def _image(item: Element, found: _Items, base: str) -> Image | None:
    """The teaser's picture: its largest rendition, and every ``srcset`` file."""
    for img, _ in found.images.get(item, ()):
        # The widest file is read without building the image's list of files: many
        # images in one picture of many sources would each build it again.
        widest = found.pictures.widest(img)
        src = normalize_url(img.get("src"), base) or normalize_url(img.get("data-src"), base)
        url = widest.url if widest is not None else src or found.pictures.first_file(img)
        if url is None or url.startswith(PLACEHOLDER_PREFIX):
            continue
        files = found.pictures.renditions(img)
        return Image(
            url=url,
            alt=clean_optional(img.get("alt")),
            width=dimension(img.get("width")),
            height=dimension(img.get("height")),
            renditions=files,
        )
    return None


def _published(item: Element, found: _Items) -> datetime | None:
    """The time shown with the teaser, or ``None``."""
    for time, _ in found.times.get(item, ()):
        published = iso_datetime(time.get("datetime", ""))
        if published is not None:
            return published
    return None


def _teaser(item: Element, found: _Items, base: str) -> Teaser | None:
    """The teaser an item shows, or ``None`` when it leads to no article."""
    title_link = _title_link(item, found)
    if title_link is None:
        return None
    href, title = title_link
    url = normalize_url(href, base)
    if url is None or not _is_article(url):
        return None
    return Teaser(
        title=title,
        url=url,
        topic=_topic(item, found),
        image=_image(item, found, base),
        published=_published(item, found),
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
    :raises ValueError: ``url`` is not an absolute http(s) URL (a usage error,
        not an ``RfiParseError``).
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
    refuse_foreign_page(root, url=url)
    base = _base(root, url)
    teasers: list[Teaser] = []
    seen: set[str] = set()
    found = _Items(root, base)
    for item in found.items:
        teaser = _teaser(item, found, base)
        if teaser is not None and teaser.url not in seen:
            seen.add(teaser.url)
            teasers.append(teaser)
    return tuple(teasers)
