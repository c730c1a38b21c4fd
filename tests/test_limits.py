"""The input size limit: refused before any parsing, with a typed error."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import rfiparse
from rfiparse import InputTooComplexError, InputTooLargeError

RECORD = "<!--1-->\n[标题](https://www.rfi.fr/cn/中国/x)\n------\n<div><p>正文。</p></div>"
FEED = (
    '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>标题</title>'
    '<link href="https://www.rfi.fr/cn/x/20200101-y"/>'
    '<content type="html">&lt;p&gt;x&lt;/p&gt;</content></entry></feed>'
)
FUNCTIONS: list[tuple[str, Callable[..., Any], str]] = [
    ("parse", rfiparse.parse, RECORD),
    ("parse_listing", rfiparse.parse_listing, RECORD),
    ("parse_feed", lambda x, **kw: list(rfiparse.parse_feed(x, **kw)), FEED),
]
IDS = [name for name, _, _ in FUNCTIONS]


@pytest.mark.parametrize(("name", "function", "text"), FUNCTIONS, ids=IDS)
def test_input_over_the_limit_is_refused(
    name: str, function: Callable[..., Any], text: str
) -> None:
    size = len(text.encode())
    with pytest.raises(InputTooLargeError, match="max_bytes"):
        function(text.encode(), max_bytes=size - 1)
    function(text.encode(), max_bytes=size)


@pytest.mark.parametrize(("name", "function", "text"), FUNCTIONS, ids=IDS)
def test_str_input_counts_its_utf8_bytes(
    name: str, function: Callable[..., Any], text: str
) -> None:
    size = len(text.encode())
    assert len(text) < size  # the CJK characters take three bytes each
    with pytest.raises(InputTooLargeError):
        function(text, max_bytes=size - 1)
    function(text, max_bytes=size)


@pytest.mark.parametrize(("name", "function", "text"), FUNCTIONS, ids=IDS)
def test_none_lifts_the_limit(name: str, function: Callable[..., Any], text: str) -> None:
    # (Not text * 2: two feeds one after the other are not one well-formed feed.)
    function(text, max_bytes=None)


def test_default_limit_refuses_a_huge_input_at_once() -> None:
    with pytest.raises(InputTooLargeError):
        rfiparse.parse(b"<p>" + b"x" * (16 * 1024 * 1024))


def test_input_too_large_is_an_rfi_parse_error() -> None:
    assert issubclass(InputTooLargeError, rfiparse.RfiParseError)


@pytest.mark.parametrize("value", [1.5, "10", True])
def test_max_bytes_must_be_an_int(value: object) -> None:
    with pytest.raises(TypeError, match="max_bytes"):
        rfiparse.parse(RECORD, max_bytes=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("tag", ["div", "span", "blockquote", "ul", "aside"])
def test_a_hundred_thousand_levels_of_nesting_are_refused_not_cut_short(tag: str) -> None:
    # libxml2 stops reading at 256 levels and drops the rest of the document.
    depth = 100_000
    html = f"<div>19/11/2023 - 15:34</div><div><p>Texte.</p>{f'<{tag}>' * depth}x</div>"
    with pytest.raises(InputTooComplexError):
        rfiparse.parse(html)


@pytest.mark.parametrize("tag", ["p", "a"])
def test_a_hundred_thousand_tags_that_close_each_other_do_not_nest(tag: str) -> None:
    depth = 100_000
    html = f"<div>19/11/2023 - 15:34</div><div><p>Texte.</p>{f'<{tag}>' * depth}x</div>"
    article = rfiparse.parse(html)
    assert [paragraph.text for paragraph in article.paragraphs] == ["Texte.", "x"]
