"""The body: which blocks become paragraphs, of which kind, and what never does."""

from __future__ import annotations

import pytest

import rfiparse
from rfiparse import Paragraph


def _body(inner: str, *, after: str = "") -> rfiparse.Article:
    return rfiparse.parse(
        f"<div>01/02/2024 - 10:00</div><p><strong>Chapô.</strong></p><div>{inner}</div>{after}"
    )


def _texts(article: rfiparse.Article) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in article.paragraphs]


def test_speaker_name_in_strong_stays_in_its_paragraph() -> None:
    article = _body("<p><strong>易凯</strong>：“1871年的时候。”</p>")
    assert _texts(article) == [("paragraph", "易凯：“1871年的时候。”")]


def test_paragraph_wholly_in_bold_is_a_heading() -> None:
    article = _body("<p> <strong>包装</strong> </p><p>首先是必须减少产品的包装。</p>")
    assert _texts(article) == [("heading", "包装"), ("paragraph", "首先是必须减少产品的包装。")]


def test_bold_paragraph_with_a_link_is_not_a_heading() -> None:
    article = _body('<p><strong>相关报道 <a href="/cn/x">标题</a></strong></p>')
    assert article.paragraphs[0].kind == "paragraph"


def test_h2_list_items_and_quotes_keep_their_kinds() -> None:
    article = _body(
        "<h2>Sous-titre</h2><ul><li>Un</li><li>Deux</li></ul>"
        "<blockquote><p>Citation une.</p><p>Citation deux.</p></blockquote>"
        "<blockquote>Citation seule.</blockquote>"
    )
    assert _texts(article) == [
        ("heading", "Sous-titre"),
        ("list-item", "Un"),
        ("list-item", "Deux"),
        ("quote", "Citation une."),
        ("quote", "Citation deux."),
        ("quote", "Citation seule."),
    ]


def test_whitespace_and_br_collapse_to_single_spaces() -> None:
    article = _body("<p>\u3000 a\u00a0\u00a0b<br>c\n\td&nbsp;</p>")
    assert _texts(article) == [("paragraph", "a b c d")]


def test_empty_blocks_are_dropped() -> None:
    article = _body("<p> </p><p><strong></strong></p><p>&nbsp;</p><p>Texte.</p><p><p> </p></p>")
    assert _texts(article) == [("paragraph", "Texte.")]


def test_loose_text_in_the_body_is_a_paragraph() -> None:
    article = _body("Texte libre <em>avec</em> style.<p>Suite.</p>")
    assert _texts(article) == [("paragraph", "Texte libre avec style."), ("paragraph", "Suite.")]


def test_inline_links_are_absolute_and_only_http() -> None:
    article = _body(
        '<p>Voir <a href="/fr/france/x">ceci</a>, <a href="javascript:void(0)">cela</a>'
        ' et <a href="https://example.com/é">là</a><a href="/fr/y"> </a>.</p>'
    )
    assert article.paragraphs[0].links == (
        rfiparse.InlineLink(text="ceci", url="https://www.rfi.fr/fr/france/x"),
        rfiparse.InlineLink(text="là", url="https://example.com/%C3%A9"),
    )


def test_ads_promos_scripts_and_embeds_never_become_paragraphs() -> None:
    article = _body(
        '<div class="m-interstitial"><span>广告</span><button>继续浏览后续</button></div>'
        "<p>Un.</p>"
        "<div data-selfpromo-newsletter>Abonnez-vous</div><div data-selfpromo-app>App</div>"
        "<script>var x = 'script text';</script><style>p{}</style>"
        '<div><script data-media-id="M1" type="application/json">'
        '{"mediaId":"M1","sources":[{"url":"https://aod.example/a.mp3"}],"diffusion":{"title":"T"}}'
        "</script><div><p>Titre de l'émission</p></div></div>"
        '<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>'
        "<figure><img src='https://s.rfi.fr/i.jpg'><figcaption><span>Légende</span></figcaption></figure>"
        "<p>Deux.</p>"
    )
    assert _texts(article) == [("paragraph", "Un."), ("paragraph", "Deux.")]


def test_share_block_related_aside_and_feed_footer_are_not_body_text() -> None:
    article = _body(
        "<p>Texte.</p>",
        after=(
            '<div><div>分享 :</div><div><a href="https://www.facebook.com/dialog/share?x=1">'
            "<span></span></a></div></div>"
            '<div><aside><div role="heading"><span>同一主题</span></div>'
            '<div data-article-list><span>Sujet</span><a href="/cn/a"><h2>Autre</h2></a></div>'
            "</aside></div>"
            '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>'
        ),
    )
    assert article.paragraphs == (Paragraph(text="Texte."),)
    assert [(r.title, r.topic) for r in article.related] == [("Autre", "Sujet")]


def test_copyright_line_is_its_own_field_with_or_without_class() -> None:
    classed = _body('<p>Texte.</p><p class="t-copyright">© 2020 AFP</p>')
    stripped = _body("<p>Texte.</p><p>© 2023 AFP</p>")
    assert (classed.copyright, _texts(classed)) == ("© 2020 AFP", [("paragraph", "Texte.")])
    assert (stripped.copyright, _texts(stripped)) == ("© 2023 AFP", [("paragraph", "Texte.")])


def test_copyright_sign_inside_the_text_is_not_taken_for_a_copyright_line() -> None:
    article = _body("<p>© 2020 AFP a publié une longue dépêche sur le sujet ce matin à Paris.</p>")
    assert article.copyright is None
    assert len(article.paragraphs) == 1


def test_fragment_of_bare_paragraphs_is_a_body() -> None:
    article = rfiparse.parse("<p>Un.</p><p>Deux.</p>")
    assert _texts(article) == [("paragraph", "Un."), ("paragraph", "Deux.")]
    assert article.lead is None


def test_bare_paragraphs_after_a_bold_lead_keep_the_lead_apart() -> None:
    article = rfiparse.parse("<p><strong>Chapô.</strong></p><p>Un.</p>")
    assert article.lead == "Chapô."
    assert _texts(article) == [("paragraph", "Un.")]


def test_paragraphs_pushed_out_of_the_body_by_broken_markup_are_kept() -> None:
    # A truncated ad block closes the body and its wrapper early (a real 2020 record).
    article = rfiparse.parse(
        "<div><div>31/08/2020 - 13:36</div><p><strong>Chapô.</strong></p>"
        '<div class="t-content__body u-clearfix"><div class="m-interstitial"></div>'
        '<div class="m-block-ad__content"></div></div></div><button>继续浏览后续</button></div>'
        "<p>Un.</p><p>Deux.</p><div data-selfpromo-app></div></div>"
        '<div><div>分享 :</div><a href="https://x.com/intent/tweet?url=x">X</a></div>'
        '<div><span>作者：</span><a href="/cn/作者/瑞迪/">瑞迪</a></div>'
    )
    assert _texts(article) == [("paragraph", "Un."), ("paragraph", "Deux.")]
    assert [a.name for a in article.authors] == ["瑞迪"]


@pytest.mark.parametrize(
    ("html", "expected"),
    [("<div>文字</div>", ["文字"]), ("x<br>y", ["x y"]), ("Texte <b>gras</b>.", ["Texte gras."])],
)
def test_record_of_bare_text_is_a_paragraph(html: str, expected: list[str]) -> None:
    record = f"<!--1-->\n[T](https://www.rfi.fr/fr/france/20231119-t)\n------\n{html}"
    assert [p.text for p in rfiparse.parse(record).paragraphs] == expected


@pytest.mark.parametrize("html", ["<div>文字</div>", "x<br>y", "Texte <b>gras</b>."])
def test_bare_fragment_without_paragraph_markup_is_refused(html: str) -> None:
    # Without a record header, text outside <p>/<h2>/<li>… is not RFI article markup.
    with pytest.raises(rfiparse.NotAnArticleError):
        rfiparse.parse(html)


def test_author_credit_block_is_not_body_text_but_a_paragraph_linking_an_author_is() -> None:
    article = rfiparse.parse(
        '<div><p>Texte de <a href="/cn/作者/瑞迪/">瑞迪</a>.</p></div>'
        '<div><span>作者：</span><a href="/cn/作者/杨眉/">杨眉</a></div>'
    )
    assert [p.text for p in article.paragraphs] == ["Texte de 瑞迪."]
    assert [a.name for a in article.authors] == ["杨眉"]


@pytest.mark.parametrize(
    ("json_duration", "shown", "expected"),
    [
        (', "duration": 135', "", 135),
        (', "duration": "135"', "", 135),
        ("", '<span class="m-em-audio__sound__duration">02:15</span>', 135),
        ("", '<span class="m-em-audio__sound__duration">1:02:15</span>', 3735),
        ("", "", None),
        (', "duration": true', '<span class="a-audio-player-btn__duration">bientôt</span>', None),
    ],
)
def test_audio_duration_from_its_json_or_its_player(
    json_duration: str, shown: str, expected: int | None
) -> None:
    article = _body(
        '<div class="m-em-audio"><script data-media-id="M" type="application/json">'
        f'{{"mediaId": "M", "sources": [{{"url": "https://aod.example/a.mp3"}}]{json_duration}}}'
        f"</script>{shown}</div><p>Texte.</p>"
    )
    assert [m.duration for m in article.media] == [expected]


# Content a browser never shows as the page's text, with script markup inside: libxml2
# 2.14 (lxml 6) reads noembed, noframes, iframe, xmp and plaintext as raw text, markup
# included; older versions parse it as elements. Neither may become body text.
_HIDDEN = 'caché <script>alert("x")</script> <p>bloc caché</p> <b>gras</b>'
_NEVER_TEXT_TAGS = ("noembed", "noframes", "noscript", "template", "iframe", "xmp", "object")


@pytest.mark.parametrize("tag", _NEVER_TEXT_TAGS)
def test_fallback_and_raw_text_blocks_are_never_paragraphs(tag: str) -> None:
    article = _body(f"<p>Avant.</p><{tag}>{_HIDDEN}</{tag}><p>Après.</p>")
    assert _texts(article) == [("paragraph", "Avant."), ("paragraph", "Après.")]


# xmp is not here: it closes an open <p>, as in browsers (see the test above).
@pytest.mark.parametrize("tag", [t for t in _NEVER_TEXT_TAGS if t != "xmp"])
def test_fallback_and_raw_text_inside_a_paragraph_are_not_its_text(tag: str) -> None:
    article = _body(f"<p>Avant <{tag}>{_HIDDEN}</{tag}> après.</p>")
    assert _texts(article) == [("paragraph", "Avant après.")]


@pytest.mark.parametrize("tag", ["noembed", "noframes", "iframe", "xmp"])
def test_fallback_and_raw_text_inside_a_heading_are_not_its_text(tag: str) -> None:
    article = _body(f"<h2>Titre<{tag}>{_HIDDEN}</{tag}></h2><p>Texte.</p>")
    assert _texts(article) == [("heading", "Titre"), ("paragraph", "Texte.")]


def test_plaintext_and_what_it_holds_are_never_body_text() -> None:
    # libxml2 2.14 reads the rest of the document into <plaintext>, as browsers do;
    # 2.13 ends it at </plaintext>. Its own content is dropped either way.
    article = _body(f"<p>Avant.</p><plaintext>{_HIDDEN}</plaintext>")
    assert _texts(article) == [("paragraph", "Avant.")]


@pytest.mark.parametrize("tag", ["embed", "source", "track", "wbr", "keygen", "bgsound"])
def test_paragraphs_after_an_unclosed_void_element_are_kept(tag: str) -> None:
    # libxml2 2.14 nests what follows <embed> (and these) inside it: no silent loss.
    html = f"<div><p>Avant.</p><{tag} src=x><p>Après.</p><p>Fin.</p></div>"
    assert [p.text for p in rfiparse.parse(html).paragraphs] == ["Avant.", "Après.", "Fin."]


def test_text_around_a_void_element_inside_a_paragraph_keeps_its_order() -> None:
    html = "<div><p>Un <embed src=x>deux <b>trois</b> quatre</p><p>Cinq.</p></div>"
    assert [p.text for p in rfiparse.parse(html).paragraphs] == ["Un deux trois quatre", "Cinq."]


@pytest.mark.parametrize("tag", ["embed", "source"])
def test_controls_after_a_void_element_read_as_they_do_without_it(tag: str) -> None:
    # A form feed, and what character references give (&#1;, &#11;, &#xFFFE;), which lxml
    # refuses to be handed back when the text is moved out of the void element. libxml2
    # 2.14 keeps them in the tree ("Un deux troisx yz"), 2.12 drops them ("Un deuxtroisxyz").
    text = "deux\x0ctrois&#1;x&#11;y&#xFFFE;z"
    without = rfiparse.parse(f"<div><p>Un {text}</p></div>")
    within = rfiparse.parse(f"<div><p>Un <{tag} src=x>{text}</p></div>")
    assert len(without.paragraphs) == 1
    assert [p.text for p in within.paragraphs] == [p.text for p in without.paragraphs]
