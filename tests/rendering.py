"""Write an :class:`rfiparse.Article` back to RFI-style input.

Four shapes, copied from the real inputs in ``tests/fixtures``:

* :func:`render_classed_record`: a 2020–21 feed-archive record, whose HTML keeps
  RFI's CSS classes (``t-content__body``, ``m-em-audio``, ``t-copyright`` ...).
* :func:`render_stripped_record`: a 2022+ record, whose HTML lost every ``class``
  attribute and, in places, the space after the tag name (``<divdata-article-list>``).
* :func:`render_fragment`: the bare HTML fragment of an RSS entry, with no header.
* :func:`render_page`: a whole rfi.fr article page as the site serves it
  (``page_cn_taiwan_defense_budget.html``): JSON-LD, meta tags, the
  ``t-content__*`` article, the related ``<aside>`` and the site's furniture.

Each shape is written in the article's own edition (``Article.edition``, the
table of ``src/rfiparse/_editions.py``): its labels, language, direction, author
and programme path words and AFP title suffix (:data:`LABELS`, and the table
where it knows them); the site's furniture around a page stays the Chinese
page's, which the parser must ignore in any edition.

The renderer only ever writes what the parser's contracts say it reads, so that
``parse(render_X(article))`` must give back ``article`` (less what a shape cannot
carry, see ``tests/test_roundtrip.py``). :class:`Style` holds the presentational
choices (whitespace, pseudo-headings, chrome around the body ...) that must not
change the parse.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import quote, unquote, urlsplit
from zoneinfo import ZoneInfo

from rfiparse import Article, Image, ImageRendition, Media, Paragraph, RelatedLink
from rfiparse._editions import EDITIONS, Edition

__all__ = [
    "DEFAULT_STYLE",
    "LABELS",
    "LAZY_GIF",
    "PARIS",
    "PLACEHOLDER_IMAGE",
    "SITE_SUFFIX",
    "Labels",
    "Style",
    "is_player_video",
    "render_classed_record",
    "render_fragment",
    "render_page",
    "render_stripped_record",
    "url_section",
]

PARIS = ZoneInfo("Europe/Paris")
SITE_SUFFIX = " – 法国国际广播电台 - RFI"
"""What the cn edition's AFP wire items (section ``contenu``) append to their title
(``_site_suffix()`` gives each edition's, where its site name is known)."""
PLACEHOLDER_IMAGE = "https://static.rfi.fr/meta_og_twcards/RFI_FB.png"
"""RFI's generic social card, shown where an item has no image of its own."""
LAZY_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_FEEDX_FOOTER = (
    '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net" style="color:orange" '
    'target="_blank">https://feedx.net</a> <br><a href="https://feedx.xyz" '
    'style="color:orange" target="_blank">https://feedx.xyz</a><br></div>'
)
_INTERSTITIAL = (
    '<div class="m-interstitial"><div class="m-interstitial__ad">'
    '<divclass="m-block-ad "data-tms-ad-type="box"data-tms-ad-status="idle"data-tms-ad-pos="1">'
    '<div class="m-block-ad__label">广告</div><div class="m-block-ad__content"></div></div></div>'
    '<button data-readmore-unlocker class="m-interstitial__unlock-btn">'
    '<span class="m-interstitial__unlock-btn__text">继续浏览后续</span></button></div>'
)
_PAGE_INTERSTITIAL = (
    '<div class="m-interstitial"><div data-readmore-target class="m-interstitial__ad">'
    '<div class="m-block-ad " data-tms-ad-type="box" data-tms-ad-status="idle" data-tms-ad-pos="1">'
    '<div class="m-block-ad__label m-block-ad__label--report-enabled">'
    '<span class="m-block-ad__label__text">广告</span></div>'
    '<div class="m-block-ad__content"></div></div></div>'
    '<button data-readmore-unlocker class="m-interstitial__unlock-btn">'
    '<span class="m-interstitial__unlock-btn__text">继续浏览后续</span></button></div>'
)
# Share buttons of class-stripped records and fragments, as the 2022+ archives
# hold them: each passes the short link with its network's suffix (.F, .W, .X ...).
_SHARE_LINKS = (
    "https://www.facebook.com/dialog/share?app_id=113191652055439&href={F}"
    "&redirect_uri=https%3A%2F%2Fwww.rfi.fr&locale=zh_CN",
    "whatsapp://send?text={title}%20-%20{W}",
    "https://web.whatsapp.com/send?text={title}%20-%20{W}",
    "https://x.com/intent/tweet?url={X}&via=RFI_Cn&related=RFI_Cn&text={title}&lang=zh-cn",
)
_SHARE_SVG = (
    '<svgxmlns="http://www.w3.org/2000/svg"viewBox="0 0 24 24"aria-hidden="true">'
    '<pathd="M0 0h24v24H0z"/></svg>'
)
_SHARE_ROOT = (
    '<span data-root-share><share-button v-on:open="openModal"></share-button>'
    '<share-modal v-if="displayModal" v-on:close="closeModal"></share-modal></span>'
)
# Runs of percent-escapes of non-ASCII bytes: the UTF-8 of one or more characters.
_NON_ASCII_ESCAPES = re.compile(r"(?:%[89A-Fa-f][0-9A-Fa-f])+")
# Whitespace that the text contract collapses to one space, as real markup has it.
_CONTENT_SPACES = (" ", "\u00a0", "&nbsp;", "\n", "\u3000", "<br>", " \t ", "&#160;", " <br/> ")
_ATTRIBUTE_SPACES = (" ", "\u00a0", "&nbsp;", "\n", "\u3000")
_HEADER_SPACES = (" ", "\u00a0", "&nbsp;", "\u3000", "  ")


@dataclass(frozen=True)
class Style:
    """Presentational choices of a rendering; none of them may change the parse."""

    front_matter: bool = False
    """Classed records: Jekyll front matter, and the outer ``<div>`` it brings."""
    wrapper: bool = False
    """Classed records and fragments: one more ``<div>`` around the whole fragment."""
    placeholder_image: bool = False
    """Where the article has no image, show RFI's generic social card instead."""
    empty_lead: bool = False
    """Where the article has no lead, write an empty ``<p><strong> </strong></p>``."""
    pseudo_headings: bool = False
    """Write headings without links as ``<p><strong>`` (RFI's pseudo-subheadings), not ``<h2>``."""
    heading_spans: int = 0
    """Pseudo-subheadings only: wrap the ``<strong>`` in this many attribute-less
    ``<span>`` s, and its text in one more (``<p><span><strong><span>…``), as a word
    processor pastes them."""
    speakers: bool = False
    """Put the first word of running paragraphs in ``<strong>``, as interviews do."""
    emphasis: bool = False
    """Wrap whole blocks in ``<em>`` (``<em><strong>`` around a paragraph with links)."""
    chrome: bool = False
    """Add the ad interstitial, share buttons and the feedx footer around the body."""
    append_programme: bool = True
    """Append `` - programme`` to the title even where the URL names the programme."""
    whitespace: bool = False
    """Write inner spaces as NBSP, ``&nbsp;``, newlines, ideographic spaces or ``<br>``."""
    noscript: bool = True
    """Body figures carry a ``<noscript><img>``; else only the ``data-image-dataset``."""
    fragment_classes: bool = True
    """Fragments only: keep RFI's classes (an RSS entry of 2020–21) or not (2022+)."""
    share: str = "labelled"
    """Class-stripped records and fragments with a short link: their share block.
    ``labelled`` (``分享 :`` and every network), ``icons`` (no label, each button an
    inline SVG, an e-mail button too) or ``single`` (one WhatsApp button, its text
    the title, the link and more words)."""

    # Full pages only. The defaults are the page rfi.fr serves; each flag takes
    # one source away (or writes it another way). Where the page then states a
    # field nowhere, ``expected()`` in ``tests/test_roundtrip.py`` says so.
    jsonld: bool = True
    """Pages: the ``<script type="application/ld+json">`` ``NewsArticle``."""
    meta_tags: bool = True
    """Pages: the OpenGraph, ``article:*`` and ``description`` meta tags."""
    dom_dates: bool = True
    """Pages: ``<time datetime>`` in ``.t-content__dates`` (published, then modified)."""
    canonical: bool = True
    """Pages: ``<link rel="canonical">`` (written anyway where nothing else gives the URL)."""
    title_h1: bool = True
    """Pages: ``h1.t-content__title`` (written anyway where nothing else gives the title)."""
    chapo: bool = True
    """Pages: the lead as ``p.t-content__chapo`` (else only as JSON-LD ``description``)."""
    dom_authors: bool = True
    """Pages: the ``.t-content__authors`` links."""
    keywords_with_section: bool = True
    """Pages: JSON-LD ``keywords`` opens with the section, as rfi.fr writes it."""
    self_related: bool = True
    """Pages: the related ``<aside>`` opens with the article itself, as rfi.fr's does."""
    zulu: bool = False
    """Pages: write UTC instants as ``…Z``, not ``…+00:00``."""
    ascii_json: bool = False
    """Pages: JSON-LD with ``\\uXXXX`` escapes for every non-ASCII character."""
    srcset_density: bool = False
    """Pages: ``srcset`` entries without a width carry a ``2x`` density, not nothing."""
    figure_links: bool = False
    """Lazy (2022+) figures: each wrapped in a link to another article, as some records have."""


DEFAULT_STYLE = Style()


@dataclass(frozen=True)
class Labels:
    """An edition's words around its articles, and its page's language settings.

    The parser must read none of the words (it finds each block by its markup,
    never by its label), so they are test data, not RFI's wording: cn's are its
    records' and pages' own; the others are that language's plain words for them
    (French for ff and ma, whose words we do not know).
    """

    share: str
    """The share buttons' label (``分享 :``)."""
    by: str
    """What introduces the authors (``作者：``)."""
    related: str
    """The related block's heading in records (``同一主题``)."""
    more: str
    """The related block's heading in pages (``其他新闻``)."""
    published: str
    modified: str
    """The page's date labels (``发表时间``, ``更新时间``)."""
    minutes: str
    """The reading time's unit (``分钟``)."""
    locale: str
    """``og:locale`` (``zh_CN``)."""
    direction: str = "ltr"
    """The page's ``<html dir>``: ``rtl`` for Persian."""


_FRENCH = ("Partager :", "Par :", "Sur le même sujet", "À lire aussi", "Publié le :",
           "Modifié le :", "min")  # fmt: skip
LABELS: dict[str, Labels] = {
    code: Labels(*words, locale=locale, direction=direction)
    for code, words, locale, direction in (
        ("fr", _FRENCH, "fr_FR", "ltr"),
        ("en", ("Share :", "By :", "On the same topic", "Read also", "Published on :",
                "Modified on :", "min"), "en_GB", "ltr"),
        ("es", ("Compartir :", "Por :", "Sobre el mismo tema", "Lea también", "Publicado el :",
                "Modificado el :", "min"), "es_ES", "ltr"),
        ("pt", ("Partilhar :", "Por :", "Sobre o mesmo assunto", "Leia também", "Publicado a :",
                "Modificado a :", "min"), "pt_PT", "ltr"),
        ("br", ("Compartilhar :", "Por :", "Sobre o mesmo assunto", "Leia também",
                "Publicado em :", "Modificado em :", "min"), "pt_BR", "ltr"),
        ("ro", ("Distribuie :", "De :", "Pe aceeași temă", "Citiți și", "Publicat pe :",
                "Modificat pe :", "min"), "ro_RO", "ltr"),
        ("ru", ("Поделиться :", "Автор :", "По теме", "Читайте также", "Опубликовано :",
                "Изменено :", "мин"), "ru_RU", "ltr"),
        ("uk", ("Поділитися :", "Автор :", "На ту саму тему", "Читайте також", "Опубліковано :",
                "Змінено :", "хв"), "uk_UA", "ltr"),
        ("vi", ("Chia sẻ :", "Tác giả :", "Cùng chủ đề", "Đọc thêm", "Đăng ngày :",
                "Sửa đổi ngày :", "phút"), "vi_VN", "ltr"),
        ("km", ("ចែករំលែក :", "ដោយ :", "ប្រធានបទដដែល", "អានបន្ថែម", "ផ្សាយ :", "កែប្រែ :", "នាទី"),
         "km_KH", "ltr"),
        ("fa", ("هم‌رسانی :", "نویسنده :", "در همین زمینه", "بیشتر بخوانید", "انتشار :",
                "ویرایش :", "دقیقه"), "fa_IR", "rtl"),
        ("sw", ("Shiriki :", "Na :", "Kuhusu mada hiyo", "Soma pia", "Imechapishwa :",
                "Imerekebishwa :", "dakika"), "sw_KE", "ltr"),
        ("ha", ("Raba :", "Daga :", "Kan wannan batu", "Karanta kuma", "An wallafa :",
                "An gyara :", "minti"), "ha_NG", "ltr"),
        ("ff", _FRENCH, "ff_SN", "ltr"),
        ("ma", _FRENCH, "bm_ML", "ltr"),
        ("cn", ("分享 :", "作者：", "同一主题", "其他新闻", "发表时间", "更新时间", "分钟"),
         "zh_CN", "ltr"),
        ("tw", ("分享 :", "作者：", "同一主題", "其他新聞", "發表時間", "更新時間", "分鐘"),
         "zh_TW", "ltr"),
    )
}  # fmt: skip
"""Each edition's :class:`Labels`, by path code: one for every edition of ``_editions.EDITIONS``."""


def _edition_of(article: Article) -> str:
    """The path code of the edition ``article`` is rendered as: its own, else cn's."""
    return article.edition if article.edition in EDITIONS else "cn"


def _site_suffix(edition: Edition) -> str | None:
    """What the edition's AFP wire items (section ``contenu``) append to their title,
    where the edition's site name is known (``SITE_SUFFIX`` for cn)."""
    return f" – {edition.site_name} - RFI" if edition.site_name is not None else None


def is_player_video(media: Media) -> bool:
    """Whether a video is rendered as RFI's player (``<youtube-player>``), not an ``<iframe>``.

    YouTube frames carry a query string (``?feature=oembed``); the player's
    ``source`` is the bare embed URL.
    """
    return media.kind == "video" and not urlsplit(media.url).query


def _iri(url: str) -> str:
    """``url`` with its non-ASCII characters unescaped, as hrefs in 2020 markup are written."""
    return _NON_ASCII_ESCAPES.sub(lambda m: unquote(m.group(0), errors="strict"), url)


def _path(url: str) -> str:
    """The root-relative form of an rfi.fr URL (``/cn/…``), as RFI's own links are written."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _epoch_ms(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(milliseconds=1)


class _Writer:
    """Builds one rendering; cycles through whitespace variants when the style asks."""

    def __init__(
        self, style: Style, *, classes: bool, glued: bool = True, edition: str = "cn"
    ) -> None:
        self.style = style
        self.classes = classes
        self.edition = EDITIONS[edition]
        self.labels = LABELS[edition]
        # Archived classed markup lost spaces inside some tags (``<divclass=…``);
        # the page rfi.fr serves has all of them.
        self.glued = glued
        self._turn = 0

    # -- text -----------------------------------------------------------------

    def _spaced(self, text: str, spaces: Sequence[str], escape: bool) -> str:
        words = [html.escape(w) if escape else w for w in text.split(" ")]
        if not self.style.whitespace:
            return " ".join(words)
        out = [words[0]]
        for word in words[1:]:
            out.append(spaces[self._turn % len(spaces)])
            self._turn += 1
            out.append(word)
        return "".join(out)

    def text(self, text: str) -> str:
        """Element content: escaped, inner spaces possibly varied (``<br>`` included)."""
        return self._spaced(text, _CONTENT_SPACES, escape=True)

    def attr(self, text: str) -> str:
        """An attribute value, escaped (quotes too)."""
        return self._spaced(text, _ATTRIBUTE_SPACES, escape=True)

    def header_text(self, text: str) -> str:
        """The headline in the ``[headline](url)`` line (entity-decoded by the parser)."""
        return self._spaced(text, _HEADER_SPACES, escape=True)

    def pad(self, inner: str) -> str:
        """Block content, padded with whitespace as RFI's templates do."""
        if not self.style.whitespace:
            return inner
        return "    " + inner + "\n                "

    def cls(self, names: str) -> str:
        """`` class="…"`` in classed markup, nothing once classes are stripped."""
        return f' class="{names}"' if self.classes else ""

    # -- the fragment -------------------------------------------------------------

    def fragment(self, article: Article) -> str:
        parts: list[str] = []
        if article.published is not None:
            wall = article.published.astimezone(PARIS)
            parts.append(f"<div>{wall:%d/%m/%Y - %H:%M}</div>")
        if article.image is not None and article.image.renditions:
            parts.append(self.lazy_main_image(article.image))
        elif article.image is not None:
            parts.append(f'<img src="{html.escape(article.image.url)}">')
        elif self.style.placeholder_image:
            parts.append(f'<img src="{PLACEHOLDER_IMAGE}">')
        if article.lead is not None:
            parts.append(f"<p><strong>{self.pad(self.text(article.lead))}</strong></p>")
        elif self.style.empty_lead:
            parts.append("<p><strong>                    </strong></p>")
        parts.append(self.body(article))
        if article.short_url is not None and not self.classes:
            parts.append(self.share_block(article.short_url, article.headline or ""))
        if article.authors:
            parts.append(self.authors(article))
        if article.related:
            parts.append(self.related(article.related))
        if self.style.chrome:
            parts.append(_FEEDX_FOOTER)
        return "".join(parts)

    def body(self, article: Article) -> str:
        out = [f"<div{self.cls('t-content__body u-clearfix')}>"]
        if self.style.chrome and self.classes:
            out.append(_INTERSTITIAL if self.glued else _PAGE_INTERSTITIAL)
        out.extend(self.blocks(article))
        if article.copyright is not None:
            out.append(f"<p{self.cls('t-copyright')}>{self.text(article.copyright)}</p>")
        out.append(
            f"<div{self.cls('o-self-promo o-self-promo--nl o-self-promo--hidden')}"
            f" data-selfpromo-newsletter>    </div>"
            f"    <div{self.cls('o-self-promo o-self-promo--app o-self-promo--hidden')}"
            f" data-selfpromo-app>    </div>"
        )
        out.append("</div>")
        return "".join(out)

    def blocks(self, article: Article) -> Iterator[str]:
        """Paragraphs, figures and embeds, interleaved (each list keeps its own order)."""
        items: list[Paragraph | Image | Media] = []
        count = max(len(article.paragraphs), len(article.body_images), len(article.media))
        for i in range(count):
            items.extend(
                seq[i]
                for seq in (article.paragraphs, article.body_images, article.media)
                if i < len(seq)
            )
        open_group: str | None = None
        for item in items:
            group = (
                {"list-item": "ul", "quote": "blockquote"}.get(item.kind)
                if isinstance(item, Paragraph)
                else None
            )
            if group != open_group:
                if open_group is not None:
                    yield f"</{open_group}>"
                if group is not None:
                    yield f"<{group}>"
                open_group = group
            if isinstance(item, Paragraph):
                yield self.paragraph(item)
            elif isinstance(item, Image):
                yield self.figure(item)
            else:
                yield self.media(item)
        if open_group is not None:
            yield f"</{open_group}>"

    # -- paragraphs -------------------------------------------------------------------

    def inline(self, paragraph: Paragraph, *, speaker: bool) -> str:
        """The paragraph's text with each link as an ``<a href>`` around its own text."""
        out: list[str] = []
        pos = 0
        text = paragraph.text
        for index, link in enumerate(paragraph.links):
            start = text.index(link.text, pos)
            plain = text[pos:start]
            if index == 0 and speaker:
                out.append(self.speaker(plain))
            else:
                out.append(self.text(plain))
            href = _iri(link.url) if self.classes else link.url
            out.append(f'<a target="_blank" href="{html.escape(href)}">{self.text(link.text)}</a>')
            pos = start + len(link.text)
        rest = text[pos:]
        out.append(self.speaker(rest) if speaker and not paragraph.links else self.text(rest))
        return "".join(out)

    def speaker(self, plain: str) -> str:
        """``<strong>first-word</strong> rest``, when something follows the bold run."""
        word, space, rest = plain.partition(" ")
        if not (word and space and rest):
            return self.text(plain)
        return f"<strong>{self.text(word)}</strong> {self.text(rest)}"

    def paragraph(self, paragraph: Paragraph) -> str:
        kind = paragraph.kind
        if kind == "heading":
            if self.style.pseudo_headings and not paragraph.links:
                spans = self.style.heading_spans
                text = self.text(paragraph.text)
                if spans:
                    text = f"<span>{text}</span>"
                return f"<p>{'<span>' * spans}<strong>{text}</strong>{'</span>' * spans}</p>"
            return f"<h2>{self.pad(self.inline(paragraph, speaker=False))}</h2>"
        emphasis = self.style.emphasis
        if kind == "list-item":
            inner = self.inline(paragraph, speaker=False)
            return f"  <li>{f'<strong>{inner}</strong>' if emphasis else inner}</li>"
        if kind == "quote":
            inner = self.inline(paragraph, speaker=False)
            return f"<p>{f'<em>{inner}</em>' if emphasis else inner}</p>"
        if emphasis:
            # A bold run holding a link is no pseudo-heading: "<em><strong>相关报道 <a…>".
            inner = self.inline(paragraph, speaker=False)
            inner = f"<em><strong>{inner}</strong></em>" if paragraph.links else f"<em>{inner}</em>"
            return f"<p>{inner}</p>"
        return f"<p>{self.pad(self.inline(paragraph, speaker=self.style.speakers))}</p>"

    # -- figures and embeds -----------------------------------------------------------

    def figure(self, image: Image) -> str:
        if image.renditions:
            return self.lazy_figure(image)
        alt = f' alt="{self.attr(image.alt)}"' if image.alt is not None else ""
        size = "".join(
            f' {name}="{value}"'
            for name, value in (("width", image.width), ("height", image.height))
            if value is not None
        )
        folder, _, filename = image.url.rpartition("/")
        dataset = json.dumps(
            {
                "url": folder + "/",
                "filename": filename,
                "ratio": "p:16x9",
                "displayFormat": "original",
            },
            separators=(",", ":"),
        ).replace("/", "\\/")
        img_class = self.cls("m-figure__img").lstrip()
        glue = "" if self.glued else " "
        lazy = (
            f'<img src="{LAZY_GIF}"{alt}{img_class}{size}     data-lazyloaded="image-formats"'
            f'{glue}data-image-dataset="{html.escape(dataset)}"/>'
        )
        noscript = (
            f'<noscript><img src="{html.escape(image.url)}"{alt}{img_class}/></noscript>'
            if self.style.noscript
            else ""
        )
        caption = ""
        if image.caption is not None or image.credit is not None:
            legend = self.text(image.caption) if image.caption is not None else ""
            caption = (
                f"<figcaption{self.cls('m-figure__caption')}>"
                f"<span{self.cls('m-figure__caption__legend')}>{legend}</span>"
            )
            if image.credit is not None:
                caption += (
                    f"                <span{self.cls('m-figure__caption__credits')}>"
                    f"{self.text(image.credit)}</span>"
                )
            caption += "            </figcaption>"
        return (
            f"<div{self.cls('m-em-image')}><figure{self.cls('m-figure m-figure--original')}>"
            f"<div{self.cls('m-figure__img-wrapper')}>{lazy}{noscript}    </div>"
            f"{caption}</figure></div>"
        )

    def srcset(self, renditions: Sequence[ImageRendition]) -> str:
        entries: list[str] = []
        for index, rendition in enumerate(renditions):
            if index:
                # After an entry without descriptor only ", " ends its URL.
                entries.append("," if renditions[index - 1].width is not None else ", ")
            entries.append(rendition.url)
            if rendition.width is not None:
                entries.append(f" {rendition.width}w")
            elif self.style.srcset_density:
                entries.append(" 2x")
        return html.escape("".join(entries))

    def caption(self, image: Image) -> str:
        """A 2022+ figure's ``<figcaption>``: legend and credit spans, or nothing."""
        if image.caption is None and image.credit is None:
            return ""
        legend = self.text(image.caption) if image.caption is not None else ""
        credit = f"<span>{self.text(image.credit)}</span>" if image.credit is not None else ""
        return f"<figcaption><span>{legend}</span>{credit}</figcaption>"

    def lazy_figure(self, image: Image) -> str:
        """A 2022+ lazy figure: a ``data:`` GIF in ``src``, the files in ``srcset`` s only.

        ``Style.noscript`` adds a fallback naming the same file; ``Style.figure_links``
        wraps the figure in a link to another article.
        """
        alt = f' alt="{self.attr(image.alt)}"' if image.alt is not None else ""
        size = "".join(
            f' {name}="{value}"'
            for name, value in (("width", image.width), ("height", image.height))
            if value is not None
        )
        sources, own = self.lazy_files(image)
        img = f'<img src="{LAZY_GIF}"{alt}{size}{own}/>'
        noscript = (
            f'<noscript><img src="{html.escape(image.url)}"{alt}/></noscript>'
            if self.style.noscript
            else ""
        )
        figure = (
            f"<figure><picture>{sources}\n{img}</picture>\n{noscript}{self.caption(image)}</figure>"
        )
        if self.style.figure_links:
            figure = f'<a href="https://www.rfi.fr/fr/france/20220612-legislatives">{figure}</a>'
        return f"<div{self.cls('m-em-image')}>{figure}</div>" if self.classes else figure

    def lazy_files(self, image: Image) -> tuple[str, str]:
        """A lazy image's ``<source>`` s and its ``<img>``'s `` srcset="…"`` (or nothing).

        One ``<source>`` per run of renditions of one type; class-stripped markup
        glues their attributes, as records have them.
        """
        sources = []
        typed = [r for r in image.renditions if r.type is not None]
        for kind, group in itertools.groupby(typed, key=lambda r: r.type):
            srcset, escaped = self.srcset(list(group)), html.escape(kind or "")
            sources.append(
                f'<source type="{escaped}" srcset="{srcset}" sizes="">'
                if self.classes
                else f'<sourcetype="{escaped}"srcset="{srcset}"sizes=""/>'
            )
        plain = [r for r in image.renditions if r.type is None]
        return "".join(sources), (f' srcset="{self.srcset(plain)}"' if plain else "")

    def lazy_main_image(self, image: Image) -> str:
        """A record's main image lazy-loaded: a ``data:`` GIF, its files in ``srcset`` s.

        In a ``<picture>`` where it has ``<source>`` s; a bare ``<img>`` otherwise.
        """
        sources, own = self.lazy_files(image)
        img = f'<img src="{LAZY_GIF}"{own}>'
        return f"<picture>{sources}{img}</picture>" if sources else img

    def media(self, media: Media) -> str:
        if media.kind == "audio":
            return self.audio(media)
        if is_player_video(media):
            return self.player(media)
        title = f' title="{self.attr(media.title)}"' if media.title is not None else ""
        return (
            f'                <div id="em-WBMZ14114-RFI-CN-20201002"{self.cls("m-em-flash")}>'
            "                        "
            f'<iframe width="560" height="315" src="{html.escape(media.url)}"{title}'
            ' frameborder="0" allow="accelerometer; autoplay; clipboard-write; encrypted-media;'
            ' gyroscope; picture-in-picture" allowfullscreen></iframe>        </div>    '
        )

    def audio(self, media: Media) -> str:
        media_id = media.id or ""
        data = {
            "mediaId": media_id,
            "sources": [{"name": media_id, "url": media.url}],
            "broadcastType": "replay",
            "emission": {"title": ""},
            "diffusion": {"title": media.title or ""},
        }
        # As RFI's PHP writes it: ASCII only, slashes escaped.
        script = json.dumps(data, separators=(",", ":")).replace("/", "\\/")
        infos = (
            f"<div{self.cls('m-em-audio__show-infos')}>"
            f"<p{self.cls('m-em-audio__show-infos__emission')}>{self.text(media.title or '')}</p>"
            f"<p{self.cls('m-em-audio__show-infos__metadata')}></p></div>"
        )
        if self.classes and not self.glued:
            button = (
                '<div class="a-audio-player-button" data-root-audio-player-button v-cloak'
                ' data-short-lived-vue-app><play-media v-bind:current-media="mediaId"'
                ' v-bind:is-player-playing="isPlayerPlaying"'
                f' media-id="{html.escape(media_id)}" v-on:click="playOrPause"'
                ' classes="m-em-audio__play-pause a-picto-play-pause"'
                ' play-class="a-picto-play-pause--play" pause-class="a-picto-play-pause--pause">'
                "</play-media></div>"
            )
        elif self.classes:
            button = (
                '<divclass="a-audio-player-button"data-root-audio-player-buttonv-cloak'
                'data-short-lived-vue-app><play-mediav-bind:current-media="mediaId"'
                'v-bind:is-player-playing="isPlayerPlaying"'
                f'media-id="{html.escape(media_id)}"v-on:click="playOrPause"'
                'classes="m-em-audio__play-pause a-picto-play-pause"'
                'play-class="a-picto-play-pause--play"pause-class="a-picto-play-pause--pause">'
                "</play-media></div>"
            )
        else:
            button = (
                "<div data-root-audio-player-button v-cloak data-short-lived-vue-app>"
                '<play-media v-bind:current-media="mediaId"'
                ' v-bind:is-player-playing="isPlayerPlaying"'
                f' media-id="{html.escape(media_id)}" v-on:click="playOrPause"></play-media></div>'
            )
        return (
            f"<div{self.cls('m-em-audio m-em-audio--in-article')}>"
            f'<script data-media-id="{html.escape(media_id)}" type="application/json">'
            f"{script}</script>"
            f"{button}{infos}</div>"
        )

    def player(self, media: Media) -> str:
        if not self.classes:
            return self.stripped_player(media)
        vid = html.escape(media.id or "")
        title = (
            f"<div{self.cls('m-em-video__title a-em-title')}>{self.text(media.title)}</div>"
            if media.title is not None
            else ""
        )
        poster = f"https://s.rfi.fr/media/display/{vid}/w:310/p:16x9/poster.jpg"
        return (
            f'<div  data-wrapper-video-player data-show-hidden-video-player="{vid}">'
            f"<div{self.cls('m-em-video')}>{title}"
            f'<div data-hidden-video-player="{vid}" v-cloak>'
            f"<div{self.cls('m-em-video__video-wrapper video-type-youtube')}>"
            '<youtube-player    type="em"    video-type="youtube"'
            f'    source="{html.escape(media.url)}"    video-id="{vid}"'
            '    locale="zh-CN"    autoplay        ></youtube-player></div></div>'
            f"<figure{self.cls('m-figure m-figure--16x9')}><div{self.cls('m-figure__img-wrapper')}>"
            f'<img src="{LAZY_GIF}" alt="Studio RFI"{self.cls("m-figure__img").lstrip()}/>'
            f'<noscript><img src="{poster}" alt="Studio RFI"/></noscript>'
            f'<button{self.cls("m-main-media-btn")} aria-label="播放影片"></button></div>'
            f"<figcaption{self.cls('m-figure__caption')}><span{self.cls('m-figure__caption__legend')}>"
            f"Studio RFI</span><span{self.cls('m-figure__caption__credits')}>© RFI</span>"
            "</figcaption></figure></div></div>"
        )

    def stripped_player(self, media: Media) -> str:
        """RFI's video player in a 2022+ record: ``<video-player>``, no class, tags glued."""
        vid = html.escape(media.id or "")
        mid = f"WBMZ{len(vid)}-RFI-CN-20230627"
        poster = f"https://s.rfi.fr/media/display/{vid}/w:310/p:16x9/poster.jpg"
        return (
            f"<div data-media-video-{mid} data-wrapper-video-player>"
            f'<divdata-hidden-video-player="{mid}"v-cloak>'
            f'<video-playermedia-id="{mid}"video-type="youtube"source="{html.escape(media.url)}"'
            f'locale="zh-CN"video-id="{vid}"></video-player></div>'
            f'<figure><picture><img src="{LAZY_GIF}" alt="Studio RFI"/></picture>'
            f'<noscript><img src="{poster}" alt="Studio RFI"/></noscript>'
            "<figcaption><span>Studio RFI</span><span>© RFI</span></figcaption></figure></div>"
        )

    # -- after the body ------------------------------------------------------------

    def share_block(self, short_url: str, title: str) -> str:
        """The share buttons of a 2022+ record, passing ``short_url`` (``Style.share``)."""
        escaped = {n: _query(f"{short_url}.{n}") for n in ("F", "W", "X", "E")}
        words = _query(title)
        if self.style.share == "single":
            more = _query(" 更多 https://www.rfi.fr/cn/")
            href = f"whatsapp://send?text={words}%20-%20{escaped['W']}{more}"
            return f'<div><div><a href="{html.escape(href)}"><span></span></a></div></div>'
        hrefs = [link.format(title=words, **escaped) for link in _SHARE_LINKS]
        if self.style.share == "icons":
            hrefs.append(f"mailto:?subject={words}&body={words}%20{escaped['E']}")
            icon, label = _SHARE_SVG, ""
        else:
            icon, label = "<span></span>", f"<div>{self.labels.share}</div>"
        buttons = "".join(
            f'<a href="{html.escape(href)}" target="_blank" rel="noopener nofollow">{icon}</a>'
            for href in hrefs
        )
        return f"<div>{label}<div>{buttons}{_SHARE_ROOT}</div></div>"

    def authors(self, article: Article) -> str:
        links = ", ".join(
            f'<a href="{html.escape(_iri(_path(a.url)) if self.classes else _path(a.url))}"'
            f' title="{self.attr(a.name)}">{self.text(a.name)}</a>'
            for a in article.authors
            if a.url is not None
        )
        inner = f"<div{self.cls('m-author')}><span>{self.labels.by}</span>{links}</div>"
        if self.classes:
            return f'<div class="t-content__authors">{inner}</div>'
        return f"<div><div><div>{inner}</div></div></div>"

    def related(self, links: Sequence[RelatedLink]) -> str:
        items: list[str] = []
        for link in links:
            topic = (
                f"<div{self.cls('m-item-list-article__kicker')}><span>{self.text(link.topic)}</span></div>"
                if link.topic is not None
                else ""
            )
            anchor = (
                f'<div><a href="{html.escape(_path(link.url))}" data-article-item-link>'
                f"<h2{self.cls('m-item-list-article__title')}>{self.text(link.title)}</h2></a></div>"
            )
            if self.classes:
                items.append(
                    '<div class="o-layout-list__item"><div class="m-item-list-article '
                    f'm-item-list-article--keep-it-horizontal" data-article-list>'
                    f'<div class="m-item-list-article__info">{topic}{anchor}</div></div></div>'
                )
            else:
                items.append(
                    f"<div><divdata-article-list><div><div>{topic}{anchor}</div></div></div></div>"
                )
        if self.classes:
            return (
                '<div class="t-content__related"><aside data-org-name="" data-org-type="" '
                'class="o-aside-content o-aside-content--related">'
                '<div class="o-aside-content__row">'
                '<div class="o-aside-content__title a-aside-title" role="heading" aria-level="2">'
                f'<span>{self.labels.related}</span></div></div><div class="o-layout-list">'
                + "".join(items)
                + "</div></aside></div>"
            )
        return (
            '<div><asidedata-org-name=""data-org-type=""><div><div role="heading" aria-level="2">'
            f"<span>{self.labels.related}</span></div></div><div>"
            + "".join(items)
            + "</div></aside></div>"
        )

    # -- the record header ------------------------------------------------------------

    def title(self, article: Article) -> str:
        """The ``[…]`` text: headline, `` - programme`` where RFI appends it, AFP's site suffix."""
        assert article.headline is not None
        title = article.headline
        if article.programme is not None:
            url_names_it = article.section is not None and (
                article.section == self.edition.programmes_segment
            )
            if self.style.append_programme or not url_names_it:
                title += " - " + article.programme
        if article.section == "contenu":
            title += _site_suffix(self.edition) or ""
        return title

    def header(self, article: Article, *, legacy_url: bool) -> str:
        lines: list[str] = []
        if article.feed_record_time is not None:
            lines.append(f"<!--{_epoch_ms(article.feed_record_time)}-->")
        if article.headline is not None and article.url is not None:
            url = article.url
            if legacy_url:  # 2020–21 records: http, and a doubled slash after the host
                url = url.replace("https://www.rfi.fr/", "http://www.rfi.fr//", 1)
            lines.append(f"[{self.header_text(self.title(article))}]({url})")
            lines.append("------")
            lines.append("")
        return "\n".join(lines) + ("\n" if lines else "")

    def front_matter(self, article: Article) -> str:
        title = self.title(article).replace("\\", "\\\\").replace('"', '\\"')
        date = article.feed_record_time or article.published
        stamp = (
            ""
            if date is None
            else f"date: {date.astimezone(timezone.utc):%Y-%m-%dT%H:%M:%S}.000Z\n"
        )
        legacy = (article.url or "").replace("https://www.rfi.fr/", "http://www.rfi.fr//", 1)
        return (
            f'---\nlayout: post\ntitle: "{title}"\n{stamp}author: 法广\n'
            f"from: {legacy}\n"
            "tags: [ 法广 ]\ncategories: [ 法广 ]\n---\n"
        )


def _wrapped(fragment: str) -> str:
    return f"\n<div>\n{fragment}\n</div>\n"


def render_classed_record(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """A 2020–21 feed-archive record: header, then HTML with RFI's classes."""
    writer = _Writer(style, classes=True, edition=_edition_of(article))
    fragment = writer.fragment(article)
    if style.front_matter or style.wrapper:
        fragment = _wrapped(fragment)
    head = writer.front_matter(article) if style.front_matter else ""
    return head + writer.header(article, legacy_url=True) + fragment + "\n"


def render_stripped_record(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """A 2022+ feed-archive record: header, then HTML without any class, glued tags and all."""
    writer = _Writer(style, classes=False, edition=_edition_of(article))
    return writer.header(article, legacy_url=False) + writer.fragment(article) + "\n"


def render_fragment(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """The bare HTML fragment (an RSS entry's content): no header, so no headline or URL."""
    writer = _Writer(style, classes=style.fragment_classes, edition=_edition_of(article))
    fragment = writer.fragment(article)
    return _wrapped(fragment) if style.wrapper else fragment


# -- full pages ---------------------------------------------------------------------

_FACEBOOK_PAGE = (
    "https://www.facebook.com/RFI-%E5%8D%8E%E8%AF%AD-%E6%B3%95%E5%9B%BD%E5%9B%BD%E9%99%85"
    "%E5%B9%BF%E6%92%AD%E7%94%B5%E5%8F%B0-155677885272/"
)
_PUBLISHER_LOGO = "https://static.rfi.fr/meta_og_twcards/jsonld_publisher.png"
_SIZES_ATTRIBUTE = "(max-width: 1023px) 100vw, (min-width: 1024px) 980px"
_THUMBNAIL = (
    "https://s.rfi.fr/media/display/064ecb9c-caf9-11f0-9b38-005056bfb2b6/w:480/p:16x9/t{n}.jpg"
)
# Whitespace a JSON string may hold in place of a space (no entities: JSON is not HTML).
_JSON_SPACES = (" ", "\u00a0", "\n", "\u3000", "  ")
_PAGE_HEAD_FURNITURE = (
    '<meta charset="UTF-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1.0,'
    ' viewport-fit=cover">\n'
    '<link rel="shortcut icon" type="image/x-icon" href="/favicon.ico">\n'
    '<link rel="apple-touch-icon" href="/apple-touch-icon.png">\n'
    '<link rel="manifest" href="/cn/site.manifest">\n'
    '<link rel="mask-icon" href="/safari-pinned-tab.svg" color="#e2001a">\n'
)
_PAGE_HEAD_TAIL = (
    '<link rel="preconnect" href="https://tms.fmm.io" crossorigin>\n'
    '<link rel="preload" as="style" onload="this.rel=\'stylesheet\'"'
    ' href="/build/css/root.8691fb7b860209bdd7d8.css">\n'
    '<link rel="alternate" type="application/rss+xml" title="法广" href="/cn/rss">\n'
    "<script>window.dataLayer = window.dataLayer || [];"
    " if (a < b && b > c) { document.write('<p>not text</p>'); }</script>\n"
    "<style>.t-content__title{font-weight:700}.a-tag__wrapper::after{content:'>'}</style>\n"
    '<link rel="stylesheet" href="/build/css/article.db61f39bbd00a5e0e355.css">\n'
)
_SECTION_LINKS = ("中国", "港澳台", "法国", "亚洲", "政治", "经贸")
_PAGE_HEADER = (
    '<a class="a-a11y-skip-main" href="#main-content" tabindex="0">访问主要内容</a>\n'
    '<header class="o-header" role="banner"><div class="o-header__inner">'
    '<nav class="o-header-nav" role="navigation">'
    '<div class="a-header-entry a-header-entry--home" data-home-link-wrapper>'
    '<a class="a-home-link" href="/cn/" aria-label="法广 - 回到首页" tabindex="0">'
    '<span class="a-brand-logo a-svg a-svg--logo-rfi">法广 - 时事与新闻直播 - RFI</span></a></div>'
    "</nav>"
    '<div class="o-site-nav-wrapper" data-nav-id="menu"><div class="m-burger-list">'
    '<ul class="m-burger-list__section">'
    + "".join(
        f'<li class="m-burger-item"><a href="/cn/{name}/" class="a-nav-item" tabindex="-1">'
        f'<span class="a-hover-content" data-hover-label="{name}">{name}</span></a></li>'
        for name in _SECTION_LINKS
    )
    + "</ul></div></div></div></header>\n"
    '<main role="main" data-nav-container>\n'
    '<div data-tms-ad-container class="o-ad-container o-ad-container--banner-top">'
    '<div class="o-ad-container__content"><div class="o-ad-container__content__ad"'
    ' data-tms-ad-type="banner" data-tms-ad-status="idle" data-tms-ad-pos="1"></div>'
    '<button title="举报广告" class="o-ad-container__content__report-link" data-tms-ad-report>'
    '<span class="a-svg a-svg--picto-report-ad"></span></button></div></div>\n'
    '<div class="o-ad-sponsoring" data-tms-ad-type="sponsoring">'
    '<a class="o-ad-sponsoring__link" href="#"></a></div>\n'
)
# Teasers outside the related <aside>: not related to the article.
_TEASER_LIST = (
    '<section class="o-layout-list o-layout-list--most-read" data-org-name="most-read">'
    '<div class="o-layout-list__title">最新消息</div>'
    + "".join(
        '<div class="o-layout-list__item"><div class="m-item-list-article" data-article-list>'
        f'<a href="/cn/%E4%B8%AD%E5%9B%BD/2025010{n}-teaser-{n}" data-article-item-link>'
        f'<h2 aria-level="3">不相关的新闻 {n}</h2></a>'
        f'<div class="a-tag"><span class="a-tag__wrapper ">标签 {n}</span></div></div></div>'
        for n in range(1, 4)
    )
    + "</section>\n"
)
_PAGE_FOOTER = (
    '</main>\n<footer class="o-footer" role="contentinfo"><div class="o-footer__inner">'
    '<ul class="m-nav-list__list">'
    '<li><a href="/cn/%E5%85%B3%E9%94%AE%E8%AF%8D/%E4%B8%AD%E5%9B%BD/" class="a-hot-tag ">'
    "中国</a></li>"
    '<li><a href="https://www.francemm.com/cn/contact?brand=rfi" target="_blank">'
    "与法广联系</a></li>"
    '<li><a href="https://www.france24.com/en/" hreflang="en" target="_blank">'
    "法国24电视台</a></li>"
    "</ul>"
    '<ul class="m-nav-list__list">'
    + "".join(
        f'<li><a href="https://rfi.my/{code}cn" class="a-nav-item" target="_blank"'
        f' rel="noopener nofollow" title="{name}">'
        f'<span class="a-nav-item__label">{name}</span></a></li>'
        for code, name in (("FB", "Facebook"), ("X", "X"), ("WA", "WhatsApp"))
    )
    + "</ul>"
    '<p class="o-footer__block a-footer-credits">© 2025 RFI – 版权所有。'
    '<a href="https://www.acpm.fr/Support-Numerique/site/rfi-fr" title="ACPM"></a></p>'
    "</div></footer>\n"
    '<div class="o-sticky-wrapper"><div id="root-audio-player" role="region" v-cloak>'
    '<player-audio ref="audioPlayer" locale="zh-CN"></player-audio></div></div>\n'
    '<script defer src="/build/js/main.b8764f1ad78161a491fd.js"></script>\n'
    '<div class="a-loader-wrapper" data-loader-wrapper><div class="a-loader-error">'
    '<div class="a-loader-error__content__title">页面未找到</div>'
    '<p class="a-loader-error__content__message">您尝试访问的内容不存在或不再可用。</p>'
    "</div></div>\n</body>\n</html>\n"
)


def url_section(url: str | None) -> str | None:
    """The section an rfi.fr article URL names: the decoded segment after the edition,
    when more segments follow it (``/cn/中国/<slug>`` → ``中国``)."""
    if url is None:
        return None
    segments = [unquote(s) for s in urlsplit(url).path.split("/") if s]
    if len(segments) < 3:
        return None
    return " ".join(segments[1].split()) or None


def _query(value: str) -> str:
    """A query-string value, percent-encoded whole."""
    return quote(value, safe="")


class _PageWriter(_Writer):
    """One rfi.fr article page, as ``page_cn_taiwan_defense_budget.html`` is laid out."""

    def __init__(self, style: Style, *, edition: str = "cn") -> None:
        super().__init__(style, classes=True, glued=False, edition=edition)
        self.root = f"https://www.rfi.fr/{edition}/"
        known = self.edition.site_name
        self.site_name = f"RFI - {known}" if known is not None else "RFI"

    # -- values ---------------------------------------------------------------------

    def instant(self, moment: datetime) -> str:
        """An ISO 8601 instant in UTC, as the page writes ``datetime`` and JSON-LD dates."""
        utc = moment.astimezone(timezone.utc)
        return f"{utc:%Y-%m-%dT%H:%M:%S}" + ("Z" if self.style.zulu else "+00:00")

    def json_text(self, text: str) -> str:
        """A JSON-LD string value (before encoding), inner spaces possibly varied."""
        return self._spaced(text, _JSON_SPACES, escape=False)

    def title(self, article: Article) -> str:
        """The page title: as the record renderer's, but judged by the URL's own section."""
        assert article.headline is not None
        title = article.headline
        section = url_section(article.url)
        if article.programme is not None:
            url_names_it = section is not None and section == self.edition.programmes_segment
            if self.style.append_programme or not url_names_it:
                title += " - " + article.programme
        if section == "contenu":
            title += _site_suffix(self.edition) or ""
        return title

    def keywords(self, article: Article) -> list[str]:
        first = [article.section] if self.style.keywords_with_section and article.section else []
        return [*first, *article.tags]

    def social_image(self, article: Article) -> str | None:
        """What ``og:image`` and JSON-LD ``image`` name: the 1280 rendition, or the social card."""
        if article.image is not None:
            return article.image.rendition_url(1280) or article.image.url
        return PLACEHOLDER_IMAGE if self.style.placeholder_image else None

    # -- head -----------------------------------------------------------------------

    def head(self, article: Article) -> str:
        assert article.url is not None
        style = self.style
        title = self.title(article)
        out = ["<head>\n", _PAGE_HEAD_FURNITURE]
        out.append(f"<title>{html.escape(title)}</title>\n")
        if style.canonical or not (style.jsonld or style.meta_tags):
            out.append(f'<link rel="canonical" href="{html.escape(article.url)}">\n')
        if style.meta_tags:
            out.extend(self.meta_tags(article, title))
        if style.jsonld:
            out.append(self.jsonld(article, title))
        for alternate in article.alternates:
            out.append(
                f'<link rel="alternate" hreflang="{html.escape(alternate.language)}"'
                f' href="{html.escape(alternate.url)}">\n'
            )
        if style.chrome:
            out.append('<link rel="alternate" hreflang="x-default" href="https://www.rfi.fr/">\n')
        out.append(_PAGE_HEAD_TAIL)
        out.append("</head>\n")
        return "".join(out)

    def meta_tags(self, article: Article, title: str) -> list[str]:
        """The ``<meta>`` tags, each ``content`` already written as an attribute value."""
        assert article.url is not None
        fixed = html.escape
        tags: list[tuple[str, str, str]] = []
        image = self.social_image(article)
        if image is not None:
            tags.append(("property", "og:image", fixed(image)))
        tags += [
            ("property", "og:locale", self.labels.locale),
            ("property", "og:site_name", fixed(self.site_name)),
            ("property", "og:type", "article"),
            ("property", "og:title", self.attr(title)),
        ]
        if article.lead is not None:
            tags.append(("property", "og:description", self.attr(article.lead)))
        tags += [
            ("property", "og:url", fixed(article.url)),
            ("property", "fb:app_id", "113191652055439"),
            ("property", "article:publisher", fixed(_FACEBOOK_PAGE)),
            ("property", "article:author", fixed(_FACEBOOK_PAGE)),
        ]
        if article.published is not None:
            tags.append(("property", "article:published_time", self.instant(article.published)))
        if article.modified is not None:
            tags.append(("property", "article:modified_time", self.instant(article.modified)))
        if article.section is not None:
            tags.append(("property", "article:section", self.attr(article.section)))
        tags += [("property", "article:tag", self.attr(tag)) for tag in article.tags]
        if article.lead is not None:
            tags.append(("name", "description", self.attr(article.lead)))
        tags += [
            ("name", "twitter:card", "summary_large_image"),
            ("name", "twitter:site", "@RFI_Cn"),
            ("name", "keywords", fixed(",".join(self.keywords(article)))),
            ("name", "theme-color", "#ffffff"),
        ]
        return [f'<meta {kind}="{name}" content="{value}">\n' for kind, name, value in tags]

    def jsonld(self, article: Article, title: str) -> str:
        assert article.url is not None
        data: dict[str, object] = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "url": article.url,
            "headline": self.json_text(title),
        }
        if article.lead is not None:
            data["description"] = self.json_text(article.lead)
        if article.published is not None:
            data["datePublished"] = self.instant(article.published)
        if article.modified is not None:
            data["dateModified"] = self.instant(article.modified)
        image = self.social_image(article)
        if image is not None:
            main = article.image
            ratios = [main.rendition_url(1280, r) for r in ("4x3", "3x4", "1x1")] if main else []
            data["image"] = [image, *(u for u in ratios if u)]
        data["inLanguage"] = self.edition.language
        if article.section is not None:
            data["articleSection"] = self.json_text(article.section)
        data["author"] = [
            {"@type": "Person", "name": self.json_text(a.name), **({"url": a.url} if a.url else {})}
            for a in article.authors
        ]
        data["publisher"] = {
            "@type": "NewsMediaOrganization",
            "name": self.site_name,
            "url": self.root,
            "logo": {"@type": "ImageObject", "url": _PUBLISHER_LOGO, "width": 800, "height": 800},
        }
        data["keywords"] = [self.json_text(k) for k in self.keywords(article)]
        data["mainEntityOfPage"] = {"@type": "WebPage", "@id": article.url}
        if image is not None:
            data["thumbnailUrl"] = image
        if article.word_count is not None:
            data["wordCount"] = article.word_count
        if article.reading_time is not None:
            data["timeRequired"] = f"PT{article.reading_time}M"
        data["isAccessibleForFree"] = True
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "item": {"@id": self.root, "name": "RFI"}},
                {"@type": "ListItem", "position": 2, "item": {"@id": article.url, "name": title}},
            ],
        }
        text = json.dumps([data, crumbs], ensure_ascii=self.style.ascii_json, indent=4)
        # What no <script> may hold as text: "</script>" (and "<!--"): escaped as JSON allows.
        text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
        return f'<script type="application/ld+json">\n{text}</script>\n'

    # -- the article --------------------------------------------------------------------

    def article(self, article: Article) -> str:
        style = self.style
        title = self.title(article)
        out = [
            '<div class="t-content t-content--article" id="main-content" tabindex="-1">\n',
            '<nav class="m-breadcrumb" role="navigation"><ol class="m-breadcrumb__list">'
            '<li class="m-breadcrumb__list__item">'
            '<a href="/cn/" class="m-breadcrumb__list__item__link" aria-label="回到首页">'
            "回到首页</a></li></ol></nav>\n",
            '<article class="t-content__article-wrapper" data-article-content>\n',
            '<div class="t-content__section a-tag">'
            '<span class="a-tag__wrapper">台海局势\n                </span></div>\n',
        ]
        if style.title_h1 or not (style.jsonld or style.meta_tags):
            out.append(f'<h1 class="t-content__title a-page-title">{self.text(title)}</h1>\n')
        if article.lead is not None and style.chapo:
            out.append(f'<p class="t-content__chapo">{self.pad(self.text(article.lead))}</p>\n')
        out.append(self.dates(article))
        if article.image is not None:
            out.append(self.main_media(article.image))
        if article.authors and style.dom_authors:
            out.append(self.page_authors(article))
        out.append("                    " + self.body(article) + "\n")
        out.append(self.shares(article, title))
        out.append("</article>\n")
        out.append(
            '<div class="o-ad-container o-ad-container--outbrain" data-tms-ad-type="post-article"'
            ' data-tms-ad-status="idle" data-tms-ad-pos="1"></div>\n'
        )
        out.append(self.page_related(article))
        out.append(
            '<div class="t-content__tags"><div class="t-content__tags__title">'
            '继续阅读相同主题内容:</div><ul class="m-tags-list">'
            + "".join(
                f'<li class="m-tags-list__tag"><a href="/cn/%E5%85%B3%E9%94%AE%E8%AF%8D/'
                f'{quote(tag, safe="")}/" class="a-hot-tag" title="{self.attr(tag)}">'
                f"{self.text(tag)}</a></li>"
                for tag in article.tags
            )
            + "</ul></div>\n"
        )
        datalayer = json.dumps({"page_type": "article", "url": article.url}).replace("/", "\\/")
        out.append(f'<script id="datalayer" type="application/json">{datalayer}</script>\n')
        out.append("</div>\n")
        return "".join(out)

    def dates(self, article: Article) -> str:
        parts: list[str] = []
        if self.style.dom_dates and article.published is not None:
            shown = [(self.labels.published, article.published)]
            if article.modified is not None:
                shown.append((self.labels.modified, article.modified))
            spans = "".join(
                f'<span class="m-pub-dates__date">{label}： <time datetime="{self.instant(moment)}"'
                f' pubdate="pubdate">{moment.astimezone(PARIS):%d/%m/%Y - %H:%M}</time></span>'
                for label, moment in shown
            )
            parts.append(f'<p class="m-pub-dates">{spans}</p>')
        if article.reading_time is not None:
            parts.append(
                '<div class="a-reading-time">'
                '<span class="a-svg a-svg--picto-clock" title="浏览时间"></span>'
                f"\n    {article.reading_time} {self.labels.minutes}    "
                '<span class="u-sr-only">浏览时间</span></div>'
            )
        if not parts:
            return ""
        return (
            '<div class="t-content__dates t-content__dates--reading-time">'
            + "".join(parts)
            + "</div>\n"
        )

    def main_media(self, image: Image) -> str:
        typed = [r for r in image.renditions if r.type is not None]
        plain = [r for r in image.renditions if r.type is None]
        sources: list[str] = []
        for kind, group in itertools.groupby(typed, key=lambda r: r.type):
            sources.append(
                f'<source type="{html.escape(kind or "")}" srcset="{self.srcset(list(group))}"'
                f' sizes="{_SIZES_ATTRIBUTE}">'
            )
        attributes = [f'fetchpriority="high" src="{html.escape(image.url)}"']
        if plain:
            attributes.append(f'srcset="{self.srcset(plain)}" sizes="{_SIZES_ATTRIBUTE}"')
        if image.width is not None:
            attributes.append(f'width="{image.width}"')
        if image.height is not None:
            attributes.append(f'height="{image.height}"')
        if image.alt is not None:
            attributes.append(f'alt="{self.attr(image.alt)}"')
        attributes.append('loading="eager" class="a-img "')
        caption = ""
        if image.caption is not None or image.credit is not None:
            legend = self.text(image.caption) if image.caption is not None else ""
            credit = f"<span>{self.text(image.credit)}</span>" if image.credit is not None else ""
            caption = f'<figcaption class="a-figcaption"><span>{legend}</span>{credit}</figcaption>'
        return (
            '<div class="t-content__main-media">'
            '<figure class="m-item-image m-item-image--16x9 m-item-image--has-caption">'
            '<picture class="a-picture a-picture--16x9">'
            + "".join(sources)
            + f"<img {' '.join(attributes)}></picture>{caption}"
            '<div class="m-item-image__overlay-wrapper"></div></figure></div>\n'
        )

    def page_authors(self, article: Article) -> str:
        links = ", ".join(
            f'<a href="{html.escape(_path(a.url))}" title="{self.attr(a.name)}"'
            f' class="m-from-author__name">{self.text(a.name)}\n                    </a>'
            for a in article.authors
            if a.url is not None
        )
        return (
            '<div class="t-content__authors"><div class="m-authors">'
            '<div class="m-from-author"><span class="m-from-author__by-label">'
            f"{self.labels.by}\n"
            f"</span>{links}</div></div></div>\n"
        )

    def shares(self, article: Article, title: str) -> str:
        assert article.url is not None
        short = article.short_url

        def link(network: str) -> str:
            return f"{short}.{network}" if short is not None else str(article.url)

        hrefs = (
            "https://www.facebook.com/dialog/share?app_id=113191652055439"
            f"&href={_query(link('F'))}&redirect_uri={_query(article.url)}&locale=zh_CN",
            f"whatsapp://send?text={_query(title + ' - ' + link('W'))}",
            f"https://web.whatsapp.com/send?text={_query(title + ' - ' + link('W'))}",
            f"https://x.com/intent/tweet?url={_query(link('X'))}&via=RFI_Cn&related=RFI_Cn"
            f"&text={_query(title)}&lang=zh-cn",
            f"https://bsky.app/intent/compose?text={_query(title + ' ' + link('BS'))}",
        )
        items = "".join(
            f'<li class="m-share-bar__item"><a href="{html.escape(href)}" class="a-picto-social"'
            ' target="_blank" rel="noopener nofollow"><span class="a-svg"></span></a></li>'
            for href in hrefs
        )
        return (
            '<div class="t-content__shares t-content__shares--has-label">'
            f'<div class="a-share-bar-label">{self.labels.share}</div>'
            f'<ul class="m-share-bar">{items}'
            '<li class="m-share-bar__item" data-root-share><share-button class="a-picto-social"'
            ' v-on:open="openModal"></share-button><share-modal v-if="displayModal"'
            ' v-on:close="closeModal"></share-modal></li></ul></div>\n'
        )

    def related_item(self, link: RelatedLink, index: int) -> str:
        href = html.escape(_path(link.url))
        thumbnail = _THUMBNAIL.format(n=index)
        topic = (
            f'<div class="a-tag"><span class="a-tag__wrapper ">{self.text(link.topic)}</span></div>'
            if link.topic is not None
            else ""
        )
        return (
            '<div class="o-layout-list__item"><div class="m-item-list-article'
            ' m-item-list-article--keep-it-horizontal" data-article-list>'
            f'<a class="m-item-image m-item-image--16x9" href="{href}" data-article-item-link'
            ' aria-hidden="true" tabindex="-1"><picture class="a-picture a-picture--16x9">'
            f'<source type="image/webp" srcset="{thumbnail[:-4]}.webp 480w">'
            f'<img fetchpriority="low" src="{thumbnail}" width="480" height="270"'
            f' alt="{self.attr(link.title)}" loading="lazy" class="a-img"></picture></a>'
            '<div class="article__infos"><div class="article__title ">'
            f'<a href="{href}" data-article-item-link><h2 aria-level="3">{self.text(link.title)}'
            f"</h2></a></div>{topic}</div></div></div>"
        )

    def page_related(self, article: Article) -> str:
        assert article.url is not None
        assert article.headline is not None
        links = list(article.related)
        if self.style.self_related:
            links.insert(0, RelatedLink(title=article.headline, url=article.url, topic="台海局势"))
        if not links:
            return ""
        return (
            '<div class="t-content__list-content">'
            '<aside data-org-name="related" data-org-type="aside-content--related"'
            ' class="o-aside-content o-aside-content--related">'
            '<div class="o-aside-content__row "><div class="o-aside-content__title a-aside-title"'
            ' role="heading" aria-level="2"><p class="a-aside-title__content" role="heading"'
            f' aria-level="2">{self.labels.more}</p></div></div>'
            '<div data-org-name="related" class="o-layout-list  grid-1-2-2"'
            " data-layout-list-wrapper>"
            + "".join(self.related_item(link, n) for n, link in enumerate(links))
            + "</div></aside></div>\n"
        )

    # -- the page -------------------------------------------------------------------------

    def page(self, article: Article) -> str:
        return (
            "<!DOCTYPE html>\n"
            f'<html dir="{self.labels.direction}" lang="{self.edition.language}">\n'
            + self.head(article)
            + '<body class="u-header-sticky" data-cmp-theme="rfi">\n'
            + _PAGE_HEADER
            + self.article(article)
            + _TEASER_LIST
            + _PAGE_FOOTER
        )


def render_page(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """A whole rfi.fr article page; the article needs its headline and URL."""
    return _PageWriter(style, edition=_edition_of(article)).page(article)
