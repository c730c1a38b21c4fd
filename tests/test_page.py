"""Full rfi.fr article pages: the sources and their fallbacks, one missing part at a time."""

from __future__ import annotations

import re
from datetime import datetime, timezone
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from lxml.cssselect import CSSSelector

import rfiparse
from goldens import fixture
from rfiparse._html import parse_html
from rfiparse._layout import _find_body_by_class
from rfiparse._page import _links
from rfiparse._share import short_link_values

PAGE = fixture("page_cn_taiwan_defense_budget.html").read_text(encoding="utf-8")
JSONLD = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
PUBLISHED = datetime(2025, 11, 30, 9, 13, 47, tzinfo=timezone.utc)


def _without(pattern: str, text: str = PAGE, flags: int = re.S) -> str:
    changed, count = re.subn(pattern, "", text, flags=flags)
    assert count, f"the fixture has no {pattern!r} to remove"
    return changed


def test_page_is_recognised_without_a_feed_header() -> None:
    article = rfiparse.parse(PAGE)
    assert article.feed_record_time is None
    assert len(article.paragraphs) == 15


def test_visible_paris_time_agrees_with_the_machine_readable_instant() -> None:
    visible = re.search(r"<time datetime=[^>]*>([^<]+)</time>", PAGE)
    assert visible is not None
    shown = datetime.strptime(visible.group(1).strip(), "%d/%m/%Y - %H:%M")
    published = rfiparse.parse(PAGE).published
    assert published == PUBLISHED
    paris = published.astimezone(ZoneInfo("Europe/Paris"))
    assert paris.replace(second=0, tzinfo=None) == shown


def test_malformed_jsonld_does_not_lose_the_valid_one() -> None:
    broken = '<script type="application/ld+json">{"@type": "NewsArticle", oops</script>'
    article = rfiparse.parse(PAGE.replace("<head>", "<head>" + broken, 1))
    assert article.word_count == 1193
    assert article.modified == datetime(2025, 11, 30, 9, 14, 2, tzinfo=timezone.utc)


def test_control_characters_escaped_in_jsonld_are_dropped() -> None:
    headline = '"headline": "台湾增加400亿美元国防开支 加速部署T-Dome防空系统"'
    assert headline in PAGE
    page = PAGE.replace(headline, '"headline": "Un\\u0001 titre\\u001b"', 1)
    assert rfiparse.parse(page).headline == "Un titre"


def test_only_malformed_jsonld_falls_back_to_the_dom_and_meta_tags() -> None:
    page = JSONLD.sub('<script type="application/ld+json">[{]</script>', PAGE)
    article = rfiparse.parse(page)
    assert article.headline == "台湾增加400亿美元国防开支 加速部署T-Dome防空系统"
    assert article.published == PUBLISHED
    assert article.modified == datetime(2025, 11, 30, 9, 14, 2, tzinfo=timezone.utc)
    assert [a.name for a in article.authors] == ["左依"]
    assert article.section == "政治"
    assert article.word_count is None
    assert article.tags == ("中国", "台海")


def test_page_without_jsonld_keeps_its_url_from_the_canonical_link() -> None:
    article = rfiparse.parse(JSONLD.sub("", PAGE))
    assert article.url is not None
    assert article.url.startswith("https://www.rfi.fr/cn/%E6%94%BF%E6%B2%BB/20251130-")
    assert article.language == "zh-Hans"


def test_page_without_any_image_has_none() -> None:
    page = _without(r'<div class="t-content__main-media">.*?</figure>\s*</div>')
    page = _without(r'"image": \[.*?\],', page)
    page = _without(r'<meta property="og:image"[^>]*>', page)
    assert rfiparse.parse(page).image is None


def test_page_without_main_figure_falls_back_to_the_jsonld_image() -> None:
    page = _without(r'<div class="t-content__main-media">.*?</figure>\s*</div>')
    image = rfiparse.parse(page).image
    assert image is not None
    assert image.url.endswith("/w:1280/p:16x9/000-867R2EZ.jpg")
    assert image.caption is None


def test_page_without_author_has_no_authors() -> None:
    page = _without(r'"author": \[.*?\],')
    page = _without(r'<div class="t-content__authors">.*?</div>\s*</div>\s*</div>', page)
    assert rfiparse.parse(page).authors == ()


def test_page_without_related_aside_has_no_related_links() -> None:
    page = _without(r"<aside.*?</aside>")
    assert rfiparse.parse(page).related == ()


def test_related_links_leave_out_the_article_itself() -> None:
    article = rfiparse.parse(PAGE)
    assert article.url not in {r.url for r in article.related}
    assert len(article.related) >= 1


def test_teaser_lists_outside_the_aside_are_not_related() -> None:
    teaser = (
        '<div data-article-list><a href="/cn/x/20250101-elsewhere"><h2>Elsewhere</h2></a></div>'
    )
    page = PAGE.replace("</main>", teaser + "</main>", 1)
    assert "Elsewhere" not in {r.title for r in rfiparse.parse(page).related}


def test_listing_page_is_not_an_article_and_points_to_parse_listing() -> None:
    items = "".join(
        f'<div data-article-list><a href="/cn/a/2025-{n}"><h2>T{n}</h2></a></div>' for n in range(5)
    )
    head = '<head><meta property="og:type" content="website"></head>'
    page = f"<html>{head}<body>{items}</body></html>"
    with pytest.raises(rfiparse.NotAnArticleError, match="parse_listing"):
        rfiparse.parse(page)


def test_a_section_page_is_refused_with_listing_page_error() -> None:
    listing = fixture("listing_cn_homepage.html").read_bytes()
    with pytest.raises(rfiparse.ListingPageError) as refused:
        rfiparse.parse(listing)
    assert isinstance(refused.value, rfiparse.NotAnArticleError)
    assert str(refused.value) == (
        "this is a section or home page (a list of teasers), not an article: "
        "use rfiparse.parse_listing() for it"
    )


def test_a_page_without_an_article_or_teasers_is_no_listing_page_error() -> None:
    page = '<html><head><meta property="og:type" content="article"></head><body></body></html>'
    with pytest.raises(rfiparse.NotAnArticleError) as refused:
        rfiparse.parse(page)
    assert not isinstance(refused.value, rfiparse.ListingPageError)


def test_page_with_an_empty_article_is_not_an_article() -> None:
    page = '<html><head><meta property="og:type" content="article"></head><body></body></html>'
    with pytest.raises(rfiparse.NotAnArticleError):
        rfiparse.parse(page)


@pytest.mark.parametrize(
    ("width", "ratio", "expected"),
    [
        (720, None, "https://s.rfi.fr/m/w:720/p:16x9/a.jpg"),
        (388, "4x3", "https://s.rfi.fr/m/w:388/p:4x3/a.jpg"),
        (0, None, None),
        (720, "wide", None),
    ],
)
def test_rendition_url_rewrites_rfi_media_segments(
    width: int, ratio: str | None, expected: str | None
) -> None:
    image = rfiparse.Image(url="https://s.rfi.fr/m/w:1024/p:16x9/a.jpg")
    assert image.rendition_url(width, ratio) == expected


def test_rendition_url_is_none_for_urls_that_name_no_rendition() -> None:
    image = rfiparse.Image(url="https://example.com/photo.jpg")
    assert image.rendition_url(720) is None


def test_main_image_lists_every_srcset_rendition() -> None:
    image = rfiparse.parse(PAGE).image
    assert image is not None
    widths = [(r.type, r.width) for r in image.renditions]
    assert widths == [("image/webp", w) for w in (246, 388, 720, 1024)] + [
        (None, w) for w in (246, 388, 720, 1024)
    ]


def test_utf8_page_bytes_parse_like_the_text() -> None:
    data = PAGE.encode("utf-8")
    assert rfiparse.parse(data) == rfiparse.parse(PAGE)
    assert rfiparse.parse(b"\xef\xbb\xbf" + data) == rfiparse.parse(PAGE)


def test_gb18030_page_bytes_are_decoded_by_their_declared_charset() -> None:
    page = PAGE.replace('<meta charset="UTF-8">', '<meta charset="gb2312">', 1)
    assert page != PAGE
    assert rfiparse.parse(page.encode("gb18030")) == rfiparse.parse(page)


@given(
    st.lists(
        st.sampled_from(
            [
                *"ah=&%+2Fé ;#?",
                "%2",
                "%E4%B8",
                "%zz",
                "==",
                "%2B",
                "%68",
                "%48",
                "%6",
                "https%3A%2F%2Frfi.my%2FA7AQ.F",
                "rfi%2Emy",
                "RFI.MY",
                "İ",
            ]
        ),
        max_size=12,
    ).map("".join)
)
@example("İ&h=RFI.MY")  # str.lower() lengthens "İ": positions must not shift
def test_share_link_values_naming_rfi_my_are_those_of_parse_qs(query: str) -> None:
    # parse_qs() is the definition; the short-link reader cuts out only the fields
    # that name rfi.my. No escape of this alphabet decodes to a letter of "rfi.my",
    # so a value names it as written exactly where it does decoded.
    expected = [v for values in parse_qs(query).values() for v in values if "rfi.my" in v.lower()]
    assert sorted(short_link_values(query)) == sorted(expected)


_WORDS = st.lists(
    st.sampled_from(
        ["alternate", "canonical", "t-content__body", "x", " ", "\t", "\n", "\r", "\x0c", "\xa0"]
    ),
    max_size=6,
).map("".join)


@given(_WORDS, _WORDS)
def test_attribute_words_are_read_as_css_selectors_read_them(rel: str, classes: str) -> None:
    # The selectors are the definition; the walks that replace them must agree.
    html = (
        f'<html><head><link rel="{rel}" href="/a" hreflang="fr"><link rel="{rel}">'
        f'</head><body><div class="{classes}"><p>x</p></div></body></html>'
    )
    body = parse_html(html)
    assert body is not None
    document = body.getroottree().getroot()
    for rel_word in ("alternate", "canonical"):
        expected = CSSSelector(f"link[rel~={rel_word}][href]")(document)
        assert _links(document, rel_word) == expected
    by_class = CSSSelector(".t-content__body")(document)
    assert _find_body_by_class(document) is (by_class[0] if by_class else None)


def test_a_utf8_page_that_is_no_article_page_is_parsed_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Neither an article page nor a listing: read as a fragment, from the same tree.
    parsed: list[str | bytes] = []

    def counting_parse_html(html: str | bytes) -> object:
        parsed.append(html)
        return parse_html(html)

    monkeypatch.setattr(rfiparse._parse, "parse_html", counting_parse_html)
    page = "<!doctype html><html><head><title>T</title></head><body><div><p>正文</p></div></body>"
    article = rfiparse.parse(page.encode("utf-8"))
    assert [p.text for p in article.paragraphs] == ["正文"]
    assert len(parsed) == 1


def test_a_page_with_undecodable_bytes_that_is_no_article_page_reads_as_its_text() -> None:
    # The parser replaces bad bytes otherwise than decoding does: the tree read as
    # a fragment is the decoded text's, as for any input that is not valid UTF-8.
    page = b"<!doctype html><html><head><title>T</title></head><body><p>a \xe6\xad\xff b</p></body>"
    assert rfiparse.parse(page) == rfiparse.parse(page.decode("utf-8", errors="replace"))
