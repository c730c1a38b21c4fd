"""Images: the main image above the lead, and the figures inside the body."""

from __future__ import annotations

import re

from ._html import Element, has_class, has_descendant, text_content
from ._json import json_object, json_str, read_json
from ._text import clean_optional
from ._urls import normalize_url
from .model import Image, ImageRendition

__all__ = [
    "PLACEHOLDER_PREFIX",
    "dimension",
    "extract_body_images",
    "extract_figure_image",
    "extract_image",
    "in_video_player",
    "renditions",
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


def renditions(img: Element, base: str) -> tuple[ImageRendition, ...]:
    """Every ``srcset`` file of ``img`` and of the ``<source>`` s of its ``<picture>``."""
    found: list[ImageRendition] = []
    # libxml2 does not know <source> is void: it nests the <img> inside it.
    picture = img.getparent()
    while picture is not None and picture.tag == "source":
        picture = picture.getparent()
    if picture is not None and picture.tag == "picture":
        for source in picture.iter("source"):
            found += _srcset(source.get("srcset"), base, clean_optional(source.get("type")))
    found += _srcset(img.get("srcset"), base, None)
    return tuple(found)


def _image(
    img: Element, *, base: str, src: str | None = None, caption: Element | None = None
) -> Image | None:
    url = src or normalize_url(img.get("src"), base) or _dataset_url(img, base)
    if url is None or url.startswith(PLACEHOLDER_PREFIX):
        return None
    legend = credit = None
    if caption is not None:
        spans = [s for s in caption.iter("span") if s.getparent() is caption]
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
        renditions=renditions(img, base),
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


def in_video_player(element: Element, stop: Element) -> bool:
    """Whether ``element`` sits inside a video player (below ``stop``).

    The player is marked by ``data-wrapper-video-player`` or ``m-em-video`` where
    the markup keeps them; without them, it is a block that holds a
    ``<youtube-player>`` and no paragraph.
    """
    node = element.getparent()
    while node is not None and node is not stop:
        if "data-wrapper-video-player" in node.attrib or has_class(node, "m-em-video"):
            return True
        if has_descendant(node, ("youtube-player",)) and not has_descendant(node, ("p",)):
            return True
        node = node.getparent()
    return False


def extract_body_images(body: Element | None, *, base: str) -> tuple[Image, ...]:
    """Every ``<figure>`` image of the body that is not a video's poster, in order."""
    if body is None:
        return ()
    images = []
    for figure in body.iter("figure"):
        if in_video_player(figure, body):
            continue
        imgs = list(figure.iter("img"))
        if not imgs:
            continue
        # The visible <img> of a lazy figure is a data: GIF; the real file is in
        # <noscript> or in the data-image-dataset JSON.
        src = next((u for u in (normalize_url(i.get("src"), base) for i in imgs) if u), None)
        src = src or next((u for u in (_dataset_url(i, base) for i in imgs) if u), None)
        caption = _caption(figure)
        image = _image(imgs[0], base=base, src=src, caption=caption)
        if image is not None:
            images.append(image)
    return tuple(images)
