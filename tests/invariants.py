"""Checks that hold for every Article that parse() returns, whatever the input."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

import rfiparse


def assert_clean_text(value: str | None) -> None:
    if value is None:
        return
    assert value, "empty text"
    assert value == " ".join(value.split()), f"untrimmed or uncollapsed text: {value!r}"


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
