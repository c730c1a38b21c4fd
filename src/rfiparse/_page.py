"""Full rfi.fr article pages: JSON-LD first, then the ``t-content__*`` DOM, then meta tags.

Each field comes from the most reliable source the page has. JSON-LD
``NewsArticle`` states dates, authors and keywords exactly; the DOM holds the
text and its structure; OpenGraph and ``<meta>`` tags are the last resort.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

import attrs
from lxml import etree

from ._article import build_article, read_body, read_origin
from ._authors import extract_authors
from ._dates import iso_datetime
from ._html import Element, has_token, outermost, text_content
from ._images import PLACEHOLDER_PREFIX, extract_figure_image
from ._json import json_count, json_items, json_object, json_str
from ._jsonld import find_news_article, json_strings
from ._markup import (
    ARTICLE_LAYOUT_CLASS,
    AUTHORS_CLASS,
    BODY_CLASS,
    DATES_CLASS,
    LEAD_CLASS,
    MAIN_MEDIA_CLASS,
    SHARES_CLASS,
    TEMPLATE_PREFIX,
    TITLE_CLASS,
)
from ._related import extract_related
from ._share import short_url
from ._text import clean_optional, clean_text
from ._urls import RFI_BASE, normalize_url
from .model import Alternate, Article, Author, Image

__all__ = [
    "PageParts",
    "canonical_url",
    "extract_page",
    "is_article_page",
    "is_listing_page",
    "own_urls",
    "page_meta",
    "page_parts",
    "site_names",
]

# The parts of the article are found by their classes in one walk over the page;
# one CSS selector per part would walk the whole page once each.
_READING_TIME = "a-reading-time"
_PAGE_CLASSES = frozenset(
    {
        TITLE_CLASS,
        LEAD_CLASS,
        BODY_CLASS,
        DATES_CLASS,
        MAIN_MEDIA_CLASS,
        AUTHORS_CLASS,
        _READING_TIME,
        SHARES_CLASS,
        ARTICLE_LAYOUT_CLASS,
    }
)
_ARTICLE_CONTENT = etree.XPath("//*[@data-article-content]")
_TEASERS = etree.XPath("//*[@data-article-list]")
_MINUTES = re.compile(r"\d{1,4}")


@attrs.frozen(kw_only=True)
class PageParts:
    """The three sources of a page, found once, and its elements by class."""

    document: Element
    jsonld: dict[str, object] | None
    meta: dict[str, tuple[str, ...]]
    classes: dict[str, list[Element]]

    def first(self, token: str, tag: str | None = None) -> Element | None:
        """The first element with class ``token`` (and tag ``tag``), in page order."""
        for element in self.classes.get(token, ()):
            if tag is None or element.tag == tag:
                return element
        return None

    def below(self, token: str, tag: str, attribute: str) -> list[Element]:
        """``.token tag[attribute]``: each such element below one with the class, once.

        Only the outermost elements with the class are walked: the others are inside
        them (walked, nested blocks would each be walked once per level).
        """
        found: list[Element] = []
        seen: set[Element] = set()
        for container in outermost(self.classes.get(token, ())):
            for element in container.iter(tag):
                if (
                    element is not container
                    and element.get(attribute) is not None
                    and element not in seen
                ):
                    seen.add(element)
                    found.append(element)
        return found


def page_meta(document: Element) -> dict[str, tuple[str, ...]]:
    """The page's ``<meta>`` contents by lower-cased ``property`` or ``name``, in page order."""
    found: dict[str, list[str]] = {}
    for element in document.iter("meta"):  # meta[content], without a selector's cost
        if element.get("content") is None:
            continue
        key = element.get("property") or element.get("name")
        if key:
            found.setdefault(key.strip().lower(), []).append(element.get("content") or "")
    return {k: tuple(v) for k, v in found.items()}


def _classes(document: Element) -> dict[str, list[Element]]:
    """The elements of each of ``_PAGE_CLASSES``, in page order, from one walk of the page."""
    found: dict[str, list[Element]] = {}
    template, reading_time = TEMPLATE_PREFIX, _READING_TIME  # locals: read for every element
    for element in document.iter():
        value = element.get("class")
        if value is not None and (template in value or reading_time in value):
            for token in value.split():
                if token in _PAGE_CLASSES:
                    found.setdefault(token, []).append(element)
    return found


def page_parts(document: Element) -> PageParts:
    """Read the page's JSON-LD and meta tags, and find its classed parts."""
    return PageParts(
        document=document,
        jsonld=find_news_article(document),
        meta=page_meta(document),
        classes=_classes(document),
    )


def is_article_page(parts: PageParts) -> bool:
    """A page that presents one article (JSON-LD, ``og:type``, or RFI's article layout)."""
    if parts.jsonld is not None or "article" in parts.meta.get("og:type", ()):
        return True
    return (
        ARTICLE_LAYOUT_CLASS in parts.classes
        or parts.first(TITLE_CLASS, "h1") is not None
        or bool(_ARTICLE_CONTENT(parts.document))
    )


def is_listing_page(parts: PageParts) -> bool:
    """A section or home page: teasers, and no article of its own."""
    return not is_article_page(parts) and len(_TEASERS(parts.document)) >= 2


def _links(document: Element, rel: str) -> list[Element]:
    """``link[rel~=<rel>][href]``, in page order, without a selector's cost."""
    return [
        link
        for link in document.iter("link")
        if link.get("href") is not None and has_token(link.get("rel"), rel)
    ]


def canonical_url(document: Element, base: str | None) -> str | None:
    """The page's first usable ``<link rel="canonical">``, resolved against ``base``."""
    for link in _links(document, "canonical"):
        url = normalize_url(link.get("href"), base)
        if url is not None:
            return url
    return None


def own_urls(
    document: Element, *, meta: Mapping[str, tuple[str, ...]], jsonld: Mapping[str, object] | None
) -> tuple[str, ...]:
    """The http(s) URLs a page states for itself: JSON-LD ``url``, canonical link, ``og:url``.

    ``meta`` is the page's ``page_meta()`` and ``jsonld`` its ``NewsArticle``, if
    read. Relative URLs are not statements of a host and are left out.
    """
    stated = [json_str(jsonld.get("url")) if jsonld else None, canonical_url(document, None)]
    stated.extend(meta.get("og:url", ()))
    urls = (normalize_url(clean_optional(raw), None) if raw else None for raw in stated)
    return tuple(dict.fromkeys(url for url in urls if url is not None))


def site_names(meta: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The site names a page states (``og:site_name``, from ``page_meta()``), trimmed."""
    return tuple(name for name in map(clean_optional, meta.get("og:site_name", ())) if name)


def _first(found: list[Element]) -> Element | None:
    return found[0] if found else None


def _ld_str(parts: PageParts, key: str) -> str | None:
    """The JSON-LD string ``key``, cleaned, or ``None`` if absent, empty or not a string."""
    return clean_optional(json_str(parts.jsonld.get(key))) if parts.jsonld else None


def _meta_str(parts: PageParts, *keys: str) -> str | None:
    for key in keys:
        for value in parts.meta.get(key, ()):
            text = clean_optional(value)
            if text:
                return text
    return None


def _date(parts: PageParts, ld_key: str, meta_key: str, time: Element | None) -> datetime | None:
    for raw in (
        _ld_str(parts, ld_key),
        time.get("datetime") if time is not None else None,
        _meta_str(parts, meta_key),
    ):
        value = iso_datetime(raw) if raw else None
        if value is not None:
            return value
    return None


def _authors(parts: PageParts, base: str) -> tuple[Author, ...]:
    found: list[Author] = []
    for item in json_items(parts.jsonld.get("author")) if parts.jsonld else ():
        person = json_object(item)
        if person is not None:
            name = clean_optional(json_str(person.get("name")))
            if name:
                url = normalize_url(json_str(person.get("url")), base)
                found.append(Author(name=name, url=url))
        elif isinstance(item, str) and clean_optional(item):
            found.append(Author(name=clean_text(item)))
    if found:
        return tuple(found)
    dom = []
    for anchor in parts.below(AUTHORS_CLASS, "a", "href"):
        name = text_content(anchor)
        if name:
            dom.append(Author(name=name, url=normalize_url(anchor.get("href"), base)))
    return tuple(dom) or extract_authors(parts.document, base=base, body=None)


def _tags(parts: PageParts) -> tuple[str, ...]:
    tags = [t for t in (clean_optional(v) for v in parts.meta.get("article:tag", ())) if t]
    if not tags and parts.jsonld is not None:
        keywords = parts.jsonld.get("keywords")
        if isinstance(keywords, str):
            keywords = keywords.split(",")
        tags = [t for t in (clean_optional(k) for k in json_strings(keywords)) if t]
    return tuple(dict.fromkeys(tags))


def _alternates(document: Element, base: str) -> tuple[Alternate, ...]:
    found = []
    for link in _links(document, "alternate"):
        if link.get("hreflang") is None:
            continue
        language = clean_optional(link.get("hreflang"))
        url = normalize_url(link.get("href"), base)
        if language and url and language != "x-default":
            found.append(Alternate(language=language, url=url))
    return tuple(found)


def _reading_time(parts: PageParts) -> int | None:
    element = parts.first(_READING_TIME)
    match = _MINUTES.search(text_content(element)) if element is not None else None
    return int(match.group()) if match else None


def _word_count(parts: PageParts) -> int | None:
    """JSON-LD ``wordCount``: a count of up to 9 digits (``json_count``), else ``None``."""
    return json_count(parts.jsonld.get("wordCount"), max_digits=9) if parts.jsonld else None


def _short_url(parts: PageParts) -> str | None:
    """The rfi.my link the links of the share block pass on (``_share.short_url()``)."""
    return short_url(anchor.get("href") for anchor in parts.below(SHARES_CLASS, "a", "href"))


def _main_image(parts: PageParts, base: str) -> Image | None:
    image = extract_figure_image(parts.first(MAIN_MEDIA_CLASS), base=base)
    if image is not None:
        return image
    candidates = json_strings(parts.jsonld.get("image")) if parts.jsonld else []
    candidates.append(_meta_str(parts, "og:image") or "")
    for candidate in candidates:
        url = normalize_url(candidate, base)
        # RFI's generic social card stands in for pages with no image of their own.
        if url and not url.startswith(PLACEHOLDER_PREFIX):
            return Image(url=url)
    return None


def _page_url(parts: PageParts, url: str | None) -> str | None:
    """The page's own URL (JSON-LD ``url``, canonical link, ``og:url``), else ``url``."""
    return (
        normalize_url(_ld_str(parts, "url"), None)
        or canonical_url(parts.document, None)
        or normalize_url(_meta_str(parts, "og:url"), None)
        or normalize_url(url, None)
    )


def _title(parts: PageParts) -> str | None:
    """The page's title as written: JSON-LD ``headline``, the ``<h1>``, ``og:title``."""
    title_element = parts.first(TITLE_CLASS, "h1")
    return (
        _ld_str(parts, "headline")
        or (text_content(title_element) if title_element is not None else None)
        or _meta_str(parts, "og:title")
    )


def _lead(parts: PageParts) -> str | None:
    """The page's lead: its ``t-content__chapo``, else JSON-LD ``description``."""
    chapo = parts.first(LEAD_CLASS)
    text = clean_optional(text_content(chapo)) if chapo is not None else None
    return text or _ld_str(parts, "description")


def extract_page(parts: PageParts, *, url: str | None) -> Article:
    """The article of a full rfi.fr page."""
    document = parts.document
    origin = read_origin(_page_url(parts, url), _title(parts))
    base = origin.url or RFI_BASE
    body = parts.first(BODY_CLASS)
    times = parts.below(DATES_CLASS, "time", "datetime")
    return build_article(
        origin,
        read_body(body, base=base, spill=False),
        lead=_lead(parts),
        published=_date(parts, "datePublished", "article:published_time", _first(times)),
        modified=_date(
            parts, "dateModified", "article:modified_time", times[1] if len(times) > 1 else None
        ),
        image=_main_image(parts, base),
        related=extract_related(document, base=base, body=body, own_url=origin.url),
        language=_ld_str(parts, "inLanguage"),
        section=_ld_str(parts, "articleSection") or _meta_str(parts, "article:section"),
        authors=_authors(parts, base),
        tags=_tags(parts),
        alternates=_alternates(document, base),
        reading_time=_reading_time(parts),
        word_count=_word_count(parts),
        short_url=_short_url(parts),
    )
