"""The public surface: arguments, errors, and what a bare fragment gives."""

from __future__ import annotations

import json
import re

import pytest

import rfiparse
from rfiparse import NotAnArticleError, RfiParseError

FRAGMENT = (
    "<div>19/11/2023 - 15:34</div>"
    '<img src="https://s.rfi.fr/media/display/x/w:1280/p:16x9/a.png">'
    "<p><strong>Lead text.</strong></p>"
    '<div><p>First <a href="/fr/france/20231119-autre">link</a>.</p><p>Second.</p></div>'
)


def test_parse_accepts_bytes_and_str_alike() -> None:
    assert rfiparse.parse(FRAGMENT.encode()) == rfiparse.parse(FRAGMENT)


@pytest.mark.parametrize("value", [None, 42, ["<p>x</p>"], bytearray(b"<p>x</p>")])
def test_parse_rejects_a_non_text_argument_with_type_error(value: object) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        rfiparse.parse(value)  # type: ignore[arg-type]


def test_parse_rejects_a_non_str_url_with_type_error() -> None:
    with pytest.raises(TypeError, match="url"):
        rfiparse.parse(FRAGMENT, url=b"https://www.rfi.fr/")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n",
        "<html><body></body></html>",
        "<div><span></span></div>",
        "\x00\x01",
        "<br>",
        "plain text, no markup",
        "# A Markdown README\n\nWith a paragraph.",
    ],
)
def test_input_without_headline_or_body_is_not_an_article(text: str) -> None:
    with pytest.raises(NotAnArticleError):
        rfiparse.parse(text)


def test_not_an_article_error_is_an_rfi_parse_error_and_a_value_error() -> None:
    assert issubclass(NotAnArticleError, RfiParseError)
    assert issubclass(RfiParseError, ValueError)


def test_bare_fragment_has_no_headline_url_or_edition() -> None:
    article = rfiparse.parse(FRAGMENT)
    assert (article.headline, article.url, article.edition, article.language) == (
        None,
        None,
        None,
        None,
    )


def test_bare_fragment_resolves_relative_links_against_rfi() -> None:
    article = rfiparse.parse(FRAGMENT)
    assert article.paragraphs[0].links[0].url == "https://www.rfi.fr/fr/france/20231119-autre"


def test_url_argument_becomes_the_article_url_and_names_its_edition() -> None:
    article = rfiparse.parse(FRAGMENT, url="http://www.rfi.fr//tw/中國/20231119-x")
    assert article.url == "https://www.rfi.fr/tw/%E4%B8%AD%E5%9C%8B/20231119-x"
    assert (article.edition, article.language, article.section) == ("tw", "zh-Hant", "中國")


def test_url_argument_is_the_base_of_relative_links() -> None:
    article = rfiparse.parse(FRAGMENT, url="https://amp.rfi.fr/archive/1")
    assert article.paragraphs[0].links[0].url == "https://amp.rfi.fr/fr/france/20231119-autre"


def test_url_argument_on_another_host_refuses_a_bare_fragment() -> None:
    message = re.escape("mirror.example is not an RFI site")
    with pytest.raises(rfiparse.ForeignSiteError, match=message):
        rfiparse.parse(FRAGMENT, url="https://mirror.example/archive/1")


def test_url_of_the_record_wins_over_the_url_argument_even_on_another_host(
    seed_text: str,
) -> None:
    article = rfiparse.parse(seed_text, url="https://example.com/elsewhere")
    assert article.url is not None
    assert article.url.startswith("https://www.rfi.fr/cn/")


def test_a_record_with_a_header_and_no_html_keeps_its_headline() -> None:
    article = rfiparse.parse("<!--1700405102000-->\n[标题](https://www.rfi.fr/cn/中国/x)\n------\n")
    assert article.headline == "标题"
    assert article.paragraphs == ()


def test_text_joins_headline_lead_and_paragraphs_with_blank_lines(seed_text: str) -> None:
    article = rfiparse.parse(seed_text)
    blocks = article.text.split("\n\n")
    assert blocks[0] == article.headline
    assert blocks[1] == article.lead
    assert blocks[2:] == [p.text for p in article.paragraphs]


def test_to_dict_is_json_serialisable(seed_text: str) -> None:
    data = rfiparse.parse(seed_text).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_articles_are_frozen(seed_text: str) -> None:
    article = rfiparse.parse(seed_text)
    with pytest.raises(AttributeError):
        article.headline = "x"  # type: ignore[misc]


def test_byte_order_mark_selects_the_encoding() -> None:
    data = "\ufeff" + FRAGMENT
    assert rfiparse.parse(data.encode("utf-16")) == rfiparse.parse(FRAGMENT)


def test_invalid_utf8_bytes_are_replaced_not_fatal() -> None:
    article = rfiparse.parse(FRAGMENT.encode().replace(b"Second.", b"Sec\xffond."))
    assert article.paragraphs[1].text == "Sec\ufffdond."


@pytest.mark.parametrize("charset", ["utf-7", "cp037", "utf-16", "x-no-such-charset"])
def test_a_declared_charset_browsers_would_not_honour_falls_back_to_utf8(charset: str) -> None:
    data = f'<meta charset="{charset}"><div><p>中文段落。</p></div>'.encode()
    assert [p.text for p in rfiparse.parse(data).paragraphs] == ["中文段落。"]


@pytest.mark.parametrize(("charset", "codec"), [("gb2312", "gb18030"), ("big5", "big5")])
def test_a_declared_chinese_charset_decodes_the_bytes(charset: str, codec: str) -> None:
    data = f'<meta charset="{charset}"><div><p>中文段落。</p></div>'.encode(codec)
    assert [p.text for p in rfiparse.parse(data).paragraphs] == ["中文段落。"]
