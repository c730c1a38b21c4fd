"""parse_feed(): the RFI articles of RSS and Atom feeds.

Golden files: ``feed_atom_*.xml`` are real Jekyll-built Atom feeds copied from the
corpus (``fixtures/feeds/``); beside each, ``<name>.json`` holds the number of RFI entries, their
URLs in page order and two of them in full, written by reading the XML.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rfiparse
from goldens import Case, cases
from invariants import assert_invariants
from rfiparse import _feed
from rfiparse._feed import parse_feed

FEEDS = cases("feed")

RFI_URL = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-example"
# A 2022-style fragment without header: the feed must supply headline and URL.
FRAGMENT = (
    "<div>19/11/2023 - 15:34</div>"
    "<p><strong>导语。</strong></p>"
    '<div><p>第一段。</p><p><a href="/cn/x">链接</a></p></div>'
)
# A record with its own header and date: the feed must not override them.
RECORD = (
    "<!--1700405102000-->\n"
    "[记录标题 - 要闻解说](http://www.rfi.fr//cn/中国/20231119-record)\n"
    "------\n"
    "<div>19/11/2023 - 15:34</div><div><p>正文。</p></div>"
)


def _load(case: Case) -> tuple[bytes, dict[str, Any]]:
    return case.read(), case.load()


def _rss(*items: str, extra_ns: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        f"{extra_ns}><channel><title>t</title>{''.join(items)}</channel></rss>"
    )


def _item(
    link: str | None, html_text: str, *, title: str = "", date: str = "", tag: str = "description"
) -> str:
    parts = [f"<title>{html.escape(title)}</title>" if title else ""]
    parts.append(f"<link>{link}</link>" if link else "")
    parts.append(f"<pubDate>{date}</pubDate>" if date else "")
    parts.append(f"<{tag}>{html.escape(html_text)}</{tag}>")
    return "<item>" + "".join(parts) + "</item>"


def _atom(*entries: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>t</title>{''.join(entries)}</feed>"
    )


def _entry(
    link: str | None, html_text: str, *, title: str = "", published: str = "", updated: str = ""
) -> str:
    parts = [f'<title type="html">{html.escape(title)}</title>' if title else ""]
    parts.append(f'<link href="{link}" rel="alternate" type="text/html"/>' if link else "")
    parts.append(f"<published>{published}</published>" if published else "")
    parts.append(f"<updated>{updated}</updated>" if updated else "")
    parts.append(f'<content type="html">{html.escape(html_text)}</content>')
    return "<entry>" + "".join(parts) + "</entry>"


# --- golden feeds -------------------------------------------------------------


def test_there_are_golden_feeds() -> None:
    assert len(FEEDS) == 2


@pytest.mark.parametrize("case", FEEDS, ids=[c.name for c in FEEDS])
def test_golden_feed_yields_its_rfi_entries_in_page_order(case: Case) -> None:
    data, expected = _load(case)
    articles = list(parse_feed(data))
    assert len(articles) == expected["count"]
    assert [a.url for a in articles] == expected["urls"]
    for article in articles:
        assert_invariants(article)
        assert article.headline
        assert article.published is not None
        assert article.edition == "cn"


@pytest.mark.parametrize("case", FEEDS, ids=[c.name for c in FEEDS])
def test_golden_feed_entries_in_full(case: Case) -> None:
    data, expected = _load(case)
    articles = list(parse_feed(data))
    for entry in expected["articles"]:
        assert articles[entry["position"]].to_dict() == entry["article"]


@pytest.mark.parametrize("case", FEEDS, ids=[c.name for c in FEEDS])
def test_golden_feed_parses_the_same_from_str_and_bytes(case: Case) -> None:
    data, _ = _load(case)
    assert list(parse_feed(data.decode("utf-8"))) == list(parse_feed(data))


def test_rendered_header_of_another_outlet_is_skipped_even_if_it_mentions_rfi() -> None:
    # A BBC entry in the waimei layout whose body links to rfi.fr is not RFI's.
    body = '<div><p>见<a href="https://www.rfi.fr/cn/x">法广报道</a>。</p></div>'
    feed = _atom(
        _entry(
            "https://example.github.io/a",
            '<!--1-->\n<p><a href="https://www.bbc.com/zhongwen/x">标题</a>\n——</p>\n' + body,
            title="标题",
        )
    )
    assert list(parse_feed(feed)) == []


# --- synthetic feeds ------------------------------------------------------------


def test_rss_content_encoded_and_description() -> None:
    feed = _rss(
        _item(RFI_URL, FRAGMENT, title="内容", tag="content:encoded"),
        _item(RFI_URL, FRAGMENT, title="描述"),
    )
    articles = list(parse_feed(feed))
    assert [a.headline for a in articles] == ["内容", "描述"]
    assert all(a.paragraphs[0].text == "第一段。" for a in articles)


def test_rss_prefers_content_encoded_over_description() -> None:
    item = (
        f"<item><title>t</title><link>{RFI_URL}</link>"
        "<description>&lt;p&gt;摘要&lt;/p&gt;</description>"
        f"<content:encoded><![CDATA[{FRAGMENT}]]></content:encoded></item>"
    )
    [article] = parse_feed(_rss(item))
    assert article.lead == "导语。"


def test_atom_content_type_html() -> None:
    [article] = parse_feed(_atom(_entry(RFI_URL, FRAGMENT, title="标题")))
    assert article.headline == "标题"
    assert article.lead == "导语。"
    assert article.paragraphs[1].links[0].url == "https://www.rfi.fr/cn/x"


def test_rss_1_0() -> None:
    feed = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<item rdf:about="{RFI_URL}"><title>标题</title>'
        f"<description>{html.escape('<p>正文。</p>')}</description>"
        "<dc:date>2023-11-19T15:34:00+01:00</dc:date></item></rdf:RDF>"
    )
    [article] = parse_feed(feed)
    assert (article.url, article.headline) == (RFI_URL, "标题")
    assert article.published == datetime(2023, 11, 19, 14, 34, tzinfo=timezone.utc)


def test_non_rfi_entries_are_skipped_and_order_is_kept() -> None:
    feed = _rss(
        _item("https://www.bbc.com/zhongwen/simp/x", FRAGMENT, title="BBC"),
        _item(RFI_URL, FRAGMENT, title="一"),
        _item("https://www.dw.com/zh/x", FRAGMENT, title="DW"),
        _item(None, FRAGMENT, title="无链接"),
        _item("https://amp.rfi.fr/cn/y", FRAGMENT, title="二"),
    )
    assert [a.headline for a in parse_feed(feed)] == ["一", "二"]


def test_feed_fills_headline_url_and_date() -> None:
    feed = _rss(
        _item(
            "http://www.rfi.fr//cn/中国/20231119-example",
            "<p>只有正文。</p>",
            title="法国新闻 – 法国国际广播电台 - RFI",
            date="Sun, 19 Nov 2023 15:34:00 +0100",
        )
    )
    [article] = parse_feed(feed)
    assert article.headline == "法国新闻"
    assert article.url == RFI_URL
    assert (article.edition, article.section) == ("cn", "中国")
    assert article.published is not None
    assert article.published.isoformat() == "2023-11-19T15:34:00+01:00"


def test_atom_date_keeps_its_offset() -> None:
    feed = _atom(_entry(RFI_URL, "<p>正文。</p>", title="t", published="2021-01-21T19:55:25-06:00"))
    [article] = parse_feed(feed)
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(hours=-6)
    assert article.published.isoformat() == "2021-01-21T19:55:25-06:00"


def test_atom_updated_stands_in_for_published() -> None:
    feed = _atom(_entry(RFI_URL, "<p>正文。</p>", title="t", updated="2021-01-21T01:02:03Z"))
    [article] = parse_feed(feed)
    assert article.published == datetime(2021, 1, 21, 1, 2, 3, tzinfo=timezone.utc)


def test_a_date_without_offset_is_not_guessed() -> None:
    feed = _atom(_entry(RFI_URL, "<p>正文。</p>", title="t", published="2021-01-21T19:55:25"))
    [article] = parse_feed(feed)
    assert article.published is None


def test_feed_title_gives_the_programme_too() -> None:
    feed = _atom(_entry(RFI_URL, "<p>正文。</p>", title="标题 - 要闻解说"))
    [article] = parse_feed(feed)
    assert (article.headline, article.programme) == ("标题", "要闻解说")


def test_the_html_own_values_win() -> None:
    feed = _atom(
        _entry(
            "https://www.rfi.fr/cn/other",
            RECORD,
            title="订阅源标题",
            published="2020-01-01T00:00:00+08:00",
        )
    )
    [article] = parse_feed(feed)
    assert article.headline == "记录标题"
    assert article.programme == "要闻解说"
    assert article.url == "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-record"
    assert article.published is not None
    assert article.published.isoformat() == "2023-11-19T15:34:00+01:00"


def test_record_url_on_rfi_makes_an_entry_rfi() -> None:
    [article] = parse_feed(_atom(_entry("https://mirror.example/a", RECORD, title="t")))
    assert article.headline == "记录标题"


def test_rendered_record_header_makes_an_entry_rfi() -> None:
    content = (
        "<!--1595256977000-->\n"
        '<p><a href="http://www.rfi.fr//cn/中国/20200720-x">标题 - 要闻解说</a>\n——</p>\n\n'
        "<div><div>\n20/07/2020 - 15:35\n</div><div><p>正文。</p></div></div>"
    )
    feed = _atom(_entry("http://localhost:4000/x", content, title="标题 - 要闻解说"))
    [article] = parse_feed(feed)
    assert article.url == "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20200720-x"
    assert (article.headline, article.programme) == ("标题", "要闻解说")
    assert [p.text for p in article.paragraphs] == ["正文。"]


@pytest.mark.parametrize(
    "header",
    [
        '<p><a href="http://www.rfi.fr//cn/x/y">标题</a>\n——</p>',
        '<p><a href="https://www.rfi.fr/cn/x/y">标题</a> ------</p>',
        '<h2><a href="https://www.rfi.fr/cn/x/y">标题</a></h2>',
    ],
)
def test_rendered_header_is_not_body_text(header: str) -> None:
    content = f"<!--1595256977000-->\n{header}\n<p>正文一。</p><p>正文二。</p>"
    [article] = parse_feed(_atom(_entry("http://localhost:4000/x", content, title="标题")))
    assert article.url == "https://www.rfi.fr/cn/x/y"
    assert [p.text for p in article.paragraphs] == ["正文一。", "正文二。"]
    assert article.feed_record_time == datetime(2020, 7, 20, 14, 56, 17, tzinfo=timezone.utc)


def test_a_leading_link_paragraph_without_rule_is_body_text() -> None:
    content = '<p><a href="https://www.rfi.fr/cn/x/y">相关报道</a></p><p>正文。</p>'
    feed = _atom(_entry("https://www.rfi.fr/cn/x/z", content, title="标题"))
    [article] = parse_feed(feed)
    assert [p.text for p in article.paragraphs] == ["相关报道", "正文。"]
    assert list(parse_feed(_atom(_entry("http://localhost:4000/x", content)))) == []


def test_atom_title_html_and_xml_base() -> None:
    entry = (
        '<entry xml:base="https://www.rfi.fr/cn/"><title type="html">A &amp;amp; B</title>'
        '<link href="中国/20231119-x"/>'
        f'<content type="html">{html.escape("<p>正文。</p>")}</content></entry>'
    )
    [article] = parse_feed(_atom(entry))
    assert article.headline == "A & B"
    assert article.url == "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-x"


def test_atom_xhtml_and_text_content() -> None:
    xhtml = (
        f'<entry><title>x</title><link href="{RFI_URL}"/><content type="xhtml">'
        '<div xmlns="http://www.w3.org/1999/xhtml"><p>第一段。</p><p>第二段。</p></div>'
        "</content></entry>"
    )
    text = (
        f'<entry><title>y</title><link href="{RFI_URL}"/><content>a &lt;b&gt; c</content></entry>'
    )
    first, second = parse_feed(_atom(xhtml, text))
    assert [p.text for p in first.paragraphs] == ["第一段。", "第二段。"]
    assert second.paragraphs[0].text == "a <b> c"


def test_rss_guid_permalink_stands_in_for_link() -> None:
    text = "<description>&lt;p&gt;x&lt;/p&gt;</description>"
    item = f"<item><title>t</title><guid>{RFI_URL}</guid>{text}</item>"
    not_link = f'<item><title>u</title><guid isPermaLink="false">{RFI_URL}</guid>{text}</item>'

    assert [a.url for a in parse_feed(_rss(item, not_link))] == [RFI_URL]


def test_entry_that_is_not_an_article_is_skipped() -> None:
    feed = _rss(
        f"<item><link>{RFI_URL}</link></item>",
        _item(RFI_URL, "<div><script>x()</script></div>"),
        _item(RFI_URL, FRAGMENT, title="好"),
    )
    assert [a.headline for a in parse_feed(feed)] == ["好"]


def test_empty_feed_yields_nothing() -> None:
    assert list(parse_feed(_rss())) == []
    assert list(parse_feed(_atom())) == []


def test_iter_feed_is_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str | None] = []
    real_parse = rfiparse.parse

    def counting_parse(
        html_text: str | bytes, *, url: str | None = None, max_bytes: int | None = None
    ) -> rfiparse.Article:
        calls.append(url)
        return real_parse(html_text, url=url, max_bytes=max_bytes)

    monkeypatch.setattr(_feed, "parse", counting_parse)
    articles = rfiparse.iter_feed(_rss(*[_item(RFI_URL, FRAGMENT, title=str(i)) for i in range(3)]))
    assert isinstance(articles, Iterator)
    assert calls == []
    assert next(articles).headline == "0"
    assert len(calls) == 1


def test_parse_feed_returns_every_article_at_once() -> None:
    feed = _rss(*[_item(RFI_URL, FRAGMENT, title=str(i)) for i in range(3)])
    articles = parse_feed(feed)
    assert isinstance(articles, tuple)
    assert articles == tuple(rfiparse.iter_feed(feed))
    assert [article.headline for article in articles] == ["0", "1", "2"]


# --- XML safety and input types ----------------------------------------------------


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    for target in (secret.as_uri(), "file:///etc/passwd"):
        feed = (
            f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "{target}">]>'
            f"<rss><channel><item><title>标题 &e;</title><link>{RFI_URL}</link>"
            "<description>&lt;p&gt;正文 &e;&lt;/p&gt;</description></item></channel></rss>"
        )
        for data in (feed, feed.encode("utf-8")):
            [article] = parse_feed(data)
            dumped = json.dumps(article.to_dict(), ensure_ascii=False)
            assert "TOP-SECRET-MARKER" not in dumped
            assert "root:" not in dumped
            assert article.headline == "标题"
            assert article.paragraphs[0].text == "正文"


def test_internal_entities_are_not_expanded() -> None:
    feed = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "AAAAAAAAAA">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"<rss><channel><item><title>t&c;</title><link>{RFI_URL}</link>"
        "<description>&lt;p&gt;x&c;&lt;/p&gt;</description></item></channel></rss>"
    )
    [article] = parse_feed(feed)
    assert (article.headline, article.paragraphs[0].text) == ("t", "x")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        "",
        "   ",
        "just some text",
        b"\x00\x01\x02",
        "<html><body><p>not a feed</p></body></html>",
        '<?xml version="1.0"?><foo><item/></foo>',
        '<feed xmlns="http://example.com/not-atom"/>',
        '<rss xmlns="http://example.com/"><channel/></rss>',
        RECORD,
    ],
)
def test_not_a_feed_raises_at_once(data: str | bytes) -> None:
    with pytest.raises(rfiparse.RfiParseError, match="not an RSS or Atom feed"):
        parse_feed(data)


@pytest.mark.parametrize("value", [None, 1, bytearray(b"<rss/>"), ["<rss/>"]])
def test_wrong_type_raises_type_error(value: Any) -> None:
    with pytest.raises(TypeError):
        parse_feed(value)


def test_bytes_follow_the_xml_declaration() -> None:
    feed = _rss(_item(RFI_URL, "<p>Café crème.</p>", title="Élysée"))
    latin = feed.replace('encoding="UTF-8"', 'encoding="ISO-8859-1"').encode("latin-1")
    gb = feed.replace('encoding="UTF-8"', 'encoding="GB18030"').replace("Élysée", "爱丽舍宫")
    [from_latin] = parse_feed(latin)
    [from_gb] = parse_feed(gb.encode("gb18030"))
    assert (from_latin.headline, from_latin.paragraphs[0].text) == ("Élysée", "Café crème.")
    assert from_gb.headline == "爱丽舍宫"


def test_bytes_with_a_byte_order_mark() -> None:
    feed = _rss(_item(RFI_URL, "<p>正文。</p>", title="标题")).replace(
        'encoding="UTF-8"', 'encoding="UTF-16"'
    )
    [article] = parse_feed(feed.encode("utf-16"))
    assert article.headline == "标题"


def test_str_with_an_encoding_declaration() -> None:
    feed = _rss(_item(RFI_URL, "<p>正文。</p>", title="标题"))
    for encoding in ("ISO-8859-1", "GB18030", "UTF-16"):
        declared = feed.replace('encoding="UTF-8"', f'encoding="{encoding}"')
        [article] = parse_feed(declared)
        assert article.headline == "标题"


# --- properties ----------------------------------------------------------------------

TOKENS = [
    '<?xml version="1.0" encoding="utf-8"?>', "<rss>", "</rss>", "<channel>", "</channel>",
    "<item>", "</item>", '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>",
    "</entry>", f"<link>{RFI_URL}</link>", f'<link href="{RFI_URL}"/>', "<link>",
    '<link href="https://www.bbc.com/x"/>', "<title>", "</title>", '<title type="html">',
    "<description>", "</description>", '<content type="html">', '<content type="xhtml">',
    "</content>", "<pubDate>", "</pubDate>", "Sun, 19 Nov 2023 15:34:00 +0100",
    "<published>", "</published>", "2021-01-21T19:55:25-06:00", "2021-13-45T99:99:99Z",
    "&lt;p&gt;", "&lt;/p&gt;", "&lt;strong&gt;", "&lt;div&gt;", "19/11/2023 - 15:34",
    "&lt;!--1700405102000--&gt;", '&lt;p&gt;&lt;a href="http://www.rfi.fr//cn/x"&gt;',
    "&lt;/a&gt;\n——&lt;/p&gt;", "[标题](https://www.rfi.fr/cn/y)\n------\n", "<![CDATA[", "]]>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "&e;", "&amp;", "&nbsp;",
    "文字", " ", "\n", "<", ">", '"', "\x00", "\ud800", "\ufeff",
]  # fmt: skip


def _consume(data: str | bytes) -> None:
    try:
        articles = list(parse_feed(data))
    except rfiparse.RfiParseError:
        return
    for article in articles:
        assert isinstance(article, rfiparse.Article)
        assert_invariants(article)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_any_text_gives_articles_or_a_parse_error(text: str) -> None:
    _consume(text)


@given(st.binary())
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_articles_or_a_parse_error(data: bytes) -> None:
    _consume(data)


@given(st.lists(st.sampled_from(TOKENS), max_size=50).map("".join), st.booleans())
@settings(max_examples=400, deadline=None)
def test_random_feed_soup_gives_articles_or_a_parse_error(text: str, as_bytes: bool) -> None:
    _consume(text.encode("utf-8", errors="replace") if as_bytes else text)


# --- no silent loss: strict parse, repair, IncompleteFeedError ----------------------------


def _three_items(middle: str) -> str:
    """An RSS feed of three RFI items; the raw XML ``middle`` is the second one's description."""
    first = _item(RFI_URL + "-1", "<p>Un.</p>", title="1")
    last = _item(RFI_URL + "-3", "<p>Trois.</p>", title="3")
    second = (
        f"<item><title>2</title><link>{RFI_URL}-2</link><description>{middle}</description></item>"
    )
    return _rss(first, second, last)


@pytest.mark.parametrize(
    ("middle", "text"),
    [
        ("&lt;p&gt;AT&T&lt;/p&gt;", "AT&T"),  # the reproduction
        ("&lt;p&gt;a&nbsp;b&lt;/p&gt;", "a b"),
        ("&lt;p&gt;caf&eacute; &Eacute;lys&eacute;e&lt;/p&gt;", "café Élysée"),
        ("&lt;p&gt;a < b&lt;/p&gt;", "a < b"),
        ("&lt;p&gt;a ]]> b&lt;/p&gt;", "a ]]> b"),
        ("&lt;p&gt;a\x01b\x1fc&lt;/p&gt;", "abc"),
        ("&lt;p&gt;a&#1;b&#xFFFE;c&lt;/p&gt;", "abc"),
        ("&lt;p&gt;&amp;foo; &foo;&lt;/p&gt;", "&foo; &foo;"),
    ],
    ids=["bare &", "&nbsp;", "&eacute;", "lone <", "]]>", "controls", "bad refs", "unknown"],
)
def test_a_damaged_entry_is_repaired_and_every_entry_comes_back(middle: str, text: str) -> None:
    articles = list(parse_feed(_three_items(middle)))
    assert [article.headline for article in articles] == ["1", "2", "3"]
    assert articles[1].paragraphs[0].text == text
    assert articles[2].paragraphs[0].text == "Trois."


def test_invalid_utf8_is_replaced_and_every_entry_comes_back() -> None:
    feed = _three_items("&lt;p&gt;caf\udcff&lt;/p&gt;").encode("utf-8", errors="surrogateescape")
    articles = list(parse_feed(feed))
    assert [article.headline for article in articles] == ["1", "2", "3"]
    assert articles[1].paragraphs[0].text == "caf\ufffd"


def test_bytes_in_a_declared_encoding_are_repaired_in_that_encoding() -> None:
    feed = _three_items("&lt;p&gt;Café AT&T&lt;/p&gt;").replace(
        'encoding="UTF-8"', 'encoding="ISO-8859-1"'
    )
    articles = list(parse_feed(feed.encode("latin-1")))
    assert articles[1].paragraphs[0].text == "Café AT&T"
    assert len(articles) == 3


def test_a_bare_ampersand_in_a_link_is_repaired() -> None:
    feed = _atom(
        _entry(f"{RFI_URL}?a=1&b=2", "<p>Un.</p>", title="1"),
        _entry(RFI_URL + "-2", "<p>Deux.</p>", title="2"),
    )
    articles = list(parse_feed(feed))
    assert [article.url for article in articles][1:] == [RFI_URL + "-2"]
    assert articles[0].url is not None
    assert articles[0].url.endswith("?a=1&b=2")


def test_the_repair_leaves_cdata_comments_and_declared_entities_alone() -> None:
    feed = (
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e "x">]>'
        f"<rss><channel><!-- AT&T --><item><title>t&e;</title><link>{RFI_URL}</link>"
        "<description><![CDATA[<p>&foo; ]]>AT&T&lt;/p&gt;</description></item>"
        "</channel></rss>"
    )
    [article] = parse_feed(feed)
    assert article.headline == "t"  # the entity is declared: kept, and not expanded
    # "&foo;" outside the CDATA section would have become "&amp;foo;"
    assert article.paragraphs[0].text == "&foo; AT&T"


def test_a_feed_cut_off_midway_raises_with_the_entries_read() -> None:
    feed = _three_items("&lt;p&gt;Deux.&lt;/p&gt;")
    cut = feed[: feed.index("<item>", feed.index("Deux")) + len("<item><title>3")]
    with pytest.raises(rfiparse.IncompleteFeedError) as caught:
        parse_feed(cut)
    articles = caught.value.articles
    assert [article.headline for article in articles][:2] == ["1", "2"]
    assert articles[1].paragraphs[0].text == "Deux."


def test_a_feed_cut_off_after_its_last_entry_is_reported_too() -> None:
    feed = _three_items("&lt;p&gt;Deux.&lt;/p&gt;")
    with pytest.raises(rfiparse.IncompleteFeedError) as caught:
        parse_feed(feed[: -len("</channel></rss>")])
    assert len(caught.value.articles) == 3


def test_the_incomplete_feed_error_is_raised_by_the_call() -> None:
    feed = _three_items("&lt;p&gt;Deux.&lt;/p&gt;")[:-10]
    with pytest.raises(rfiparse.IncompleteFeedError) as caught:
        parse_feed(feed)  # not list(): the entries were read before it raised
    assert isinstance(caught.value, rfiparse.RfiParseError)
    assert all(isinstance(article, rfiparse.Article) for article in caught.value.articles)


def test_an_incomplete_feed_error_keeps_only_rfi_entries() -> None:
    feed = _rss(
        _item("https://www.bbc.com/news/x", "<p>BBC.</p>", title="bbc"),
        _item(RFI_URL, "<p>RFI.</p>", title="rfi"),
    )[:-6]
    with pytest.raises(rfiparse.IncompleteFeedError) as caught:
        parse_feed(feed)
    assert [article.headline for article in caught.value.articles] == ["rfi"]


def test_a_damaged_document_that_is_no_feed_is_not_a_feed() -> None:
    with pytest.raises(rfiparse.RfiParseError, match="not an RSS or Atom feed") as caught:
        parse_feed("<html><body><p>AT&T</p>")
    assert not isinstance(caught.value, rfiparse.IncompleteFeedError)


@pytest.mark.parametrize(
    ("description", "paragraphs"),
    [
        ("Un résumé en texte.", ["Un résumé en texte."]),
        ("Texte &lt;b&gt;gras&lt;/b&gt;.", ["Texte gras."]),
        ("AT&amp;T et &lt;i&gt;Le Monde&lt;/i&gt;", ["AT&T et Le Monde"]),
    ],
)
def test_an_rss_description_of_text_is_the_entrys_paragraph(
    description: str, paragraphs: list[str]
) -> None:
    feed = (
        '<rss version="2.0"><channel><item><title>标题</title>'
        f"<link>{RFI_URL}</link><description>{description}</description></item>"
        "</channel></rss>"
    )
    (article,) = rfiparse.parse_feed(feed)
    assert article.headline == "标题"
    assert [p.text for p in article.paragraphs] == paragraphs
