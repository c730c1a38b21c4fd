"""The related-articles block (``<aside>``) shown after the body."""

from __future__ import annotations

from ._html import Element, has_descendant, is_inside, text_content
from ._urls import normalize_url
from .model import RelatedLink

__all__ = ["extract_related"]

# A <span> inside one of these is part of a title or link, not a topic label.
_NOT_LABELS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})


def _is_label(span: Element, stop: Element) -> bool:
    node = span.getparent()
    while node is not None and node is not stop:
        if node.get("role") == "heading" or node.tag in _NOT_LABELS:
            return False
        node = node.getparent()
    return not has_descendant(span, ("a",))


def _first_link(scope: Element, base: str) -> tuple[str, str] | None:
    """The (url, title) of the first link with text in ``scope``."""
    for anchor in scope.iter("a"):
        title = text_content(anchor)
        url = normalize_url(anchor.get("href"), base) if title else None
        if url is not None:
            return url, title
    return None


def _label(item: Element) -> str | None:
    """The item's first non-empty topic label."""
    for span in item.iter("span"):
        if _is_label(span, item):
            text = text_content(span)
            if text:
                return text
    return None


def _from_items(items: list[Element], base: str) -> list[RelatedLink]:
    """One link per article item (``[data-article-list]``): its titled link and its label."""
    links = []
    for item in items:
        found = _first_link(item, base)
        if found is not None:
            url, title = found
            links.append(RelatedLink(title=title, url=url, topic=_label(item)))
    return links


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
        items = [e for e in aside.iter() if e.get("data-article-list") is not None]
        for link in _from_items(items, base) if items else _from_sequence(aside, base):
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return tuple(links)
