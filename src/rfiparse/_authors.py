"""Authors: links to an edition's author pages (``/cn/作者/<name>/``) outside the body."""

from __future__ import annotations

from urllib.parse import quote

from ._editions import EDITIONS, decode_segment, rfi_path_segments
from ._html import Element, text_content
from ._text import clean_text
from ._urls import normalize_url
from .model import Author

__all__ = ["extract_authors", "is_author_link"]

# Author-page path segments as they may stand in an href, raw or percent-encoded,
# to skip the many links that cannot be author pages without resolving them.
_SEGMENT_SPELLINGS = tuple(
    sorted(
        {
            spelling
            for edition in EDITIONS.values()
            if edition.author_segment is not None
            for escaped in (edition.author_segment, quote(edition.author_segment))
            for spelling in (escaped, escaped.lower())
        }
    )
)


def _may_name_author_page(href: str) -> bool:
    """Whether ``href`` holds an author-page segment, raw or escaped in either case."""
    for spelling in _SEGMENT_SPELLINGS:  # noqa: SIM110 - a loop is cheaper than any() here
        if spelling in href:
            return True
    return False


def _is_author_page(url: str) -> bool:
    segments = rfi_path_segments(url)
    if segments is None or len(segments) < 3:
        return False
    edition = EDITIONS.get(decode_segment(segments[0]))
    return edition is not None and edition.author_segment == decode_segment(segments[1])


def is_author_link(href: str | None, base: str) -> bool:
    """Whether ``href`` leads to an author's page of an RFI edition."""
    if not href or not _may_name_author_page(href):
        return False
    url = normalize_url(href, base)
    return url is not None and _is_author_page(url)


def extract_authors(root: Element, *, base: str, body: Element | None) -> tuple[Author, ...]:
    """The credited authors, in page order, each once (links in ``body`` left out)."""
    authors: list[Author] = []
    seen: set[str] = set()
    in_body: set[Element] | None = None  # found on first need, in one walk of the body
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or not _may_name_author_page(href):
            continue
        if body is not None:
            if in_body is None:
                in_body = set(body.iter("a"))
            if anchor in in_body:
                continue
        url = normalize_url(href, base)
        if url is None or url in seen or not _is_author_page(url):
            continue
        name = text_content(anchor) or clean_text(anchor.get("title") or "")
        if name:
            seen.add(url)
            authors.append(Author(name=name, url=url))
    return tuple(authors)
