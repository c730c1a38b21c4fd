"""Property tests: any input gives an Article or an RfiParseError, and every Article is clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import rfiparse
from goldens import ARTICLE_KINDS, fixture, inputs
from invariants import assert_invariants

RECORDS = inputs(*ARTICLE_KINDS)
RECORD_TEXTS = [p.read_text(encoding="utf-8") for p in RECORDS]

# Pieces of RFI markup, so that random input often looks like a record.
TOKENS = [
    "<div>", "</div>", "<p>", "</p>", "<strong>", "</strong>", "<aside>", "</aside>",
    "<divdata-article-list>", '<asidedata-org-name=""data-org-type="">', "<span>", "</span>",
    '<a href="/cn/x">', '<a href="javascript:x">', "</a>", "<h2>", "</h2>", "<ul><li>",
    '<img src="https://s.rfi.fr/a.jpg">', '<img src="data:image/gif;base64,R0">',
    '<div class="t-content__body">', '<p class="t-copyright">', "© 2020 AFP",
    "19/11/2023 - 15:34", "29/10/2023 - 02:30", "<!--1700405102000-->\n",
    "[标题 – 法国国际广播电台 - RFI](http://www.rfi.fr//cn/专栏检索/特别节目/x)\n------\n",
    "---\ntitle: \"t\"\n---\n", '<script data-media-id="m" type="application/json">',
    '{"mediaId":"m","sources":[{"url":"https://a/b.mp3"}]}', "</script>",
    '<iframe src="https://www.youtube.com/embed/abcdefg">', "<figure>", "<figcaption>",
    "<blockquote>", "<br>", "&nbsp;", "&amp;", "\u3000", "\x00", "\x01", "\x1b", "\ufffe",
    "\ud800", "\ufeff", "\u200b", "\x0c", "&#1;", "&#11;", "&#12;", "&#xFFFE;", "<embed src=x>",
    "<source>", "<wbr>",
    "文字", "texte ", " ", "\n", "<", ">", '"', "=",
]  # fmt: skip


def _parse_or_refuse(data: str | bytes) -> None:
    try:
        article = rfiparse.parse(data)
    except rfiparse.RfiParseError:
        return
    assert_invariants(article)


@given(st.text())
@settings(max_examples=300, deadline=None)
def test_any_text_gives_an_article_or_a_parse_error(text: str) -> None:
    _parse_or_refuse(text)


@given(st.binary())
@settings(max_examples=300, deadline=None)
def test_any_bytes_give_an_article_or_a_parse_error(data: bytes) -> None:
    _parse_or_refuse(data)


@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
@settings(max_examples=500, deadline=None)
def test_random_rfi_tag_soup_gives_an_article_or_a_parse_error(text: str) -> None:
    _parse_or_refuse(text)


def _mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        if not text:
            break
        where = data.draw(st.integers(0, len(text) - 1), label="where")
        action = data.draw(
            st.sampled_from(["truncate", "delete_tag", "duplicate", "glue", "insert"]),
            label="action",
        )
        if action == "truncate":
            text = text[:where]
        elif action == "delete_tag":
            start = text.find("<", where)
            end = text.find(">", start)
            if start >= 0 and end > start:
                text = text[:start] + text[end + 1 :]
        elif action == "duplicate":
            length = data.draw(st.integers(1, 400), label="length")
            text = text[: where + length] + text[where : where + length] + text[where + length :]
        elif action == "glue":
            space = text.find(" ", where)
            if space >= 0:
                text = text[:space] + text[space + 1 :]
        else:
            text = text[:where] + data.draw(st.sampled_from(TOKENS), label="token") + text[where:]
    return text


@given(st.sampled_from(RECORD_TEXTS), st.data())
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_real_records_give_an_article_or_a_parse_error(
    text: str, data: st.DataObject
) -> None:
    _parse_or_refuse(_mutate(text, data))


@given(st.sampled_from(RECORD_TEXTS), st.data())
@settings(max_examples=100, deadline=None)
def test_mutated_records_parse_the_same_from_str_and_utf8_bytes(
    text: str, data: st.DataObject
) -> None:
    mutated = _mutate(text, data)
    assume("\ud800" not in mutated and "\ufeff" not in mutated)
    outcomes: list[object] = []
    for value in (mutated, mutated.encode("utf-8")):
        try:
            outcomes.append(rfiparse.parse(value))
        except rfiparse.RfiParseError as error:
            outcomes.append(type(error))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_every_fixture_satisfies_the_invariants(path: Path) -> None:
    assert_invariants(rfiparse.parse(path.read_bytes()))


@pytest.mark.parametrize("path", RECORDS, ids=[p.stem for p in RECORDS])
def test_parsing_is_deterministic(path: Path) -> None:
    data = path.read_bytes()
    assert rfiparse.parse(data) == rfiparse.parse(data)


@pytest.mark.parametrize("name", ["record_2023_seed.txt", "record_2020_audio_interview.md"])
def test_truncation_at_every_tag_boundary_gives_an_article_or_a_parse_error(name: str) -> None:
    text = fixture(name).read_text(encoding="utf-8")
    boundaries = [i for i, c in enumerate(text) if c in "<>"]
    assert len(boundaries) > 100
    for cut in boundaries:
        _parse_or_refuse(text[:cut])
        _parse_or_refuse(text[: cut + 1])


@pytest.mark.parametrize(
    "declaration",
    [
        b'<meta charset="utf-16">',
        b'<meta charset="utf-7">',
        b'<meta charset="x-no-such-charset">',
        b'<meta charset="cp037">',
        b'<meta http-equiv="Content-Type" content="text/html; charset=">',
        b'<?xml version="1.0" encoding="utf-32"?>',
        b'<?xml version="1.0" encoding="gb18030"?>',
    ],
)
def test_odd_declared_encodings_give_an_article_or_a_parse_error(declaration: bytes) -> None:
    _parse_or_refuse(declaration + "<div><p>中文段落。</p></div>".encode())
