"""The model's own readers and views: ``from_dict``/``from_json`` on each class,
``Teaser.text``/``to_markdown()``, and ``Article.to_markdown(metadata=True)``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings

import rfiparse
import strategies
from goldens import ARTICLE_KINDS, Case, cases, inputs
from rfiparse import Article, Author, Image, RfiParseError, Teaser

CASES = cases(*ARTICLE_KINDS)
RECORDS = Path(__file__).parent / "fixtures" / "records"
PARIS = timezone(timedelta(hours=1))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_article_from_json_inverts_to_json(case: Case) -> None:
    article = rfiparse.parse(case.read())
    assert Article.from_json(article.to_json()) == article
    assert Article.from_json(article.to_json(indent=2).encode("utf-8")) == article


@given(strategies.articles())
@settings(max_examples=50, deadline=None)
def test_article_from_dict_is_the_module_function(article: Article) -> None:
    assert Article.from_dict(article.to_dict()) == rfiparse.from_dict(article.to_dict())


def test_teaser_from_json_inverts_to_json() -> None:
    teasers = [t for path in inputs("listing") for t in rfiparse.parse_listing(path.read_bytes())]
    assert teasers
    for teaser in teasers:
        assert Teaser.from_json(teaser.to_json()) == teaser
        assert Teaser.from_dict(teaser.to_dict()) == rfiparse.teaser_from_dict(teaser.to_dict())


@pytest.mark.parametrize(
    "text",
    ["", "{", "not json", "[1, 2", '{"headline": }', "1" * 5000],
    ids=["empty", "open-brace", "words", "open-array", "bad-value", "huge-integer"],
)
def test_from_json_refuses_what_is_not_json(text: str) -> None:
    with pytest.raises(RfiParseError, match="not valid JSON"):
        Article.from_json(text)


def test_from_json_refuses_nesting_that_would_exhaust_recursion() -> None:
    with pytest.raises(RfiParseError, match="nests deeper"):
        Article.from_json("[" * 100_000 + "]" * 100_000)


def test_from_json_refuses_bytes_that_are_not_utf8() -> None:
    with pytest.raises(RfiParseError, match="not UTF-8"):
        Article.from_json(b'{"headline": "\xff"}')


def test_from_json_refuses_a_value_that_is_not_text() -> None:
    with pytest.raises(TypeError, match="str or bytes"):
        Article.from_json(42)  # type: ignore[arg-type]


def test_from_json_names_the_bad_field() -> None:
    data = Article(headline="x").to_json().replace('"headline": "x"', '"headline": 1')
    with pytest.raises(RfiParseError, match=r"^headline: expected"):
        Article.from_json(data)


def test_article_from_json_holds_edition_and_language_together() -> None:
    data = Article(headline="x").to_json().replace('"edition": null', '"edition": "fr"')
    with pytest.raises(RfiParseError, match=r"^language:"):
        Article.from_json(data)


def test_teaser_text_is_its_title() -> None:
    assert Teaser(title="Le titre", url="https://www.rfi.fr/fr/x").text == "Le titre"


def test_teaser_markdown_shows_topic_time_and_picture() -> None:
    teaser = Teaser(
        title="A *title*",
        url="https://www.rfi.fr/fr/x",
        topic="# France",
        published=datetime(2024, 1, 2, 3, 4, tzinfo=PARIS),
        image=Image(url="https://s.rfi.fr/a.jpg", alt="alt"),
    )
    assert teaser.to_markdown() == (
        "[A \\*title\\*](https://www.rfi.fr/fr/x)\n\n\\# France\n\n"
        "2024-01-02T03:04:00+01:00\n\n![alt](https://s.rfi.fr/a.jpg)"
    )


def test_teaser_markdown_of_a_bare_teaser_is_its_link() -> None:
    teaser = Teaser(title="T", url="https://www.rfi.fr/fr/x")
    assert teaser.to_markdown() == "[T](https://www.rfi.fr/fr/x)"


def test_markdown_metadata_is_off_by_default() -> None:
    article = Article(headline="T", url="https://www.rfi.fr/fr/x")
    assert article.to_markdown() == "# T"


def test_markdown_metadata_gives_a_byline_of_what_the_article_has() -> None:
    article = Article(
        headline="T",
        url="https://www.rfi.fr/fr/x",
        authors=(Author(name="A_1"), Author(name="B")),
    )
    assert article.to_markdown(metadata=True) == "# T\n\n*A\\_1, B · <https://www.rfi.fr/fr/x>*"


def test_markdown_metadata_of_an_article_without_any_adds_nothing() -> None:
    article = Article(headline="T")
    assert article.to_markdown(metadata=True) == article.to_markdown()


def test_markdown_metadata_leaves_out_a_url_that_is_not_http() -> None:
    # Articles built by hand may hold anything: only an http(s) URL is shown.
    article = Article(headline="T", url="javascript:alert(1)")
    assert article.to_markdown(metadata=True) == "# T"


def test_example_record_is_the_seed_fixture() -> None:
    # The bundled sample is the real record tests/fixtures/records/record_2023_seed.txt:
    # its expectations are the golden ones.
    assert rfiparse.example_record() == (RECORDS / "record_2023_seed.txt").read_bytes()


def test_example_record_parses() -> None:
    article = rfiparse.parse(rfiparse.example_record())
    assert article.headline == "中国召集巴勒斯坦及阿拉伯国家外长大会"
