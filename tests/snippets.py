"""Per-field snippet cases: a few lines of HTML, the one field they test, its value.

The whole-article goldens (``fixtures/records/`` …) cover the common shape of each
field; a rule that only a few real documents exercise, or that has variants no golden
shows, gets a snippet here. Each :class:`Snippet` is parsed with ``rfiparse.parse``
(with ``url=`` when given) and ``to_dict()[field]`` must equal ``expected``
(``test_snippets.py``, one test id per snippet).

Write ``expected`` by reading the HTML against the contracts of
``fixtures/README.md``, never by pasting what the parser returns; if the two disagree,
the parser or the README is wrong, not the snippet. To add a case: append a
``Snippet`` to :data:`SNIPPETS` with a new readable ``id`` (``<field>-<what-varies>``).

Most snippets are bare fragments in the 2022+ record shape: the date line, the lead
``<p><strong>``, then the body ``<div>``; :func:`fragment` builds one around a body.
:func:`record` puts a feed-archive header (epoch, ``[headline](url)``, dashes) in front.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["SNIPPETS", "Snippet", "fragment", "record"]

_ARTICLE = "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-example"


@dataclass(frozen=True)
class Snippet:
    """One case: ``rfiparse.parse(html, url=url).to_dict()[field] == expected``."""

    id: str
    field: str
    html: str
    expected: Any
    url: str | None = None


def fragment(
    body: str, *, date: str = "19/11/2023 - 15:34", before: str = "", lead: str = "导语。"
) -> str:
    """A bare fragment: date line, ``before`` (an image …), lead paragraph, body ``<div>``."""
    lead_p = f"<p><strong>{lead}</strong></p>" if lead else ""
    return f"<div>{date}</div>{before}{lead_p}<div>{body}</div>"


def record(html: str, *, url: str = _ARTICLE, headline: str = "标题") -> str:
    """``html`` under a feed-archive record header naming ``headline`` and ``url``."""
    return f"<!--1700405102000-->\n[{headline}]({url})\n------\n\n{html}"


def _p(text: str, kind: str = "paragraph", links: list[dict[str, str]] | None = None) -> Any:
    """A paragraph as ``to_dict()`` writes it."""
    return {"text": text, "kind": kind, "links": links or []}


def _linked(text: str, url: str) -> Any:
    """A paragraph that is one link, as ``to_dict()`` writes it."""
    return _p(text, links=[{"text": text, "url": url}])


def _image(url: str, **fields: Any) -> dict[str, Any]:
    """An image dict of a record (no renditions), ``fields`` overriding the nulls."""
    blank = {"alt": None, "caption": None, "credit": None, "width": None, "height": None}
    return {"url": url, **blank, **fields, "renditions": []}


def _media(
    kind: str, url: str, id_: str | None, title: str | None, duration: int | None = None
) -> dict[str, Any]:
    """An embed as ``to_dict()`` writes it."""
    return {"kind": kind, "url": url, "id": id_, "title": title, "duration": duration}


_AUDIO_ID = "WBMZ1-RFI-CN-20231119"
_MP3 = "https://aod-rfi.akamaized.net/rfi/chinois/a.mp3"
# RFI's audio JSON: diffusion title, then more keys (%s twice).
_AUDIO_JSON = (
    '{"mediaId":"WBMZ1-RFI-CN-20231119","sources":[{"name":"x","url":'
    '"https:\\/\\/aod-rfi.akamaized.net\\/rfi\\/chinois\\/a.mp3"}],'
    '"emission":{"title":"要闻解说"},"diffusion":{"title":"%s"}%s}'
)


def _audio(data: str, player: str = "") -> str:
    """RFI's audio embed: the JSON script, the player (``player``), the show infos."""
    return (
        '<div class="m-em-audio m-em-audio--in-article">'
        f'<script data-media-id="{_AUDIO_ID}" type="application/json">{data}</script>{player}'
        '<div class="m-em-audio__show-infos"><p class="m-em-audio__show-infos__emission">节目</p>'
        "</div></div>"
    )


_FIGURE = (
    '<figure class="m-figure"><div class="m-figure__img-wrapper">'
    '<img src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP" alt="图说" class="m-figure__img"'
    ' data-image-dataset="{&quot;url&quot;:&quot;https:\\/\\/s.rfi.fr\\/media\\/display\\/ab\\/'
    '&quot;,&quot;filename&quot;:&quot;photo.jpg&quot;}"/>%s</div>'
    '<figcaption class="m-figure__caption"><span class="m-figure__caption__legend">图说</span>'
    '<span class="m-figure__caption__credits">© 路透社</span></figcaption></figure>'
)

SNIPPETS: list[Snippet] = [
    # -- lead: the <p> before the body <div> whose whole content is one <strong> --------
    Snippet("lead-bold-paragraph", "lead", fragment("<p>正文。</p>"), "导语。"),
    Snippet(
        "lead-whitespace-and-entities",
        "lead",
        fragment("<p>正文。</p>", lead="\n  中&amp;法&nbsp;&nbsp;关系\u3000 "),
        "中&法 关系",
    ),
    Snippet("lead-empty-strong-is-none", "lead", fragment("<p>正文。</p>", lead=" "), None),
    Snippet(
        "lead-absent-is-none",
        "lead",
        "<div>19/11/2023 - 15:34</div><div><p>正文。</p></div>",
        None,
    ),
    Snippet(
        "lead-partly-bold-is-not-a-lead",
        "lead",
        "<div>19/11/2023 - 15:34</div><p><strong>一半</strong>另一半</p><div><p>正文。</p></div>",
        None,
    ),
    # -- paragraphs: headings, kinds, skipped blocks -----------------------------------
    Snippet(
        "paragraphs-bold-only-p-is-a-heading",
        "paragraphs",
        fragment("<p><strong>小标题</strong></p><p>正文。</p>"),
        [_p("小标题", "heading"), _p("正文。")],
    ),
    Snippet(
        "paragraphs-b-only-p-is-a-heading",
        "paragraphs",
        fragment("<p> <b>小标题</b> </p>"),
        [_p("小标题", "heading")],
    ),
    Snippet(
        "paragraphs-bold-in-bare-spans-is-a-heading",
        "paragraphs",
        fragment("<p><span><span><strong><span>小标题</span></strong></span></span></p>"),
        [_p("小标题", "heading")],
    ),
    Snippet(
        "paragraphs-bold-in-a-styled-span-is-a-paragraph",
        "paragraphs",
        fragment('<p><span style="color:red"><strong>不是标题</strong></span></p>'),
        [_p("不是标题")],
    ),
    Snippet(
        "paragraphs-bold-link-p-is-a-paragraph",
        "paragraphs",
        fragment('<p><strong><a href="/cn/x">相关</a></strong></p>'),
        [_linked("相关", "https://www.rfi.fr/cn/x")],
    ),
    Snippet(
        "paragraphs-bold-run-then-text-is-a-paragraph",
        "paragraphs",
        fragment("<p><strong>易凯</strong>：“好。”</p>"),
        [_p("易凯：“好。”")],
    ),
    Snippet(
        "paragraphs-h2-and-h3-are-headings",
        "paragraphs",
        fragment("<h2>二级</h2><p>甲。</p><h3>三级</h3>"),
        [_p("二级", "heading"), _p("甲。"), _p("三级", "heading")],
    ),
    Snippet(
        "paragraphs-list-items-and-quotes",
        "paragraphs",
        fragment("<ul><li>一</li><li>二</li></ul><blockquote><p>引一</p><p>引二</p></blockquote>"),
        [_p("一", "list-item"), _p("二", "list-item"), _p("引一", "quote"), _p("引二", "quote")],
    ),
    Snippet(
        "paragraphs-ads-and-self-promotion-are-skipped",
        "paragraphs",
        fragment(
            "<p>甲。</p>"
            '<div class="m-block-ad"><p>广告</p></div>'
            '<div class="m-interstitial"><p>继续浏览后续</p></div>'
            "<p>乙。</p>"
            "<div data-selfpromo-newsletter><p>订阅我们的通讯</p></div>"
            "<div data-selfpromo-app><p>下载应用</p></div>"
        ),
        [_p("甲。"), _p("乙。")],
    ),
    Snippet(
        "paragraphs-audio-show-infos-are-skipped",
        "paragraphs",
        fragment("<p>甲。</p>" + _audio(_AUDIO_JSON % ("标题", ""))),
        [_p("甲。")],
    ),
    Snippet(
        "paragraphs-empty-blocks-are-dropped",
        "paragraphs",
        fragment("<p> </p><p><strong></strong></p><p>&nbsp;</p><p>甲。</p>"),
        [_p("甲。")],
    ),
    Snippet(
        "paragraphs-links-keep-http-only",
        "paragraphs",
        fragment(
            '<p><a href="javascript:void(0)">甲</a><a href="mailto:a@b.c">乙</a>'
            '<a href="https://example.com/a?x=1&amp;y=2">丙</a><a href="/cn/y"> </a></p>'
        ),
        [_p("甲乙丙", links=[{"text": "丙", "url": "https://example.com/a?x=1&y=2"}])],
    ),
    # -- copyright ---------------------------------------------------------------------
    Snippet(
        "copyright-classed-p",
        "copyright",
        fragment('<p>甲。</p><p class="t-copyright">© 2020 AFP</p>'),
        "© 2020 AFP",
    ),
    Snippet(
        "copyright-short-last-p-starting-with-the-sign",
        "copyright",
        fragment("<p>甲。</p><p>©&nbsp;2023 法新社</p>"),
        "© 2023 法新社",
    ),
    Snippet(
        "copyright-long-last-p-is-body-text",
        "copyright",
        fragment(
            "<p>甲。</p><p>© 本文版权归作者所有，未经许可不得转载，"
            "转载请注明出处并附上原文链接地址。谢谢合作与支持。</p>"
        ),
        None,
    ),
    # -- published: the date line as Paris wall-clock time (CET/CEST) ------------------
    # (2023: summer time from 26 March 02:00 to 29 October 03:00, Paris time.)
    *(
        Snippet(f"published-{name}", "published", fragment("<p>甲。</p>", date=line), iso)
        for name, line, iso in [
            ("winter-cet", "19/11/2023 - 15:34", "2023-11-19T15:34:00+01:00"),
            ("summer-cest", "04/07/2020 - 09:05", "2020-07-04T09:05:00+02:00"),
            ("before-spring-change", "26/03/2023 - 01:30", "2023-03-26T01:30:00+01:00"),
            ("after-spring-change", "26/03/2023 - 03:30", "2023-03-26T03:30:00+02:00"),
            ("day-before-autumn-change", "28/10/2023 - 23:59", "2023-10-28T23:59:00+02:00"),
            ("after-autumn-change", "29/10/2023 - 03:00", "2023-10-29T03:00:00+01:00"),
        ]
    ),
    # -- image: the <img> before the lead ----------------------------------------------
    Snippet(
        "image-with-alt-and-size",
        "image",
        fragment(
            "", before='<img src="https://s.rfi.fr/a.jpg" alt=" 图 " width="1280" height="720">'
        ),
        _image("https://s.rfi.fr/a.jpg", alt="图", width=1280, height=720),
    ),
    Snippet(
        "image-og-logo-card-is-none",
        "image",
        fragment(
            "", before='<img src="https://static.rfi.fr/meta_og_twcards/jsonld_publisher.png">'
        ),
        None,
    ),
    # -- body_images: figures in the body ------------------------------------------------
    Snippet(
        "body-images-noscript-src-caption-credit",
        "body_images",
        fragment(
            "<p>甲。</p>" + _FIGURE % '<noscript><img src="https://s.rfi.fr/n.jpg"></noscript>'
        ),
        [_image("https://s.rfi.fr/n.jpg", alt="图说", caption="图说", credit="© 路透社")],
    ),
    Snippet(
        "body-images-dataset-url-without-noscript",
        "body_images",
        fragment(_FIGURE % ""),
        [
            _image(
                "https://s.rfi.fr/media/display/ab/photo.jpg",
                alt="图说",
                caption="图说",
                credit="© 路透社",
            )
        ],
    ),
    # -- media ---------------------------------------------------------------------------
    Snippet(
        "media-audio-diffusion-title",
        "media",
        fragment(_audio(_AUDIO_JSON % ("郑家朗访谈", ""))),
        [_media("audio", _MP3, _AUDIO_ID, "郑家朗访谈")],
    ),
    Snippet(
        "media-audio-emission-title-when-diffusion-is-empty",
        "media",
        fragment(_audio(_AUDIO_JSON % ("", ""))),
        [_media("audio", _MP3, _AUDIO_ID, "要闻解说")],
    ),
    Snippet(
        "media-audio-duration-from-its-json",
        "media",
        fragment(_audio(_AUDIO_JSON % ("访谈", ',"duration":316'))),
        [_media("audio", _MP3, _AUDIO_ID, "访谈", 316)],
    ),
    Snippet(
        "media-audio-duration-shown-on-the-player",
        "media",
        fragment(
            _audio(_AUDIO_JSON % ("访谈", ""), '<span class="m-em-audio__duration">05:16</span>')
        ),
        [_media("audio", _MP3, _AUDIO_ID, "访谈", 316)],
    ),
    Snippet(
        "media-video-player",
        "media",
        fragment(
            '<div class="m-em-video"><div class="m-em-video__title a-em-title"> 国会山风暴 </div>'
            '<div data-hidden-video-player="W1"><youtube-player type="em"'
            ' source="https://www.youtube.com/embed/1RQdWTTtydQ" video-id="1RQdWTTtydQ">'
            "</youtube-player></div></div>"
        ),
        [_media("video", "https://www.youtube.com/embed/1RQdWTTtydQ", "1RQdWTTtydQ", "国会山风暴")],
    ),
    Snippet(
        "media-youtube-iframe-and-other-iframe",
        "media",
        fragment(
            '<p><iframe src="https://www.youtube.com/embed/abcDEF123?start=5" title="视频">'
            "</iframe></p>"
            '<iframe src="https://www.facebook.com/plugins/post.php?x=1"></iframe>'
        ),
        [
            _media("video", "https://www.youtube.com/embed/abcDEF123?start=5", "abcDEF123", "视频"),
            _media("iframe", "https://www.facebook.com/plugins/post.php?x=1", None, None),
        ],
    ),
    # -- related: the aside's items, topic = the label span ---------------------------
    Snippet(
        "related-topic-label-or-none",
        "related",
        fragment("<p>甲。</p>") + "<aside><div><span>同一主题</span></div>"
        "<div data-article-list><div><span>中国/政治</span></div>"
        '<div><a href="/cn/%E4%B8%AD%E5%9B%BD/20230417-a"><h2>第一篇</h2></a></div></div>'
        '<div data-article-list><div><a href="/cn/%E4%B8%AD%E4%B8%9C/20231119-b">'
        "<h2>第二篇</h2></a></div></div></aside>",
        [
            {
                "title": "第一篇",
                "url": "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20230417-a",
                "topic": "中国/政治",
            },
            {
                "title": "第二篇",
                "url": "https://www.rfi.fr/cn/%E4%B8%AD%E4%B8%9C/20231119-b",
                "topic": None,
            },
        ],
    ),
    # -- authors: links to /cn/作者/<name>/ ----------------------------------------------
    Snippet(
        "authors-author-page-links",
        "authors",
        fragment("<p>甲。</p>")
        + '<div><div><span>作者：</span><a href="/cn/%E4%BD%9C%E8%80%85/%E7%91%9E%E8%BF%AA/"'
        ' title="瑞迪">瑞迪</a></div></div>',
        [{"name": "瑞迪", "url": "https://www.rfi.fr/cn/%E4%BD%9C%E8%80%85/%E7%91%9E%E8%BF%AA/"}],
    ),
    # -- url, headline, programme: read off the record's header line ----------------------
    *(
        Snippet(name, field, record(fragment("<p>甲。</p>"), **header), expected)
        for name, field, header, expected in [
            (
                "url-http-double-slash-non-ascii",
                "url",
                {"url": "http://www.rfi.fr//cn/中国/20231119-标题"},
                "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-%E6%A0%87%E9%A2%98",
            ),
            (
                "url-existing-escapes-kept-as-written",
                "url",
                {"url": "https://www.rfi.fr/cn/%e4%b8%ad%e5%9b%bd/20231119-x"},
                "https://www.rfi.fr/cn/%e4%b8%ad%e5%9b%bd/20231119-x",
            ),
            (
                "headline-drops-afp-site-suffix",
                "headline",
                {"headline": "美国新增病例 – 法国国际广播电台 - RFI"},
                "美国新增病例",
            ),
            (
                "programme-known-suffix-of-the-headline",
                "programme",
                {"headline": "中法关系 - 要闻分析"},
                "要闻分析",
            ),
        ]
    ),
    Snippet(
        "paragraphs-relative-link-resolves-against-the-record-url",
        "paragraphs",
        record(fragment('<p><a href="/cn/法国/20231120-y">链接</a></p>')),
        [_linked("链接", "https://www.rfi.fr/cn/%E6%B3%95%E5%9B%BD/20231120-y")],
    ),
    Snippet(
        "paragraphs-relative-link-resolves-against-url-argument",
        "paragraphs",
        fragment('<p><a href="20231120-y">链接</a></p>'),
        [_linked("链接", "https://www.rfi.fr/fr/france/20231120-y")],
        url="https://www.rfi.fr/fr/france/20231119-x",
    ),
]
