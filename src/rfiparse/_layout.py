"""Where each part of an RFI article fragment stands in the tree.

Feed records and feed entries lay the article out as siblings of one container:
the date ``<div>``, the main ``<img>`` (or a ``<picture>`` or ``<figure>`` around
one), the lead ``<p><strong>``, the body
``<div>``, then share buttons, an author block, the related ``<aside>`` and feed
footers. 2020–21 markup marks the body with ``class="t-content__body"``; later
markup has no classes, so the parts are found by their shape and order.
"""

from __future__ import annotations

import attrs

from ._dates import DATE_LINE
from ._html import Element, first_below, has_descendant, has_token, text_content
from ._markup import (
    BODY_CLASS,
    CONTENT_TAGS,
    ChromeScan,
    is_bold_run,
    is_chrome,
    is_media_script,
    is_skipped,
)

__all__ = ["Layout", "locate"]


@attrs.frozen(kw_only=True)
class Layout:
    """The located parts; any may be missing."""

    container: Element
    date: Element | None = None
    image: Element | None = None
    lead: Element | None = None
    body: Element | None = None


def _is_date(element: Element) -> bool:
    return (
        element.tag == "div"
        and len(element) == 0
        and element.text is not None
        and DATE_LINE.fullmatch(element.text) is not None
    )


def _find_date(root: Element) -> Element | None:
    for div in root.iter("div"):
        if _is_date(div):
            return div
    return None


def _find_body_by_class(root: Element) -> Element | None:
    """The first element of class ``t-content__body`` (a walk: cheaper than a selector)."""
    for element in root.iter():
        if has_token(element.get("class"), BODY_CLASS):
            return element
    return None


def _is_lead(element: Element) -> bool:
    """``<p><strong>…</strong></p>``: a paragraph whose whole content is one bold run."""
    return is_bold_run(element, with_links=True)


def _is_main_image(element: Element) -> bool:
    """An ``<img>``, or a ``<picture>`` or ``<figure>`` around one (lazy 2022+ markup)."""
    return element.tag == "img" or (
        element.tag in ("picture", "figure") and has_descendant(element, ("img",))
    )


def _looks_like_body(element: Element) -> bool:
    """Whether ``element`` has the shape of an article body, read from its subtree alone.

    For the children of one container (disjoint subtrees); going down through nested
    wrappers, ``_Shapes.looks_like_body()`` answers without walking each level again.
    """
    if element.tag not in ("div", "section", "article") or is_skipped(element):
        return False
    if has_descendant(element, ("aside",)):
        return False
    if has_descendant(element, CONTENT_TAGS) or any(
        is_media_script(script) for script in element.iter("script")
    ):
        return True
    # An article with no text of its own still has RFI's body furniture in it
    # (self-promotion, ads, players), which no share or author block has.
    return any(is_skipped(c) for c in element if isinstance(c.tag, str)) and not is_chrome(element)


class _Shapes:
    """What each block of the fragment holds, found in one walk per kind, on first need.

    Asked block by block (``has_descendant()``), going down through nested
    wrappers would walk each level's subtree again: here every answer is a look-up.
    """

    def __init__(self, root: Element) -> None:
        self._root = root
        self._asides: dict[Element, Element] | None = None
        self._content: dict[Element, Element] | None = None
        self._media: dict[Element, Element] | None = None
        self._chrome: ChromeScan | None = None

    def looks_like_body(self, element: Element) -> bool:
        """Whether ``element`` (in the root's subtree) has the shape of an article body."""
        if element.tag not in ("div", "section", "article") or is_skipped(element):
            return False
        root = self._root
        if self._asides is None:
            self._asides = first_below(root, root.iter("aside"))
        if element in self._asides:
            return False
        if self._content is None:
            self._content = first_below(root, root.iter(*CONTENT_TAGS))
        if element in self._content:
            return True
        if self._media is None:
            self._media = first_below(root, filter(is_media_script, root.iter("script")))
        if element in self._media:
            return True
        # An article with no text of its own still has RFI's body furniture in it
        # (self-promotion, ads, players), which no share or author block has.
        if not any(is_skipped(c) for c in element if isinstance(c.tag, str)):
            return False
        if self._chrome is None:
            self._chrome = ChromeScan(root)
        return not self._chrome.is_chrome(element)


def _is_wrapper(children: list[Element], shapes: _Shapes) -> bool:
    """Children laid out as a fragment: date, image or lead, then one body ``<div>``.

    Anything after the body must not look like a second body: a block with two
    content ``<div>`` s is itself the body, not a wrapper around it.
    """
    seen_header = False
    for index, child in enumerate(children):
        if shapes.looks_like_body(child):
            return seen_header and not any(shapes.looks_like_body(c) for c in children[index + 1 :])
        if not (_is_main_image(child) or _is_date(child) or _is_lead(child)):
            return False
        seen_header = True
    return False


def _unwrap(root: Element, shapes: _Shapes) -> Element:
    """Go down through lone wrapper ``<div>`` s that hold the whole fragment."""
    node = root
    while True:
        children = [c for c in node if isinstance(c.tag, str)]
        if len(children) != 1 or children[0].tag != "div":
            return node
        if node.text and not node.text.isspace():
            return node
        child = children[0]
        if child.tail and not child.tail.isspace():
            return node
        inner = [c for c in child if isinstance(c.tag, str)]
        if _is_wrapper(inner, shapes):
            node = child  # image, lead, then the body: the lone div wraps the fragment
            continue
        if any(c.tag in CONTENT_TAGS or is_skipped(c) for c in inner):
            return node  # the lone div is the body itself (text, or embeds and promotions)
        node = child


def locate(root: Element, *, source: str | None = None) -> Layout:
    """Find the date, main image, lead and body of the article fragment under ``root``.

    ``source`` is the HTML the tree was parsed from, if at hand: where it never
    names ``t-content__body``, the body is not looked for by class (a walk of the
    whole tree) but by its shape, as in class-stripped markup.
    """
    body = _find_body_by_class(root) if source is None or BODY_CLASS in source else None
    date = None
    if body is not None:
        container = body.getparent()
        if container is None:  # pragma: no cover - the body is never the root
            container = root
        date = next((c for c in container if _is_date(c)), None)
    else:
        date = _find_date(root)
        container = date.getparent() if date is not None else None
        if container is None:
            container = _unwrap(root, _Shapes(root))
    children = [c for c in container if isinstance(c.tag, str)]
    start = children.index(date) + 1 if date is not None and date in children else 0
    if body is None:
        body = next((c for c in children[start:] if _looks_like_body(c)), None)
    if body is None and (
        any(c.tag in CONTENT_TAGS for c in children[start:]) or text_content(container)
    ):
        body = container  # a fragment of bare paragraphs, or of bare text
    end = children.index(body) if body is not None and body in children else len(children)
    if body is container:
        end = next((i for i, c in enumerate(children) if i >= start and c.tag != "img"), end)
        if end < len(children) and _is_lead(children[end]):
            end += 1
    image = lead = None
    for child in children[start:end]:
        if image is None and lead is None and _is_main_image(child):
            image = child
        elif lead is None and _is_lead(child):
            lead = child
    return Layout(container=container, date=date, image=image, lead=lead, body=body)
