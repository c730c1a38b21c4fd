"""The pre-cut of head style sheets changes nothing in the tree but the style sheets' text."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import etree

import rfiparse
from goldens import fixture, inputs
from rfiparse._html import parse_html
from rfiparse._precut import drop_head_styles

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
PAGES = sorted(
    [fixture("page_cn_taiwan_defense_budget.html"), *inputs("listing")]
    + (sorted(SHARED.glob("*.html")) if SHARED.is_dir() else [])
)


def _tree_without_style_text(data: bytes) -> bytes:
    """The serialised tree that ``parse_html`` builds, with every style sheet emptied."""
    body = parse_html(data)
    assert body is not None
    document = body.getroottree()
    for style in document.iter("style"):
        style.text = None
    return etree.tostring(document, encoding="utf-8")


def _same_tree_but_styles(data: bytes) -> None:
    cut = drop_head_styles(data)
    assert _tree_without_style_text(cut) == _tree_without_style_text(data)


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_real_pages_keep_their_tree(path: Path) -> None:
    _same_tree_but_styles(path.read_bytes())


@pytest.mark.parametrize("path", PAGES, ids=[p.name for p in PAGES])
def test_real_pages_lose_their_head_css(path: Path) -> None:
    data = path.read_bytes()
    if b"<style" in data.partition(b"</head>")[0]:
        assert len(drop_head_styles(data)) < len(data)


def test_a_page_parses_to_the_same_article_as_without_the_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    data = fixture("page_cn_taiwan_defense_budget.html").read_bytes()
    article = rfiparse.parse(data)
    monkeypatch.setattr("rfiparse._html.drop_head_styles", lambda data: data)
    assert rfiparse.parse(data) == article


def test_only_style_text_is_cut() -> None:
    data = (
        b"<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style>"
        b'<script type="application/ld+json">{"a":1}</script><style media="x">a{}</style>'
        b"</head><body><p>x</p></body></html>"
    )
    assert drop_head_styles(data) == (
        b"<!DOCTYPE html><html><head><title>T</title><style></style>"
        b'<script type="application/ld+json">{"a":1}</script><style media="x"></style>'
        b"</head><body><p>x</p></body></html>"
    )


def test_fragments_are_left_alone() -> None:
    data = b"<style>p{}</style><div><p>x</p></div>"
    assert drop_head_styles(data) is data


@pytest.mark.parametrize(
    "head",
    [
        b"<style>a</styles>b</style>",  # older libxml2 ends at "</styles"
        b"<style/>a</style>",  # a self-closing style: parsers differ
        b"<!-->a<style>b</style>",  # an HTML5 "abrupt" comment
        b"<!-- a --!><style>b</style>",
        b"<script><!--<script></script>--></script><style>b</style>",  # escaped script text
        b"<noscript><style>b</style></noscript>",
        b'<meta content="a"name="b"><style>b</style>',  # glued attributes
        b"text<style>b</style>",  # text starts the body
        b"<style>never closed",
        b"<title>a<b>c</b></title><style>b</style>",  # older libxml2 parses the <b>
    ],
)
def test_markup_read_differently_by_some_parsers_stops_the_cut(head: bytes) -> None:
    data = b"<html><head>" + head + b"</head><body><p>x</p></body></html>"
    assert drop_head_styles(data) == data


_HEAD_TOKENS = [
    "<title>", "</title>", "<style>", '<style media="x">', "</style>", "</STYLE >",
    "</styles>", "</style/>", "<style/>", "<script>", '<script type="application/ld+json">',
    "</script>", "<!--", "-->", "--!>", "<!-->", "<noscript>", "</head>", "<body>", "<p>",
    "</p>", '<meta charset="utf-8">', '<meta content="a>b" name=x>', "<link rel=x href='y'>",
    '<p title="</style>">', "a{color:red}", "text", " ", "\n", "<", ">", '"', "'", "=", "/",
]  # fmt: skip


@given(st.lists(st.sampled_from(_HEAD_TOKENS), max_size=16).map("".join))
@example("<style>a</style><style>b</styles>c</style>")
@example("<title></style></title><style>x</style>")
@example('<meta content="<style>"><style>x</style>')
def test_any_head_keeps_its_tree(head: str) -> None:
    data = ("<!DOCTYPE html><html><head>" + head + "<body><p>end</p></body></html>").encode()
    _same_tree_but_styles(data)
