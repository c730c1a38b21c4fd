"""The article body: its paragraphs, in order, and the copyright line that closes it."""

from __future__ import annotations

import re
from collections.abc import Collection

from ._html import Element, has_class, text_content
from ._markup import SKIPPED_TAGS, ChromeScan, is_bold_run, is_chrome, is_skipped
from ._text import clean_text
from ._urls import normalize_url
from .model import InlineLink, Paragraph, ParagraphKind

__all__ = ["extract_body"]

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BLOCKS: dict[str, ParagraphKind] = {
    "p": "paragraph",
    "li": "list-item",
    "dt": "paragraph",
    "dd": "paragraph",
    "pre": "paragraph",
    **dict.fromkeys(_HEADINGS, "heading"),
}
_CONTAINERS = frozenset(
    {
        "div", "section", "article", "main", "header", "footer", "center",
        "ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
        "caption", "details", "summary", "hgroup", "address", "body",
    }
)  # fmt: skip
COPYRIGHT_CLASS = "t-copyright"
# A short last paragraph that opens with the copyright sign ("© 2020 AFP", "© 网络").
_COPYRIGHT_TEXT = re.compile(r"©.{0,39}", re.DOTALL)


class _Walker:
    """Walks the body once, turning blocks and loose text runs into paragraphs.

    Whether a block is page furniture (``is_chrome()``) is checked directly for
    an outermost block, and read from one scan of it for the blocks inside it, so
    that nested blocks are not scanned once per level.
    """

    def __init__(self, base: str, exclude: Collection[Element]) -> None:
        self.base = base
        self.exclude = exclude
        self.paragraphs: list[Paragraph] = []
        self.copyright: str | None = None
        self._parts: list[str] = []
        self._links: list[InlineLink] = []
        self._outer: Element | None = None  # the outermost block being walked
        self._chrome: ChromeScan | None = None  # the scan of it, once made

    def _is_chrome(self, block: Element) -> bool:
        """``is_chrome(block)``, for a block about to be walked.

        It is checked directly for an outermost block; for the blocks inside the one
        being walked, it is read from one scan of that one, made on first need.
        """
        if self._outer is None:
            return is_chrome(block, self.base)
        if self._chrome is None:
            self._chrome = ChromeScan(self._outer, self.base)
        return self._chrome.is_chrome(block)

    def _enter(self, block: Element) -> bool:
        """Note ``block`` as the outermost block being walked, if none is; whether it is."""
        if self._outer is not None:
            return False
        self._outer = block
        return True

    def _leave(self) -> None:
        self._outer = None
        self._chrome = None

    def _inline(self, element: Element) -> None:
        """Collect an inline element's text and links into the current run."""
        tag = element.tag
        if not isinstance(tag, str) or tag in SKIPPED_TAGS:
            return
        if tag == "br":
            self._parts.append(" ")
            return
        start, index = len(self._parts), len(self._links)
        if text := element.text:  # one read: lxml makes a new string each time
            self._parts.append(text)
        for child in element:
            self._inline(child)
            if tail := child.tail:
                self._parts.append(tail)
        if tag == "a":
            # The link's text is what it adds to the paragraph: not the caption of
            # a figure it wraps, nor any other skipped content inside it.
            link_text = clean_text("".join(self._parts[start:]))
            url = normalize_url(element.get("href"), self.base)
            if link_text and url is not None:
                self._links.insert(index, InlineLink(text=link_text, url=url))

    def _flush(self, kind: ParagraphKind = "paragraph") -> None:
        if not self._parts:
            self._links.clear()
            return
        text = clean_text("".join(self._parts))
        if text:
            self.paragraphs.append(Paragraph(text=text, kind=kind, links=tuple(self._links)))
        self._parts = []
        self._links = []

    def _block(self, element: Element, kind: ParagraphKind) -> None:
        if self._parts or self._links:  # mostly flushed already, by the caller
            self._flush()
        if kind == "paragraph" and is_bold_run(element, with_links=False):
            kind = "heading"
        if text := element.text:
            self._parts.append(text)
        for child in element:
            tag = child.tag
            if (
                isinstance(tag, str)
                and tag not in SKIPPED_TAGS
                # Without attributes or children (<strong>, <br>), nothing else can skip it.
                and ((len(child) == 0 and not child.keys()) or not is_skipped(child))
            ):
                self._inline(child)
            if tail := child.tail:
                self._parts.append(tail)
        self._flush(kind)

    def _leaf_block(self, element: Element, kind: ParagraphKind, quote: bool) -> None:
        """A block without children: its text is the paragraph, what ``_block`` does, faster."""
        raw = element.text
        text = clean_text(raw) if raw else ""
        if text:
            kind = "quote" if quote and kind == "paragraph" else kind
            self.paragraphs.append(Paragraph(text=text, kind=kind))

    def _copyright(self, element: Element) -> None:
        text = text_content(element)
        if text and self.copyright is None:
            self.copyright = text

    def walk_spilled(self, elements: list[Element]) -> None:
        """Walk blocks that broken markup pushed out of the body: blocks only, no loose text."""
        for element in elements:
            tag = element.tag
            if not isinstance(tag, str) or element in self.exclude or is_skipped(element):
                continue
            if has_class(element, COPYRIGHT_CLASS):
                self._copyright(element)
            elif tag in _BLOCKS:
                self._block(element, _BLOCKS[tag])
            elif tag in ("ul", "ol", "dl", "blockquote"):
                self.walk(element, quote=tag == "blockquote")
                self._flush("quote" if tag == "blockquote" else "paragraph")
            elif tag in _CONTAINERS and not self._is_chrome(element):
                outermost = self._enter(element)
                self.walk_spilled(list(element))
                if outermost:
                    self._leave()

    def walk(self, container: Element, quote: bool = False) -> None:
        run_kind: ParagraphKind = "quote" if quote else "paragraph"
        if text := container.text:
            self._parts.append(text)
        for child in container:
            tag = child.tag
            if tag in _BLOCKS and len(child) == 0 and not child.keys():
                # Plain text without attributes, the common case: it cannot be
                # skipped nor be the copyright line (both need an attribute or a
                # child), so it is a paragraph, unless it belongs elsewhere.
                if child not in self.exclude:
                    self._flush(run_kind)
                    self._leaf_block(child, _BLOCKS[tag], quote)
            elif not isinstance(tag, str) or child in self.exclude:
                pass
            elif has_class(child, COPYRIGHT_CLASS):
                self._flush(run_kind)
                self._copyright(child)
            elif is_skipped(child):
                pass
            elif tag in _BLOCKS:
                self._flush(run_kind)
                if len(child) == 0:
                    self._leaf_block(child, _BLOCKS[tag], quote)
                else:
                    kind = _BLOCKS[tag]
                    self._block(child, "quote" if quote and kind == "paragraph" else kind)
            elif tag == "blockquote":
                self._flush(run_kind)
                self.walk(child, quote=True)
                self._flush("quote")
            elif tag in _CONTAINERS:
                self._flush(run_kind)
                if not self._is_chrome(child):
                    outermost = self._enter(child)
                    self.walk(child, quote)
                    self._flush(run_kind)
                    if outermost:
                        self._leave()
            else:
                self._inline(child)
            if tail := child.tail:
                self._parts.append(tail)


def _spilled(body: Element) -> list[Element]:
    """What follows the body, up to the end of the fragment, in document order.

    Archived records with a truncated advertisement close the body early, and
    the rest of the article's paragraphs follow it as siblings of its ancestors.
    """
    spilled: list[Element] = []
    node: Element | None = body
    while node is not None:
        sibling = node.getnext()
        while sibling is not None:
            spilled.append(sibling)
            sibling = sibling.getnext()
        node = node.getparent()
    return spilled


def extract_body(
    body: Element, *, base: str, exclude: Collection[Element] = (), spill: bool = True
) -> tuple[tuple[Paragraph, ...], str | None]:
    """The body's paragraphs in order, and its copyright line (or ``None``).

    ``exclude`` names elements of the body that belong elsewhere (the date, the
    main image and the lead, when the body is the fragment's own container).
    With ``spill`` (fragments and records), paragraphs that broken markup pushed
    out of the body, after it, are kept; share buttons, author credits, the
    related ``<aside>`` and feed footers there are not article text and are left
    out. Full pages hold much else after the body and are read without it.
    """
    walker = _Walker(base, exclude)
    walker.walk(body)
    walker._flush()
    if spill:
        walker.walk_spilled(_spilled(body))
    paragraphs = walker.paragraphs
    copyright_line = walker.copyright
    if copyright_line is None and paragraphs and paragraphs[-1].kind == "paragraph":
        last = paragraphs[-1].text
        if _COPYRIGHT_TEXT.fullmatch(last):
            copyright_line = last
            paragraphs = paragraphs[:-1]
    return tuple(paragraphs), copyright_line
