"""Images: the main image above the lead, and the figures inside the body."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from ._html import Element, first_below, text_content
from ._json import json_object, json_str, read_json
from ._markup import VIDEO_PLAYER_TAGS, is_video_wrapper
from ._text import clean_optional
from ._urls import normalize_url
from .model import Image, ImageRendition

__all__ = [
    "PLACEHOLDER_PREFIX",
    "Candidate",
    "Pictures",
    "VideoPlayers",
    "dimension",
    "extract_body_images",
    "extract_figure_image",
    "extract_image",
    "largest",
    "srcset_candidates",
]

# A srcset, read as the HTML standard's "parse a srcset attribute" reads it: blanks
# and commas before a candidate, its URL (a run of non-blanks, which may hold commas),
# then its descriptors, up to a comma outside parentheses: one match per candidate.
# Its URL is the run of non-blanks less the commas that end it (the only steps back
# the regex takes, over those commas; a URL never starts with a comma, so the
# commas before it are never given back); descriptors follow only a URL that ends
# at a blank (after stripped commas the group matches nothing). A srcset is read in
# linear time.
_SRCSET_CANDIDATE = re.compile(
    r"[ \t\n\f\r,]*([^ \t\n\f\r,](?:[^ \t\n\f\r]*[^ \t\n\f\r,])?)"
    r"(?:[ \t\n\f\r]+([0-9]+)w[ \t\n\f\r]*(?=,|\Z))?"  # one width alone: most candidates
    r"((?:[^,(]+|\([^)]*\)?)*),?"
)
_BLANKS = re.compile(r"[ \t\n\f\r]+")
_WIDTH_DESCRIPTOR = re.compile(r"([0-9]+)w")
_DENSITY_DESCRIPTOR = re.compile(r"(-?(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?)x")
_HEIGHT_DESCRIPTOR = re.compile(r"([0-9]+)h")
# More digits than the width of any image (``dimension()`` reads no more either).
_MAX_WIDTH_DIGITS = 6
# The <source> types preferred when only <source> s name the image: JPEG, the
# format of RFI's own <img> files, which every reader of an image can show.
_PREFERRED_SOURCE_TYPES = frozenset({"", "image/jpeg"})
# RFI's generic social card (the station's logo), used where an item has no image.
PLACEHOLDER_PREFIX = "https://static.rfi.fr/meta_og_twcards/"


class Candidate(NamedTuple):
    """One image candidate of a ``srcset``: its raw URL and its descriptors.

    ``width`` is the ``w`` descriptor, ``density`` the ``x`` one; a candidate has
    at most one of them, and neither where it has no descriptor (read as ``1x``).
    """

    url: str
    width: int | None = None
    density: float | None = None


def dimension(value: str | None) -> int | None:
    """A ``width``/``height`` in pixels (``"480"``, ``"480px"``), or ``None``."""
    if value is None:
        return None
    value = value.strip().removesuffix("px")
    if not value.isascii() or not value.isdigit() or len(value) > 6:
        return None
    return int(value)


def _dataset_url(img: Element, base: str) -> str | None:
    """The real file of a lazy image, from its ``data-image-dataset`` JSON."""
    data = json_object(read_json(img.get("data-image-dataset")))
    if data is None:
        return None
    url, filename = json_str(data.get("url")), json_str(data.get("filename"))
    if url is None or not filename:
        return None
    return normalize_url(url.rstrip("/") + "/" + filename.lstrip("/"), base)


def _width(digits: str) -> tuple[int, None] | None:
    """A candidate's one ``w`` descriptor (its digits), as ``_descriptors()`` reads it."""
    digits = digits.lstrip("0")
    return (int(digits), None) if digits and len(digits) <= _MAX_WIDTH_DIGITS else None


def _descriptors(text: str) -> tuple[int | None, float | None] | None:
    """The width and density a candidate's descriptors state, or ``None`` for junk.

    As the standard's descriptor parser: at most one ``w`` (a positive integer) or
    one ``x`` (a non-negative number), and an ``h`` only beside a ``w``; anything
    else (an unknown descriptor, two of a kind, ``w`` with ``x``) drops the
    candidate. A ``w`` of more than six digits is no image's width, and is junk too.
    """
    if not text.strip(" \t\n\f\r"):  # no descriptor (HTML's blanks only: not U+00A0)
        return None, None
    width: int | None = None
    density: float | None = None
    height = False
    for token in _BLANKS.split(text):
        if not token:
            continue
        if (match := _WIDTH_DESCRIPTOR.fullmatch(token)) is not None:
            digits = match.group(1).lstrip("0")
            if width is not None or density is not None or not digits:
                return None
            if len(digits) > _MAX_WIDTH_DIGITS:
                return None
            width = int(digits)
        elif (match := _DENSITY_DESCRIPTOR.fullmatch(token)) is not None:
            if width is not None or density is not None or height:
                return None
            density = float(match.group(1))
            if density < 0:
                return None
        elif (match := _HEIGHT_DESCRIPTOR.fullmatch(token)) is not None:
            if height or density is not None or not match.group(1).lstrip("0"):
                return None
            height = True
        else:
            return None
    if height and width is None:
        return None
    return width, density


def srcset_candidates(value: str) -> list[Candidate]:
    """The valid candidates of a ``srcset``, in order, with their raw URLs.

    A URL may itself contain commas (``…/w:1024/p:16x9/a,b.jpg``): a comma ends a
    candidate only at the end of its URL or after it, among the descriptors, and
    not inside parentheses there (the HTML standard's "parse a srcset attribute").
    A candidate whose descriptors are junk is dropped (see ``_descriptors()``).
    """
    return list(_read_srcset(value, None))


def _srcset(value: str | None, base: str) -> tuple[Candidate, ...]:
    """The candidates of a ``srcset`` whose URLs are http(s) files, made absolute."""
    return tuple(_read_srcset(value, base)) if value else ()


def _read_srcset(value: str, base: str | None) -> Iterator[Candidate]:
    """``srcset_candidates(value)``, as they are read.

    With ``base``, only the http(s) files, made absolute (``normalize_url``: never
    a ``data:`` placeholder).
    """
    pos = 0
    # match() from the last end, not finditer(): a failed search would be retried
    # at every later position (blanks at the end: quadratic).
    while (match := _SRCSET_CANDIDATE.match(value, pos)) is not None:
        url, width, descriptors = match.group(1, 2, 3)
        pos = match.end()
        stated = _descriptors(descriptors) if width is None else _width(width)
        if stated is None:
            continue
        if base is not None:
            absolute = normalize_url(url, base)
            if absolute is None:
                continue
            url = absolute
        yield Candidate(url, *stated)


def largest(candidates: tuple[Candidate, ...] | list[Candidate]) -> str | None:
    """The URL of the largest candidate, or ``None`` where there is none.

    The widest (``w``) where any candidate states a width, else the densest
    (``x``; no descriptor counts as ``1x``): the file a browser loads on the
    widest, densest screen. On a tie, the first.
    """
    widths = [c for c in candidates if c.width is not None]
    if widths:
        return max(widths, key=lambda c: c.width or 0).url
    if not candidates:
        return None
    return max(candidates, key=lambda c: 1.0 if c.density is None else c.density).url


def _widest(files: tuple[ImageRendition, ...]) -> ImageRendition | None:
    """The widest of ``files`` that states a width; on a tie, untyped first, then the first."""
    sized = [f for f in files if f.width is not None]
    return max(sized, key=lambda f: (f.width or 0, f.type is None), default=None)


def _is_preferred_type(kind: str | None) -> bool:
    return kind is None or kind.split(";", 1)[0].strip().lower() in _PREFERRED_SOURCE_TYPES


class Pictures:
    """The files of the images of one document, each ``<picture>`` read once.

    Images that share a ``<picture>`` (or a chain of ``<source>`` s around them)
    would each walk it again: here the picture above each ``<source>``, the
    files of each picture and the file its ``<source>`` s offer are kept.
    """

    def __init__(self, base: str) -> None:
        self._base = base
        self._picture: dict[Element, Element | None] = {}  # a <source>: the picture above
        self._sources: dict[Element, tuple[tuple[str | None, tuple[Candidate, ...]], ...]] = {}
        self._source_file: dict[Element, str | None] = {}
        self._own: dict[Element, tuple[Candidate, ...]] = {}
        self._shared: dict[Element, tuple[ImageRendition, ...]] = {}  # a picture's sources' files
        self._widest_shared: dict[Element, ImageRendition | None] = {}

    def _picture_of(self, img: Element) -> Element | None:
        """The ``<picture>`` of ``img``: its parent, past the ``<source>`` s around it."""
        path: list[Element] = []
        node = img.getparent()
        while node is not None and node.tag == "source":
            if node in self._picture:
                node = self._picture[node]
                break
            path.append(node)
            node = node.getparent()
        picture = node if node is not None and node.tag == "picture" else None
        for source in path:
            self._picture[source] = picture
        return picture

    def _sources_of(self, img: Element) -> tuple[tuple[str | None, tuple[Candidate, ...]], ...]:
        """Each ``<source>`` of the picture of ``img``: its ``type`` and its candidates."""
        picture = self._picture_of(img)
        if picture is None:
            return ()
        if picture not in self._sources:
            self._sources[picture] = tuple(
                (clean_optional(source.get("type")), _srcset(source.get("srcset"), self._base))
                for source in picture.iter("source")
            )
        return self._sources[picture]

    def _own_candidates(self, img: Element) -> tuple[Candidate, ...]:
        if img not in self._own:
            self._own[img] = _srcset(img.get("srcset"), self._base)
        return self._own[img]

    def _shared_renditions(self, img: Element) -> tuple[ImageRendition, ...]:
        """The files of the ``<source>`` s of the picture of ``img`` (built once per picture)."""
        picture = self._picture_of(img)
        if picture is None:
            return ()
        if picture not in self._shared:
            self._shared[picture] = tuple(
                ImageRendition(url=c.url, width=c.width, type=kind)
                for kind, candidates in self._sources_of(img)
                for c in candidates
            )
        return self._shared[picture]

    def _own_renditions(self, img: Element) -> tuple[ImageRendition, ...]:
        return tuple(ImageRendition(url=c.url, width=c.width) for c in self._own_candidates(img))

    def renditions(self, img: Element) -> tuple[ImageRendition, ...]:
        """Every ``srcset`` file of ``img`` and of the ``<source>`` s of its ``<picture>``."""
        shared, own = self._shared_renditions(img), self._own_renditions(img)
        return shared + own if own else shared

    def first_file(self, img: Element) -> str | None:
        """The URL of the first of ``renditions(img)``, or ``None`` where it has none."""
        shared = self._shared_renditions(img)
        own = self._own_candidates(img)
        return shared[0].url if shared else own[0].url if own else None

    def widest(self, img: Element) -> ImageRendition | None:
        """The widest of ``renditions(img)`` that states a width, or ``None``.

        On a tie, a file without a ``type`` (the ``<img>``'s own: a JPEG) wins over
        a typed one, then the first. The pictures' share is worked out once per
        picture, so that many images in one picture cost one read of its sources.
        """
        picture = self._picture_of(img)
        if picture is not None and picture not in self._widest_shared:
            self._widest_shared[picture] = _widest(self._shared_renditions(img))
        shared = self._widest_shared[picture] if picture is not None else None
        own = _widest(self._own_renditions(img))
        return _widest(tuple(f for f in (shared, own) if f is not None))

    def _from_sources(self, img: Element) -> str | None:
        """The largest file of the first ``<source>`` with one, a JPEG one preferred."""
        picture = self._picture_of(img)
        if picture is None:
            return None
        if picture not in self._source_file:
            sources = [c for _, c in self._sources_of(img) if c]
            preferred = [c for kind, c in self._sources_of(img) if c and _is_preferred_type(kind)]
            chosen = preferred or sources
            self._source_file[picture] = largest(chosen[0]) if chosen else None
        return self._source_file[picture]

    def file(self, img: Element) -> str | None:
        """The file ``img`` names, by the rule of ``Image.url``; ``None`` if only placeholders.

        Its ``src`` where that is a real file (the rendition the page itself names);
        else the largest file of its ``srcset`` (``largest()``); else the largest file
        of its ``<picture>``'s first ``<source>`` that has one, a ``<source>`` of type
        JPEG (or of no type) preferred over WebP and others. ``data:`` URLs are
        never files.
        """
        return (
            normalize_url(img.get("src"), self._base)
            or largest(self._own_candidates(img))
            or self._from_sources(img)
        )


def _image(
    img: Element,
    *,
    url: str | None,
    caption: Element | None = None,
    renditions: tuple[ImageRendition, ...] = (),
) -> Image | None:
    """The ``Image`` of ``img`` with the file ``url``; ``None`` without a real file."""
    if url is None or url.startswith(PLACEHOLDER_PREFIX):
        return None
    legend = credit = None
    if caption is not None:
        spans = list(caption.iterchildren("span"))
        if spans:
            legend = clean_optional(text_content(spans[0]))
            credit = clean_optional(text_content(spans[1])) if len(spans) > 1 else None
        else:
            legend = clean_optional(text_content(caption))
    return Image(
        url=url,
        alt=clean_optional(img.get("alt")),
        caption=legend,
        credit=credit,
        width=dimension(img.get("width")),
        height=dimension(img.get("height")),
        renditions=renditions,
    )


def extract_image(img: Element | None, *, base: str) -> Image | None:
    """The main image, or ``None`` (see ``Image.url``).

    ``img`` is its ``<img>``, or the ``<picture>`` or ``<figure>`` around one.
    """
    if img is None:
        return None
    if img.tag != "img":
        return extract_figure_image(img, base=base)
    pictures = Pictures(base)
    url = pictures.file(img) or _dataset_url(img, base)
    return _image(img, url=url, renditions=pictures.renditions(img))


def _caption(figure: Element) -> Element | None:
    """The first ``<figcaption>`` below ``figure``."""
    return next((c for c in figure.iter("figcaption") if c is not figure), None)


def extract_figure_image(figure: Element | None, *, base: str) -> Image | None:
    """The image of a ``<figure>`` (or any element holding one ``<img>``), with its caption.

    Its alt text and size are those of the first ``<img>``; its file is that of the
    first ``<img>`` that names one (a lazy image's ``<noscript>`` fallback, after
    it), else the first ``data-image-dataset`` (see ``Image.url``).
    """
    if figure is None:
        return None
    img = next(figure.iter("img"), None)
    if img is None:
        return None
    pictures = Pictures(base)
    url: str | None = None
    for candidate in figure.iter("img"):
        url = pictures.file(candidate)
        if url is not None:
            return _image(
                img, url=url, caption=_caption(figure), renditions=pictures.renditions(candidate)
            )
    for candidate in figure.iter("img"):
        url = _dataset_url(candidate, base)
        if url is not None:
            break
    return _image(img, url=url, caption=_caption(figure), renditions=pictures.renditions(img))


class VideoPlayers:
    """Which elements below ``stop`` sit inside a video player, each answer kept.

    The player is marked by ``data-wrapper-video-player`` or ``m-em-video`` where
    the markup keeps them; without them, it is a block that holds a
    ``<youtube-player>`` or ``<video-player>`` and no paragraph. What each block
    holds is found in one walk of ``stop``'s subtree (on first need for the paragraphs), and each
    element's answer is kept: asking about every element of the subtree costs a
    bounded number of visits per element, however deep the nesting.
    """

    def __init__(self, stop: Element) -> None:
        self._stop = stop
        self._players = first_below(stop, stop.iter(*VIDEO_PLAYER_TAGS))
        self._paragraphs: dict[Element, Element] | None = None
        self._inside: dict[Element, bool] = {}

    def _is_player(self, node: Element) -> bool:
        """Whether ``node`` itself is a video player block."""
        if is_video_wrapper(node):
            return True
        if node not in self._players:
            return False
        if self._paragraphs is None:
            self._paragraphs = first_below(self._stop, self._stop.iter("p"))
        return node not in self._paragraphs

    def contains(self, element: Element) -> bool:
        """Whether ``element`` sits inside a video player (below ``stop``)."""
        path: list[Element] = []
        answer = False
        node = element.getparent()
        while node is not None and node is not self._stop:
            if node in self._inside:
                answer = self._inside[node]
                break
            path.append(node)
            if self._is_player(node):
                answer = True
                break
            node = node.getparent()
        # Every block on the way but the last is no player: each is inside one
        # exactly when the block above it is (or is one).
        for node in path:
            self._inside[node] = answer
        return answer


def extract_body_images(body: Element | None, *, base: str) -> tuple[Image, ...]:
    """Every ``<figure>`` image of the body that is not a video's poster, in order.

    A figure's alt text and size are those of its first ``<img>``; its file is that
    of its first ``<img>`` that names one (``Pictures.file()``: a lazy image's
    ``srcset``, else its ``<noscript>`` fallback after it), else that of its first
    ``data-image-dataset``; a figure with none (only ``data:`` placeholders) gives no
    image. What each figure holds is found in one walk of the body per kind, so that
    figures nested in figures are not walked once each.
    """
    if body is None:
        return ()
    figures = list(body.iter("figure"))
    if not figures:
        return ()
    players = VideoPlayers(body)
    pictures = Pictures(base)
    files: dict[Element, str | None] = {}

    def has_file(img: Element) -> bool:
        files[img] = url = pictures.file(img)
        return url is not None

    first_img = first_below(body, body.iter("img"))
    first_with_file = first_below(body, filter(has_file, body.iter("img")))
    first_dataset: dict[Element, Element] | None = None
    captions = first_below(body, body.iter("figcaption"))
    made: dict[tuple[Element, Element, str | None, Element | None], Image | None] = {}
    images = []
    for figure in figures:
        img = first_img.get(figure)
        if img is None or players.contains(figure):
            continue
        # The visible <img> of a lazy figure has a data: GIF for src: the real file
        # is in its srcset, in <noscript>, or in the data-image-dataset JSON.
        named_by = first_with_file.get(figure)
        url = files[named_by] if named_by is not None else None
        if url is None:
            if first_dataset is None:
                first_dataset = first_below(
                    body, (i for i in body.iter("img") if _dataset_url(i, base) is not None)
                )
            with_dataset = first_dataset.get(figure)
            url = _dataset_url(with_dataset, base) if with_dataset is not None else None
        files_of = named_by if named_by is not None else img
        key = (img, files_of, url, captions.get(figure))
        if key not in made:  # nested figures may share their first image
            made[key] = _image(
                img, url=url, caption=key[3], renditions=pictures.renditions(files_of)
            )
        image = made[key]
        if image is not None:
            images.append(image)
    return tuple(images)
