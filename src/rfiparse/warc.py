"""Articles from web archives: ``rfiparse.warc.iter_articles()`` (extra ``rfiparse[warc]``).

CONTRACT SKELETON (issue 15): the types below are the agreed interface; the
reader is being written on the ``warc`` branch.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime
from typing import BinaryIO, Literal

import attrs

from .errors import RfiParseError
from .model import Article, Teaser

__all__ = ["ByteRange", "ResultKind", "WarcCounts", "WarcResult", "iter_articles"]

ResultKind = Literal["article", "listing", "feed", "refused", "error"]
"""What a kept ``response`` record gave (see ``WarcResult.kind``)."""


@attrs.frozen(kw_only=True)
class ByteRange:
    """One record of a WARC file, as the Common Crawl URL index names it."""

    path: str | os.PathLike[str]
    offset: int
    length: int


@attrs.frozen(kw_only=True)
class WarcResult:
    """What one rfi.fr ``response`` record of a WARC file gave."""

    uri: str
    date: datetime | None
    file: str | None
    offset: int
    kind: ResultKind
    article: Article | None = None
    teasers: tuple[Teaser, ...] = ()
    entries: tuple[Article, ...] = ()
    error: RfiParseError | None = None
    truncated: str | None = None


@attrs.define(kw_only=True)
class WarcCounts:
    """Running counts of one or more ``iter_articles()`` calls, for summaries."""

    records: int = 0
    responses: int = 0
    articles: int = 0
    listings: int = 0
    feeds: int = 0
    refused: int = 0
    errors: int = 0


def iter_articles(
    source: str | os.PathLike[str] | BinaryIO | ByteRange,
    *,
    editions: frozenset[str] | tuple[str, ...] | None = None,
    kinds: tuple[ResultKind, ...] = ("article",),
    counts: WarcCounts | None = None,
) -> Iterator[WarcResult]:
    """The rfi.fr pages of a WARC file, parsed (being written on the ``warc`` branch)."""
    raise NotImplementedError
