"""Checks that hold for every Article that parse() returns, whatever the input."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from urllib.parse import urlsplit

import rfiparse

# What no text rfiparse returns may hold: C0 controls (whitespace ones are collapsed),
# lone surrogates and the two non-characters.
_INVALID = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def assert_clean_text(value: str | None) -> None:
    if value is None:
        return
    assert value, "empty text"
    assert value == " ".join(value.split()), f"untrimmed or uncollapsed text: {value!r}"
    assert not _INVALID.search(value), f"a character no HTML tree can hold: {value!r}"


def assert_http_url(value: str | None) -> None:
    if value is None:
        return
    parts = urlsplit(value)
    assert parts.scheme in ("http", "https"), value
    assert parts.netloc, value
    assert value.isascii(), value
    assert not any(c.isspace() for c in value), value
    if parts.hostname == "rfi.fr" or (parts.hostname or "").endswith(".rfi.fr"):
        assert parts.scheme == "https", value
        assert not parts.path.startswith("//"), value


def assert_aware(value: datetime | None) -> None:
    if value is not None:
        assert value.tzinfo is not None, value
        assert value.utcoffset() is not None, value


def assert_invariants(article: rfiparse.Article) -> None:
    for text in (
        article.headline,
        article.lead,
        article.section,
        article.programme,
        article.copyright,
    ):
        assert_clean_text(text)
    assert_http_url(article.url)
    assert_aware(article.published)
    assert_aware(article.feed_record_time)
    for paragraph in article.paragraphs:
        assert_clean_text(paragraph.text)
        assert paragraph.kind in ("paragraph", "heading", "quote", "list-item")
        for link in paragraph.links:
            assert_clean_text(link.text)
            assert_http_url(link.url)
    for image in (article.image, *article.body_images):
        if image is not None:
            assert_http_url(image.url)
            for text in (image.alt, image.caption, image.credit):
                assert_clean_text(text)
    for related in article.related:
        assert_clean_text(related.title)
        assert_clean_text(related.topic)
        assert_http_url(related.url)
    for author in article.authors:
        assert_clean_text(author.name)
        assert_http_url(author.url)
    for media in article.media:
        assert_http_url(media.url)
        assert_clean_text(media.title)
        assert_clean_text(media.id)
    assert (article.edition is None) == (article.language is None)


def assert_teaser_invariants(teaser: rfiparse.Teaser) -> None:
    assert isinstance(teaser, rfiparse.Teaser), type(teaser)
    assert_clean_text(teaser.title)
    assert_clean_text(teaser.topic)
    assert_http_url(teaser.url)
    assert_aware(teaser.published)
    if teaser.image is not None:
        assert_http_url(teaser.image.url)
        assert_clean_text(teaser.image.alt)
        for rendition in teaser.image.renditions:
            assert_http_url(rendition.url)


def check_parse(value: str | bytes) -> None:
    """parse() on ``value``: an Article satisfying the contracts (errors propagate)."""
    article = rfiparse.parse(value)
    assert isinstance(article, rfiparse.Article), type(article)
    assert_invariants(article)


def check_parse_listing(value: str | bytes) -> None:
    """parse_listing() on ``value``: a tuple of Teasers satisfying the contracts."""
    teasers = rfiparse.parse_listing(value)
    assert isinstance(teasers, tuple), type(teasers)
    for teaser in teasers:
        assert_teaser_invariants(teaser)


def check_parse_feed(value: str | bytes) -> None:
    """parse_feed() on ``value``, consumed: Articles satisfying the contracts."""
    for article in rfiparse.parse_feed(value):
        assert isinstance(article, rfiparse.Article), type(article)
        assert_invariants(article)


CHECKS: dict[str, Callable[[str | bytes], None]] = {
    "parse": check_parse,
    "parse_listing": check_parse_listing,
    "parse_feed": check_parse_feed,
}
"""The three entry points, each with the checks of its result."""
