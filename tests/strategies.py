"""Hypothesis strategies for random, valid :class:`rfiparse.Article` values.

Every value is in the parser's *normal form*: what ``parse()`` returns, field by
field, under the contracts of :mod:`rfiparse.model` (text collapsed and trimmed,
URLs percent-encoded, datetimes aware with the offsets the parser uses). Only
what the renderings of ``tests/rendering.py`` can carry is generated: in a
record the main image has a URL only, authors always have their page, and so
on. :func:`page_articles` adds what only a full page carries.

Strategies are built once, at import: building them inside ``@composite``
functions on every draw costs more than drawing from them.
"""

from __future__ import annotations

import re
import string
from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

from hypothesis import strategies as st

from rendering import PARIS, Style
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
from rfiparse._editions import EDITIONS

__all__ = [
    "KNOWN_PROGRAMMES",
    "article_urls",
    "articles",
    "body_images",
    "copyrights",
    "main_images",
    "media",
    "page_articles",
    "page_images",
    "page_styles",
    "paragraphs",
    "published_times",
    "record_times",
    "styles",
    "texts",
]

# Characters of real RFI text: ASCII (HTML's special characters included), Latin
# with accents, CJK with its full-width punctuation, Persian (right-to-left, with
# the zero-width non-joiner) and one character outside the BMP.
ALPHABET = (
    string.ascii_letters
    + string.digits
    + "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
    + "éèêàâçôöüÉÀßñøåœæ"
    + "中国法广记者报道新冠病毒香港台湾经济巴黎欧洲美国习近平人权"
    + "，。：；“”‘’（）《》、？！—…"
    + "سلامفارسیرادیوفرانسهایران،؟\u200c"
    + "😀"
)
KNOWN_PROGRAMMES = tuple(sorted(EDITIONS["cn"].programmes))
"""The cn edition's programmes (``src/rfiparse/_editions.py``)."""
PROGRAMMES_SEGMENT = "专栏检索"
AUTHOR_SEGMENT = "作者"
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
RFI_CN = "https://www.rfi.fr/cn/"
AUTHOR_BASE = RFI_CN + quote(AUTHOR_SEGMENT, safe="") + "/"
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


def texts(max_words: int = 6) -> st.SearchStrategy[str]:
    """Text under the text contract: words joined by single spaces, never empty."""
    return _TEXTS[max_words]


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
_SLUGS = st.builds(lambda d, s: f"{_day(d)}-{s}", _DAYS, _SLUG_WORDS)
_SECTIONS = st.one_of(st.sampled_from(SECTIONS), _PATH_TEXTS[3]).filter(
    lambda s: s not in (PROGRAMMES_SEGMENT, AUTHOR_SEGMENT)
)
# A programme as the URL names it: one of the known ones or any other title.
_URL_PROGRAMMES = st.one_of(st.sampled_from(KNOWN_PROGRAMMES), _PATH_TEXTS[3])
_PLAIN_URLS = _SLUGS.map(lambda slug: (RFI_CN + _segment(slug), None, None))
_SECTION_URLS = st.builds(
    lambda section, slug: (RFI_CN + _segment(section) + "/" + _segment(slug), section, None),
    _SECTIONS,
    _SLUGS,
)
_PROGRAMME_URLS = st.builds(
    lambda programme, slug: (
        RFI_CN + "/".join(_segment(s) for s in (PROGRAMMES_SEGMENT, programme, slug)),
        PROGRAMMES_SEGMENT,
        programme,
    ),
    _URL_PROGRAMMES,
    _SLUGS,
)
_ARTICLE_URLS: st.SearchStrategy[tuple[str, str | None, str | None]] = st.one_of(
    _PLAIN_URLS, _SECTION_URLS, _PROGRAMME_URLS
)


def article_urls() -> st.SearchStrategy[tuple[str, str | None, str | None]]:
    """``(url, section, programme named by the URL)`` of an rfi.fr Chinese article:
    ``/cn/<slug>``, ``/cn/<section>/<slug>`` or ``/cn/专栏检索/<programme>/<slug>``."""
    return _ARTICLE_URLS


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

_RUNS = st.lists(st.tuples(texts(), st.booleans(), st.booleans()), min_size=1, max_size=4)
_KINDS: st.SearchStrategy[ParagraphKind] = st.sampled_from(
    ("paragraph", "paragraph", "paragraph", "heading", "quote", "list-item")
)


@st.composite
def _paragraphs(draw: st.DrawFn) -> Paragraph:
    text = ""
    links: list[InlineLink] = []
    for run, is_link, spaced in draw(_RUNS):
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


def _headline_ok(headline: str, url_programme: str | None) -> bool:
    """Whether the parser keeps this headline whole (it ends with no suffix it removes)."""
    if _RFI_SUFFIX.search(headline):
        return False
    return not any(headline.endswith(" - " + p) for p in (*KNOWN_PROGRAMMES, url_programme) if p)


_HEADLINES = texts(8)
_PROGRAMMES = st.none() | st.sampled_from(KNOWN_PROGRAMMES)
_AUTHOR_NAMES = st.lists(_PATH_TEXTS[2], max_size=3, unique=True)
_RELATED = st.lists(
    st.builds(
        RelatedLink,
        title=texts(),
        url=_RFI_LINKS,
        topic=st.none() | texts(3).map(lambda t: t.replace(" ", "/")),
    ),
    max_size=4,
    unique_by=lambda r: r.url,
)
_LEADS = st.none() | texts(12)
_PARAGRAPH_LISTS = st.lists(_PARAGRAPHS, max_size=6)
_MEDIA_LISTS = st.lists(_MEDIA, max_size=3)
_BODY_IMAGE_LISTS = st.lists(_BODY_IMAGES, max_size=2)
_MAYBE_PUBLISHED = st.none() | _PUBLISHED
_MAYBE_IMAGES = st.none() | _MAIN_IMAGES
_MAYBE_RECORD_TIMES = st.none() | _RECORD_TIMES
_MAYBE_COPYRIGHTS = st.none() | _COPYRIGHTS


@st.composite
def _articles(draw: st.DrawFn) -> Article:
    url, section, url_programme = draw(_ARTICLE_URLS)
    headline = draw(_HEADLINES.filter(lambda h: _headline_ok(h, url_programme)))
    programme = url_programme if url_programme is not None else draw(_PROGRAMMES)
    names = draw(_AUTHOR_NAMES)
    return Article(
        headline=headline,
        url=url,
        lead=draw(_LEADS),
        paragraphs=tuple(draw(_PARAGRAPH_LISTS)),
        published=draw(_MAYBE_PUBLISHED),
        image=draw(_MAYBE_IMAGES),
        related=tuple(draw(_RELATED)),
        edition="cn",
        language="zh-Hans",
        section=section,
        programme=programme,
        authors=tuple(Author(name=n, url=AUTHOR_BASE + _segment(n) + "/") for n in names),
        feed_record_time=draw(_MAYBE_RECORD_TIMES),
        media=tuple(draw(_MEDIA_LISTS)),
        body_images=tuple(draw(_BODY_IMAGE_LISTS)),
        copyright=draw(_MAYBE_COPYRIGHTS),
    )


_ARTICLES = _articles()


def articles() -> st.SearchStrategy[Article]:
    """A whole article as a feed record holds it (headline and URL included)."""
    return _ARTICLES


_FLAG = st.booleans()
_STYLES = st.builds(
    Style,
    front_matter=_FLAG,
    wrapper=_FLAG,
    placeholder_image=_FLAG,
    empty_lead=_FLAG,
    pseudo_headings=_FLAG,
    speakers=_FLAG,
    emphasis=_FLAG,
    chrome=_FLAG,
    append_programme=_FLAG,
    whitespace=_FLAG,
    noscript=_FLAG,
    fragment_classes=_FLAG,
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
_ALTERNATE_EDITIONS = {"zh-Hant": "tw", "fr": "fr", "en": "en", "vi": "vi", "fa": "fa", "ru": "ru"}
_ALTERNATE_LANGUAGES = st.lists(st.sampled_from(list(_ALTERNATE_EDITIONS)), max_size=3, unique=True)


def _alternate(language: str, url: str) -> Alternate:
    """The article in another edition: that edition's path code, the same slug."""
    slug = url.rstrip("/").rpartition("/")[2]
    return Alternate(
        language=language, url=f"https://www.rfi.fr/{_ALTERNATE_EDITIONS[language]}/{slug}"
    )


_TAGS = st.lists(
    st.one_of(st.sampled_from(("中国", "台海", "香港", "美国", "人权", "经济")), texts(3)),
    max_size=4,
    unique=True,
)
# rfi.fr's short links: https://rfi.my/CEAH (the share buttons append .F, .X, .W …).
_SHORT_URLS = st.text(alphabet=string.ascii_letters + string.digits, min_size=3, max_size=6).map(
    lambda code: "https://rfi.my/" + code
)
_SECTION_TEXTS = st.one_of(st.sampled_from(SECTIONS), texts(3))


@st.composite
def _page_articles(draw: st.DrawFn) -> Article:
    url, url_section, url_programme = draw(_ARTICLE_URLS)
    headline = draw(_HEADLINES.filter(lambda h: _headline_ok(h, url_programme)))
    programme = url_programme if url_programme is not None else draw(_PROGRAMMES)
    # The page's own section (JSON-LD articleSection, article:section): mostly
    # the URL's, sometimes another; a page whose URL names none may still state one.
    section: str | None
    if url_section is not None:
        section = draw(st.just(url_section) | _SECTION_TEXTS)
    else:
        section = draw(st.none() | _SECTION_TEXTS)
    published = draw(st.none() | _PAGE_TIMES)
    # Where the page shows a modification time, it shows the publication time too.
    modified = (
        None
        if published is None
        else draw(st.none() | _MODIFICATION_DELAYS.map(lambda d: published + d))
    )
    names = draw(_AUTHOR_NAMES)
    return Article(
        headline=headline,
        url=url,
        lead=draw(_LEADS),
        paragraphs=tuple(draw(_PARAGRAPH_LISTS)),
        published=published,
        image=draw(st.none() | _PAGE_IMAGES),
        # The page's own link in its related block is left out of related.
        related=tuple(r for r in draw(_RELATED) if r.url != url),
        edition="cn",
        language="zh-Hans",
        section=section,
        programme=programme,
        authors=tuple(Author(name=n, url=AUTHOR_BASE + _segment(n) + "/") for n in names),
        feed_record_time=None,
        media=tuple(draw(_MEDIA_LISTS)),
        body_images=tuple(draw(_BODY_IMAGE_LISTS)),
        copyright=draw(_MAYBE_COPYRIGHTS),
        modified=modified,
        tags=tuple(draw(_TAGS)),
        alternates=tuple(_alternate(lang, url) for lang in draw(_ALTERNATE_LANGUAGES)),
        reading_time=draw(st.none() | st.integers(1, 999)),
        word_count=draw(st.none() | st.integers(0, 10**6)),
        short_url=draw(st.none() | _SHORT_URLS),
    )


_PAGE_ARTICLES = _page_articles()


def page_articles() -> st.SearchStrategy[Article]:
    """A whole article as a full rfi.fr page holds it, page-only fields included."""
    return _PAGE_ARTICLES


_PAGE_STYLES = st.builds(
    Style,
    placeholder_image=_FLAG,
    pseudo_headings=_FLAG,
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
)


def page_styles() -> st.SearchStrategy[Style]:
    """Any presentation of a full page (the record-only flags keep their defaults)."""
    return _PAGE_STYLES
