"""One builder of ``Article`` from the parts each kind of input yields.

Feed records and fragments (``rfiparse._parse``) and whole pages
(``rfiparse._page``) find an article's parts in different places; what the parts
they share turn into is decided here, once:

- ``Origin``: what the article's URL and title tell (edition, section,
  programme, the headline without the site's or programme's suffix);
- ``BodyParts``: what its body holds (paragraphs, copyright line, embeds,
  figures);
- ``build_article()``: the ``Article`` made of those and the other fields, with
  the edition and language each article states or implies.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import NamedTuple

from ._body import extract_body
from ._editions import EDITIONS, Edition, url_parts
from ._headline import clean_headline
from ._html import Element
from ._images import extract_body_images
from ._media import extract_media
from .model import Alternate, Article, Author, Image, Media, Paragraph, RelatedLink

__all__ = ["BodyParts", "Origin", "build_article", "read_body", "read_origin"]


class Origin(NamedTuple):
    """What an article's URL and title tell: where it stands on rfi.fr, and its headline.

    (A named tuple, as ``BodyParts``: made for every article, and cheaper to make
    than a frozen ``attrs`` class.)
    """

    url: str | None
    """The article's URL, normalised (``None`` where it has none)."""
    edition: Edition | None
    section: str | None
    headline: str | None
    """The title without the site's or a programme's suffix (``None`` without a title)."""
    programme: str | None


def read_origin(url: str | None, title: str | None) -> Origin:
    """The origin of the article at ``url`` (normalised, or ``None``) titled ``title``."""
    edition, section, url_programme = url_parts(url)
    headline, programme = clean_headline(title, edition=edition, url_programme=url_programme)
    return Origin(url, edition, section, headline, programme)  # positional: cheaper


class BodyParts(NamedTuple):
    """What an article's body holds."""

    paragraphs: tuple[Paragraph, ...] = ()
    copyright: str | None = None
    media: tuple[Media, ...] = ()
    images: tuple[Image, ...] = ()


_NO_BODY = BodyParts()


def read_body(
    body: Element | None, *, base: str, exclude: Collection[Element] = (), spill: bool = True
) -> BodyParts:
    """The paragraphs, copyright line, embeds and figure images of ``body`` (none without one).

    ``exclude`` and ``spill`` are ``extract_body()``'s: elements of the body that
    belong elsewhere, and whether paragraphs pushed out after it are kept.
    """
    if body is None:
        return _NO_BODY
    paragraphs, copyright_line = extract_body(body, base=base, exclude=exclude, spill=spill)
    media = extract_media(body, base=base)
    images = extract_body_images(body, base=base)
    return BodyParts(paragraphs, copyright_line, media, images)  # positional: cheaper


def build_article(
    origin: Origin,
    body: BodyParts = _NO_BODY,
    *,
    lead: str | None = None,
    published: datetime | None = None,
    modified: datetime | None = None,
    image: Image | None = None,
    related: tuple[RelatedLink, ...] = (),
    authors: tuple[Author, ...] = (),
    feed_record_time: datetime | None = None,
    language: str | None = None,
    section: str | None = None,
    tags: tuple[str, ...] = (),
    alternates: tuple[Alternate, ...] = (),
    reading_time: int | None = None,
    word_count: int | None = None,
    short_url: str | None = None,
) -> Article:
    """The ``Article`` of ``origin`` and ``body`` (by default, an article without a body).

    ``language`` and ``section`` are the ones the article states, where it does;
    else the edition's language and the URL's section. The edition is the URL's,
    else the one of the stated language. The other keywords are ``Article``'s fields.
    """
    edition = origin.edition
    language = language or (edition.language if edition else None)
    if edition is None and language is not None:
        edition = next((e for e in EDITIONS.values() if e.language == language), None)
    return Article(
        headline=origin.headline,
        url=origin.url,
        lead=lead,
        paragraphs=body.paragraphs,
        published=published,
        modified=modified,
        image=image,
        related=related,
        edition=edition.code if edition else None,
        language=language,
        section=section or origin.section,
        programme=origin.programme,
        authors=authors,
        feed_record_time=feed_record_time,
        media=body.media,
        body_images=body.images,
        copyright=body.copyright,
        tags=tags,
        alternates=alternates,
        reading_time=reading_time,
        word_count=word_count,
        short_url=short_url,
    )
