"""The related-articles block (``<aside>``) shown after the body."""

from __future__ import annotations

from lxml import etree

from ._html import Element, has_descendant, is_inside, text_content
from ._urls import normalize_url
from .model import RelatedLink

__all__ = ["extract_related"]

# A <span> inside one of these is part of a title or link, not a topic label.
_NOT_LABELS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})
# One article item of a list: evaluated by libxml2, without a Python step per element.
_ITEMS = etree.XPath("descendant-or-self::*[@data-article-list]")


def _is_label(span: Element, stop: Element) -> bool:
    node = span.getparent()
    while node is not None and node is not stop:
        if node.tag in _NOT_LABELS or node.get("role") == "heading":
            return False
        node = node.getparent()
    return len(span) == 0 or not has_descendant(span, ("a",))


def _item_link(item: Element, base: str) -> RelatedLink | None:
    """An article item's first titled link, with the item's first non-empty topic label.

    One walk of the item's links and spans, in document order, that stops once
    both are found.
    """
    found: tuple[str, str] | None = None
    topic: str | None = None
    for element in item.iter("a", "span"):
        if element.tag == "a":
            if found is not None:
                continue
            title = text_content(element)
            url = normalize_url(element.get("href"), base) if title else None
            if url is None:
                continue
            found = (url, title)
        elif topic is None and _is_label(element, item):
            topic = text_content(element) or None
        if found is not None and topic is not None:
            break
    if found is None:
        return None
    return RelatedLink(title=found[1], url=found[0], topic=topic)


def _from_sequence(aside: Element, base: str) -> list[RelatedLink]:
    """Without item markers: each link takes the label that stands before it."""
    links = []
    topic: str | None = None
    for element in aside.iter("span", "a"):
        if element.tag == "span":
            if _is_label(element, aside):
                topic = text_content(element) or topic
            continue
        url = normalize_url(element.get("href"), base)
        title = text_content(element)
        if url is not None and title:
            links.append(RelatedLink(title=title, url=url, topic=topic))
            topic = None
    return links


def extract_related(
    root: Element, *, base: str, body: Element | None, own_url: str | None = None
) -> tuple[RelatedLink, ...]:
    """Each article linked from the ``<aside>`` s outside the body, once, in page order.

    A link back to the article itself (``own_url``) is not related to it.
    """
    links: list[RelatedLink] = []
    seen: set[str] = {own_url} if own_url else set()
    for aside in root.iter("aside"):
        if body is not None and is_inside(aside, body):
            continue
        items = _ITEMS(aside)
        if items:
            found = [_item_link(item, base) for item in items]
            links_here = [link for link in found if link is not None]
        else:
            links_here = _from_sequence(aside, base)
        for link in links_here:
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return tuple(links)
