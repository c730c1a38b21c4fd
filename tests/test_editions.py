"""Every edition parses the same way: nothing is tied to the Chinese edition's labels.

Synthetic records and pages, one per edition, each with that edition's own words
for "share", "by", "published", "on the same topic" and its own script.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

import rfiparse
from rfiparse._editions import EDITIONS as TABLE

EDITIONS = {
    # code: (language, headline, paragraph, share label, author label, related label, topic)
    "fr": ("fr", "Le Sénat adopte le budget", "Le texte a été voté à l'aube.", "Partager :",
           "Par :", "Sur le même sujet", "France/Politique"),
    "en": ("en", "Senate passes the budget", "The bill was passed at dawn.", "Share :",
           "By :", "On the same topic", "France/Politics"),
    "es": ("es", "El Senado aprueba el presupuesto", "El texto se votó al amanecer.",
           "Compartir :", "Por :", "Sobre el mismo tema", "Francia/Política"),
    "vi": ("vi", "Thượng viện thông qua ngân sách", "Văn bản được thông qua lúc rạng sáng.",
           "Chia sẻ :", "Tác giả :", "Cùng chủ đề", "Pháp/Chính trị"),
    # Right to left, with a zero-width non-joiner (سپیده‌دم) and a right-to-left mark.
    "fa": ("fa", "مجلس سنا بودجه را تصویب کرد", "این متن در سپیده‌دم به تصویب رسید.\u200f",
           "هم‌رسانی :", "نویسنده :", "در همین زمینه", "فرانسه/سیاست"),
    "tw": ("zh-Hant", "參議院通過預算", "該法案於黎明時分獲得通過。", "分享 :", "作者：",
           "同一主題", "法國/政治"),
    "cn": ("zh-Hans", "参议院通过预算", "该法案于黎明时分获得通过。", "分享 :", "作者：",
           "同一主题", "法国/政治"),
    "pt": ("pt", "O Senado aprova o orçamento", "O texto foi votado de madrugada.",
           "Partilhar :", "Por :", "Sobre o mesmo assunto", "França/Política"),
    "br": ("pt-BR", "Senado aprova o orçamento", "O texto foi votado na madrugada.",
           "Compartilhar :", "Por :", "Sobre o mesmo assunto", "França/Política"),
    "ro": ("ro", "Senatul adoptă bugetul", "Textul a fost votat în zori.", "Distribuie :",
           "De :", "Pe aceeași temă", "Franța/Politică"),
    "ru": ("ru", "Сенат принял бюджет", "Текст был принят на рассвете.", "Поделиться :",
           "Автор :", "По теме", "Франция/Политика"),
    "uk": ("uk", "Сенат ухвалив бюджет", "Текст ухвалили на світанку.", "Поділитися :",
           "Автор :", "На ту саму тему", "Франція/Політика"),
    # Khmer writes no space between words; a zero-width space may mark where one ends.
    "km": ("km", "ព្រឹទ្ធសភាអនុម័តថវិកា", "អត្ថបទនេះ\u200bត្រូវបានអនុម័តនៅពេលព្រឹកព្រលឹម។",
           "ចែករំលែក :", "ដោយ :", "ប្រធានបទដដែល", "បារាំង/នយោបាយ"),
    "sw": ("sw", "Seneti yapitisha bajeti", "Maandishi yalipigiwa kura alfajiri.", "Shiriki :",
           "Na :", "Kuhusu mada hiyo", "Ufaransa/Siasa"),
    "ha": ("ha", "Majalisar Dattawa ta amince da kasafin kuɗi", "An kaɗa ƙuri'a da asuba.",
           "Raba :", "Daga :", "Kan wannan batu", "Faransa/Siyasa"),
    # ff and bm: words written in their letters (ɓ, ɗ, ŋ, ɲ, ɛ, ɔ), French labels.
    "ff": ("ff", "Senaa jaɓii ŋari ɗum", "Ɓinndi ɗii ɲaaɓaama subaka.", "Partager :", "Par :",
           "Sur le même sujet", "France/Politique"),
    "ma": ("bm", "Sena ye nafolo ɲɛnabɔ sɔn", "Sɛbɛn in sɔnna sɔgɔma joona.", "Partager :",
           "Par :", "Sur le même sujet", "France/Politique"),
}  # fmt: skip
CET = timezone(timedelta(hours=1))


def _record(code: str) -> str:
    _, headline, paragraph, share, _, related, topic = EDITIONS[code]
    return (
        f"<!--1700405102000-->\n[{headline}](https://www.rfi.fr/{code}/section/20231119-slug)\n"
        "------\n\n<div>19/11/2023 - 15:34</div>"
        '<img src="https://s.rfi.fr/media/display/abc/w:1280/p:16x9/photo.jpg">'
        f"<p><strong>{paragraph}</strong></p><div><p>{paragraph}</p>"
        "<div data-selfpromo-newsletter></div></div>"
        f'<div><div>{share}</div><div><a href="https://www.facebook.com/dialog/share?x=1">'
        "<span></span></a></div></div>"
        f'<div><asidedata-org-name=""data-org-type=""><div><div role="heading"><span>{related}'
        f"</span></div></div><div><divdata-article-list><div><div><span>{topic}</span></div>"
        f'<a href="/{code}/section/20231118-other" data-article-item-link><h2>{headline} 2</h2>'
        "</a></div></div></div></aside></div>"
    )


def _page(code: str) -> str:
    language, headline, paragraph, share, by, _, _ = EDITIONS[code]
    direction = "rtl" if code == "fa" else "ltr"
    url = f"https://www.rfi.fr/{code}/section/20231119-slug"
    return (
        f'<!DOCTYPE html><html dir="{direction}" lang="{language}"><head>'
        f'<meta charset="utf-8"><title>{headline} - RFI</title>'
        f'<link rel="canonical" href="{url}">'
        '<meta property="og:type" content="article">'
        '<meta property="article:tag" content="Politique">'
        "</head><body><main>"
        '<div class="t-content t-content--article"><article data-article-content>'
        f'<h1 class="t-content__title">{headline}</h1>'
        f'<p class="t-content__chapo">{paragraph}</p>'
        '<div class="t-content__dates"><p class="m-pub-dates"><span>'
        '<time datetime="2023-11-19T14:34:00+00:00">19/11/2023 - 15:34</time></span></p></div>'
        '<div class="t-content__authors"><div class="m-from-author">'
        f'<span>{by}</span><a href="/{code}/x/jean-dupont/">Jean Dupont</a></div></div>'
        f'<div class="t-content__body u-clearfix"><h2>{headline}</h2><p>{paragraph}</p></div>'
        f'<div class="t-content__shares"><div class="a-share-bar-label">{share}</div>'
        '<a href="https://x.com/intent/tweet?url=https%3A%2F%2Frfi.my%2FAB12.X">x</a></div>'
        "</article></div></main></body></html>"
    )


@pytest.mark.parametrize("code", EDITIONS)
def test_record_of_each_edition(code: str) -> None:
    language, headline, paragraph, *_, topic = EDITIONS[code]
    article = rfiparse.parse(_record(code))
    assert (article.edition, article.language, article.headline) == (code, language, headline)
    assert article.lead == paragraph
    assert [p.text for p in article.paragraphs] == [paragraph]
    assert article.published == datetime(2023, 11, 19, 15, 34, tzinfo=CET)
    assert [(r.topic, r.title) for r in article.related] == [(topic, headline + " 2")]


@pytest.mark.parametrize("code", EDITIONS)
def test_page_of_each_edition(code: str) -> None:
    language, headline, paragraph, *_ = EDITIONS[code]
    article = rfiparse.parse(_page(code).encode())
    assert (article.edition, article.language, article.headline) == (code, language, headline)
    assert article.lead == paragraph
    assert [(p.kind, p.text) for p in article.paragraphs] == [
        ("heading", headline),
        ("paragraph", paragraph),
    ]
    assert article.published == datetime(2023, 11, 19, 14, 34, tzinfo=timezone.utc)
    assert [a.name for a in article.authors] == ["Jean Dupont"]
    assert article.short_url == "https://rfi.my/AB12"
    assert article.tags == ("Politique",)


def test_every_edition_of_the_table_is_tried() -> None:
    assert set(EDITIONS) == set(TABLE)
    assert {language for language, *_ in EDITIONS.values()} == {e.language for e in TABLE.values()}
