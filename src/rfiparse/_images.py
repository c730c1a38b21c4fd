"""Images: the main image above the lead, and the figures inside the body."""

from __future__ import annotations

import re

from ._html import Element, first_below, text_content
from ._json import json_object, json_str, read_json
from ._markup import VIDEO_PLAYER_TAG, is_video_wrapper
from ._text import clean_optional
from ._urls import normalize_url
from .model import Image, ImageRendition

__all__ = [
    "PLACEHOLDER_PREFIX",
    "Pictures",
    "VideoPlayers",
    "dimension",
    "extract_body_images",
    "extract_figure_image",
    "extract_image",
]

_SRCSET_URL = re.compile(r"[\s,]*(\S+)")
_SRCSET_DESCRIPTORS = re.compile(r"([^,]*),?")
# RFI's generic social card (the station's logo), used where an item has no image.
PLACEHOLDER_PREFIX = "https://static.rfi.fr/meta_og_twcards/"


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


def _srcset_candidates(value: str) -> list[tuple[str, list[str]]]:
    """The candidates of a ``srcset``: each raw URL with its descriptors.

    A URL may itself contain commas; only a comma after whitespace, or at the
    URL's end, separates candidates (as the HTML standard parses them).
    """
    candidates: list[tuple[str, list[str]]] = []
    pos = 0
    while (match := _SRCSET_URL.match(value, pos)) is not None:
        url, pos = match.group(1), match.end()
        descriptors = ""
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            described = _SRCSET_DESCRIPTORS.match(value, pos)
            if described is not None:
                descriptors, pos = described.group(1), described.end()
        if url:
            candidates.append((url, descriptors.split()))
    return candidates


def _srcset(value: str | None, base: str, kind: str | None) -> list[ImageRendition]:
    if not value:
        return []
    renditions = []
    for raw, descriptors in _srcset_candidates(value):
        url = normalize_url(raw, base)
        if url is None:
            continue
        width = next(
            (dimension(d[:-1]) for d in descriptors if d.endswith("w") and d[:-1].isdigit()),
            None,
        )
        renditions.append(ImageRendition(url=url, width=width, type=kind))
    return renditions


class Pictures:
    """The renditions of the images of one document, each ``<picture>`` read once.

    Images that share a ``<picture>`` (or a chain of ``<source>`` s around them)
    would each walk it again: here the picture above each ``<source>`` and the
    files of each picture are kept.
    """

    def __init__(self, base: str) -> None:
        self._base = base
        self._picture: dict[Element, Element | None] = {}  # a <source>: the picture above
        self._sources: dict[Element, tuple[ImageRendition, ...]] = {}

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

    def renditions(self, img: Element) -> tuple[ImageRendition, ...]:
        """Every ``srcset`` file of ``img`` and of the ``<source>`` s of its ``<picture>``."""
        picture = self._picture_of(img)
        found: tuple[ImageRendition, ...] = ()
        if picture is not None:
            if picture not in self._sources:
                self._sources[picture] = tuple(
                    rendition
                    for source in picture.iter("source")
                    for rendition in _srcset(
                        source.get("srcset"), self._base, clean_optional(source.get("type"))
                    )
                )
            found = self._sources[picture]
        return found + tuple(_srcset(img.get("srcset"), self._base, None))


def _image(
    img: Element,
    *,
    base: str,
    src: str | None = None,
    caption: Element | None = None,
    pictures: Pictures | None = None,
) -> Image | None:
    url = src or normalize_url(img.get("src"), base) or _dataset_url(img, base)
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
        renditions=(pictures or Pictures(base)).renditions(img),
    )


def extract_image(img: Element | None, *, base: str) -> Image | None:
    """The main image from its ``<img>`` element, or ``None``."""
    if img is None:
        return None
    return _image(img, base=base)


def _caption(figure: Element) -> Element | None:
    """The first ``<figcaption>`` below ``figure``."""
    return next((c for c in figure.iter("figcaption") if c is not figure), None)


def extract_figure_image(figure: Element | None, *, base: str) -> Image | None:
    """The image of a ``<figure>`` (or any element holding one ``<img>``), with its caption."""
    if figure is None:
        return None
    img = next(figure.iter("img"), None)
    if img is None:
        return None
    return _image(img, base=base, caption=_caption(figure))


class VideoPlayers:
    """Which elements below ``stop`` sit inside a video player, each answer kept.

    The player is marked by ``data-wrapper-video-player`` or ``m-em-video`` where
    the markup keeps them; without them, it is a block that holds a
    ``<youtube-player>`` and no paragraph. What each block holds is found in one
    walk of ``stop``'s subtree (on first need for the paragraphs), and each
    element's answer is kept: asking about every element of the subtree costs a
    bounded number of visits per element, however deep the nesting.
    """

    def __init__(self, stop: Element) -> None:
        self._stop = stop
        self._players = first_below(stop, stop.iter(VIDEO_PLAYER_TAG))
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

    A figure's files are those of its first ``<img>`` with a ``src`` (else the first
    with a ``data-image-dataset``); what each figure holds is found in one walk of
    the body per kind, so that figures nested in figures are not walked once each.
    """
    if body is None:
        return ()
    figures = list(body.iter("figure"))
    if not figures:
        return ()
    players = VideoPlayers(body)
    pictures = Pictures(base)
    sources: dict[Element, str | None] = {}

    def has_source(img: Element) -> bool:
        sources[img] = url = normalize_url(img.get("src"), base)
        return url is not None

    first_img = first_below(body, body.iter("img"))
    first_source = first_below(body, filter(has_source, body.iter("img")))
    first_dataset: dict[Element, Element] | None = None
    captions = first_below(body, body.iter("figcaption"))
    made: dict[tuple[Element, str | None, Element | None], Image | None] = {}
    images = []
    for figure in figures:
        img = first_img.get(figure)
        if img is None or players.contains(figure):
            continue
        # The visible <img> of a lazy figure is a data: GIF; the real file is in
        # <noscript> or in the data-image-dataset JSON.
        with_source = first_source.get(figure)
        src = sources[with_source] if with_source is not None else None
        if src is None:
            if first_dataset is None:
                first_dataset = first_below(
                    body, (i for i in body.iter("img") if _dataset_url(i, base) is not None)
                )
            with_dataset = first_dataset.get(figure)
            src = _dataset_url(with_dataset, base) if with_dataset is not None else None
        key = (img, src, captions.get(figure))
        if key not in made:  # nested figures may share their first image
            made[key] = _image(img, base=base, src=src, caption=key[2], pictures=pictures)
        image = made[key]
        if image is not None:
            images.append(image)
    return tuple(images)
