"""Input that is not an RFI article is refused with ``NotAnArticleError``, not guessed at.

What an article minimally is, for each input shape (``rfiparse._refusals``):

- any input: text, not binary data (at most one character in eight a NUL or a byte
  that does not decode);
- a feed-archive record: a header with a headline or URL (on an RFI host);
- a bare fragment: HTML markup from its first character, every word inside an
  element, and its text in paragraphs, headings, list items or quotes (or media);
- a whole page: RFI's article markup, JSON-LD or OpenGraph (``tests/test_page.py``).
"""

from __future__ import annotations

import random

import pytest

import rfiparse
from goldens import SEED, fixture
from rfiparse import NotAnArticleError


def _elf() -> bytes:
    """3 KB shaped like an ELF executable: a header, NUL padding, code and strings."""
    rng = random.Random(7)
    header = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x02\x00>\x00\x01\x00\x00\x00"
    code = bytes(rng.randrange(256) for _ in range(1200))
    strings = b"\x00".join([b"libc.so.6", b"<stdio.h>", b"__cxa_finalize", b"<p>%s</p>"])
    return (header + b"\x00" * 600 + code + strings + b"\x00" * 3000)[:3072]


def _random_bytes() -> bytes:
    rng = random.Random(1)
    return bytes(rng.randrange(256) for _ in range(2048))


README = """# rfiparse

Turn RFI news HTML into clean, typed Python data.

```sh
python3 -m pip install . && rfiparse --example
```

Records from 2022 on have tags glued to their attributes (`<divdata-article-list>`),
which rfiparse repairs before parsing.

| field | type |
| --- | --- |
| headline | `str` |
"""
GITHUB_README = """<p align="center"><img src="logo.png" alt="logo"></p>

# Project

Some text about it, with a <b>bold</b> word.

## Install

    pip install project
"""
TSV = (
    "file\trepo\tcommit\tpath\tedition\tkind\tbytes\tnotes\n"
    "cn_a.html\towner/repo\tb4c3ff\tdata/a.html\tcn\tarticle-page\t544266\t<div> kept\n"
    "cn_b.md\towner/repo\td3a932\tarchived/b.md\tcn\tseed-format\t2581\t<strong>\n"
)
CSV = "id,score,comment\n1,3<5,fine\n2,7>4,<b>bold</b>\n"
JSON = '{"headline": "<b>not html</b>", "paragraphs": ["<p>x</p>"], "n": [1, 2, 3]}'
PYTHON = '"""A module."""\n\nimport re\n\nTAG = re.compile(r"<p>(.*?)</p>")\n'
XML = '<?xml version="1.0"?><catalog><book id="1"><title>Hello world</title></book></catalog>'
TABLE = "<table><tr><th>Year</th><th>Total</th></tr><tr><td>2023</td><td>12</td></tr></table>"
DIVS = "<div>Menu</div><div>Contact</div><div><span>Footer text</span></div>"
LOG = "2026-12-03 17:26:19 INFO parse <p> ok\n2026-12-03 17:26:20 WARN retry\n"

JUNK = {
    "elf executable": _elf(),
    "random bytes": _random_bytes(),
    "markdown readme": README,
    "github readme with html": GITHUB_README,
    "tsv file": TSV,
    "csv with angle brackets": CSV,
    "json document": JSON,
    "python source": PYTHON,
    "xml document": XML,
    "html table": TABLE,
    "layout divs": DIVS,
    "log lines": LOG,
}


@pytest.mark.parametrize("data", JUNK.values(), ids=list(JUNK))
def test_junk_is_not_an_article(data: str | bytes) -> None:
    with pytest.raises(NotAnArticleError):
        rfiparse.parse(data)


@pytest.mark.parametrize("data", JUNK.values(), ids=list(JUNK))
def test_junk_as_the_other_type_is_not_an_article_either(data: str | bytes) -> None:
    other = data.encode("utf-8") if isinstance(data, str) else data.decode("latin-1")
    with pytest.raises(NotAnArticleError):
        rfiparse.parse(other)


def test_binary_data_is_named_as_such() -> None:
    with pytest.raises(NotAnArticleError, match="binary data"):
        rfiparse.parse(_elf())


def test_utf16_without_its_byte_order_mark_is_binary_data() -> None:
    data = SEED.read_text(encoding="utf-8").encode("utf-16-le")
    with pytest.raises(NotAnArticleError, match="binary data"):
        rfiparse.parse(data)


def test_utf16_with_its_byte_order_mark_is_read() -> None:
    data = SEED.read_text(encoding="utf-8").encode("utf-16")
    assert rfiparse.parse(data).headline == rfiparse.parse(SEED.read_bytes()).headline


def test_a_few_stray_nul_bytes_do_not_make_a_record_binary() -> None:
    data = SEED.read_bytes().replace(b"<p>", b"\x00<p>", 5)
    assert rfiparse.parse(data) == rfiparse.parse(SEED.read_bytes())


def test_a_few_undecodable_bytes_do_not_make_a_record_binary() -> None:
    data = SEED.read_bytes().replace(b"<p>", b"\xff<p>", 5)
    texts = {p.text for p in rfiparse.parse(data).paragraphs}
    assert texts >= {p.text for p in rfiparse.parse(SEED.read_bytes()).paragraphs}


def test_text_without_markup_is_named_as_such() -> None:
    with pytest.raises(NotAnArticleError, match="does not begin with HTML markup"):
        rfiparse.parse(README)


def test_loose_text_between_tags_is_named_as_such() -> None:
    with pytest.raises(NotAnArticleError, match="text outside any HTML element"):
        rfiparse.parse(GITHUB_README)


def test_markup_without_text_blocks_is_named_as_such() -> None:
    with pytest.raises(NotAnArticleError, match="no paragraph, heading, list item or quote"):
        rfiparse.parse(TABLE)


def test_a_record_header_makes_an_article_of_text_without_markup() -> None:
    record = "<!--1700405102000-->\n[标题](https://www.rfi.fr/cn/中国/x)\n------\n正文。"
    article = rfiparse.parse(record)
    assert article.headline == "标题"
    assert [p.text for p in article.paragraphs] == ["正文。"]


@pytest.mark.parametrize(
    "fragment",
    [
        "<p>x</p>",
        "\n  <p>x</p>\n",
        "<!--c--><div><p>x</p></div>",
        "<ul><li>x</li></ul>",
        "<h2>x</h2>",
        "<blockquote>x</blockquote>",
        "<div><p>x</p></div>\n&nbsp;\n",
        "\x7f<div><p>x</p></div>",
        "\ufeff\u200b\u3000<p>x</p>",
        "<p>x</p>\x7f\u200e<p>y</p>",
    ],
)
def test_minimal_fragments_are_articles(fragment: str) -> None:
    assert rfiparse.parse(fragment).paragraphs


def test_a_fragment_of_media_alone_is_an_article() -> None:
    fragment = (
        '<div><div><script data-media-id="1">'
        '{"sources":[{"url":"https://aod.rfi.fr/x.mp3"}],"title":"Audio"}</script></div></div>'
    )
    assert rfiparse.parse(fragment).media


@pytest.mark.parametrize(
    "name", ["fragment_2020_classed_no_header.html", "fragment_2023_seed_no_header.html"]
)
def test_real_fragments_are_still_articles(name: str) -> None:
    assert rfiparse.parse(fixture(name).read_bytes()).paragraphs


def test_binary_data_is_judged_by_its_start() -> None:
    # As file(1) and git judge files: a text start makes a text, whatever follows.
    data = SEED.read_bytes() + b"\n" * 70_000 + b"\x00" * 500_000
    assert rfiparse.parse(data).headline == rfiparse.parse(SEED.read_bytes()).headline
    with pytest.raises(NotAnArticleError, match="binary data"):
        rfiparse.parse(b"\x00" * 500_000 + SEED.read_bytes())
