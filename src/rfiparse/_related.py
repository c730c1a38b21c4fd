"""The related-articles block (``<aside>``) shown after the body."""

from __future__ import annotations

from ._html import Element, is_inside, text_content
from ._urls import normalize_url
from .model import RelatedLink

__all__ = ["extract_related"]

# A <span> inside one of these is part of a title or link, not a topic label.
_NOT_LABELS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})


def _in_heading_or_link(element: Element, aside: Element) -> bool:
    node = element.getparent()
    while node is not None and node is not aside:
        if node.get("role") == "heading" or node.tag in _NOT_LABELS:
            return True
        node = node.getparent()
    return False


def extract_related(root: Element, *, base: str, body: Element | None) -> tuple[RelatedLink, ...]:
    """Each link of each ``<aside>`` outside the body, with the topic label above it."""
    links: list[RelatedLink] = []
    seen: set[str] = set()
    for aside in root.iter("aside"):
        if body is not None and is_inside(aside, body):
            continue
        topic: str | None = None
        for element in aside.iter("span", "a"):
            if element.tag == "span":
                if not _in_heading_or_link(element, aside) and element.find(".//a") is None:
                    topic = text_content(element) or topic
                continue
            url = normalize_url(element.get("href"), base)
            title = text_content(element)
            if url is None or not title or url in seen:
                continue
            seen.add(url)
            links.append(RelatedLink(title=title, url=url, topic=topic))
            topic = None
    return tuple(links)
