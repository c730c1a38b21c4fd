"""``Article.short_url`` from the share buttons of records, fragments and pages.

Issue 14, item 1.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rfiparse
from rfiparse import _share
from rfiparse._share import short_url, unescape

_HEADER = (
    "<!--1699024501000-->\n[标题](https://www.rfi.fr/cn/%E5%9B%BD%E9%99%85/20231103-x)\n------\n"
)
_BODY = "<div>03/11/2023 - 15:55</div><p><strong>导语</strong></p><div><p>正文。</p></div>"
_FACEBOOK = (
    '<a href="https://www.facebook.com/dialog/share?app_id=1&amp;href=https%3A%2F%2Frfi.my'
    '%2FAbC1.F&amp;redirect_uri=https%3A%2F%2Fwww.rfi.fr" target="_blank"><span></span></a>'
)
_WHATSAPP = (
    '<a href="whatsapp://send?text=%E6%A0%87%E9%A2%98%20-%20https%3A%2F%2Frfi.my%2FAbC1.W">'
    "<span></span></a>"
)
_TWITTER = (
    '<a href="https://twitter.com/intent/tweet?text=%E6%A0%87%E9%A2%98&amp;url=https%3A%2F%2F'
    'rfi.my%2FAbC1.T">…</a>'
)
_SVG = '<svgxmlns="http://www.w3.org/2000/svg"viewBox="0 0 24 24"><pathd="M0 0h24v24H0z"/></svg>'


def _record(share: str) -> str:
    return _HEADER + _BODY + share


def _labelled(*links: str) -> str:
    return "<div><div>分享 :</div><div>" + "".join(links) + "</div></div>"


def test_a_record_share_block_gives_the_short_url() -> None:
    article = rfiparse.parse(_record(_labelled(_FACEBOOK, _WHATSAPP, _TWITTER)))
    assert article.short_url == "https://rfi.my/AbC1"


def test_a_fragment_share_block_gives_the_short_url() -> None:
    article = rfiparse.parse(_BODY + _labelled(_FACEBOOK, _WHATSAPP, _TWITTER))
    assert (article.headline, article.short_url) == (None, "https://rfi.my/AbC1")


def test_icon_only_share_buttons_without_a_label_give_the_short_url() -> None:
    icons = "<div><div>" + "".join(
        link.replace("<span></span>", _SVG).replace("…", _SVG)
        for link in (_FACEBOOK, _WHATSAPP, _TWITTER)
    )
    article = rfiparse.parse(_record(icons + "</div></div>"))
    assert article.short_url == "https://rfi.my/AbC1"
    assert [p.text for p in article.paragraphs] == ["正文。"]


@pytest.mark.parametrize(
    "href",
    [
        "https://www.facebook.com/dialog/share?href=https%3A%2F%2Frfi.my%2FAbC1.F",
        "https://x.com/intent/tweet?url=https%3A%2F%2Frfi.my%2FAbC1.X&amp;via=RFI_Cn",
        "whatsapp://send?text=https%3A%2F%2Frfi.my%2FAbC1.W",
        "https://www.linkedin.com/shareArticle?mini=true&amp;url=https%3A%2F%2Frfi.my%2FAbC1.L",
        "https://t.me/share/url?url=https%3A%2F%2Frfi.my%2FAbC1.TG&amp;text=%E6%A0%87%E9%A2%98",
        "mailto:?subject=%E6%A0%87%E9%A2%98&amp;body=%E6%A0%87%E9%A2%98%20https%3A%2F%2Frfi.my%2FAbC1.E",
    ],
    ids=["facebook", "x", "whatsapp", "linkedin", "telegram", "email"],
)
def test_one_network_alone_gives_the_short_url(href: str) -> None:
    article = rfiparse.parse(_record(_labelled(f'<a href="{href}"><span></span></a>')))
    assert article.short_url == "https://rfi.my/AbC1"


@pytest.mark.parametrize(
    "href",
    [
        "https://www.linkedin.com/shareArticle?url=https%3A%2F%2Frfi.my%2FAbC1.L",
        "https://t.me/share/url?url=https%3A%2F%2Frfi.my%2FAbC1",
        "mailto:?body=https%3A%2F%2Frfi.my%2FAbC1.E",
    ],
    ids=["linkedin", "telegram", "email"],
)
def test_a_labelled_share_block_of_one_network_never_reaches_the_body(href: str) -> None:
    # Beside bare paragraphs, the fragment's own container is the body.
    share = _labelled(f'<a href="{href}">分享</a>')
    article = rfiparse.parse(_HEADER + "<p>正文。</p>" + share)
    assert [p.text for p in article.paragraphs] == ["正文。"]


def test_a_whatsapp_text_with_other_words_gives_the_short_url() -> None:
    href = (
        "whatsapp://send?text=%E6%A0%87%E9%A2%98%20-%20https%3A%2F%2Frfi.my%2FAbC1.W"
        "%20%E6%9B%B4%E5%A4%9A%20https%3A%2F%2Fwww.rfi.fr%2Fcn"
    )
    article = rfiparse.parse(_record(_labelled(f'<a href="{href}"></a>')))
    assert article.short_url == "https://rfi.my/AbC1"


@pytest.mark.parametrize(
    "link",
    [
        "https%3A%2F%2Fbit.ly%2FAbC1",
        "https%3A%2F%2Frfi.my.example.com%2FAbC1.F",
        "https%3A%2F%2Fnotrfi.my%2FAbC1.F",
        "https%3A%2F%2Frfi.my%2FAbC1%2Fmore",
        "xhttps%3A%2F%2Frfi.my%2FAbC1",
    ],
    ids=["bit.ly", "subdomain-of-another-host", "another-host", "path-after-code", "glued-word"],
)
def test_a_link_that_is_no_rfi_short_link_is_not_taken(link: str) -> None:
    href = f"https://www.facebook.com/dialog/share?href={link}"
    article = rfiparse.parse(_record(_labelled(f'<a href="{href}"></a>')))
    assert article.short_url is None


def test_another_shortener_beside_rfis_does_not_hide_it() -> None:
    other = '<a href="https://x.com/intent/tweet?url=https%3A%2F%2Fbit.ly%2FZz9">x</a>'
    article = rfiparse.parse(_record(_labelled(_FACEBOOK, other)))
    assert article.short_url == "https://rfi.my/AbC1"


def test_share_links_that_disagree_give_no_short_url() -> None:
    other = _TWITTER.replace("AbC1.T", "XyZ9.T")
    article = rfiparse.parse(_record(_labelled(_FACEBOOK, _WHATSAPP, other)))
    assert article.short_url is None


def test_codes_differing_only_in_case_disagree() -> None:
    article = rfiparse.parse(_record(_labelled(_FACEBOOK, _TWITTER.replace("AbC1", "abc1"))))
    assert article.short_url is None


def test_a_query_that_several_links_pass_is_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """WhatsApp's app and web links pass the same ``text=``: it is decoded once, not per link."""
    read: list[str] = []
    real = _share.short_link_values

    def counting(query: str) -> list[str]:
        read.append(query)
        return real(query)

    monkeypatch.setattr(_share, "short_link_values", counting)
    web = _WHATSAPP.replace("whatsapp://send", "https://web.whatsapp.com/send")
    assert rfiparse.parse(_record(_WHATSAPP + web)).short_url == "https://rfi.my/AbC1"
    assert len(read) == 1


def test_a_short_link_in_the_body_is_no_share_link() -> None:
    body = '<div><p>见 <a href="https://rfi.my/AbC1">链接</a>。</p></div>'
    article = rfiparse.parse(_HEADER + body)
    assert article.short_url is None


def test_a_share_link_inside_the_body_counts() -> None:
    body = f"<div><p>正文。</p>{_labelled(_FACEBOOK)}</div>"
    article = rfiparse.parse(_HEADER + body)
    assert article.short_url == "https://rfi.my/AbC1"
    assert [p.text for p in article.paragraphs] == ["正文。"]


def test_the_share_block_never_reaches_the_body() -> None:
    article = rfiparse.parse(_record(_labelled(_FACEBOOK, _WHATSAPP, _TWITTER)))
    assert [p.text for p in article.paragraphs] == ["正文。"]
    assert article.related == ()


_PAGE = (
    '<html><head><meta property="og:type" content="article"></head><body>'
    '<h1 class="t-content__title">T</h1><div class="t-content__body"><p>x</p></div>'
    '<div class="t-content__shares">{}</div></body></html>'
)


def test_a_page_reads_a_short_link_among_a_whatsapp_texts_words() -> None:
    href = "whatsapp://send?text=%E6%A0%87%E9%A2%98%20-%20https%3A%2F%2Frfi.my%2FCEAH.W"
    article = rfiparse.parse(_PAGE.format(f'<a href="{href}">w</a>'))
    assert article.short_url == "https://rfi.my/CEAH"


def test_a_page_whose_share_links_disagree_has_no_short_url() -> None:
    links = (
        '<a href="https://x.com/intent/tweet?url=https%3A%2F%2Frfi.my%2FCEAH.X">x</a>'
        '<a href="whatsapp://send?text=https%3A%2F%2Frfi.my%2FCEAI.W">w</a>'
    )
    assert rfiparse.parse(_PAGE.format(links)).short_url is None


@given(
    st.lists(
        st.one_of(
            st.text(max_size=4),
            st.binary(min_size=1, max_size=6).map(lambda b: "".join(f"%{x:02X}" for x in b)),
            st.sampled_from(["%", "%4", "%zz", "%e4%b8%ad", "+"]),
        ),
        max_size=8,
    ).map("".join)
)
def test_unescape_decodes_as_unquote_does(value: str) -> None:
    assert unescape(value) == unquote(value)


# The short-link rule as first written: a regex over the whole decoded value, its
# words bounded by any blank a regex knows (the reader now splits words instead).
_WORD_BOUNDED_SHORT_LINK = re.compile(
    r"(?<!\S)(?ai:https?://rfi\.my)/([A-Za-z0-9]+)(?:\.[A-Za-z]{1,3})?(?!\S)"
)


@given(
    st.lists(
        st.sampled_from(
            [
                "https://rfi.my/AbC1.W",
                "HTTP://RFI.MY/AbC1",
                "https://rfi.my/Zz9",
                "https://rfi.my/AbC1/x",
                "https://bit.ly/AbC1",
                "https://rfı.my/AbC1",
                "标题",
                "x",
                " ",
                "\u3000",
                "\u00a0",
                "\u200b",
                "\x1c",
                "\n",
                "-",
            ]
        ),
        max_size=8,
    ).map("".join)
)
def test_a_short_link_is_a_whole_word_of_the_decoded_value(text: str) -> None:
    codes = {match.group(1) for match in _WORD_BOUNDED_SHORT_LINK.finditer(text)}
    expected = f"https://rfi.my/{codes.pop()}" if len(codes) == 1 else None
    assert short_url([f"whatsapp://send?text={quote(text)}"]) == expected
