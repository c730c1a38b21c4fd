"""Headlines lose the site suffix and an appended programme name; nothing else."""

from __future__ import annotations

import pytest

import rfiparse


def _record(title: str, url: str) -> rfiparse.Article:
    return rfiparse.parse(f"<!--1-->\n[{title}]({url})\n------\n<div><p>正文。</p></div>")


def test_site_suffix_of_afp_items_is_removed() -> None:
    article = _record("美国单日新增 – 法国国际广播电台 - RFI", "http://www.rfi.fr//cn/contenu/x")
    assert article.headline == "美国单日新增"


def test_programme_named_in_the_url_is_taken_off_the_headline() -> None:
    article = _record("赛努奇特展 - 特别节目", "https://www.rfi.fr/cn/专栏检索/特别节目/20231022-x")
    assert (article.headline, article.programme, article.section) == (
        "赛努奇特展",
        "特别节目",
        "专栏检索",
    )


def test_known_programme_is_taken_off_even_when_the_url_does_not_name_it() -> None:
    article = _record("港版国安法 - 要闻解说", "http://www.rfi.fr//cn/港澳台/20200704-x")
    assert (article.headline, article.programme) == ("港版国安法", "要闻解说")


def test_unknown_suffix_stays_in_the_headline() -> None:
    article = _record("Covid-19 - 印度使用首批疫苗", "https://www.rfi.fr/cn/科技与文化/x")
    assert (article.headline, article.programme) == ("Covid-19 - 印度使用首批疫苗", None)


def test_programme_in_the_url_is_kept_when_the_title_does_not_repeat_it() -> None:
    article = _record("特展", "https://www.rfi.fr/cn/专栏检索/特别节目/20231022-x")
    assert (article.headline, article.programme) == ("特展", "特别节目")


def test_nested_brackets_in_the_title_are_kept() -> None:
    article = _record("[视频]北京火速通过", "https://www.rfi.fr/cn/港澳台/x")
    assert article.headline == "[视频]北京火速通过"


def test_entities_in_the_markdown_title_are_decoded() -> None:
    article = _record("Tom &amp; Jerry&#39;s &quot;day&quot;", "https://www.rfi.fr/en/x/y")
    assert article.headline == 'Tom & Jerry\'s "day"'


@pytest.mark.parametrize(
    ("title", "expected"),
    [("Titre – RFI", "Titre"), ("Title - RFI", "Title"), ("RFI - Titre", "RFI - Titre")],
)
def test_plain_rfi_suffix_is_removed_in_any_edition(title: str, expected: str) -> None:
    assert _record(title, "https://www.rfi.fr/fr/france/x").headline == expected


def test_front_matter_title_is_used_when_there_is_no_header_line() -> None:
    text = '---\ntitle: "标题 \\"引号\\""\nfrom: https://www.rfi.fr/cn/中国/x\n---\n<div><p>正文。</p></div>'
    article = rfiparse.parse(text)
    assert (article.headline, article.url) == (
        '标题 "引号"',
        "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/x",
    )


def test_front_matter_values_are_trimmed_of_trailing_blanks() -> None:
    text = (
        '---\ntitle: "标题"  \t\r\nfrom: https://www.rfi.fr/cn/中国/x \n---\n'
        "<div><p>正文。</p></div>"
    )
    article = rfiparse.parse(text)
    assert (article.headline, article.url) == ("标题", "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/x")
