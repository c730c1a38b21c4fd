"""Other publishers' documents are refused before any field is read, not read as RFI.

The inputs are in ``tests/fixtures/foreign/`` (see its README): synthetic records of
BBC-, NYT-, DW- and VOA-like articles in the feed-archive format, pages and a
listing whose own URL is another publisher's, and a real France 24 page.
"""

from __future__ import annotations

import re

import pytest

import rfiparse
from goldens import FIXTURES, SEED, fixture
from rfiparse import ForeignSiteError, NotAnArticleError

FOREIGN = FIXTURES / "foreign"
RECORDS = {
    "record_bbc_zhongwen.md": "www.bbc.com",
    "record_nyt_world.md": "www.nytimes.com",
    "record_dw_chinese.md": "www.dw.com",
    "record_voa_fragment_with_rfi_look.md": "www.voachinese.com",
}
FRAGMENT = "<div>19/11/2023 - 15:34</div><p><strong>Lead.</strong></p><div><p>Body.</p></div>"


@pytest.mark.parametrize(("name", "host"), RECORDS.items(), ids=list(RECORDS))
@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_record_of_another_publisher_is_refused_naming_its_host(
    name: str, host: str, as_bytes: bool
) -> None:
    path = FOREIGN / name
    data: str | bytes = path.read_bytes() if as_bytes else path.read_text(encoding="utf-8")
    with pytest.raises(ForeignSiteError, match=f"^{re.escape(host)} is not an RFI site") as raised:
        rfiparse.parse(data)
    assert raised.value.host == host


def test_foreign_site_error_is_a_not_an_article_error() -> None:
    assert issubclass(ForeignSiteError, NotAnArticleError)


def test_page_whose_canonical_url_is_another_publishers_is_refused() -> None:
    page = (FOREIGN / "page_bbc_article.html").read_bytes()
    with pytest.raises(ForeignSiteError, match=re.escape("www.bbc.com is not an RFI site")):
        rfiparse.parse(page)


def test_page_given_as_text_is_refused_too() -> None:
    page = (FOREIGN / "page_bbc_article.html").read_text(encoding="utf-8")
    with pytest.raises(ForeignSiteError, match=re.escape("www.bbc.com")):
        rfiparse.parse(page)


def test_page_that_names_another_site_is_refused() -> None:
    page = (FOREIGN / "page_france24_es_trimmed.html").read_bytes()
    with pytest.raises(NotAnArticleError, match="'France 24', which is not RFI"):
        rfiparse.parse(page)


def test_listing_of_another_publisher_is_refused() -> None:
    page = (FOREIGN / "listing_bbc_home.html").read_bytes()
    with pytest.raises(ForeignSiteError, match=re.escape("www.bbc.com is not an RFI site")):
        rfiparse.parse_listing(page)


def test_listing_url_argument_on_another_host_is_refused_when_the_page_states_none() -> None:
    page = b"<html><body><div data-article-list><a href='/fr/x/20231119-a'>A</a></div></body>"
    with pytest.raises(ForeignSiteError, match=re.escape("example.com")):
        rfiparse.parse_listing(page, url="https://example.com/fr/")


def test_listing_of_another_site_name_is_refused() -> None:
    page = (
        b'<html><head><meta property="og:site_name" content="France 24"></head><body>'
        b"<div data-article-list><a href='/fr/x/20231119-a'><h2>A</h2></a></div></body></html>"
    )
    with pytest.raises(NotAnArticleError, match="France 24"):
        rfiparse.parse_listing(page)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.bbc.com/zhongwen/simp/world-54474047",
        "https://www.france24.com/es/francia/20260707-x",
        "https://www.mc-doualiya.com/x",
        "https://rfi.fr.example.com/cn/x",
        "https://notrfi.fr/cn/x",
        "http://localhost/cn/x",
    ],
)
def test_url_argument_on_another_host_is_checked_like_a_header_url(url: str) -> None:
    with pytest.raises(ForeignSiteError):
        rfiparse.parse(FRAGMENT, url=url)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.rfi.fr/cn/x",
        "http://rfi.fr/cn/x",
        "https://amp.rfi.fr/cn/x",
        "https://WWW.RFI.FR/cn/x",
        "https://www.rfi.fr./cn/x",
        "https://rfi.my/A7AQ",
    ],
)
def test_rfi_hosts_are_accepted(url: str) -> None:
    assert rfiparse.parse(FRAGMENT, url=url).paragraphs[0].text == "Body."


def test_record_header_on_rfi_short_link_host_is_accepted() -> None:
    record = f"<!--1700405102000-->\n[标题](https://rfi.my/A7AQ)\n------\n{FRAGMENT}"
    article = rfiparse.parse(record)
    assert (article.headline, article.url) == ("标题", "https://rfi.my/A7AQ")


def test_bare_fragment_without_url_is_judged_by_its_markup_alone() -> None:
    assert rfiparse.parse(FRAGMENT).url is None


def test_rfi_record_is_accepted_whatever_the_url_argument_says() -> None:
    # The document's own URL decides: url= is where it was read from (a mirror).
    article = rfiparse.parse(SEED.read_bytes(), url="https://github.com/someone/archive")
    assert article.url is not None
    assert article.url.startswith("https://www.rfi.fr/cn/")


def test_rfi_page_is_accepted_whatever_the_url_argument_says() -> None:
    page = fixture("page_cn_taiwan_defense_budget.html").read_bytes()
    assert rfiparse.parse(page, url="https://web.archive.org/x").headline is not None


def _entry(link: str, html: str) -> str:
    escaped = html.replace("&", "&amp;").replace("<", "&lt;")
    return f"<item><title>T</title><link>{link}</link><description>{escaped}</description></item>"


def test_feed_keeps_only_entries_on_rfi_hosts() -> None:
    feed = (
        '<rss version="2.0"><channel>'
        + _entry("https://www.bbc.com/zhongwen/simp/world-1", FRAGMENT)
        + _entry("https://rfi.my/A7AQ", FRAGMENT)
        + _entry("https://www.rfi.fr/cn/x/20231119-a", FRAGMENT)
        + "</channel></rss>"
    )
    assert [a.url for a in rfiparse.parse_feed(feed)] == [
        "https://rfi.my/A7AQ",
        "https://www.rfi.fr/cn/x/20231119-a",
    ]


def test_feed_skips_an_rfi_linked_entry_whose_record_names_another_publisher() -> None:
    record = (FOREIGN / "record_bbc_zhongwen.md").read_text(encoding="utf-8")
    feed = (
        '<rss version="2.0"><channel>'
        + _entry("https://www.rfi.fr/cn/x/20231119-a", record)
        + "</channel></rss>"
    )
    assert list(rfiparse.parse_feed(feed)) == []


def test_every_foreign_fixture_is_tested() -> None:
    tested = {*RECORDS, "page_bbc_article.html", "listing_bbc_home.html"}
    tested.add("page_france24_es_trimmed.html")
    assert {p.name for p in FOREIGN.iterdir() if p.name != "README.md"} == tested


def test_a_batch_of_mixed_publishers_gives_only_rfi_articles() -> None:
    # The same through parse_many, as the CLI and batch jobs read an archive.
    inputs = [SEED.read_bytes(), *((FOREIGN / name).read_bytes() for name in RECORDS)]
    results = list(rfiparse.parse_many(inputs, workers=1))
    assert isinstance(results[0], rfiparse.Article)
    assert [type(r).__name__ for r in results[1:]] == ["ForeignSiteError"] * len(RECORDS)
