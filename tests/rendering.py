"""Write an :class:`rfiparse.Article` back to RFI-style input.

Three shapes, copied from the real records in ``tests/fixtures``:

* :func:`render_classed_record`: a 2020–21 feed-archive record, whose HTML keeps
  RFI's CSS classes (``t-content__body``, ``m-em-audio``, ``t-copyright`` ...).
* :func:`render_stripped_record`: a 2022+ record, whose HTML lost every ``class``
  attribute and, in places, the space after the tag name (``<divdata-article-list>``).
* :func:`render_fragment`: the bare HTML fragment of an RSS entry, with no header.

The renderer only ever writes what the parser's contracts say it reads, so that
``parse(render_X(article))`` must give back ``article`` (less what a shape cannot
carry, see ``tests/test_roundtrip.py``). :class:`Style` holds the presentational
choices (whitespace, pseudo-headings, chrome around the body ...) that must not
change the parse.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo

from rfiparse import Article, Image, Media, Paragraph, RelatedLink

__all__ = [
    "DEFAULT_STYLE",
    "LAZY_GIF",
    "PARIS",
    "PLACEHOLDER_IMAGE",
    "SITE_SUFFIX",
    "Style",
    "is_player_video",
    "render_classed_record",
    "render_fragment",
    "render_stripped_record",
]

PARIS = ZoneInfo("Europe/Paris")
SITE_SUFFIX = " – 法国国际广播电台 - RFI"
"""What AFP wire items (section ``contenu``) append to their title."""
PLACEHOLDER_IMAGE = "https://static.rfi.fr/meta_og_twcards/RFI_FB.png"
"""RFI's generic social card, shown where an item has no image of its own."""
LAZY_GIF = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_AUTHOR_SEGMENT = "作者"
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
_SHARE_BLOCK = (
    "<div><div>分享 :</div><div>"
    '<a href="https://www.facebook.com/dialog/share?app_id=113191652055439&amp;href='
    'https%3A%2F%2Frfi.my%2FA7AQ.F&amp;locale=zh_CN" target="_blank" rel="noopener nofollow">'
    "<span></span></a>"
    '<a href="whatsapp://send?text=%E4%B8%AD%E5%9B%BD%20-%20https%3A%2F%2Frfi.my%2FA7AQ.W" '
    'target="_blank" rel="noopener nofollow"><span></span></a>'
    '<a href="https://x.com/intent/tweet?url=https%3A%2F%2Frfi.my%2FA7AQ.X&amp;via=RFI_Cn'
    '&amp;lang=zh-cn" target="_blank" rel="noopener nofollow"><span></span></a>'
    '<span data-root-share><share-button v-on:open="openModal"></share-button>'
    '<share-modal v-if="displayModal" v-on:close="closeModal"></share-modal></span>'
    "</div></div>"
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


DEFAULT_STYLE = Style()


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

    def __init__(self, style: Style, *, classes: bool) -> None:
        self.style = style
        self.classes = classes
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
        if article.image is not None:
            parts.append(f'<img src="{html.escape(article.image.url)}">')
        elif self.style.placeholder_image:
            parts.append(f'<img src="{PLACEHOLDER_IMAGE}">')
        if article.lead is not None:
            parts.append(f"<p><strong>{self.pad(self.text(article.lead))}</strong></p>")
        elif self.style.empty_lead:
            parts.append("<p><strong>                    </strong></p>")
        parts.append(self.body(article))
        if self.style.chrome and not self.classes:
            parts.append(_SHARE_BLOCK)
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
            out.append(_INTERSTITIAL)
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
                return f"<p><strong>{self.text(paragraph.text)}</strong></p>"
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
        lazy = (
            f'<img src="{LAZY_GIF}"{alt}{img_class}{size}     data-lazyloaded="image-formats"'
            f'data-image-dataset="{html.escape(dataset)}"/>'
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
        if self.classes:
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

    # -- after the body ------------------------------------------------------------

    def authors(self, article: Article) -> str:
        links = ", ".join(
            f'<a href="{html.escape(_iri(_path(a.url)) if self.classes else _path(a.url))}"'
            f' title="{self.attr(a.name)}">{self.text(a.name)}</a>'
            for a in article.authors
            if a.url is not None
        )
        inner = f"<div{self.cls('m-author')}><span>{_AUTHOR_SEGMENT}：</span>{links}</div>"
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
                '<span>同一主题</span></div></div><div class="o-layout-list">'
                + "".join(items)
                + "</div></aside></div>"
            )
        return (
            '<div><asidedata-org-name=""data-org-type=""><div><div role="heading" aria-level="2">'
            "<span>同一主题</span></div></div><div>" + "".join(items) + "</div></aside></div>"
        )

    # -- the record header ------------------------------------------------------------

    def title(self, article: Article) -> str:
        """The ``[…]`` text: headline, `` - programme`` where RFI appends it, AFP's site suffix."""
        assert article.headline is not None
        title = article.headline
        if article.programme is not None:
            url_names_it = article.section == "专栏检索"
            if self.style.append_programme or not url_names_it:
                title += " - " + article.programme
        if article.section == "contenu":
            title += SITE_SUFFIX
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
    writer = _Writer(style, classes=True)
    fragment = writer.fragment(article)
    if style.front_matter or style.wrapper:
        fragment = _wrapped(fragment)
    head = writer.front_matter(article) if style.front_matter else ""
    return head + writer.header(article, legacy_url=True) + fragment + "\n"


def render_stripped_record(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """A 2022+ feed-archive record: header, then HTML without any class, glued tags and all."""
    writer = _Writer(style, classes=False)
    return writer.header(article, legacy_url=False) + writer.fragment(article) + "\n"


def render_fragment(article: Article, style: Style = DEFAULT_STYLE) -> str:
    """The bare HTML fragment (an RSS entry's content): no header, so no headline or URL."""
    fragment = _Writer(style, classes=style.fragment_classes).fragment(article)
    return _wrapped(fragment) if style.wrapper else fragment
