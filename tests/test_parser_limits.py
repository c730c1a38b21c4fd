"""libxml2's limits: input it would cut short or read in quadratic time is refused, never shortened.

libxml2 stops at a text node, attribute value or comment over 10,000,000 bytes
(and at 256 levels of nesting) and drops the rest of the document without
failing; its HTML parser compares each attribute of a tag with every earlier
one. rfiparse raises ``InputTooComplexError`` instead of returning less.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import pytest
from lxml import etree

import rfiparse
from rfiparse import InputTooComplexError
from rfiparse._libxml import MAX_ATTRIBUTES, check_attribute_counts

RFI_URL = "https://www.rfi.fr/cn/中国/20231119-example"
OVER_LIMIT = 10_000_001  # libxml2's XML_MAX_TEXT_LENGTH is 10,000,000
DATE = "<div>19/11/2023 - 15:34</div>"


def _feed(*descriptions: str) -> str:
    items = "".join(
        f"<item><title>标题{i}</title><link>{RFI_URL}-{i}</link>"
        f"<description>{html.escape(description)}</description></item>"
        for i, description in enumerate(descriptions)
    )
    return f'<rss version="2.0"><channel>{items}</channel></rss>'


def _parse_feed(text: str) -> list[rfiparse.Article]:
    return list(rfiparse.parse_feed(text, max_bytes=None))


HTML_FUNCTIONS: list[tuple[str, Callable[..., Any]]] = [
    ("parse", rfiparse.parse),
    ("parse_listing", rfiparse.parse_listing),
]


# --- the 10,000,000-byte node limit ---------------------------------------------------


@pytest.mark.parametrize(("name", "function"), HTML_FUNCTIONS, ids=[n for n, _ in HTML_FUNCTIONS])
def test_an_attribute_over_the_node_limit_is_refused_not_cut_short(
    name: str, function: Callable[..., Any]
) -> None:
    # The reproduction of the issue: parse() kept "Para 1." alone.
    page = (
        '<div><p>Para 1.</p><p><img src="data:image/png;base64,'
        + "A" * OVER_LIMIT
        + '"></p><p>Para 2.</p></div>'
    )
    with pytest.raises(InputTooComplexError, match="10,000,000"):
        function(page, max_bytes=None)


@pytest.mark.parametrize(
    "node",
    [
        "<p>" + "x" * OVER_LIMIT + "</p>",
        "<!--" + "x" * OVER_LIMIT + "-->",
        "<script>" + "x" * OVER_LIMIT + "</script>",
        '<p title="' + "x" * OVER_LIMIT + '">t</p>',
    ],
    ids=["text", "comment", "script", "attribute"],
)
def test_any_node_over_the_limit_is_refused(node: str) -> None:
    with pytest.raises(InputTooComplexError):
        rfiparse.parse(f"{DATE}<div><p>Para 1.</p>{node}<p>Para 2.</p></div>", max_bytes=None)


@pytest.mark.skipif(
    etree.LIBXML_VERSION < (2, 13), reason="libxml2 2.12 logs no error past the hundredth"
)
def test_a_node_over_the_limit_after_a_hundred_other_errors_is_refused() -> None:
    errors = "<p>a</x>" * 200  # each stray end tag is an error
    page = f"{DATE}<div><p>Para 1.</p>{errors}<p>{'x' * OVER_LIMIT}</p><p>Para 2.</p></div>"
    with pytest.raises(InputTooComplexError):
        rfiparse.parse(page, max_bytes=None)


def test_a_node_just_under_the_limit_is_read_whole() -> None:
    text = "x" * 9_000_000
    article = rfiparse.parse(f"{DATE}<div><p>{text}</p><p>Para 2.</p></div>", max_bytes=None)
    assert [len(paragraph.text) for paragraph in article.paragraphs] == [len(text), 7]


def test_a_feed_entry_over_the_node_limit_is_refused_at_the_call() -> None:
    feed = _feed("<p>Para 1.</p>", "<p>" + "x" * OVER_LIMIT + "</p>", "<p>Para 3.</p>")
    with pytest.raises(InputTooComplexError):
        rfiparse.parse_feed(feed, max_bytes=None)


def test_a_feed_cdata_section_over_the_node_limit_is_refused() -> None:
    feed = _feed("<p>Para 1.</p>").replace(
        "</channel>",
        f"<item><link>{RFI_URL}</link><description><![CDATA[<p>{'x' * OVER_LIMIT}</p>]]>"
        "</description></item></channel>",
    )
    with pytest.raises(InputTooComplexError):
        rfiparse.parse_feed(feed, max_bytes=None)


# --- nesting --------------------------------------------------------------------------


def test_nesting_two_hundred_deep_is_read_whole() -> None:
    page = f"{DATE}<div><p>Texte.</p>{'<div>' * 200}x{'</div>' * 200}<p>Après.</p></div>"
    article = rfiparse.parse(page)
    assert [paragraph.text for paragraph in article.paragraphs] == ["Texte.", "x", "Après."]


def test_nesting_past_the_parser_depth_is_refused_for_listings_too() -> None:
    with pytest.raises(InputTooComplexError):
        rfiparse.parse_listing("<div>" * 1000 + "x")


# --- attributes -----------------------------------------------------------------------


def _tag(count: int, attribute: Callable[[int], str] = lambda i: f'a{i}="v"') -> str:
    return "<p " + " ".join(attribute(i) for i in range(count)) + ">x</p>"


@pytest.mark.parametrize(("name", "function"), HTML_FUNCTIONS, ids=[n for n, _ in HTML_FUNCTIONS])
def test_a_tag_with_eighty_thousand_attributes_is_refused_before_parsing(
    name: str, function: Callable[..., Any]
) -> None:
    # The reproduction of the issue: 18 s inside libxml2.
    with pytest.raises(InputTooComplexError, match="attributes"):
        function(_tag(80_000))


def test_a_feed_entry_with_too_many_attributes_is_refused_when_reached() -> None:
    articles = rfiparse.iter_feed(_feed("<p>Para 1.</p>", _tag(80_000)))
    assert next(articles).paragraphs[0].text == "Para 1."
    with pytest.raises(InputTooComplexError):
        next(articles)


def test_parse_feed_raises_for_an_entry_with_too_many_attributes() -> None:
    with pytest.raises(InputTooComplexError):
        rfiparse.parse_feed(_feed("<p>Para 1.</p>", _tag(80_000)))


def test_the_most_attributes_allowed_are_read() -> None:
    article = rfiparse.parse(DATE + _tag(MAX_ATTRIBUTES))
    assert article.paragraphs[0].text == "x"


def test_one_attribute_more_is_refused() -> None:
    with pytest.raises(InputTooComplexError):
        rfiparse.parse(DATE + _tag(MAX_ATTRIBUTES + 1))


@pytest.mark.parametrize(
    "attribute",
    [
        lambda i: f"a{i}",  # no values
        lambda i: f'a{i}=">"',  # a quoted '>' does not end the tag
        lambda i: f"a{i}='<b>'",
        lambda i: f"a{i}<=1",  # '<' may be part of a name
        lambda i: f"a{i} = v",  # blanks around '='
    ],
    ids=["bare", "quoted >", "quoted tag", "< in name", "spaced ="],
)
def test_attributes_are_counted_however_they_are_written(
    attribute: Callable[[int], str],
) -> None:
    with pytest.raises(InputTooComplexError):
        check_attribute_counts(_tag(MAX_ATTRIBUTES + 1, attribute).encode())


@pytest.mark.parametrize(
    "tag",
    [
        "<p" + "/a" * (MAX_ATTRIBUTES + 1) + ">",  # '/' separates attributes
        "<p " + "".join(f'a{i}="v"' for i in range(MAX_ATTRIBUTES + 1)) + ">",  # glued
        "<p\n" + "\n".join(f"a{i}" for i in range(MAX_ATTRIBUTES + 1)),  # never closed
        # A name may begin with '=' (after a blank, '=' would give the last name a value).
        "<p" + "".join(f'/="{i}"' for i in range(MAX_ATTRIBUTES + 1)) + ">",
    ],
    ids=["slashes", "glued", "unclosed", "= names"],
)
def test_attributes_are_counted_whatever_separates_them(tag: str) -> None:
    with pytest.raises(InputTooComplexError):
        check_attribute_counts(tag.encode())


@pytest.mark.parametrize(
    "html_text",
    [
        "<p>" + " ".join(f"a{i}" for i in range(10_000)) + "</p>",  # words of text
        '<p title="' + " ".join(f"a{i}" for i in range(10_000)) + '">x</p>',  # one long value
        "".join(f"<p {_tag(MAX_ATTRIBUTES)[3:]}" for _ in range(20)),  # many tags at the limit
        "</p " + " ".join(f"a{i}" for i in range(10_000)) + ">",  # end tags are not counted
        "<!-- <p " + " ".join(f"a{i}" for i in range(10_000)) + " -->",
    ],
    ids=["text", "long value", "many tags", "end tag", "comment"],
)
def test_only_attributes_of_one_start_tag_count(html_text: str) -> None:
    check_attribute_counts(html_text.encode())


BARE_TAG = _tag(10_000, lambda i: f"a{i}")


@pytest.mark.parametrize(
    "html_text",
    [
        "<!-- " + BARE_TAG,  # a comment never closed runs to the end
        '<p title="' + BARE_TAG,  # so does a quoted value
        '</p a="' + BARE_TAG + '">',  # an end tag's quoted value, as a start tag's
        "<!x " + BARE_TAG.replace(">x", " x"),  # a bogus comment runs to the first '>'
    ],
    ids=["open comment", "open quote", "end tag", "bogus comment"],
)
def test_what_a_comment_or_a_quoted_value_holds_is_not_a_tag(html_text: str) -> None:
    check_attribute_counts(html_text.encode())


def test_a_comment_ends_at_bang_too() -> None:
    with pytest.raises(InputTooComplexError):
        check_attribute_counts(("<!-- a --!>" + BARE_TAG).encode())


def test_input_too_complex_is_an_rfi_parse_error() -> None:
    assert issubclass(InputTooComplexError, rfiparse.RfiParseError)


@pytest.mark.parametrize("tail", ['<span class="a', "<span", '<img src="x.jpg" alt="'])
def test_an_input_cut_off_inside_a_start_tag_is_read_not_refused(tail: str) -> None:
    # libxml2 2.12 (lxml 5.0-5.2 wheels) logs its "out of memory" code for it, as for
    # its size limits: nothing follows the cut tag, so nothing is lost.
    article = rfiparse.parse(DATE + "<p>Para 1.</p>" + tail)
    assert article.paragraphs[0].text == "Para 1."
