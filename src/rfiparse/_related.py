"""The related-articles block (``<aside>``) shown after the body."""

from __future__ import annotations

import itertools
from collections.abc import Collection

from lxml import etree

from ._html import Element, Texts, first_below, nearest_above, outermost
from ._urls import normalize_url
from .model import RelatedLink

__all__ = ["extract_related"]

# A <span> inside one of these is part of a title or link, not a topic label.
_NOT_LABELS = frozenset({"a", "h1", "h2", "h3", "h4", "h5", "h6"})
# One article item of a list: evaluated by libxml2, without a Python step per element.
_ITEMS = etree.XPath("descendant-or-self::*[@data-article-list]")


def _blocks_labels(element: Element) -> bool:
    """Whether a ``<span>`` inside ``element`` is part of a title or link."""
    return element.tag in _NOT_LABELS or element.get("role") == "heading"


class _Scopes:
    """Which scope (article item, or the whole aside) each element belongs to.

    An element belongs to the nearest of the ``scopes`` at or above it, and a
    ``<span>`` of it is a topic label only if no link or heading stands between
    the span and that scope. Both are kept for each element on the way up, so
    that all the spans of an aside cost a bounded number of visits per element,
    however deep they are nested.
    """

    def __init__(self, aside: Element, scopes: Collection[Element]) -> None:
        self._aside = aside
        self._scopes = scopes
        # element -> (its scope or None, whether a link or heading stands between)
        self._known: dict[Element, tuple[Element | None, bool]] = {}
        self._links_below: dict[Element, Element] | None = None

    def scope(self, element: Element) -> tuple[Element | None, bool]:
        """``element``'s scope, and whether a link or heading stands between them.

        The scope of an element is itself when it is one; the element itself is
        not looked at otherwise (only what stands above it).
        """
        if element in self._scopes:
            return element, False
        path: list[Element] = []
        answer: tuple[Element | None, bool] = (None, False)
        node = element.getparent()
        while node is not None:
            known = self._known.get(node)
            if known is not None:
                answer = known
                break
            if node in self._scopes:
                answer = (node, False)
                break
            path.append(node)
            if node is self._aside:
                break
            node = node.getparent()
        scope, blocked = answer
        for node in reversed(path):  # from the top down
            blocked = blocked or _blocks_labels(node)
            self._known[node] = (scope, blocked)
        return scope, blocked

    def is_label(self, span: Element) -> bool:
        """Whether ``span`` is a topic label of its scope.

        That is: no link or heading stands between them, and no link is inside it.
        """
        if self.scope(span)[1]:
            return False
        if len(span) == 0:
            return True
        if self._links_below is None:
            self._links_below = first_below(self._aside, self._aside.iter("a"))
        return span not in self._links_below


class _Item:
    """What an article item's walk has found so far."""

    def __init__(self) -> None:
        self.found: tuple[str, str] | None = None
        self.topic: str | None = None


def _item_link(item: Element, scopes: _Scopes, texts: Texts, base: str) -> RelatedLink | None:
    """An article item's first titled link, with the item's first non-empty topic label.

    One walk of the item's links and spans, in document order, that stops once
    both are found (the item holds no other item).
    """
    found: tuple[str, str] | None = None
    topic: str | None = None
    for element in item.iter("a", "span"):
        if element.tag == "a":
            if found is not None:
                continue
            title = texts.text(element)
            url = normalize_url(element.get("href"), base) if title else None
            if url is None:
                continue
            found = (url, title)
        elif topic is None and scopes.is_label(element):
            topic = texts.text(element) or None
        if found is not None and topic is not None:
            break
    if found is None:
        return None
    return RelatedLink(title=found[1], url=found[0], topic=topic)


def _from_items(aside: Element, items: list[Element], base: str) -> list[RelatedLink]:
    """Each item's first titled link, with the item's first non-empty topic label.

    Each link and span belongs to the nearest item around it (an item nested in
    another is read on its own). Items that hold no other item, as on every real
    page, are each walked alone, until both are found; otherwise one walk of the
    aside's links and spans, in document order, reads them all.
    """
    scopes = _Scopes(aside, set(items))
    texts = Texts(aside)
    if len(outermost(items)) == len(items):
        found = (_item_link(item, scopes, texts, base) for item in items)
        return [link for link in found if link is not None]
    state: dict[Element, _Item] = {}
    for element in aside.iter("a", "span"):
        scope = scopes.scope(element)[0]
        if scope is None:
            continue
        item = state.get(scope)
        if item is None:
            item = state[scope] = _Item()
        elif item.found is not None and item.topic is not None:
            continue
        if element.tag == "a":
            if item.found is not None:
                continue
            title = texts.text(element)
            url = normalize_url(element.get("href"), base) if title else None
            if url is not None:
                item.found = (url, title)
        elif item.topic is None and scopes.is_label(element):
            item.topic = texts.text(element) or None
    links = []
    for scope in items:
        item = state.get(scope)
        if item is not None and item.found is not None:
            links.append(RelatedLink(title=item.found[1], url=item.found[0], topic=item.topic))
    return links


def _from_sequence(aside: Element, base: str) -> list[RelatedLink]:
    """Without item markers: each link takes the last label that stands before it.

    A label's text is read only when a link takes it (the last non-empty one).
    """
    scopes = _Scopes(aside, (aside,))
    texts = Texts(aside)
    links = []
    labels: list[Element] = []
    for element in aside.iter("span", "a"):
        if element.tag == "span":
            if scopes.is_label(element):
                labels.append(element)
            continue
        url = normalize_url(element.get("href"), base)
        title = texts.text(element)
        if url is not None and title:
            topic = next((t for t in map(texts.text, reversed(labels)) if t), None)
            links.append(RelatedLink(title=title, url=url, topic=topic))
            labels = []
    return links


def _nearest_asides(asides: list[Element]) -> dict[Element, Element | None]:
    """Each aside's nearest aside around it (or ``None``), each element looked at once."""
    return nearest_above(asides, _is_aside)


def _is_aside(element: Element) -> bool:
    return element.tag == "aside"


def extract_related(
    root: Element, *, base: str, body: Element | None, own_url: str | None = None
) -> tuple[RelatedLink, ...]:
    """Each article linked from the ``<aside>`` s outside the body, once, in page order.

    A link back to the article itself (``own_url``) is not related to it.

    An aside with article items (``data-article-list``) gives each item's link;
    one without gives every link, each with the label before it. An aside nested
    in another one of the same kind gives nothing its outer one has not given
    already, so it is not read again: every element is read a bounded number of
    times, however deep asides nest.
    """
    links: list[RelatedLink] = []
    seen: set[str] = {own_url} if own_url else set()
    inside_body = set(body.iter("aside")) if body is not None else set()
    asides = [aside for aside in root.iter("aside") if aside not in inside_body]
    if not asides:
        return ()
    around = _nearest_asides(asides)
    # The items of the outermost asides are those of all: which asides hold any.
    items = {aside: _ITEMS(aside) for aside in asides if around[aside] is None}
    with_items = first_below(root, itertools.chain(*items.values()), strict=False)
    for aside in asides:
        outer = around[aside]
        has_items = aside in with_items
        # An aside around one with items has items too; one around one without
        # (and no items) has read all its links already.
        if outer is not None and (has_items or outer not in with_items):
            continue
        if has_items:
            links_here = _from_items(aside, items[aside], base)
        else:
            links_here = _from_sequence(aside, base)
        for link in links_here:
            if link.url not in seen:
                seen.add(link.url)
                links.append(link)
    return tuple(links)
