"""rfiparse.detect(): which function reads an input, as parse() itself would judge it."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rfiparse
from conftest import FIXTURES
from rfiparse import InputShape, detect
from rfiparse._opening import is_whole_page, is_whole_page_text, opens_like_page


def _fixtures(pattern: str) -> list[Path]:
    """RFI fixtures whose name matches ``pattern``, wherever they stand under FIXTURES."""
    return sorted(p for p in FIXTURES.rglob(pattern) if "foreign" not in p.parts)


def _fixture(name: str, folder: str = "") -> Path:
    """The one fixture called ``name`` (under ``folder``, for another publisher's)."""
    (path,) = (p for p in FIXTURES.rglob(name) if folder in p.parts or not folder)
    return path


RECORDS = _fixtures("record_*.md") + _fixtures("record_*.txt")
FRAGMENTS = _fixtures("fragment_*.html")
PAGES = _fixtures("page_*.html")
LISTINGS = _fixtures("listing_*.html")
FEEDS = _fixtures("feed_*.xml")
BY_SHAPE: list[tuple[Path, InputShape]] = [
    *((p, "article") for p in RECORDS + FRAGMENTS + PAGES),
    *((p, "listing") for p in LISTINGS),
    *((p, "feed") for p in FEEDS),
]


def test_every_fixture_kind_is_found() -> None:
    assert len(RECORDS) > 20
    assert all((FRAGMENTS, PAGES, LISTINGS, FEEDS))


@pytest.mark.parametrize(("path", "shape"), BY_SHAPE, ids=[p.stem for p, _ in BY_SHAPE])
def test_each_golden_fixture_is_detected_as_its_kind(path: Path, shape: InputShape) -> None:
    assert detect(path.read_bytes()) == shape


@pytest.mark.parametrize(("path", "shape"), BY_SHAPE, ids=[p.stem for p, _ in BY_SHAPE])
def test_text_is_detected_as_its_bytes_are(path: Path, shape: InputShape) -> None:
    assert detect(path.read_text(encoding="utf-8")) == shape


def test_another_publishers_listing_is_a_listing_that_parse_listing_refuses() -> None:
    data = _fixture("listing_bbc_home.html", "foreign").read_bytes()
    assert detect(data) == "listing"
    with pytest.raises(rfiparse.ForeignSiteError):
        rfiparse.parse_listing(data)


@pytest.mark.parametrize(
    "feed",
    [
        '<?xml version="1.0"?>\n<!-- a comment --><rss version="2.0"><channel/></rss>',
        '<feed xmlns="http://www.w3.org/2005/Atom"></feed>',
        '<?xml version="1.0"?><!DOCTYPE rdf:RDF><rdf:RDF xmlns:rdf="x"></rdf:RDF>',
        " \n<rss/>",
    ],
)
def test_a_feed_is_known_by_its_first_element(feed: str) -> None:
    assert detect(feed) == "feed"
    assert detect(feed.encode("utf-16")) == "feed"  # its byte-order mark names the codec


@pytest.mark.parametrize(("before", "shape"), [("\x01\x0b ", "feed"), ("\u3000", "article")])
def test_blanks_before_a_feed_are_those_parse_feed_steps_over(before: str, shape: str) -> None:
    # parse_feed() repairs the controls away; no XML parser skips a Unicode space.
    assert detect(before + "<rss><channel/></rss>") == shape


@pytest.mark.parametrize(
    "prolog", ["<!DOCTYPE html><!DOCTYPE html>", "<!doctype rss>", "<!ELEMENT x>"]
)
def test_a_prolog_no_xml_parser_reads_past_is_no_feed(prolog: str) -> None:
    # XML allows one doctype, spelt so, and no other declaration: parse_feed() would
    # refuse these as "not an RSS or Atom feed".
    feed = f"{prolog}<rss><channel/></rss>"
    with pytest.raises(rfiparse.RfiParseError, match="not an RSS or Atom feed"):
        tuple(rfiparse.parse_feed(feed))
    assert detect(feed) == "article"


def test_a_byte_order_mark_before_a_feed_is_left_out() -> None:
    assert detect("\ufeff<rss/>") == detect(b"\xef\xbb\xbf<rss/>") == "feed"


def test_a_record_whose_html_is_a_feed_is_an_article() -> None:
    record = "<!--1700405102000-->\n[标题](https://www.rfi.fr/cn/x/20231119-y)\n------\n<rss/>"
    assert detect(record) == "article"


def test_a_section_page_without_doctype_or_html_tag_is_a_listing() -> None:
    # parse() reads a bare input as a page whenever its head holds something.
    teaser = '<div data-article-list><a href="/cn/a/20231119-x"><h2>T</h2></a></div>'
    html = f"<head><title>Accueil</title></head><body>{teaser * 2}</body>"
    assert detect(html) == "listing"
    with pytest.raises(rfiparse.ListingPageError):
        rfiparse.parse(html)


def test_glued_teaser_tags_are_repaired_before_a_fragment_is_judged() -> None:
    # Class-stripped archives glue the tag name to data-article-list: parse() repairs it.
    teaser = '<divdata-article-list><a href="/cn/a/20231119-x"><h2>T</h2></a></div>'
    html = f"<head><title>Accueil</title></head><body>{teaser * 2}</body>"
    assert detect(html) == "listing"


def test_a_listing_parse_refuses_before_parsing_is_a_listing() -> None:
    # UTF-16 without its byte-order mark: parse() refuses it as binary data before
    # parsing, the HTML parser (and parse_listing()) reads it all the same.
    data = LISTINGS[0].read_text(encoding="utf-8").encode("utf-16-le")
    with pytest.raises(rfiparse.NotAnArticleError, match="binary"):
        rfiparse.parse(data)
    assert detect(data) == "listing"


@pytest.mark.parametrize(
    "html",
    ["", b"", "   ", "<p>x</p>", b"\x00\x01\x02" * 100, "texte sans balise", "<html></html>"],
)
def test_what_is_no_feed_and_no_listing_is_for_parse(html: str | bytes) -> None:
    assert detect(html) == "article"


@pytest.mark.parametrize("html", [None, 1, bytearray(b"<p>"), ["<p>"]])
def test_html_of_another_type_is_a_type_error(html: Any) -> None:
    with pytest.raises(TypeError, match=r"detect\(\) takes str or bytes"):
        detect(html)


def test_input_over_max_bytes_is_refused_before_any_work() -> None:
    with pytest.raises(rfiparse.InputTooLargeError):
        detect("<rss/>" + " " * 100, max_bytes=100)


def test_input_too_complex_to_parse_is_refused_as_parse_refuses_it() -> None:
    html = "<html><head><title>x</title></head><body>" + "<div>" * 100_000 + "</body></html>"
    with pytest.raises(rfiparse.InputTooComplexError):
        detect(html)
    with pytest.raises(rfiparse.InputTooComplexError):
        rfiparse.parse(html)


# The whole-page rule --------------------------------------------------------------------


@pytest.mark.parametrize(
    "opening",
    [
        "<!DOCTYPE html>",
        "<html>",
        "<HTML lang='fr'>",
        "\ufeff <html>",
        "\x0b<html>",
        "\x01\n<html>",
    ],
)
def test_a_whole_page_opens_with_a_doctype_or_html_tag_after_blanks(opening: str) -> None:
    assert is_whole_page_text(opening)
    assert is_whole_page(opening.encode("utf-8"))


@pytest.mark.parametrize(
    "opening", ["<head>", "<htmlx>", "<!doctype>", "<p><html>", "\u3000<html>", "\xa0<html>"]
)
def test_what_else_opens_a_document_is_no_whole_page(opening: str) -> None:
    assert not is_whole_page_text(opening)
    assert not is_whole_page(opening.encode("utf-8"))


def test_a_page_without_its_html_tag_opens_like_a_page_for_the_pre_cut() -> None:
    assert opens_like_page(b"\xef\xbb\xbf\n<head><style>p{}</style></head>")
    assert opens_like_page(b"<!doctype svg>")
    assert not is_whole_page(b"<!doctype svg>")
    assert not opens_like_page(b"<p>x</p>")


def test_a_control_character_before_a_page_leaves_it_a_page() -> None:
    # The parser never sees the controls parse_html() drops: the page reads as without them.
    page = _fixture(PAGES[0].name).read_bytes()
    assert rfiparse.parse(b"\x0b\x01" + page) == rfiparse.parse(page)


# Properties -------------------------------------------------------------------------------


def _agrees_with_parse(html: str | bytes) -> None:
    """detect() sends neither what parse() reads elsewhere, nor to parse() a listing it refuses.

    When parse() reads an article, the answer is "article", or "feed" for input that
    opens as a feed (parse() is lenient with ``<rss><p>…</p>``): then parse_feed()
    takes it as a feed. When parse() refuses the input with ListingPageError, "listing".
    """
    try:
        shape = detect(html)
    except rfiparse.RfiParseError:
        shape = None
    if shape == "feed":
        try:
            tuple(rfiparse.parse_feed(html))
        except rfiparse.RfiParseError as error:
            refused = str(error)
        else:
            refused = ""
        assert "not an RSS or Atom feed" not in refused, html
    try:
        rfiparse.parse(html)
    except rfiparse.NotAnArticleError as error:
        if isinstance(error, rfiparse.ListingPageError):
            assert shape == "listing", html
    except rfiparse.RfiParseError:
        pass
    else:
        assert shape in ("article", "feed"), html


# Pieces of pages, records and feeds, so that random input is often one of them.
PREFIXES = [
    "", "\ufeff", "\x0b", "\x01", "\u3000", "\xa0", " \n", "<!--1700405102000-->\n",
    "[标题](https://www.rfi.fr/cn/x/20231119-y)\n------\n", "---\ntitle: t\n---\n",
]  # fmt: skip
OPENINGS = ["", "<!DOCTYPE html>", "<html>", "<!DOCTYPE html><html>", "<p>x</p>"]
HEAD = [
    "<title>t</title>", '<meta property="og:type" content="website">', '<meta charset="gbk">',
    '<link rel="canonical" href="https://www.rfi.fr/cn/">',
]  # fmt: skip
HEAD_OF_AN_ARTICLE = [
    '<meta property="og:type" content="article">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "h"}</script>',
]
TEASERS = [
    '<div data-article-list><a href="/cn/a/20231119-x"><h2>T</h2></a></div>',
    '<divdata-article-list><a href="/cn/a/20231119-y"><h2>U</h2></a></div>',
]
ARTICLE_MARKS = [
    '<h1 class="t-content__title">T</h1>', '<div class="t-content--article">',
    "<div data-article-content>",
]  # fmt: skip
BODY = ["<p>Une phrase.</p>", "<p>", "</div>", "<body>", "</body>", "文字"]
FEED = ['<?xml version="1.0"?>', "<rss>", "<feed>", "<!-- c -->"]
TOKENS = [
    *PREFIXES[1:], *OPENINGS[1:], "<head>", "</head>", *HEAD, *HEAD_OF_AN_ARTICLE, *TEASERS,
    *ARTICLE_MARKS,
    *BODY, *FEED, "<", ">", " ",
]  # fmt: skip
SOUP = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)
# A page's parts in a page's order, what a listing holds most often: many are listings.
PAGE_SOUP = st.tuples(
    st.sampled_from(PREFIXES),
    st.sampled_from(OPENINGS),
    st.lists(st.sampled_from(HEAD * 3 + HEAD_OF_AN_ARTICLE), min_size=1, max_size=3).map(
        lambda head: f"<head>{''.join(head)}</head>"
    ),
    st.lists(st.sampled_from(TEASERS * 8 + ARTICLE_MARKS + BODY), max_size=8).map("".join),
).map("".join)


@given(SOUP, st.booleans())
@settings(max_examples=400, deadline=None)
def test_detect_agrees_with_parse_on_page_soup(text: str, as_bytes: bool) -> None:
    _agrees_with_parse(text.encode("utf-8", "surrogatepass") if as_bytes else text)


@given(PAGE_SOUP, st.booleans())
@settings(max_examples=300, deadline=None)
def test_detect_agrees_with_parse_on_page_shaped_soup(text: str, as_bytes: bool) -> None:
    _agrees_with_parse(text.encode("utf-8") if as_bytes else text)


@given(st.sampled_from(PAGES + LISTINGS + FRAGMENTS + RECORDS[:5]), st.data())
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_detect_agrees_with_parse_on_cut_and_spliced_fixtures(
    path: Path, data: st.DataObject
) -> None:
    text = path.read_bytes()
    cut = data.draw(st.integers(0, len(text)), label="cut")
    token = data.draw(st.sampled_from(TOKENS), label="token").encode("utf-8")
    where = data.draw(st.integers(0, cut), label="where")
    _agrees_with_parse(text[:where] + token + text[where:cut])


@given(st.one_of(st.text(), st.binary(), SOUP))
@settings(max_examples=400, deadline=None)
def test_detect_no_exception(html: str | bytes) -> None:
    with contextlib.suppress(rfiparse.RfiParseError):
        assert detect(html) in ("article", "listing", "feed")
