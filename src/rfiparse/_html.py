"""Parsing HTML into an lxml tree, and small helpers over its elements."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable, Iterator

from lxml import etree

from ._libxml import (
    KEEPS_INVALID_UTF8,
    NO_EXTERNAL_RESOURCES,
    check_attribute_counts,
    hit_resource_limit,
    may_have_hit_depth_limit,
)
from ._precut import drop_head_styles
from ._text import clean_text, strip_invalid_chars
from .errors import InputTooComplexError, RfiParseError

__all__ = [
    "CONTROL_BYTES",
    "Element",
    "Texts",
    "child_element",
    "first_below",
    "has_class",
    "has_control_byte",
    "has_descendant",
    "has_token",
    "nearest_above",
    "outermost",
    "parse_html",
    "text_content",
]

Element = etree._Element

# Elements whose content is never text a reader of the article sees, read alike on
# every lxml version. libxml2 2.14 (lxml 6) reads iframe, noembed, noframes, xmp and
# plaintext as raw text, markup and all (<script> included); 2.13 and older parse
# their content as elements. Browsers show neither the fallback content of noembed,
# noframes and noscript (they run embeds, frames and scripts) nor an iframe's text;
# xmp and plaintext are obsolete elements that show markup as source code, not prose.
NON_TEXT_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "svg", "head", "title",
        "iframe", "noembed", "noframes", "xmp", "plaintext",
    }
)  # fmt: skip

_local = threading.local()


def _parser() -> etree.HTMLParser:
    """Return this thread's HTML parser, which reads nothing but the bytes it is given.

    lxml parsers are not meant to be used by several threads at once: one per
    thread. libxml2's HTML parser loads no DTD and no entity; the resolver that
    refuses every external resource makes sure of it, whatever the version.
    Its size limits stay on (no ``huge_tree``): lifting them would also let
    trees nest 2,048 levels deep instead of 256.
    """
    parser: etree.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.HTMLParser(
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=False,
            collect_ids=False,
            default_doctype=False,
        )
        parser.resolvers.add(NO_EXTERNAL_RESOURCES)
        _local.parser = parser
    return parser


# Bytes no HTML tree can hold: C0 controls but tab, newline, form feed and
# carriage return (UTF-8 encodes them as themselves), and the two non-characters.
CONTROL_BYTES = bytes(range(0x00, 0x09)) + b"\x0b" + bytes(range(0x0E, 0x20))
_NON_CHARACTERS = re.compile(b"\xef\xbf[\xbe\xbf]")
# From this size on, the bytes are first looked for, at memchr's speed, and copied
# without them only if present: a whole page has none, and looking costs less than
# copying. Below it, one copy costs less than one look-up per byte value.
_LOOK_FIRST_BYTES = 32_768
_CONTROL_BYTE_LIST = tuple(bytes([byte]) for byte in CONTROL_BYTES)
# U+FFFE and U+FFFF start with the byte 0xEF, which most pages hold a few times
# (U+F000-U+FFFF: fullwidth punctuation, private use): so many are checked one by
# one, then the regular expression takes over.
_NON_CHARACTER_LEADS = 64


def has_control_byte(data: bytes) -> bool:
    """Whether ``data`` holds one of ``CONTROL_BYTES``."""
    return any(map(data.__contains__, _CONTROL_BYTE_LIST))  # one memchr() each


def _has_non_character(data: bytes) -> bool:
    find = data.find
    start = find(b"\xef")
    for _ in range(_NON_CHARACTER_LEADS):
        if start < 0:
            return False
        if data[start + 1 : start + 2] == b"\xbf" and data[start + 2 : start + 3] in (
            b"\xbe",
            b"\xbf",
        ):
            return True
        start = find(b"\xef", start + 1)
    return start >= 0 and _NON_CHARACTERS.search(data, start) is not None


def without_invalid_bytes(data: bytes) -> bytes:
    """``data`` without the bytes no HTML tree can hold (C0 controls, U+FFFE, U+FFFF).

    The same as deleting ``CONTROL_BYTES`` and then every match of
    ``_NON_CHARACTERS``; large inputs are searched before anything is copied.
    """
    if len(data) < _LOOK_FIRST_BYTES or has_control_byte(data):
        data = data.translate(None, CONTROL_BYTES)
        if _NON_CHARACTERS.search(data) is not None:
            data = _NON_CHARACTERS.sub(b"", data)
    elif _has_non_character(data):
        data = _NON_CHARACTERS.sub(b"", data)
    return data


def _valid_utf8(data: bytes) -> bytes:
    """``data``, each byte of it that is not UTF-8 read as U+FFFD (as libxml2 2.14 reads it)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("utf-8", errors="replace").encode("utf-8")
    return data


def parse_html(html: str | bytes) -> Element | None:
    """Parse HTML (a fragment or a page) and return its ``<body>``, or ``None`` if empty.

    ``html`` is text, or UTF-8 bytes (a BOM allowed): lxml reads bytes directly,
    which is faster than decoding them first. A byte that is not UTF-8 is read as
    U+FFFD (by libxml2 2.14 itself; before it, by ``_valid_utf8()``). Characters
    that no HTML tree can hold (NUL and other C0 controls, lone surrogates, U+FFFE
    and U+FFFF) are dropped on the way: left in, they would turn blank runs between
    tags into text.
    The text of the style sheets at the head of a page is not parsed (see
    ``rfiparse._precut``): it is never read.

    :raises InputTooComplexError: a start tag has more attributes than
        ``_libxml.MAX_ATTRIBUTES`` (refused before parsing), or a text node,
        attribute value or comment is longer than libxml2's 10,000,000-byte limit,
        or elements nest more than 256 deep (the parser stopped there: the tree
        would miss the rest of the document).
    """
    if isinstance(html, str):
        html = html.encode("utf-8", errors="ignore")
    else:
        if html.startswith(b"\xef\xbb\xbf"):
            html = html[3:]
        if KEEPS_INVALID_UTF8:
            html = _valid_utf8(html)
    # The pre-cut reads the bytes as the parser will: without those it cannot hold.
    data = drop_head_styles(without_invalid_bytes(html))
    check_attribute_counts(data)
    parser = _parser()
    try:
        # Annotated as never None, but the HTML parser returns None for empty input.
        root: Element | None = etree.fromstring(data, parser)
    except etree.LxmlError as error:  # pragma: no cover - the HTML parser recovers
        raise RfiParseError(f"the HTML could not be parsed: {error}") from error
    if hit_resource_limit(parser.error_log) or (
        root is not None and may_have_hit_depth_limit(parser.error_log, root)
    ):
        raise InputTooComplexError(
            "the HTML holds a text, attribute value or comment longer than the parser's "
            "10,000,000-byte limit, or elements nested more than 256 deep: the parser "
            "stopped reading there; nothing was returned"
        )
    if root is None:
        return None
    lift_void_contents(root)
    body = child_element(root, "body")
    return body if body is not None else root


# Void elements (no content, no end tag in HTML) that libxml2 2.14 still opens as
# containers: everything after an ``<embed>`` up to its parent's end becomes the
# embed's content, where the rules, which skip embeds, would lose it.
_VOID_CONTAINERS = ("embed", "source", "track", "wbr", "keygen", "bgsound")


def lift_void_contents(root: Element) -> None:
    """Give back to their parents what libxml2 nested inside void elements.

    An element such as ``<embed>`` can hold nothing: its text and children are the
    siblings that followed it, and are moved back after it, in order. Each element
    is moved once (``addnext``, no index lookups), so the pass is linear.
    """
    for void in [e for e in root.iter(*_VOID_CONTAINERS) if len(e) or e.text]:
        if void.getparent() is None:  # pragma: no cover - the root is <html>
            continue
        children = list(void)
        inner, tail = void.text, void.tail
        void.text = None
        for child in reversed(children):
            void.addnext(child)  # each lands right after the void element: order kept
        last = children[-1] if children else void
        _set_tail(void, inner if children else None)
        _set_tail(last, ((last.tail or "") + (tail or "")) or None)
        if not children:
            _set_tail(void, ((inner or "") + (tail or "")) or None)


# What libxml2 puts in a tree (a form feed, and from character references such as
# ``&#1;``, ``&#11;`` or ``&#xFFFE;`` any control or non-character) but lxml refuses to be
# given back. The ones Python reads as whitespace become spaces, the others are dropped:
# ``clean_text()`` reads the result as it reads the original, word breaks included.
_UNSETTABLE_BLANKS = str.maketrans("\x0b\x0c\x1c\x1d\x1e\x1f", "      ")


def _set_tail(element: Element, text: str | None) -> None:
    """``element.tail = text``, for a text read from a tree that lxml would refuse as given."""
    try:
        element.tail = text
    except ValueError:
        element.tail = strip_invalid_chars((text or "").translate(_UNSETTABLE_BLANKS))


def child_element(element: Element, tag: str) -> Element | None:
    """The first child of ``element`` named ``tag``: ``find(tag)`` without ElementPath's cost."""
    for child in element:
        if child.tag == tag:
            return child
    return None


_XML_BLANKS = str.maketrans("\t\n\r", "   ")


def has_token(value: str | None, token: str) -> bool:
    """Whether ``token`` is one of the words of an attribute value, as CSS reads it.

    That is ``[attribute~=token]`` (and ``.token`` for ``class``): words are
    separated by spaces, tabs, carriage returns and line feeds, and by nothing else.
    """
    return value is not None and token in value and token in value.translate(_XML_BLANKS).split(" ")


def has_class(element: Element, token: str) -> bool:
    """Whether ``token`` is one of the element's classes."""
    value = element.get("class")
    return value is not None and token in value.split()


def has_descendant(element: Element, tags: tuple[str, ...]) -> bool:
    """Whether an element below ``element`` (not itself) has one of the ``tags``."""
    found = element.iter(*tags)
    first = next(found, None)
    if first is element:  # iter() starts with the element itself when it matches
        first = next(found, None)
    return first is not None


def first_below(
    root: Element, matches: Iterable[Element], *, strict: bool = True
) -> dict[Element, Element]:
    """For each element of ``root``'s subtree, the first of ``matches`` below it.

    ``matches`` are elements of ``root``'s subtree (or of its document, when
    ``root`` is the document's root) in document order, as ``root.iter(tag)`` or
    an XPath gives them. The answer for element ``E`` is the first match strictly
    below ``E``, or, without ``strict``, at ``E`` or below it; elements with no
    match are not in the dictionary. Every element is written at most once: a
    match marks its ancestors up to the first one already marked (an earlier
    match marked the rest), so the whole costs one pass over the matches and
    their ancestors, however deep, instead of one walk per element asked about.
    """
    found: dict[Element, Element] = {}
    for match in matches:
        if strict and match is root:
            continue  # nothing above the root is asked about
        node: Element | None = match.getparent() if strict else match
        while node is not None and node not in found:
            found[node] = match
            if node is root:
                break
            node = node.getparent()
    return found


def nearest_above(
    elements: Iterable[Element], is_target: Callable[[Element], bool]
) -> dict[Element, Element | None]:
    """For each of ``elements``, its nearest ancestor for which ``is_target`` holds, or ``None``.

    Each element on the way up from each of ``elements`` is looked at once: the
    answer found for it is kept, and a later walk stops there.
    """
    answers: dict[Element, Element | None] = {}
    above: dict[Element, Element | None] = {}  # a non-target ancestor: the target above it
    for element in elements:
        path: list[Element] = []
        answer: Element | None = None
        node = element.getparent()
        while node is not None:
            if node in above:
                answer = above[node]
                break
            if is_target(node):
                answer = node
                break
            path.append(node)
            node = node.getparent()
        for node in path:
            above[node] = answer
        answers[element] = answer
    return answers


def outermost(elements: Iterable[Element]) -> list[Element]:
    """Those of ``elements`` that are not inside another of them, in the order given."""
    chosen = list(elements)
    around = nearest_above(chosen, set(chosen).__contains__)
    return [element for element in chosen if around[element] is None]


def _texts(element: Element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        tag = child.tag
        if isinstance(tag, str):
            if tag == "br":
                yield " "
            elif tag not in NON_TEXT_TAGS:
                yield from _texts(child)
        if child.tail:
            yield child.tail


_SPECIAL_TEXT_TAGS = NON_TEXT_TAGS | {"br"}


def text_content(element: Element) -> str:
    """The element's visible text, whitespace collapsed (scripts and styles left out)."""
    if len(element) == 0:
        return clean_text(element.text) if element.text else ""
    # A Python scan of the (small) subtree: cheaper than lxml's matcher for 9 tags.
    for descendant in element.iterdescendants():
        if descendant.tag in _SPECIAL_TEXT_TAGS:
            return clean_text("".join(_texts(element)))
    # No line break to turn into a blank and no hidden text: libxml2 writes it out,
    # as "".join(element.itertext()) would give it, in one call.
    return clean_text(etree.tostring(element, method="text", encoding=str, with_tail=False))


class Texts:
    """``text_content()`` of many elements of one tree, nested ones included.

    Elements nested to libxml2's 256-level cap, each asked for its text (headings
    in headings, spans in spans), would each have their whole subtree read: when
    they hold no text, for nothing. Once the subtrees read for no text hold more
    than ``_WASTED_ELEMENTS`` elements in all, the elements that may have text (some
    text or tail at or below them) are found in one walk of ``root``, and the others
    answer ``""`` at once. ``root`` must hold every element asked about.
    """

    # Below this, as on real pages (an image link here and there), no walk of the tree.
    _WASTED_ELEMENTS = 4096

    def __init__(self, root: Element) -> None:
        self._root = root
        self._with_text: set[Element] | None = None
        self._wasted = 0

    def _find_with_text(self) -> set[Element]:
        """Every element at or above a text, or strictly above a tail, of the tree."""
        marks: list[Element] = []
        for element in self._root.iter():
            text, tail = element.text, element.tail
            if text and not text.isspace():
                marks.append(element)
            if tail and not tail.isspace() and element is not self._root:
                parent = element.getparent()
                if parent is not None:
                    marks.append(parent)
        found: set[Element] = set()
        for mark in marks:  # each element is added once: its ancestors are then in
            node: Element | None = mark
            while node is not None and node not in found:
                found.add(node)
                if node is self._root:
                    break
                node = node.getparent()
        return found

    def text(self, element: Element) -> str:
        """``text_content(element)``: its visible text, whitespace collapsed."""
        if len(element) == 0:
            return text_content(element)
        if self._with_text is not None and element not in self._with_text:
            return ""
        text = text_content(element)
        if not text and self._with_text is None:
            self._wasted += sum(1 for _ in element.iter())
            if self._wasted > self._WASTED_ELEMENTS:
                self._with_text = self._find_with_text()
        return text
