"""RFI's markup as several rules read it: one home for each marker they share.

What a reader finds here, and who reads it:

- **Article layout classes** (``TITLE_CLASS`` … ``ARTICLE_LAYOUT_CLASS``): the
  ``t-content__*`` classes of RFI's article template, which whole pages carry
  (``_page``) and records of 2020-21 keep for their body (``_layout``), and
  ``TEMPLATE_PREFIX``, which each of them holds.
- **Text blocks** (``TEXT_BLOCK_TAGS``, ``CONTENT_TAGS``): the elements article
  text stands in, and those only an article body holds (``_layout``, ``_body``,
  ``_refusals``).
- **Players**: RFI's video players, their elements (``VIDEO_PLAYER_TAGS``) and the
  wrapper around it (``is_video_wrapper()``: ``_images``, ``_media``); its audio
  player, the ``<script data-media-id>`` holding the media's JSON
  (``is_media_script()``, ``MEDIA_ID_ATTRIBUTE``: ``_layout``, ``_media``) and
  the block around that (``is_media_wrapper()``).
- **Never article text** (``is_skipped()``, ``SKIPPED_TAGS``): embeds, media,
  forms, players, ads and self-promotion (``_layout``, ``_body``).
- **Page furniture** (``is_chrome()``, ``ChromeScan``): share buttons, a feed
  service's footer, an author credit (``_layout``, ``_body``).
- **One bold run** (``is_bold_run()``): ``<p><strong>…</strong></p>``, also inside
  attribute-less ``<span>`` s: a fragment's lead (``_layout``) or a subheading of
  the body (``_body``).

The rules that read these stand beside the fields they fill; a marker that one
rule alone reads stays with that rule.
"""

from __future__ import annotations

from ._authors import is_author_link
from ._html import NON_TEXT_TAGS, Element, first_below, has_class, has_descendant
from ._share import SHARE_LINK_MARKERS
from ._urls import RFI_BASE

__all__ = [
    "ARTICLE_LAYOUT_CLASS",
    "AUTHORS_CLASS",
    "BODY_CLASS",
    "CONTENT_TAGS",
    "DATES_CLASS",
    "LEAD_CLASS",
    "MAIN_MEDIA_CLASS",
    "MEDIA_ID_ATTRIBUTE",
    "SHARES_CLASS",
    "SKIPPED_TAGS",
    "TEMPLATE_PREFIX",
    "TEXT_BLOCK_TAGS",
    "TITLE_CLASS",
    "VIDEO_PLAYER_TAGS",
    "ChromeScan",
    "is_bold_run",
    "is_chrome",
    "is_media_script",
    "is_media_wrapper",
    "is_skipped",
    "is_video_wrapper",
]

# RFI's article template: the classes of its parts.
TITLE_CLASS = "t-content__title"
LEAD_CLASS = "t-content__chapo"
BODY_CLASS = "t-content__body"
DATES_CLASS = "t-content__dates"
MAIN_MEDIA_CLASS = "t-content__main-media"
AUTHORS_CLASS = "t-content__authors"
SHARES_CLASS = "t-content__shares"
ARTICLE_LAYOUT_CLASS = "t-content--article"
# What each of those classes holds: a class attribute without it has none of them.
TEMPLATE_PREFIX = "t-content"

# The elements RFI's article text stands in.
TEXT_BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
# What only an article body holds (as opposed to share, author and related blocks).
CONTENT_TAGS = (*TEXT_BLOCK_TAGS, "figure", "iframe")

# RFI's players: the video player's elements (2020-21, then 2022+), and what marks
# the block around one; the audio player's JSON is a <script> with this attribute.
VIDEO_PLAYER_TAGS = ("youtube-player", "video-player")
_VIDEO_WRAPPER_ATTRIBUTE = "data-wrapper-video-player"
_VIDEO_WRAPPER_CLASS = "m-em-video"
MEDIA_ID_ATTRIBUTE = "data-media-id"

# Never article text: embeds, media, forms and the related-articles block.
SKIPPED_TAGS = NON_TEXT_TAGS | frozenset(
    {
        "iframe", "figure", "button", "form", "object", "embed", "video",
        "audio", *VIDEO_PLAYER_TAGS, "audio-player", "play-media", "select", "textarea",
        "input", "aside", "nav", "canvas", "map",
    }
)  # fmt: skip
_SKIPPED_CLASSES = frozenset(
    {
        "m-interstitial",
        "m-block-ad",
        "m-em-audio",
        _VIDEO_WRAPPER_CLASS,
        "m-em-image",
        "o-self-promo",
    }
)
_SKIPPED_ATTRIBUTES = frozenset(
    {
        "data-selfpromo-newsletter",
        "data-selfpromo-app",
        _VIDEO_WRAPPER_ATTRIBUTE,
        "data-tms-ad-type",
        "data-readmore-target",
        "data-root-share",
    }
)

# Blocks appended around the article by sharing widgets and feed services.
_CHROME_LINKS = (*SHARE_LINK_MARKERS, "//feedx.")
_BOLD = ("strong", "b")
# What a word processor wraps around a bold run, meaning nothing by it.
_WRAPPER = "span"


def is_video_wrapper(element: Element) -> bool:
    """Whether ``element`` is marked as the block around a video player."""
    return _VIDEO_WRAPPER_ATTRIBUTE in element.attrib or has_class(element, _VIDEO_WRAPPER_CLASS)


def is_media_script(script: Element) -> bool:
    """Whether a ``<script>`` is an audio player's JSON (``<script data-media-id>``)."""
    return script.get(MEDIA_ID_ATTRIBUTE) is not None


def is_media_wrapper(element: Element) -> bool:
    """Whether one of the element's children is the ``<script data-media-id>`` of a player."""
    if len(element) == 0:  # most elements of a body: nothing to look at
        return False
    return any(map(is_media_script, element.iterchildren("script")))


def is_skipped(element: Element) -> bool:
    """Whether an element of the body is never article text (embed, ad, promotion)."""
    if element.tag in SKIPPED_TAGS:
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


def _is_chrome_href(href: str) -> bool:
    """Whether a link goes to a sharing widget or a feed service."""
    for marker in _CHROME_LINKS:  # noqa: SIM110 - a loop is cheaper than any() here
        if marker in href:
            return True
    return False


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
        for marker in _CHROME_LINKS:  # inline, not _is_chrome_href(): this runs for every link
            if marker in href:
                return True
        credit = credit or is_author_link(href, base)
    return credit and not has_descendant(element, TEXT_BLOCK_TAGS)


class ChromeScan:
    """``is_chrome()`` for every block of one subtree, from one walk of its links.

    Asked block by block, ``is_chrome()`` walks each block's links: once per
    nesting level for nested blocks. Here the links of ``root``'s subtree are
    read once, and each answer is a look-up (valid for ``root`` and the elements
    below it).
    """

    def __init__(self, root: Element, base: str = RFI_BASE) -> None:
        self._root = root
        links = [(a, href) for a in root.iter("a") if (href := a.get("href"))]
        self._chrome = first_below(
            root, (a for a, href in links if _is_chrome_href(href)), strict=False
        )
        self._credits = first_below(
            root, (a for a, href in links if is_author_link(href, base)), strict=False
        )
        self._text_blocks: dict[Element, Element] | None = None

    def is_chrome(self, element: Element) -> bool:
        """``is_chrome(element, base)``, for ``element`` at or below the root."""
        if element in self._chrome:
            return True
        if element not in self._credits:
            return False
        if self._text_blocks is None:
            self._text_blocks = first_below(self._root, self._root.iter(*TEXT_BLOCK_TAGS))
        return element not in self._text_blocks


def _only_element(element: Element) -> Element | None:
    """The one element ``element`` holds, with nothing but blanks (and comments) around it.

    ``None`` when it holds no element, several, or text beside the one.
    """
    if element.text and not element.text.isspace():
        return None
    if len(element) == 1:  # the usual case: no list to build
        only = element[0]
        if not isinstance(only.tag, str):
            return None
    else:
        found = None
        for child in element:
            if isinstance(child.tag, str):
                if found is not None:
                    return None
                found = child
            elif child.tail and not child.tail.isspace():  # text after a comment
                return None
        if found is None:
            return None
        only = found
    tail = only.tail
    return None if tail and not tail.isspace() else only


def is_bold_run(paragraph: Element, *, with_links: bool) -> bool:
    """Whether ``paragraph`` is a ``<p>`` whose whole content is one bold run.

    That is ``<p><strong>…</strong></p>`` (or ``<b>``), with nothing but blanks
    around the run (comments aside), seen through any number of attribute-less
    ``<span>`` s wrapped around it (``<p><span><span><strong>…</strong></span></span></p>``,
    as a word processor pastes it); what stands inside the run does not matter.
    A ``<span>`` with attributes (a style, a language) is not looked through.
    ``with_links`` says whether the run may hold links: a fragment's lead may
    (``_layout``); a paragraph of the body is a subheading only if it holds none
    (``_body``).
    """
    if paragraph.tag != "p":
        return False
    run = _only_element(paragraph)
    while run is not None and run.tag == _WRAPPER and not run.keys():
        run = _only_element(run)
    if run is None or run.tag not in _BOLD:
        return False
    return with_links or not has_descendant(run, ("a",))
