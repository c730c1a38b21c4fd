"""parse_listing(): the article teasers of rfi.fr section and home pages."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goldens import cases
from invariants import assert_aware, assert_teaser_invariants
from rfiparse import RfiParseError, Teaser
from rfiparse._listing import parse_listing

(HOMEPAGE,) = cases("listing")  # listings/listing_cn_homepage.html and its .json

ARTICLE = "/cn/中国/20251129-example"
ARTICLE_URL = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20251129-example"


def _item(
    href: str = ARTICLE,
    title: str = "标题",
    *,
    tag: str | None = "话题",
    img: str | None = None,
    time: str | None = None,
) -> str:
    parts = ['<div class="m-item-list-article" data-article-list>']
    if img is not None:
        parts.append(f'<a class="m-item-image" href="{href}" aria-hidden="true">{img}</a>')
    parts.append(f'<div class="article__infos"><div class="article__title"><a href="{href}">')
    parts.append(f'<h2 aria-level="3">{title}</h2></a><span class="u-sr-only">Audio content</span>')
    parts.append("</div>")
    if tag is not None:
        parts.append(f'<div class="a-tag"><span class="a-tag__wrapper">{tag}</span></div>')
    if time is not None:
        parts.append(f'<time datetime="{time}">09:32</time>')
    parts.append("</div></div>")
    return "".join(parts)


def _page(*items: str, canonical: str | None = None) -> str:
    head = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return f"<!DOCTYPE html><html><head>{head}</head><body>{''.join(items)}</body></html>"


# The real page -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def homepage() -> bytes:
    return HOMEPAGE.read()


@pytest.fixture(scope="module")
def expected() -> dict[str, Any]:
    return HOMEPAGE.load()


def test_homepage_teasers_match_the_expected_json(
    homepage: bytes, expected: dict[str, Any]
) -> None:
    teasers = parse_listing(homepage)
    assert len(teasers) == expected["count"]
    first, last = expected["first"], expected["last"]
    assert [t.to_dict() for t in teasers[: len(first)]] == first
    assert [t.to_dict() for t in teasers[-len(last) :]] == last
    for index, teaser in expected["at"].items():
        assert teasers[int(index)].to_dict() == teaser


def test_homepage_teasers_are_unique_clean_articles(homepage: bytes) -> None:
    teasers = parse_listing(homepage)
    assert len({t.url for t in teasers}) == len(teasers)
    for teaser in teasers:
        assert_teaser_invariants(teaser)
        assert "/%E5%85%B3%E9%94%AE%E8%AF%8D/" not in teaser.url  # no /cn/关键词/ pages
        assert "Audio content" not in teaser.title


def test_homepage_parses_the_same_from_str_and_bytes(homepage: bytes) -> None:
    assert parse_listing(homepage.decode("utf-8")) == parse_listing(homepage)


def test_homepage_ignores_the_url_argument_for_its_canonical_url(homepage: bytes) -> None:
    assert parse_listing(homepage, url="https://example.com/x/") == parse_listing(homepage)


# Synthetic pages -----------------------------------------------------------------------


def test_relative_urls_resolve_against_the_canonical_url() -> None:
    page = _page(_item("20251129-a"), canonical="https://www.rfi.fr/fr/france/")
    (teaser,) = parse_listing(page, url="https://example.com/cn/")
    assert teaser.url == "https://www.rfi.fr/fr/france/20251129-a"


def test_relative_urls_resolve_against_url_without_a_canonical_url() -> None:
    (teaser,) = parse_listing(_page(_item("20251129-a")), url="https://www.rfi.fr/en/asia/")
    assert teaser.url == "https://www.rfi.fr/en/asia/20251129-a"


def test_relative_urls_resolve_against_rfi_without_any_url() -> None:
    (teaser,) = parse_listing(_page(_item()))
    assert teaser.url == ARTICLE_URL


def test_urls_follow_the_url_contract() -> None:
    (teaser,) = parse_listing(_page(_item("http://www.rfi.fr//cn/中国/20251129-example")))
    assert teaser.url == ARTICLE_URL


def test_duplicates_keep_the_first_teaser_in_page_order() -> None:
    page = _page(
        _item("/cn/a/20251129-one", "一", tag=None),
        _item("/cn/a/20251129-two", "二"),
        _item("https://www.rfi.fr/cn/a/20251129-one", "一 again", tag="话题"),
    )
    teasers = parse_listing(page)
    assert [t.title for t in teasers] == ["一", "二"]
    assert teasers[0].topic is None


def test_missing_image_date_and_topic_are_none() -> None:
    (teaser,) = parse_listing(_page(_item(tag=None)))
    assert teaser == Teaser(title="标题", url=ARTICLE_URL)


def test_title_is_the_heading_without_screen_reader_notes() -> None:
    (teaser,) = parse_listing(_page(_item(title="\u3000a&amp;b<br>c ")))
    assert teaser.title == "a&b c"
    assert teaser.topic == "话题"


def test_links_that_are_not_articles_are_skipped() -> None:
    page = _page(
        _item("https://www.rfi.fr/cn/关键词/日本/", "中日关系", tag=None),
        _item("https://savoirs.rfi.fr/cn/apprendre-enseigner", "学习法语", tag=None),
        _item("/cn/专栏检索/要闻分析/", "要闻分析"),
        _item("javascript:void(0)/20251129-x", "x"),
        _item("/cn/专栏检索/要闻分析/20251129-episode", "节目"),
    )
    (teaser,) = parse_listing(page)
    assert teaser.title == "节目"


def test_navigation_and_tag_lists_are_not_teasers() -> None:
    page = _page(
        '<nav><ul class="m-nav-list"><li><a href="/cn/中国/20251129-nav">中国</a></li></ul></nav>',
        '<ul class="o-tag-list"><li><a href="/cn/关键词/x/">x</a></li></ul>',
    )
    assert parse_listing(page) == ()


def test_news_feed_items_carry_their_time() -> None:
    page = _page(
        '<div class="m-item-news-feed"><time datetime="2025-11-30T09:32:10+01:00">09:32</time>'
        '<div class="news__metadata__source">法新社</div>'
        f'<div class="news__content__title"><a href="{ARTICLE}"><h2>快讯</h2></a></div></div>'
    )
    (teaser,) = parse_listing(page)
    assert teaser.title == "快讯"
    assert teaser.topic is None
    assert teaser.published == datetime(2025, 11, 30, 8, 32, 10, tzinfo=timezone.utc)
    assert teaser.published.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-11-30T08:32:10Z", datetime(2025, 11, 30, 8, 32, 10, tzinfo=timezone.utc)),
        # Without an offset a time names no instant: no date rather than a guessed zone.
        ("2025-11-30T08:32:10", None),
        ("2025-11-30 08:32", None),
        (
            "2025-11-30T08:32:10.5-0300",
            datetime(2025, 11, 30, 11, 32, 10, 500000, tzinfo=timezone.utc),
        ),
        ("2025-11-30", None),
        ("2025-02-30T08:32:10Z", None),
        ("2025-11-30T08:32:10+24:00", None),
        ("09:32", None),
        ("", None),
    ],
)
def test_time_datetime_is_read_as_an_aware_datetime(value: str, expected: datetime | None) -> None:
    (teaser,) = parse_listing(_page(_item(time=value)))
    assert teaser.published == expected
    assert_aware(teaser.published)


def test_image_is_the_largest_rendition_with_every_srcset_file() -> None:
    img = (
        '<picture><source type="image/webp" srcset="/i/w:1024/a.webp 1024w, /i/w:246/a.webp 246w">'
        '<img src="/i/w:480/a.jpg" srcset="/i/w:246/a.jpg 246w,/i/w:1024/a.jpg 1024w"'
        ' width="480" height="270" alt=" 说明 "></picture>'
    )
    (teaser,) = parse_listing(_page(_item(img=img)), url="https://www.rfi.fr/cn/")
    image = teaser.image
    assert image is not None
    assert image.url == "https://www.rfi.fr/i/w:1024/a.jpg"  # the <img>'s own file wins a tie
    assert (image.alt, image.width, image.height) == ("说明", 480, 270)
    assert [(r.url.rsplit("/", 2)[1], r.width, r.type) for r in image.renditions] == [
        ("w:1024", 1024, "image/webp"),
        ("w:246", 246, "image/webp"),
        ("w:246", 246, None),
        ("w:1024", 1024, None),
    ]


@pytest.mark.parametrize(
    ("img", "url"),
    [
        ('<img src="https://s.rfi.fr/a.jpg">', "https://s.rfi.fr/a.jpg"),
        ('<img src="https://s.rfi.fr/a.jpg" srcset="https://s.rfi.fr/b.jpg">', "https://s.rfi.fr/a.jpg"),
        # Only width descriptors are compared; without them, and without src, the first file.
        ('<img srcset="https://s.rfi.fr/a.jpg 1x, https://s.rfi.fr/b.jpg 2x">', "https://s.rfi.fr/a.jpg"),
        ('<img src="data:image/gif;base64,R0" data-src="https://s.rfi.fr/c.jpg">', "https://s.rfi.fr/c.jpg"),
        ('<img src="data:image/gif;base64,R0">', None),
        ('<img src="https://static.rfi.fr/meta_og_twcards/logo.jpg">', None),
        ("<img>", None),
    ],
)  # fmt: skip
def test_image_url_choice(img: str, url: str | None) -> None:
    (teaser,) = parse_listing(_page(_item(img=img)))
    assert (teaser.image.url if teaser.image else None) == url
    if teaser.image is not None:
        assert (teaser.image.width, teaser.image.height) == (None, None)


def test_bytes_and_str_give_the_same_teasers() -> None:
    page = _page(_item(img='<img src="/a.jpg" alt="图">', time="2025-11-30T08:32:10Z"))
    assert parse_listing(page.encode("utf-8")) == parse_listing(page)
    assert parse_listing(page.encode("utf-8")) != ()


def test_undecodable_bytes_become_replacement_characters() -> None:
    (teaser,) = parse_listing(_page(_item(title="a\udcffb")).encode("utf-8", "surrogateescape"))
    assert teaser.title == "a\ufffdb"


@pytest.mark.parametrize(
    "html", ["", b"", "   ", "<html><body><p>没有文章</p></body></html>", "<!-- x -->"]
)
def test_a_page_without_teasers_gives_an_empty_tuple(html: str | bytes) -> None:
    assert parse_listing(html) == ()


@pytest.mark.parametrize("html", [None, 1, bytearray(b"<p>"), ["<p>"]])
def test_html_of_another_type_is_a_type_error(html: Any) -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        parse_listing(html)


def test_url_of_another_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="url must be a str"):
        parse_listing("", url=b"https://www.rfi.fr/")  # type: ignore[arg-type]


# Properties ----------------------------------------------------------------------------

TOKENS = [
    "<div data-article-list>", '<div class="m-item-list-article">',
    '<div class="m-item-news-feed">', "</div>", '<a href="/cn/x/20251129-a">',
    '<a href="20251129-b">', '<a href="javascript:x">', "</a>", "<h2>", "</h2>",
    '<a href="http://www.rfi.fr//cn/中国/20251130-c">', '<div class="a-tag">', "<span>", "</span>",
    "<picture>", '<source type="image/webp" srcset="/a.webp 720w, /b.webp 2x">', "</picture>",
    '<img src="/a.jpg" srcset=", /c.jpg 1024w,, d.jpg" width="9" height="x">',
    '<time datetime="2025-11-30T09:32:10+01:00">', '<time datetime="2025-99-30T09:32Z">', "</time>",
    '<link rel="canonical" href="https://www.rfi.fr/cn/">', '<link rel="canonical">',
    _item(), _item("20251130-d", "<br>", tag=" ", img="<img>", time="2025-11-30T09:32Z"),
    "<br>", "&nbsp;", "&amp;", "\u3000", "\x00", "\ud800", "\ufeff", "文字", " ", "<", ">", '"',
]  # fmt: skip


def _teasers_or_refusal(data: str | bytes) -> None:
    try:
        teasers = parse_listing(data)
    except RfiParseError:
        return
    assert isinstance(teasers, tuple)
    assert len({t.url for t in teasers}) == len(teasers)
    for teaser in teasers:
        assert_teaser_invariants(teaser)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_gives_teasers_or_a_parse_error(text: str) -> None:
    _teasers_or_refusal(text)


@given(st.binary())
@settings(max_examples=200, deadline=None)
def test_any_bytes_give_teasers_or_a_parse_error(data: bytes) -> None:
    _teasers_or_refusal(data)


@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
@settings(max_examples=500, deadline=None)
def test_listing_tag_soup_gives_teasers_or_a_parse_error(text: str) -> None:
    _teasers_or_refusal(text)
