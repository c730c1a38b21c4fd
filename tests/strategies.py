"""Hypothesis strategies for random, valid :class:`rfiparse.Article` values.

Every value is in the parser's *normal form*: what ``parse()`` returns, field by
field, under the contracts of :mod:`rfiparse.model` (text collapsed and trimmed,
URLs percent-encoded, datetimes aware with the offsets the parser uses). Only
what the renderings of ``tests/rendering.py`` can carry is generated: in a
record the main image has a URL only, authors always have their page, and so
on. :func:`page_articles` adds what only a full page carries.

Every edition of ``src/rfiparse/_editions.py`` is generated (:func:`articles`
and :func:`page_articles` take an ``edition``; without one they draw any, the
Chinese edition about half the time): texts mostly in the edition's script
(``SCRIPTS``), sections it shows or written in its script, and authors and
programmes only where the table states the edition's conventions for them.

Strategies are built once, at import: building them inside ``@composite``
functions on every draw costs more than drawing from them.
"""

from __future__ import annotations

import html
import json
import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime
from typing import Literal, cast, get_args
from urllib.parse import quote

from hypothesis import strategies as st

import goldens
from rendering import (
    PARIS,
    Style,
    render_classed_record,
    render_fragment,
    render_page,
    render_stripped_record,
)
from rfiparse import (
    Alternate,
    Article,
    Author,
    Image,
    ImageRendition,
    InlineLink,
    Media,
    Paragraph,
    ParagraphKind,
    RelatedLink,
)
from rfiparse._editions import EDITIONS, Edition

__all__ = [
    "BASE_DOCUMENTS",
    "EDITION_CODES",
    "FRONT_MATTER_FIELDS",
    "HOSTILE_TEXTS",
    "HOSTILE_VALUES",
    "KNOWN_PROGRAMMES",
    "KNOWN_SECTIONS",
    "PAGE_VALUES",
    "PAGE_VALUE_NAMES",
    "RFI_DOCUMENTS",
    "SAMPLE_PAGE",
    "SCRIPTS",
    "TEXT_VALUES",
    "Conversion",
    "PageValue",
    "Site",
    "article_urls",
    "articles",
    "body_images",
    "copyrights",
    "hostile",
    "hostile_texts",
    "hostile_values",
    "main_images",
    "media",
    "page_articles",
    "page_images",
    "page_styles",
    "paragraphs",
    "published_times",
    "put",
    "record_times",
    "sites",
    "styles",
    "texts",
]

_ASCII = string.ascii_letters + string.digits + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
SCRIPTS: dict[str, str] = {
    "fr": "éèêëàâçôöîïûùüÿœæÉÈÊÀÂÇÔŒ«»’",
    "en": "‘’“”–—£",
    "es": "áéíóúñüÁÉÍÓÚÑ¿¡«»",
    "pt": "ãõáéíóúâêôàçÃÕÁÉÇ«»",
    "br": "ãõáéíóúâêôàçÃÕÁÉÇ“”",
    "ro": "ăâîșțĂÂÎȘȚşţ„”«»",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ«»—",
    "uk": "абвгґдеєжзиіїйклмнопрстуфхцчшщьюяАБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ’«»",
    # Precomposed letters, and the combining tone marks of decomposed (NFD) text.
    "vi": "ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĐƠƯ"
    "\u0300\u0301\u0303\u0309\u0323",
    # Consonants, dependent vowels, signs, the coeng (្), digits, the khan (។), and
    # the zero-width space Khmer puts between words (not whitespace to str.split()).
    "km": "កខគឃងចឆជឈញដឋឌឍណតថទធនបផពភមយរលវសហឡអ\u17b6\u17b7\u17b8\u17b9\u17ba\u17bb"
    "\u17bc\u17bd\u17be\u17c1\u17c2\u17c4\u17c6\u17c7\u17cb\u17d2០១២៣៤៥៦៧៨៩។៕\u200b",
    # Right to left: letters, Persian digits, punctuation, the zero-width non-joiner,
    # the right-to-left, left-to-right and Arabic letter marks, and the bidi
    # embeddings and isolates text pasted from elsewhere carries.
    "fa": "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیءآأؤئ۰۱۲۳۴۵۶۷۸۹،؛؟«»\u200c\u200f\u200e\u061c"
    "\u202b\u202c\u2067\u2068\u2069",
    "sw": "’“”",
    "ha": "ɓɗƙƴƁƊƘƳ’“”",
    "ff": "ɓɗŋɲƴƁƊŊƝƳ’",
    "ma": "ɛɔɲŋƐƆƝŊ’",
    "cn": "中国法广记者报道新冠病毒香港台湾经济巴黎欧洲美国习近平人权，。：；“”‘’（）《》、？！—…",
    "tw": "國灣臺經濟歐洲總統與對為這說時會動們發記者報導，。：；「」『』（）《》、？！—…",
}
"""The letters and punctuation of each edition's script, beyond ASCII, by edition code."""
# Characters of real RFI text: ASCII (HTML's special characters included), every
# edition's script (Latin with accents, Cyrillic, Vietnamese, Khmer, Persian with
# its invisible marks, CJK with its full-width punctuation) and one character
# outside the BMP.
ALPHABET = _ASCII + "".join(dict.fromkeys("".join(SCRIPTS.values()))) + "😀"
KNOWN_PROGRAMMES = tuple(sorted(EDITIONS["cn"].programmes))
"""The cn edition's programmes (``src/rfiparse/_editions.py``)."""
EDITION_CODES = tuple(EDITIONS)
"""Every edition of the table, by path code: each is generated."""
SECTIONS = (
    "中国",
    "法国",
    "国际",
    "港澳台",
    "亚洲",
    "欧洲",
    "美洲",
    "非洲",
    "中东",
    "经济",
    "首页",
    "contenu",
)
# Sections the project's documents show, by edition (see the comment above
# _editions.EDITIONS; /fr/afrique/ is in issue 14's records); every edition's
# URLs also draw sections written in its script.
KNOWN_SECTIONS: dict[str, tuple[str, ...]] = {
    "cn": SECTIONS,
    "tw": ("政治",),
    "fr": ("europe", "france", "afrique"),
}
# Title endings the parser removes (site and programme suffixes): a headline
# ending like this is not in normal form.
_RFI_SUFFIX = re.compile(r"\s+[–—-]\s+RFI$")


def _segment(text: str) -> str:
    """One URL path segment, percent-encoded as the URL contract writes it."""
    return quote(text, safe="")


def _day(d: date) -> str:
    return f"{d:%Y%m%d}"


# -- text ---------------------------------------------------------------------

_WORDS = st.text(alphabet=ALPHABET, min_size=1, max_size=7)
_TEXTS = {n: st.lists(_WORDS, min_size=1, max_size=n).map(" ".join) for n in (2, 3, 4, 6, 8, 12)}

# Words of each edition's script, with ASCII (names, figures, Latin words) and one
# character outside the BMP; cn's are drawn from every script, as they always were.
_EDITION_WORDS = {
    code: _WORDS
    if code == "cn"
    else st.text(alphabet=_ASCII + SCRIPTS[code] + "😀", min_size=1, max_size=7)
    for code in EDITION_CODES
}
_EDITION_TEXTS = {
    code: {n: st.lists(_EDITION_WORDS[code], min_size=1, max_size=n).map(" ".join) for n in _TEXTS}
    for code in EDITION_CODES
}


def texts(max_words: int = 6, *, edition: str | None = None) -> st.SearchStrategy[str]:
    """Text under the text contract: words joined by single spaces, never empty.

    With ``edition``, its words are mostly written in that edition's script.
    """
    return _TEXTS[max_words] if edition is None else _EDITION_TEXTS[edition][max_words]


# Text that can stand as one URL path segment (not a dot segment).
_PATH_TEXTS = {n: texts(n).filter(lambda t: t not in (".", "..")) for n in (2, 3)}
_DAYS = st.dates(date(2015, 1, 1), date(2030, 12, 31))

# -- URLs -----------------------------------------------------------------------

_SLUG_WORDS = st.one_of(
    st.lists(
        st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8),
        min_size=1,
        max_size=4,
    ),
    st.lists(
        st.text(alphabet="中国法广新冠病毒香港台湾经济巴黎", min_size=1, max_size=8),
        min_size=1,
        max_size=3,
    ),
    st.lists(_WORDS, min_size=1, max_size=3),
).map("-".join)
# yyyymmdd-words: RFI's article slugs.
_ArticleUrl = tuple[str, str | None, str | None]


def _edition_urls(edition: Edition) -> st.SearchStrategy[_ArticleUrl]:
    """``(url, section, programme the URL names)`` of an article of ``edition``.

    ``/<code>/<slug>``, ``/<code>/<section>/<slug>`` and, where the table knows the
    edition's programmes segment, ``/<code>/<programmes>/<programme>/<slug>``.
    Sections are those the documents show (``KNOWN_SECTIONS``) or any text in the
    edition's script; programmes the table's, or any text.
    """
    root = f"https://www.rfi.fr/{edition.code}/"
    own = texts(3, edition=edition.code).filter(lambda t: t not in (".", ".."))
    slugs = st.builds(
        lambda d, s: f"{_day(d)}-{s}",
        _DAYS,
        _SLUG_WORDS | st.lists(_EDITION_WORDS[edition.code], min_size=1, max_size=3).map("-".join),
    )
    taken = (edition.programmes_segment, edition.author_segment)
    known = KNOWN_SECTIONS.get(edition.code, ())
    sections = (st.sampled_from(known) | own if known else own).filter(lambda s: s not in taken)
    urls = [
        slugs.map(lambda slug: (root + _segment(slug), None, None)),
        st.builds(
            lambda section, slug: (root + _segment(section) + "/" + _segment(slug), section, None),
            sections,
            slugs,
        ),
    ]
    segment = edition.programmes_segment
    if segment is not None:
        named = tuple(sorted(edition.programmes))
        programmes = st.sampled_from(named) | own if named else own
        urls.append(
            st.builds(
                lambda programme, slug: (
                    root + "/".join(_segment(s) for s in (segment, programme, slug)),
                    segment,
                    programme,
                ),
                programmes,
                slugs,
            )
        )
    return st.one_of(urls)


_URLS = {code: _edition_urls(edition) for code, edition in EDITIONS.items()}
# An edition: the Chinese one (whose documents the project has) about half the time.
_EDITION_CODES = st.one_of(st.just("cn"), st.sampled_from(EDITION_CODES))
_ARTICLE_URLS: st.SearchStrategy[_ArticleUrl] = st.one_of(
    _URLS["cn"], *(_URLS[code] for code in EDITION_CODES)
)


def article_urls(edition: str | None = None) -> st.SearchStrategy[_ArticleUrl]:
    """``(url, section, programme named by the URL)`` of an rfi.fr article of ``edition``
    (of any edition, the Chinese one about half the time, without it): see ``_edition_urls``."""
    return _ARTICLE_URLS if edition is None else _URLS[edition]


_RFI_LINKS = _ARTICLE_URLS.map(lambda u: u[0])
# Links out of rfi.fr, as paragraphs hold them (http or https, query strings kept).
_OTHER_LINKS = st.one_of(
    _PATH_TEXTS[3].map(lambda t: "https://zh.wikipedia.org/wiki/" + _segment(t)),
    st.builds(
        lambda n, t: f"http://www.example.com/news/{n}.html?id={n}&lang=" + _segment(t),
        st.integers(0, 10**6),
        _PATH_TEXTS[2],
    ),
    st.integers(0, 9999).map(lambda n: f"https://www.rfi.fr/fr/france/2020{n:04d}-article"),
)
_LINKS = st.one_of(_RFI_LINKS, _OTHER_LINKS)

# -- the body ---------------------------------------------------------------------


def _runs(edition: str | None = None) -> st.SearchStrategy[list[tuple[str, bool, bool]]]:
    """A paragraph's runs: ``(text, is a link, spaced from the previous run)``."""
    return st.lists(
        st.tuples(texts(edition=edition), st.booleans(), st.booleans()), min_size=1, max_size=4
    )


_RUNS = _runs()
_KINDS: st.SearchStrategy[ParagraphKind] = st.sampled_from(
    ("paragraph", "paragraph", "paragraph", "heading", "quote", "list-item")
)


@st.composite
def _paragraphs(
    draw: st.DrawFn, runs: st.SearchStrategy[list[tuple[str, bool, bool]]] = _RUNS
) -> Paragraph:
    text = ""
    links: list[InlineLink] = []
    for run, is_link, spaced in draw(runs):
        text += (" " if spaced and text else "") + run
        if is_link:
            links.append(InlineLink(text=run, url=draw(_LINKS)))
    return Paragraph(text=text, kind=draw(_KINDS), links=tuple(links))


_PARAGRAPHS = _paragraphs()


def paragraphs() -> st.SearchStrategy[Paragraph]:
    """A body block: plain runs and links, joined by one space or none; any kind."""
    return _PARAGRAPHS


_IMAGE_URLS = st.builds(
    lambda u, w, name, ext: (
        f"https://s.rfi.fr/media/display/{u}/w:{w}/p:16x9/{_segment(name)}{ext}"
    ),
    st.uuids(),
    st.sampled_from((310, 1280)),
    _PATH_TEXTS[2],
    st.sampled_from((".jpg", ".JPG", ".png")),
)
_MAIN_IMAGES = _IMAGE_URLS.map(lambda url: Image(url=url))
_SIZES = st.none() | st.integers(1, 99999)
_BODY_IMAGES = st.builds(
    Image,
    url=_IMAGE_URLS,
    alt=st.none() | texts(),
    caption=st.none() | texts(),
    credit=st.none() | texts(3).map(lambda t: "© " + t),
    width=_SIZES,
    height=_SIZES,
)


# 2022+ lazy images: a data: GIF in src, the files only in srcsets. Their URL is
# the one Image.url's contract picks: the largest file of the <img srcset> (the
# widest; without widths, the first), else of the first JPEG <source>, else of
# the first <source>.
_LAZY_TYPES = {"image/webp": ".webp", "image/jpeg": ".jpg"}
_LAZY_WIDTHS = st.none() | st.sampled_from((246, 388, 720, 1024, 1280)) | st.integers(1, 9999)


def _largest_file(renditions: list[ImageRendition]) -> str:
    widths = [r for r in renditions if r.width is not None]
    return max(widths, key=lambda r: r.width or 0).url if widths else renditions[0].url


@st.composite
def _lazy_images(draw: st.DrawFn, *, captioned: bool) -> Image:
    folder = f"https://s.rfi.fr/media/display/{draw(st.uuids())}"
    name = _segment(draw(_PATH_TEXTS[2]))

    def file(width: int | None, extension: str) -> str:
        return f"{folder}/w:{width or 1024}/p:16x9/{name}{extension}"

    types = draw(st.lists(st.sampled_from(list(_LAZY_TYPES)), unique=True))
    groups = [
        [ImageRendition(url=file(w, _LAZY_TYPES[t]), width=w, type=t) for w in widths]
        for t in types
        for widths in [draw(st.lists(_LAZY_WIDTHS, min_size=1, max_size=3))]
    ]
    own = [
        ImageRendition(url=file(w, ".jpg"), width=w)
        for w in draw(st.lists(_LAZY_WIDTHS, min_size=0 if groups else 1, max_size=4))
    ]
    jpeg = [g for g in groups if g[0].type == "image/jpeg"]
    chosen = own or (jpeg or groups)[0]
    renditions = tuple(r for g in groups for r in g) + tuple(own)
    if not captioned:  # a record's main image: its URL and files only
        return Image(url=_largest_file(chosen), renditions=renditions)
    return Image(
        url=_largest_file(chosen),
        alt=draw(st.none() | texts()),
        caption=draw(st.none() | texts()),
        credit=draw(st.none() | texts(3).map(lambda t: "© " + t)),
        width=draw(_SIZES),
        height=draw(_SIZES),
        renditions=renditions,
    )


_LAZY_MAIN_IMAGES = _lazy_images(captioned=False)
_LAZY_BODY_IMAGES = _lazy_images(captioned=True)


def main_images() -> st.SearchStrategy[Image]:
    """The image above the lead: records carry its ``src`` only."""
    return _MAIN_IMAGES


def body_images() -> st.SearchStrategy[Image]:
    """A ``<figure>`` of the body: URL, alt, caption, credit and size."""
    return _BODY_IMAGES


_YOUTUBE_IDS = st.text(
    alphabet=string.ascii_letters + string.digits + "-_", min_size=11, max_size=11
)
_TITLES = st.none() | texts()
_AUDIO = st.builds(
    lambda day, n, name, with_id, title: Media(
        kind="audio",
        url=f"https://aod-rfi.akamaized.net/rfi/chinois/audio/modules/actu/{day:%Y%m}/{_segment(name)}.mp3",
        id=f"WBMZ{n}-RFI-CN-{_day(day)}" if with_id else None,
        title=title,
    ),
    _DAYS,
    st.integers(1, 99999),
    _PATH_TEXTS[2],
    st.booleans(),
    _TITLES,
)
_PLAYER = st.builds(
    lambda vid, title: Media(
        kind="video", url=f"https://www.youtube.com/embed/{vid}", id=vid, title=title
    ),
    _YOUTUBE_IDS,
    _TITLES,
)
_YOUTUBE_FRAME = st.builds(
    lambda vid, query, title: Media(
        kind="video", url=f"https://www.youtube.com/embed/{vid}?{query}", id=vid, title=title
    ),
    _YOUTUBE_IDS,
    st.sampled_from(("feature=oembed", "rel=0", "start=30&end=60")),
    _TITLES,
)
_OTHER_FRAME = st.builds(
    lambda url, title: Media(kind="iframe", url=url, id=None, title=title),
    st.one_of(
        st.integers(1, 10**9).map(lambda n: f"https://player.vimeo.com/video/{n}"),
        st.integers(1, 10**9).map(lambda n: f"https://www.dailymotion.com/embed/video/x{n:x}"),
        st.integers(1, 10**6).map(lambda n: f"https://www.rfi.fr/cn/embed/{n}?autoplay=0"),
    ),
    _TITLES,
)
_MEDIA = st.one_of(_AUDIO, _PLAYER, _YOUTUBE_FRAME, _OTHER_FRAME)


def media() -> st.SearchStrategy[Media]:
    """An RFI audio, an RFI video player, a YouTube frame or another frame."""
    return _MEDIA


# The line that closes the body: text that starts with "©" (the README's rule
# for records without classes), mostly the "© 2020 AFP" of AFP wire items.
_COPYRIGHTS = st.one_of(
    st.builds(
        lambda year, who: f"© {year} {who}",
        st.integers(1990, 2035),
        st.one_of(st.sampled_from(("AFP", "RFI", "法新社", "Reuters 路透社")), texts(4)),
    ),
    st.builds(lambda space, text: "©" + space + text, st.sampled_from(("", " ")), texts(4)),
)


def copyrights() -> st.SearchStrategy[str]:
    """The copyright line that closes the body: ``© 2020 AFP``, ``© 网络``..."""
    return _COPYRIGHTS


# -- dates ------------------------------------------------------------------------


def _paris(moment: datetime) -> datetime:
    """``moment`` in Paris time with a fixed offset, as ``parse()`` returns ``published``.

    The wall clock is all a record shows; in the repeated hour of autumn it names
    the earlier (summer-time) instant, so that is the one in normal form.
    """
    wall = moment.astimezone(PARIS).replace(tzinfo=None)
    local = wall.replace(tzinfo=PARIS, fold=0)
    offset = local.utcoffset()
    assert offset is not None
    return local.astimezone(timezone(offset))


def _last_sunday(year: int, month: int) -> datetime:
    day = date(year, month + 1, 1) - timedelta(days=1)
    day -= timedelta(days=(day.weekday() + 1) % 7)
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


# A UTC minute within a few hours of a change of clocks in Paris.
_AROUND_CLOCK_CHANGES = st.builds(
    lambda year, month, minutes: _last_sunday(year, month) + timedelta(minutes=minutes),
    st.integers(1996, 2035),
    st.sampled_from((3, 10)),
    st.integers(-60, 4 * 60),
)
_PUBLISHED = st.one_of(
    st.datetimes(datetime(1980, 1, 1), datetime(2037, 12, 31), timezones=st.just(timezone.utc)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
    _AROUND_CLOCK_CHANGES,
).map(_paris)
_RECORD_TIMES = st.datetimes(
    datetime(2000, 1, 1), datetime(2037, 12, 31), timezones=st.just(timezone.utc)
).map(lambda d: d.replace(microsecond=d.microsecond // 1000 * 1000))


def published_times() -> st.SearchStrategy[datetime]:
    """Publication times: a whole UTC minute, shown in Paris time with its fixed offset."""
    return _PUBLISHED


def record_times() -> st.SearchStrategy[datetime]:
    """Feed-record capture times: aware UTC, millisecond precision."""
    return _RECORD_TIMES


# -- the article --------------------------------------------------------------------


def _headline_ok(headline: str, url_programme: str | None, known: Sequence[str] = ()) -> bool:
    """Whether the parser keeps this headline whole (it ends with no suffix it removes):
    no `` - RFI``, no `` - P`` for the URL's programme or one of the ``known`` ones."""
    if _RFI_SUFFIX.search(headline):
        return False
    return not any(headline.endswith(" - " + p) for p in (*known, url_programme) if p)


_MEDIA_LISTS = st.lists(_MEDIA, max_size=3)
_BODY_IMAGE_LISTS = st.lists(_BODY_IMAGES | _LAZY_BODY_IMAGES, max_size=2)
_MAYBE_PUBLISHED = st.none() | _PUBLISHED
_MAYBE_IMAGES = st.none() | _MAIN_IMAGES | _LAZY_MAIN_IMAGES
_MAYBE_RECORD_TIMES = st.none() | _RECORD_TIMES
_MAYBE_COPYRIGHTS = st.none() | _COPYRIGHTS


@dataclass(frozen=True)
class _Kit:
    """What the generators draw for the articles of one edition.

    Texts are written mostly in the edition's script; programmes and authors are
    drawn only where ``_editions.EDITIONS`` states the edition's conventions (the
    programme names and programmes segment; the author pages' segment): an
    edition whose author segment is not known has no authors, one whose
    programmes are not known has none.
    """

    edition: Edition
    urls: st.SearchStrategy[_ArticleUrl]
    headlines: st.SearchStrategy[str]
    leads: st.SearchStrategy[str | None]
    paragraph_lists: st.SearchStrategy[list[Paragraph]]
    related: st.SearchStrategy[list[RelatedLink]]
    programmes: st.SearchStrategy[str | None]
    author_names: st.SearchStrategy[list[str]]
    section_texts: st.SearchStrategy[str]
    tags: st.SearchStrategy[list[str]]

    @property
    def known_programmes(self) -> tuple[str, ...]:
        """The programme names the parser takes off the edition's titles."""
        return tuple(sorted(self.edition.programmes))

    def authors(self, names: Sequence[str]) -> tuple[Author, ...]:
        """Authors with their page: ``https://www.rfi.fr/<code>/<author segment>/<name>/``."""
        segment = self.edition.author_segment
        if segment is None:
            return ()
        base = f"https://www.rfi.fr/{self.edition.code}/{_segment(segment)}/"
        return tuple(Author(name=n, url=base + _segment(n) + "/") for n in names)


def _kit(edition: Edition) -> _Kit:
    """The strategies for ``edition``'s articles, built once (at import) per edition."""
    code = edition.code
    known = tuple(sorted(edition.programmes))
    sections = KNOWN_SECTIONS.get(code, ())
    own_sections = texts(3, edition=code)
    return _Kit(
        edition=edition,
        urls=_URLS[code],
        headlines=texts(8, edition=code),
        leads=st.none() | texts(12, edition=code),
        paragraph_lists=st.lists(_paragraphs(_runs(code)), max_size=6),
        related=st.lists(
            st.builds(
                RelatedLink,
                title=texts(edition=code),
                url=_URLS[code].map(lambda u: u[0]) | _RFI_LINKS,
                topic=st.none() | texts(3, edition=code).map(lambda t: t.replace(" ", "/")),
            ),
            max_size=4,
            unique_by=lambda r: r.url,
        ),
        programmes=(st.none() | st.sampled_from(known)) if known else st.none(),
        author_names=(
            st.lists(
                texts(2, edition=code).filter(lambda t: t not in (".", "..")),
                max_size=3,
                unique=True,
            )
            if edition.author_segment is not None
            else st.just([])
        ),
        section_texts=(st.sampled_from(sections) | own_sections) if sections else own_sections,
        tags=st.lists(
            st.sampled_from(("中国", "台海", "香港", "美国", "人权", "经济")) | texts(3)
            if code == "cn"
            else texts(3, edition=code),
            max_size=4,
            unique=True,
        ),
    )


_KITS = {code: _kit(edition) for code, edition in EDITIONS.items()}


# rfi.fr's short links: https://rfi.my/CEAH (the share buttons append .F, .X, .W …).
_SHORT_URLS = st.text(alphabet=string.ascii_letters + string.digits, min_size=3, max_size=6).map(
    lambda code: "https://rfi.my/" + code
)


def _origin(draw: st.DrawFn, edition: str | None) -> tuple[_Kit, _ArticleUrl, str, str | None]:
    """An edition's kit (``edition``, else any), an article URL of it, a headline and
    a programme that agree with that URL (the URL's programme, else one drawn)."""
    kit = _KITS[edition if edition is not None else draw(_EDITION_CODES)]
    url = draw(kit.urls)
    url_programme = url[2]
    headline = draw(
        kit.headlines.filter(lambda h: _headline_ok(h, url_programme, kit.known_programmes))
    )
    programme = url_programme if url_programme is not None else draw(kit.programmes)
    return kit, url, headline, programme


@st.composite
def _articles(draw: st.DrawFn, edition: str | None = None) -> Article:
    kit, (url, section, _), headline, programme = _origin(draw, edition)
    names = draw(kit.author_names)
    return Article(
        headline=headline,
        url=url,
        lead=draw(kit.leads),
        paragraphs=tuple(draw(kit.paragraph_lists)),
        published=draw(_MAYBE_PUBLISHED),
        image=draw(_MAYBE_IMAGES),
        related=tuple(draw(kit.related)),
        edition=kit.edition.code,
        language=kit.edition.language,
        section=section,
        programme=programme,
        authors=kit.authors(names),
        feed_record_time=draw(_MAYBE_RECORD_TIMES),
        media=tuple(draw(_MEDIA_LISTS)),
        body_images=tuple(draw(_BODY_IMAGE_LISTS)),
        copyright=draw(_MAYBE_COPYRIGHTS),
        short_url=draw(st.none() | _SHORT_URLS),
    )


_ARTICLES = _articles()
_EDITION_ARTICLES = {code: _articles(code) for code in EDITION_CODES}


def articles(edition: str | None = None) -> st.SearchStrategy[Article]:
    """A whole article as a feed record holds it (headline and URL included), of
    ``edition`` (by path code) or, without it, of any edition (the Chinese one
    about half the time)."""
    return _ARTICLES if edition is None else _EDITION_ARTICLES[edition]


_FLAG = st.booleans()
_STYLES = st.builds(
    Style,
    front_matter=_FLAG,
    wrapper=_FLAG,
    placeholder_image=_FLAG,
    empty_lead=_FLAG,
    pseudo_headings=_FLAG,
    heading_spans=st.integers(0, 3),
    speakers=_FLAG,
    emphasis=_FLAG,
    chrome=_FLAG,
    append_programme=_FLAG,
    whitespace=_FLAG,
    noscript=_FLAG,
    fragment_classes=_FLAG,
    share=st.sampled_from(("labelled", "icons", "single")),
    figure_links=_FLAG,
)


def styles() -> st.SearchStrategy[Style]:
    """Any presentation of a rendering; none may change the parse."""
    return _STYLES


# -- full pages ------------------------------------------------------------------------

# The page states instants (``2025-11-30T09:13:47+00:00``): aware UTC, whole seconds.
_PAGE_TIMES = st.datetimes(
    datetime(1990, 1, 1), datetime(2037, 12, 31), timezones=st.just(timezone.utc)
).map(lambda d: d.replace(microsecond=0))
# Up to a month after publication, the same second included.
_MODIFICATION_DELAYS = st.integers(0, 31 * 24 * 3600).map(lambda s: timedelta(seconds=s))
# <source type>s rfi.fr's pictures use; each names the files' extension.
_SOURCE_TYPES = {"image/webp": ".webp", "image/avif": ".avif", "image/jpeg": ".jpg"}
_RENDITION_WIDTHS = (
    st.none() | st.sampled_from((177, 246, 388, 480, 720, 1024)) | st.integers(1, 9999)
)
_TYPED_WIDTHS = st.lists(
    st.tuples(st.sampled_from(list(_SOURCE_TYPES)), _RENDITION_WIDTHS), max_size=4
)
_PLAIN_WIDTHS = st.lists(_RENDITION_WIDTHS, max_size=4)


@st.composite
def _page_images(draw: st.DrawFn) -> Image:
    folder = f"https://s.rfi.fr/media/display/{draw(st.uuids())}"
    name = _segment(draw(_PATH_TEXTS[2]))
    ratio = draw(st.sampled_from(("16x9", "4x3", "1x1")))

    def file(width: int | None, extension: str) -> str:
        return f"{folder}/w:{width or 1024}/p:{ratio}/{name}{extension}"

    # Every <source> entry first (with its type), then the <img> srcset (type None):
    # the order parse() lists them in.
    typed = draw(_TYPED_WIDTHS)
    plain = draw(_PLAIN_WIDTHS)
    renditions = [ImageRendition(url=file(w, _SOURCE_TYPES[t]), width=w, type=t) for t, w in typed]
    renditions += [ImageRendition(url=file(w, ".jpg"), width=w) for w in plain]
    return Image(
        url=file(draw(st.sampled_from((720, 1024))), ".jpg"),
        alt=draw(st.none() | texts()),
        caption=draw(st.none() | texts()),
        credit=draw(st.none() | texts(3)),
        width=draw(_SIZES),
        height=draw(_SIZES),
        renditions=tuple(renditions),
    )


_PAGE_IMAGES = _page_images()


def page_images() -> st.SearchStrategy[Image]:
    """A page's main image: URL, alt, caption, credit, size and every ``srcset`` rendition."""
    return _PAGE_IMAGES


# Other editions' languages, as hreflang names them, with their path codes.
# Every edition's language, as hreflang names it, with its path code.
_ALTERNATE_EDITIONS = {edition.language: code for code, edition in EDITIONS.items()}
_ALTERNATE_LANGUAGES = st.lists(st.sampled_from(list(_ALTERNATE_EDITIONS)), max_size=3, unique=True)


def _alternate(language: str, url: str) -> Alternate:
    """The article in another edition: that edition's path code, the same slug."""
    slug = url.rstrip("/").rpartition("/")[2]
    return Alternate(
        language=language, url=f"https://www.rfi.fr/{_ALTERNATE_EDITIONS[language]}/{slug}"
    )


@st.composite
def _page_articles(draw: st.DrawFn, edition: str | None = None) -> Article:
    kit, (url, url_section, _), headline, programme = _origin(draw, edition)
    # The page's own section (JSON-LD articleSection, article:section): mostly
    # the URL's, sometimes another; a page whose URL names none may still state one.
    section: str | None
    if url_section is not None:
        section = draw(st.just(url_section) | kit.section_texts)
    else:
        section = draw(st.none() | kit.section_texts)
    published = draw(st.none() | _PAGE_TIMES)
    # Where the page shows a modification time, it shows the publication time too.
    modified = (
        None
        if published is None
        else draw(st.none() | _MODIFICATION_DELAYS.map(lambda d: published + d))
    )
    names = draw(kit.author_names)
    return Article(
        headline=headline,
        url=url,
        lead=draw(kit.leads),
        paragraphs=tuple(draw(kit.paragraph_lists)),
        published=published,
        image=draw(st.none() | _PAGE_IMAGES),
        # The page's own link in its related block is left out of related.
        related=tuple(r for r in draw(kit.related) if r.url != url),
        edition=kit.edition.code,
        language=kit.edition.language,
        section=section,
        programme=programme,
        authors=kit.authors(names),
        feed_record_time=None,
        media=tuple(draw(_MEDIA_LISTS)),
        body_images=tuple(draw(_BODY_IMAGE_LISTS)),
        copyright=draw(_MAYBE_COPYRIGHTS),
        modified=modified,
        tags=tuple(draw(kit.tags)),
        alternates=tuple(_alternate(lang, url) for lang in draw(_ALTERNATE_LANGUAGES)),
        reading_time=draw(st.none() | st.integers(1, 999)),
        word_count=draw(st.none() | st.integers(0, 10**6)),
        short_url=draw(st.none() | _SHORT_URLS),
    )


_PAGE_ARTICLES = _page_articles()
_EDITION_PAGE_ARTICLES = {code: _page_articles(code) for code in EDITION_CODES}


def page_articles(edition: str | None = None) -> st.SearchStrategy[Article]:
    """A whole article as a full rfi.fr page holds it, page-only fields included, of
    ``edition`` (by path code) or, without it, of any edition."""
    return _PAGE_ARTICLES if edition is None else _EDITION_PAGE_ARTICLES[edition]


_PAGE_STYLES = st.builds(
    Style,
    placeholder_image=_FLAG,
    pseudo_headings=_FLAG,
    heading_spans=st.integers(0, 3),
    speakers=_FLAG,
    emphasis=_FLAG,
    chrome=_FLAG,
    append_programme=_FLAG,
    whitespace=_FLAG,
    noscript=_FLAG,
    jsonld=_FLAG,
    meta_tags=_FLAG,
    dom_dates=_FLAG,
    canonical=_FLAG,
    title_h1=_FLAG,
    chapo=_FLAG,
    dom_authors=_FLAG,
    keywords_with_section=_FLAG,
    self_related=_FLAG,
    zulu=_FLAG,
    ascii_json=_FLAG,
    srcset_density=_FLAG,
    figure_links=_FLAG,
)


def page_styles() -> st.SearchStrategy[Style]:
    """Any presentation of a full page (the record-only flags keep their defaults)."""
    return _PAGE_STYLES


# -- hostile values --------------------------------------------------------------------
#
# Every value the parser reads from its input and converts (to a URL, a number, a
# date, a JSON value) is one row of PAGE_VALUES. test_hostile_values.py checks that
# each name the source reads has its row (so that a rule added without its row
# fails), and that each row stands in some document hostile() starts from; hostile()
# puts values that break naive conversions into the rows' places.

Conversion = Literal["url", "count", "date", "duration", "json", "text"]


@dataclass(frozen=True)
class PageValue:
    """One value the parser reads from its input: where, what it becomes, what reads it."""

    kind: Literal["attribute", "json", "meta", "text"]
    """``attribute`` of an element; key of a ``json`` object (JSON-LD, audio player,
    image dataset); ``meta`` property; ``text`` of an element, a comment, a header
    line or a script."""
    name: str
    converts: Conversion
    """What the parser turns it into, which picks the hostile values it is given."""
    read_by: str


def _rows(
    kind: Literal["attribute", "json", "meta", "text"], **rows: tuple[str, str]
) -> list[PageValue]:
    """Rows of one kind; attribute and text names are spelt as identifiers (``data_src``)."""
    dashed = kind in ("attribute", "text")
    found = []
    for name, (converts, read_by) in rows.items():
        assert converts in get_args(Conversion), converts
        spelt = name.replace("_", "-") if dashed else name
        found.append(PageValue(kind, spelt, cast(Conversion, converts), read_by))
    return found


PAGE_VALUES: tuple[PageValue, ...] = (
    *_rows(
        "attribute",
        href=("url", "normalize_url: body links, related, authors, canonical, alternates, teasers,"
              " Atom links; the share links' query (_share.short_url)"),
        src=("url", "normalize_url: images, iframes, teaser images; Atom content[src] (presence)"),
        data_src=("url", "normalize_url: iframes, teaser images"),
        srcset=("url", "_images._srcset: URLs and their width descriptors"),
        data_image_dataset=("json", "read_json, then url + filename (_images._dataset_url)"),
        width=("count", "_images.dimension"),
        height=("count", "_images.dimension"),
        datetime=("date", "_dates.iso_datetime: page dates, teaser times"),
        content=("text", "_page._meta: meta values"),
        property=("text", "_page._meta: meta names"),
        name=("text", "_page._meta: meta names"),
        hreflang=("text", "_page._alternates"),
        rel=("text", "_page._links, Atom link[rel]"),
        type=("text", "_images (source[type]), _jsonld (script[type]), Atom text constructs"),
        data_media_id=("text", "_media._audio (id), _body and _layout (presence)"),
        source=("url", "_media._video_player: normalize_url"),
        video_id=("text", "_media._video_player"),
        title=("text", "_media._frame, _authors, _listing link titles"),
        alt=("text", "_images, _listing"),
        role=("text", "_related"),
        aria_hidden=("text", "_listing._title_link"),
        isPermaLink=("text", "_feed._rss_link"),
        **{
            "class": ("text", "every class test (_html.has_token, _page._classes ...)"),
            "rdf:about": ("url", "_feed._rss_link: normalize_url"),
            "xml:base": ("url", "_feed._atom_link: normalize_url's base"),
        },
    ),
    *_rows(
        "json",
        url=("url", "JSON-LD url, author url, image url; audio sources[].url; dataset url"),
        name=("text", "JSON-LD author name, image name"),
        headline=("text", "_page._ld_str"),
        description=("text", "_page._ld_str"),
        inLanguage=("text", "_page._ld_str"),
        datePublished=("date", "_page._date: iso_datetime"),
        dateModified=("date", "_page._date: iso_datetime"),
        articleSection=("text", "_page._ld_str"),
        author=("json", "_page._authors"),
        keywords=("json", "_page._tags"),
        wordCount=("count", "_page._word_count: json_count"),
        image=("url", "_page._main_image: normalize_url"),
        sources=("json", "_media._audio"),
        mediaId=("text", "_media._audio"),
        duration=("duration", "_media._seconds"),
        diffusion=("json", "_media._json_title"),
        emission=("json", "_media._json_title"),
        filename=("url", "_images._dataset_url"),
        **{"@type": ("json", "_jsonld._is_article"), "@graph": ("json", "_jsonld._objects")},
    ),
    *_rows(
        "meta",
        **{
            "og:type": ("text", "_page.is_article_page"),
            "og:title": ("text", "_page._meta_str"),
            "og:url": ("url", "_page._meta_str, normalize_url; _page.own_urls"),
            "og:site_name": ("text", "_page.site_names: _editions.is_rfi_site_name"),
            "og:image": ("url", "_page._main_image: normalize_url"),
            "article:published_time": ("date", "_page._date: iso_datetime"),
            "article:modified_time": ("date", "_page._date: iso_datetime"),
            "article:section": ("text", "_page._meta_str"),
            "article:tag": ("text", "_page._tags"),
        },
    ),
    *_rows(
        "text",
        json_ld=("json", "_jsonld.find_news_article: read_json"),
        audio_data=("json", "_media._audio: read_json of script[data-media-id]"),
        date_line=("date", "_dates.paris_datetime (DD/MM/YYYY - HH:MM)"),
        epoch_comment=("count", "_record.split_record: epoch_ms_to_utc"),
        front_matter=("url", "_record.split_record: title, from"),
        link_line=("url", "_record.split_record: [headline](url)"),
        reading_time=("count", "_page._reading_time"),
        shown_duration=("duration", "_media._shown_duration: _seconds"),
        feed_date=("date", "_feed._feed_datetime: published, updated, pubDate, dc:date"),
        feed_link=("url", "_feed._rss_link: normalize_url of link, guid"),
    ),
)  # fmt: skip
"""Every value read from the input and converted: the table the hostile strategy draws from."""

PAGE_VALUE_NAMES = {(v.kind, v.name) for v in PAGE_VALUES}
FRONT_MATTER_FIELDS = ("title", "from")
"""The names the source gives the front-matter fields (row ``text:front-matter``)."""

# Values that break naive conversions: brackets, digits int() or fromisoformat()
# refuse (or that str.isdigit() accepts), numbers too large to convert, URLs that
# urlsplit() or .port refuse, dates out of range, and text that is not text.
_BRACKETS = ("[" * 20000, "{" * 5000, "[" * 1000 + "]" * 1000, '{"a":' * 3000, "[{" * 2000)
_ODD_DIGITS = ("²", "٣", "１２", "0x1F", "-1", "+7", " 7 ", "1_000", "1e3", "1.5", "00", "0", "")
_HUGE_NUMBERS = ("9" * 5000, "1" + "0" * 400, "1e999", "-1e999", "NaN", "Infinity", "9" * 20)
_BAD_URLS = (
    "http://[",
    "http://[::1",
    "https://[v1.x]/",
    "http://[::1]x/",
    "http://a:99999/",
    "http://a:-1/",
    "http://a:b/",
    "//[",
    "http://\uff03/",
    "http://xn--/",
    "http://" + "a" * 64 + ".com/",
    "http://a..b/",
    "javascript:alert(1)",
    "http://%zz/",
    "https://www.rfi.fr/\ud800",
    "http://user:pa[ss@rfi.fr/",
    "?#",
    "https://rfi.my/" + "A" * 5000,
    "https://www.facebook.com/share?href=http://[&u=https%3A%2F%2Frfi.my%2F[",
)
_BAD_DATES = (
    "0000-01-01T00:00:00Z",
    "10000-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "0001-01-01T00:00:00+23:59",
    "2020-02-30T12:00:00Z",
    "2020-01-01T24:00:00Z",
    "2020-01-01T00:00:00+24:00",
    "2020-01-01T00:00:00-99:99",
    "2020-01-01T00:00:00.9999999999999999+01:00",
    "32/13/2020 - 25:61",
    "31/12/9999 - 23:59",
    "01/01/0000 - 00:00",
    "01/01/0001 - 00:00",
    "٣١/١٢/٢٠٢٠ - ١٢:٠٠",
    "Fri, 31 Dec 9999 23:59:59 -2359",
    "Mon, 01 Jan 0000 00:00:00 +9999",
    "Thu, 01 Jan 1970 00:00:00 +" + "9" * 5000,
    "1" * 19,
)
_DURATIONS = ("99:99:99", "²:00", "00:60", "9" * 5000 + ":00", "-1:00", "1:2:3:4")
_ODD_TEXT = ("\x00", "\ud800", " \u3000 ", "\ufeff", "</script>", "<!--", "&", '"', "'")
_HOSTILE_JSON_TEXTS = (
    *_BRACKETS,
    "9" * 5000,
    "-" + "9" * 5000,
    "1" + "0" * 400,
    "1e999",
    "-1e999",
    "NaN",
    "-Infinity",
    "-1",
    "1.5",
    "-0",
    "true",
    "null",
    "[]",
    "{}",
    '"\\ud800"',
    '{"url": "http://[", "filename": "x", "title": 1e999, "name": ["http://["]}',
    '[{"url": "http://[", "name": "x"}, "http://[::1"]',
    "[" * 30 + "]" * 30,
)
HOSTILE_VALUES: dict[Conversion, tuple[str, ...]] = {
    "url": _BAD_URLS,
    "count": _ODD_DIGITS + _HUGE_NUMBERS,
    "date": _BAD_DATES,
    "duration": _DURATIONS + _ODD_DIGITS + _HUGE_NUMBERS,
    "json": _HOSTILE_JSON_TEXTS,
    "text": _ODD_TEXT + _BRACKETS,
}
"""Hostile values by what the value is converted to (JSON ones are JSON texts)."""
HOSTILE_TEXTS: tuple[str, ...] = tuple(
    dict.fromkeys(v for kind, values in HOSTILE_VALUES.items() if kind != "json" for v in values)
)
"""Every hostile value that is not a JSON text."""

_ANY_HOSTILE_TEXT = st.one_of(st.sampled_from(HOSTILE_TEXTS), st.text(max_size=12))


def hostile_texts() -> st.SearchStrategy[str]:
    """One hostile value for an attribute, an element's text or a JSON string."""
    return _ANY_HOSTILE_TEXT


# Where the rows of PAGE_VALUES stand in a document (group "value").
_ROWS: dict[tuple[str, str], PageValue] = {(v.kind, v.name): v for v in PAGE_VALUES}
_ATTRIBUTE_VALUE = re.compile(
    r"(?<![\w:-])(?P<name>"
    + "|".join(re.escape(v.name) for v in PAGE_VALUES if v.kind == "attribute")
    + r')="(?P<value>[^"]*)"'
)
_META_VALUE = re.compile(
    r'<meta property="(?P<name>'
    + "|".join(re.escape(v.name) for v in PAGE_VALUES if v.kind == "meta")
    + r')" content="(?P<value>[^"]*)"'
)
_JSON_KEY = re.compile(
    r'"(?P<name>'
    + "|".join(re.escape(v.name) for v in PAGE_VALUES if v.kind == "json")
    + r')"\s*:\s*'
)
TEXT_VALUES: dict[str, re.Pattern[str]] = {
    "json-ld": re.compile(r'<script type="application/ld\+json">(?P<value>.*?)</script>', re.S),
    "audio-data": re.compile(r"<script data-media-id=[^>]*>(?P<value>.*?)</script>", re.S),
    "date-line": re.compile(r"(?P<value>\d{1,2}/\d{1,2}/\d{4}\s*-\s*\d{1,2}:\d{2})"),
    "epoch-comment": re.compile(r"<!--\s*(?P<value>\d+)\s*-->"),
    "front-matter": re.compile(r"^(?:title|from):[ \t]*(?P<value>.*)$", re.M),
    "link-line": re.compile(r"^\[[^\n]*\]\((?P<value>[^)\n]*)\)$", re.M),
    "reading-time": re.compile(r'class="a-reading-time">(?:<span[^>]*></span>)?(?P<value>[^<]*)'),
    "shown-duration": re.compile(r'__duration"?[^>]*>(?P<value>[^<]*)<'),
    "feed-date": re.compile(r"<(?:published|updated|pubDate|dc:date)>(?P<value>[^<]*)<"),
    "feed-link": re.compile(r"<(?:link|guid[^>]*)>(?P<value>[^<]*)</(?:link|guid)>"),
}
"""Where each ``text`` row of PAGE_VALUES stands (group ``value``)."""
_JSON_DECODER = json.JSONDecoder()


@dataclass(frozen=True)
class Site:
    """Where a row of PAGE_VALUES stands in a document: ``document[start:end]``.

    A value inside JSON text is written as JSON; one inside the JSON of a
    ``data-image-dataset`` is ``inner``, the span of the (unescaped) attribute value.
    """

    row: PageValue
    start: int
    end: int
    in_json: bool = False
    inner: tuple[int, int] | None = None


def _json_sites(text: str, offset: int) -> list[Site]:
    """The values of PAGE_VALUES' keys in the JSON ``text`` (which stands at ``offset``)."""
    sites = []
    for match in _JSON_KEY.finditer(text):
        try:
            end = _JSON_DECODER.raw_decode(text, match.end())[1]
        except ValueError:
            continue
        row = _ROWS["json", match["name"]]
        sites.append(Site(row, offset + match.end(), offset + end, in_json=True))
    return sites


def sites(document: str) -> list[Site]:
    """Every place in ``document`` where a row of PAGE_VALUES stands."""
    found: list[Site] = []
    for name, pattern in TEXT_VALUES.items():
        row = _ROWS["text", name]
        for match in pattern.finditer(document):
            found.append(Site(row, match.start("value"), match.end("value")))
            if row.converts == "json":
                found += _json_sites(match["value"], match.start("value"))
    for pattern, kind in ((_ATTRIBUTE_VALUE, "attribute"), (_META_VALUE, "meta")):
        for match in pattern.finditer(document):
            row = _ROWS[kind, match["name"]]
            found.append(Site(row, match.start("value"), match.end("value")))
            if match["name"] == "data-image-dataset":
                found += (
                    Site(s.row, match.start("value"), match.end("value"), True, (s.start, s.end))
                    for s in _json_sites(html.unescape(match["value"]), 0)
                )
    return found


def hostile_values(site: Site) -> tuple[str, ...]:
    """The hostile values for ``site``'s row, written as the site holds them (JSON or text)."""
    values = HOSTILE_VALUES[site.row.converts]
    if site.row.converts == "json":
        return values
    if site.in_json:
        bare = (
            tuple(v for v in values if v.lstrip("-").isdigit())
            if site.row.converts == "count"
            else ()
        )
        return (*map(json.dumps, values), *bare, *_HOSTILE_JSON_TEXTS)
    return values


def put(document: str, values: list[tuple[Site, str]]) -> str:
    """``document`` with the sites' values replaced (HTML-escaped where they must be).

    Sites inside a site already replaced (a key of a replaced script) are left out.
    """
    limit = len(document) + 1
    for site, value in sorted(values, key=lambda sv: (sv[0].start, -sv[0].end), reverse=True):
        if site.end > limit:
            continue
        if site.inner is not None:
            raw = html.unescape(document[site.start : site.end])
            value = raw[: site.inner[0]] + value + raw[site.inner[1] :]
        if not site.in_json or site.inner is not None:
            if site.row.kind == "text" and site.row.name not in ("json-ld", "audio-data"):
                value = value.replace("\n", " ")  # the header lines are lines
            if site.row.name not in ("json-ld", "audio-data"):
                value = html.escape(value)
        document = document[: site.start] + value + document[site.end :]
        limit = site.start
    return document


@st.composite
def _hostile(draw: st.DrawFn, documents: st.SearchStrategy[str]) -> str:
    document = draw(documents)
    found = sites(document)
    rows = sorted({s.row for s in found}, key=lambda r: (r.kind, r.name))
    if not rows:
        return document
    # A few rows, each given hostile values wherever it stands.
    chosen = draw(st.lists(st.sampled_from(rows), min_size=1, max_size=3, unique=True))
    values = []
    for site in found:
        if site.row in chosen:
            pool = st.sampled_from(hostile_values(site))
            values.append((site, draw(pool if site.in_json else pool | _ANY_HOSTILE_TEXT)))
    return put(document, values)


def hostile(documents: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """``documents`` with hostile values wherever up to three rows of PAGE_VALUES stand."""
    return _hostile(documents)


# -- RFI-like documents of every shape, for hostile() --------------------------------------

_SMALL_FIXTURES = tuple(
    path.read_text(encoding="utf-8")
    for path in goldens.inputs(*goldens.ARTICLE_KINDS)
    if path.stat().st_size < 16_000
)
_LISTING_ITEM = (
    '<div data-article-list class="m-item-list-article">'
    '<a href="{url}"><picture><source type="image/webp" srcset="{image}.webp 480w">'
    '<img src="{image}.jpg" data-src="{image}.jpg" srcset="{image}.jpg 720w" alt="x"'
    ' width="720" height="405"></picture></a>'
    '<div class="article__infos"><a href="{url}" aria-hidden="false" title="t"><h2>{title}</h2></a>'
    '<span class="a-tag">t</span><time datetime="{time}">x</time></div></div>'
)
_LISTING = (
    '<!DOCTYPE html><html><head><link rel="canonical" href="https://www.rfi.fr/cn/">'
    "</head><body>{items}</body></html>"
)
_ATOM = (
    '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"'
    ' xml:base="https://www.rfi.fr/"><title>t</title>{entries}</feed>'
)
_ATOM_ENTRY = (
    '<entry xml:base="https://www.rfi.fr/cn/"><title type="html">{title}</title>'
    '<link rel="alternate" href="{url}"/><published>{time}</published>'
    '<updated>{time}</updated><content type="html"><![CDATA[{html}]]></content></entry>'
)
_RSS = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>t</title>{entries}</channel></rss>'
)
_RSS_ITEM = (
    '<item><title>{title}</title><link>{url}</link><guid isPermaLink="true">{url}</guid>'
    "<pubDate>{rfc822}</pubDate><dc:date>{time}</dc:date>"
    "<description><![CDATA[{html}]]></description></item>"
)
_RDF = (
    '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
    ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">{entries}'
    "</rdf:RDF>"
)
_RDF_ITEM = (
    '<item rdf:about="{url}"><title>{title}</title><dc:date>{time}</dc:date>'
    "<description><![CDATA[{html}]]></description></item>"
)


# What a teaser or a feed entry says of its article: URL, title and time.
_ENTRY = st.tuples(_RFI_LINKS, texts(4), _PAGE_TIMES)


def _listing(entries: list[tuple[str, str, datetime]]) -> str:
    items = "".join(
        _LISTING_ITEM.format(
            url=html.escape(url),
            image=f"https://s.rfi.fr/media/display/{n}/w:720/p:16x9/x",
            title=html.escape(title),
            time=moment.isoformat(),
        )
        for n, (url, title, moment) in enumerate(entries)
    )
    return _LISTING.format(items=items)


_FEED_TEMPLATES = {"atom": (_ATOM, _ATOM_ENTRY), "rss": (_RSS, _RSS_ITEM), "rdf": (_RDF, _RDF_ITEM)}


def _feed(shape: str, entries: list[tuple[tuple[str, str, datetime], str]]) -> str:
    template, item = _FEED_TEMPLATES[shape]
    return template.format(
        entries="".join(
            item.format(
                title=html.escape(title),
                url=html.escape(url),
                time=moment.isoformat(),
                rfc822=format_datetime(moment),
                html=markup.replace("]]>", "]]&gt;"),
            )
            for (url, title, moment), markup in entries
        )
    )


_RECORDS = st.builds(
    lambda render, article, style: render(article, style),
    st.sampled_from((render_classed_record, render_stripped_record, render_fragment)),
    _ARTICLES,
    _STYLES,
)
_PAGES = st.builds(render_page, _PAGE_ARTICLES, _PAGE_STYLES)
_LISTINGS = st.lists(_ENTRY, min_size=1, max_size=3).map(_listing)
_FEEDS = st.builds(
    _feed,
    st.sampled_from(tuple(_FEED_TEMPLATES)),
    st.lists(
        st.tuples(_ENTRY, st.sampled_from(_SMALL_FIXTURES)),
        min_size=1,
        max_size=2,
    ),
)
# A small page holding every value of PAGE_VALUES that the renderings may leave out
# (``@graph``, an audio's duration, lazy images, share links ...): the pages.
SAMPLE_PAGE = (
    '<html><head><meta charset="utf-8"><meta property="og:type" content="article">'
    '<meta property="og:title" content="T"><meta property="og:url" content="https://www.rfi.fr/cn/x">'
    '<meta property="og:site_name" content="RFI">'
    '<meta property="og:image" content="https://s.rfi.fr/a.jpg">'
    '<meta property="article:published_time" content="2025-11-30T09:13:47+00:00">'
    '<meta property="article:modified_time" content="2025-11-30T10:13:47+00:00">'
    '<meta property="article:section" content="中国"><meta property="article:tag" content="台湾">'
    '<meta name="description" content="d">'
    '<link rel="canonical" href="https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20251130-x">'
    '<link rel="alternate" hreflang="fr" href="https://www.rfi.fr/fr/20251130-x">'
    '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [{"@type": '
    '["NewsArticle"], "url": "https://www.rfi.fr/cn/20251130-x", "headline": "T",'
    ' "description": "D", "inLanguage": "zh-Hans", "datePublished": "2025-11-30T09:13:47+00:00",'
    ' "dateModified": "2025-11-30T10:13:47+00:00", "articleSection": "中国",'
    ' "author": [{"@type": "Person", "name": "A", "url": "https://www.rfi.fr/cn/a/"}, "B"],'
    ' "keywords": ["台湾", "美国"], "wordCount": "740",'
    ' "image": [{"@type": "ImageObject", "url": "https://s.rfi.fr/b.jpg"}, "https://s.rfi.fr/c.jpg"]}'
    "]}</script></head><body>"
    '<h1 class="t-content__title">T</h1><p class="t-content__chapo">L</p>'
    '<div class="t-content__dates"><time datetime="2025-11-30T09:13:47+00:00">30/11/2025 - 10:13'
    '</time><time datetime="2025-11-30T10:13:47Z">x</time>'
    '<div class="a-reading-time"><span title="t"></span> 3 分钟 </div></div>'
    '<div class="t-content__authors"><a href="/cn/作者/a/">A</a></div>'
    '<div class="t-content__main-media"><figure><picture><source type="image/webp"'
    ' srcset="https://s.rfi.fr/d.webp 480w, https://s.rfi.fr/e.webp 2x">'
    '<img src="https://s.rfi.fr/d.jpg" alt="a" width="480" height="270px"'
    ' srcset="https://s.rfi.fr/d.jpg 480w"></picture><figcaption><span>c</span><span>©</span>'
    "</figcaption></figure></div>"
    '<div class="t-content__body"><p>x <a href="https://example.com/?a=1#b" title="t">y</a></p>'
    '<figure><img src="data:image/gif;base64,R0" data-image-dataset="{&quot;url&quot;:'
    ' &quot;https://s.rfi.fr/media/display/f&quot;, &quot;filename&quot;: &quot;f.jpg&quot;}">'
    "</figure>"
    '<div class="m-em-audio"><script data-media-id="WBMZ1-RFI-CN-20251130" type="application/json">'
    '{"mediaId": "WBMZ1-RFI-CN-20251130", "sources": [{"name": "n", "url":'
    ' "https://aod-rfi.akamaized.net/a.mp3"}], "duration": 95, "diffusion": {"title": "D"},'
    ' "emission": {"title": "E"}}</script><span class="m-em-audio__duration">01:35</span></div>'
    '<div data-wrapper-video-player><youtube-player source="https://www.youtube.com/embed/abcdefghijk"'
    ' video-id="abcdefghijk"></youtube-player></div>'
    '<iframe src="https://player.vimeo.com/video/1" data-src="https://player.vimeo.com/video/2"'
    ' title="v"></iframe></div>'
    '<div class="t-content__shares"><a href="https://www.facebook.com/dialog/share?href='
    'https%3A%2F%2Frfi.my%2FCEAH.F&amp;locale=zh_CN">f</a>'
    '<a href="whatsapp://send?text=https%3A%2F%2Frfi.my%2FCEAH.W">w</a></div>'
    '<aside><div role="heading">同一主题</div><a href="/cn/20251129-y">Y</a></aside>'
    "</body></html>"
)
_SAMPLE_ENTRIES = [
    ("https://www.rfi.fr/cn/20200720-x", "T", datetime(2020, 7, 20, 8, 30, tzinfo=timezone.utc)),
    ("https://www.rfi.fr/cn/中国/20200721-y", "U", datetime(2020, 7, 21, tzinfo=timezone.utc)),
]
BASE_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("parse", SAMPLE_PAGE),
    ("parse_listing", _listing(_SAMPLE_ENTRIES)),
    *(
        (
            "parse_feed",
            _feed(shape, [(e, _SMALL_FIXTURES[n]) for n, e in enumerate(_SAMPLE_ENTRIES)]),
        )
        for shape in _FEED_TEMPLATES
    ),
    *(("parse", fixture) for fixture in _SMALL_FIXTURES),
)
"""``(entry point, document)``: the sample page, a listing, feeds of each format and
the small fixtures. With the renderings, what RFI_DOCUMENTS draws from."""
RFI_DOCUMENTS: dict[str, st.SearchStrategy[str]] = {
    # One of the four kinds, each as likely (one_of() favours the first ones).
    "parse": st.sampled_from(
        (st.just(SAMPLE_PAGE), st.sampled_from(_SMALL_FIXTURES), _RECORDS, _PAGES)
    ).flatmap(lambda documents: documents),
    "parse_listing": _LISTINGS,
    "parse_feed": _FEEDS,
}
"""RFI-like input for each entry point: records, fragments and pages; listings; feeds."""
