"""Inputs that once crashed the parser: each must now give a result or an RfiParseError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

import rfiparse
from conftest import FIXTURES
from invariants import assert_aware, assert_clean_text, assert_http_url, assert_invariants

REGRESSIONS = FIXTURES / "regressions"

# An explicit list, so that the test is collected and passes even with no regression yet.
_FILES = (
    sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.name != "README.md")
    if REGRESSIONS.is_dir()
    else []
)
CASES: list[Path | None] = [*_FILES] if _FILES else [None]


def _assert_teaser(teaser: rfiparse.Teaser) -> None:
    assert isinstance(teaser, rfiparse.Teaser)
    assert_clean_text(teaser.title)
    assert_clean_text(teaser.topic)
    assert_http_url(teaser.url)
    assert_aware(teaser.published)
    if teaser.image is not None:
        assert_http_url(teaser.image.url)
        assert_clean_text(teaser.image.alt)
        for rendition in teaser.image.renditions:
            assert_http_url(rendition.url)


def _parse(value: str | bytes) -> None:
    article = rfiparse.parse(value)
    assert isinstance(article, rfiparse.Article)
    assert_invariants(article)


def _parse_listing(value: str | bytes) -> None:
    teasers = rfiparse.parse_listing(value)
    assert isinstance(teasers, tuple)
    for teaser in teasers:
        _assert_teaser(teaser)


def _parse_feed(value: str | bytes) -> None:
    for article in rfiparse.parse_feed(value):
        assert isinstance(article, rfiparse.Article)
        assert_invariants(article)


CALLS: dict[str, Callable[[str | bytes], None]] = {
    "parse": _parse,
    "parse_listing": _parse_listing,
    "parse_feed": _parse_feed,
}


def test_the_regressions_folder_says_what_goes_in_it() -> None:
    assert (REGRESSIONS / "README.md").is_file()


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize(
    "path", CASES, ids=[p.name if p is not None else "no-regressions" for p in CASES]
)
def test_a_regression_input_gives_a_result_or_a_parse_error(path: Path | None, call: str) -> None:
    if path is None:
        return  # the folder holds no regression input yet
    data = path.read_bytes()
    # As bytes, and as text: UTF-8 with each undecodable byte kept as a lone surrogate,
    # as the fuzzer passes it.
    for value in (data, data.decode("utf-8", "surrogateescape")):
        with contextlib.suppress(rfiparse.RfiParseError):
            CALLS[call](value)
