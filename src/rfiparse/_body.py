"""The article body: its paragraphs, in order, and the copyright line that closes it."""

from __future__ import annotations

import re
from collections.abc import Collection

from ._authors import is_author_link
from ._html import NON_TEXT_TAGS, Element, first_below, has_class, has_descendant, text_content
from ._share import SHARE_LINK_MARKERS
from ._text import clean_text
from ._urls import RFI_BASE, normalize_url
from .model import InlineLink, Paragraph, ParagraphKind

__all__ = ["ChromeScan", "extract_body", "is_chrome", "is_media_wrapper", "is_skipped"]

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
# Never article text: embeds, media, forms and the related-articles block.
_SKIPPED_TAGS = NON_TEXT_TAGS | frozenset(
    {
        "iframe", "figure", "button", "form", "object", "embed", "video",
        "audio", "youtube-player", "video-player", "audio-player", "play-media",
        "select", "textarea", "input", "aside", "nav", "canvas", "map",
    }
)  # fmt: skip
_SKIPPED_CLASSES = frozenset(
    {"m-interstitial", "m-block-ad", "m-em-audio", "m-em-video", "m-em-image", "o-self-promo"}
)
_SKIPPED_ATTRIBUTES = frozenset(
    {
        "data-selfpromo-newsletter",
        "data-selfpromo-app",
        "data-wrapper-video-player",
        "data-tms-ad-type",
        "data-readmore-target",
        "data-root-share",
    }
)
COPYRIGHT_CLASS = "t-copyright"
_TEXT_BLOCK_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote")
# A short last paragraph that opens with the copyright sign ("© 2020 AFP", "© 网络").
_COPYRIGHT_TEXT = re.compile(r"©.{0,39}", re.DOTALL)
# Blocks appended around the article by sharing widgets and feed services.
_CHROME_LINKS = (*SHARE_LINK_MARKERS, "//feedx.")


def is_chrome(element: Element, base: str = RFI_BASE) -> bool:
    """Whether a block is page furniture rather than article text.

    Share buttons and a feed service's footer are, and so is an author credit
    ("作者：<name>", read into ``Article.authors``): a block with a link to an
    author's page and no paragraph of its own.
    """
    credit = False
    for anchor in element.iter("a"):
        href = anchor.get("href")
        if not href:
            continue
        for marker in _CHROME_LINKS:  # a loop, not any(): this runs for every link
            if marker in href:
                return True
        credit = credit or is_author_link(href, base)
    return credit and not has_descendant(element, _TEXT_BLOCK_TAGS)


def _is_chrome_link(anchor: Element) -> bool:
    href = anchor.get("href")
    if not href:
        return False
    for marker in _CHROME_LINKS:  # noqa: SIM110 - a loop is cheaper than any() here
        if marker in href:
            return True
    return False


class ChromeScan:
    """``is_chrome()`` for every block of one subtree, from one walk of its links.

    Asked block by block, ``is_chrome()`` walks each block's links: once per
    nesting level for nested blocks. Here the links of ``root``'s subtree are
    read once, and each answer is a look-up (valid for ``root`` and the elements
    below it).
    """

    def __init__(self, root: Element, base: str = RFI_BASE) -> None:
        self._root = root
        anchors = [a for a in root.iter("a") if a.get("href")]
        self._chrome = first_below(root, filter(_is_chrome_link, anchors), strict=False)
        self._credits = first_below(
            root, (a for a in anchors if is_author_link(a.get("href"), base)), strict=False
        )
        self._text_blocks: dict[Element, Element] | None = None

    def is_chrome(self, element: Element) -> bool:
        """``is_chrome(element, base)``, for ``element`` at or below the root."""
        if element in self._chrome:
            return True
        if element not in self._credits:
            return False
        if self._text_blocks is None:
            self._text_blocks = first_below(self._root, self._root.iter(*_TEXT_BLOCK_TAGS))
        return element not in self._text_blocks


def is_skipped(element: Element) -> bool:
    """Whether an element of the body is never article text (embed, ad, promotion)."""
    if element.tag in _SKIPPED_TAGS:
        return True
    names = element.keys()
    if names and not _SKIPPED_ATTRIBUTES.isdisjoint(names):
        return True
    classes = element.get("class") if names else None
    if classes is not None and not _SKIPPED_CLASSES.isdisjoint(classes.split()):
        return True
    # RFI's audio player, with or without its classes: a wrapper around the
    # JSON that describes the media.
    return len(element) != 0 and is_media_wrapper(element)


def is_media_wrapper(element: Element) -> bool:
    """Whether one of the element's children is the ``<script data-media-id>`` of a player."""
    if len(element) == 0:  # most elements of a body: nothing to look at
        return False
    return any(script.get("data-media-id") is not None for script in element.iterchildren("script"))


def _is_bold_only(paragraph: Element) -> bool:
    if paragraph.text and not paragraph.text.isspace():
        return False
    if len(paragraph) == 1:  # the usual case: no list to build
        child = paragraph[0]
        if not isinstance(child.tag, str):
            return False
    else:
        children = [c for c in paragraph if isinstance(c.tag, str)]
        if len(children) != 1:
            return False
        child = children[0]
    if child.tag not in ("strong", "b") or (child.tail and not child.tail.isspace()):
        return False
    return not has_descendant(child, ("a",))


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
        if not isinstance(tag, str) or tag in _SKIPPED_TAGS:
            return
        if tag == "br":
            self._parts.append(" ")
            return
        start, index = len(self._parts), len(self._links)
        if element.text:
            self._parts.append(element.text)
        for child in element:
            self._inline(child)
            if child.tail:
                self._parts.append(child.tail)
        if tag == "a":
            # The link's text is what it adds to the paragraph: not the caption of
            # a figure it wraps, nor any other skipped content inside it.
            text = clean_text("".join(self._parts[start:]))
            url = normalize_url(element.get("href"), self.base)
            if text and url is not None:
                self._links.insert(index, InlineLink(text=text, url=url))

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
        if kind == "paragraph" and element.tag == "p" and _is_bold_only(element):
            kind = "heading"
        if element.text:
            self._parts.append(element.text)
        for child in element:
            tag = child.tag
            if (
                isinstance(tag, str)
                and tag not in _SKIPPED_TAGS
                # Without attributes or children (<strong>, <br>), nothing else can skip it.
                and ((len(child) == 0 and not child.keys()) or not is_skipped(child))
            ):
                self._inline(child)
            if child.tail:
                self._parts.append(child.tail)
        self._flush(kind)

    def _leaf_block(self, element: Element, kind: ParagraphKind, quote: bool) -> None:
        """A block without children: its text is the paragraph, what ``_block`` does, faster."""
        text = clean_text(element.text) if element.text else ""
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
        if container.text:
            self._parts.append(container.text)
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
            if child.tail:
                self._parts.append(child.tail)


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
