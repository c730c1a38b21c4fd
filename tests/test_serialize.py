"""Lossless serialisation: to_json / from_dict round trips and the shipped JSON Schemas."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from importlib import resources
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

import rfiparse
import strategies
from goldens import ARTICLE_KINDS, SEED, Case, cases, fixture, inputs
from rfiparse import (
    Alternate,
    Article,
    Author,
    Image,
    ImageRendition,
    InlineLink,
    Media,
    Paragraph,
    RelatedLink,
    RfiParseError,
    Teaser,
    _schema,
)
from rfiparse._feed import parse_feed
from rfiparse._listing import parse_listing
from rfiparse._serialize import from_dict, teaser_from_dict

# <name>.json beside its input: the golden article fixtures (as test_fixtures.py reads them).
CASES = cases(*ARTICLE_KINDS)
FEEDS = inputs("feed")
LISTINGS = inputs("listing")


def _fixture_articles() -> Iterator[tuple[str, Article]]:
    for case in CASES:
        yield case.name, rfiparse.parse(case.read())


def _feed_articles() -> Iterator[tuple[str, Article]]:
    for path in FEEDS:
        for i, article in enumerate(parse_feed(path.read_bytes())):
            yield f"{path.stem}[{i}]", article


def _teasers() -> Iterator[tuple[str, Teaser]]:
    for path in LISTINGS:
        for i, teaser in enumerate(parse_listing(path.read_bytes())):
            yield f"{path.stem}[{i}]", teaser


def _shipped(name: str) -> str:
    return (resources.files("rfiparse") / "schema" / name).read_text(encoding="utf-8")


def _check_date_time(value: object) -> bool:
    """RFC 3339 date-time as isoformat() writes it: parsable, with an offset."""
    if not isinstance(value, str):
        return True
    try:
        return datetime.fromisoformat(value).tzinfo is not None and "T" in value
    except ValueError:
        return False


def _validator(name: str) -> Draft202012Validator:
    checker = FormatChecker(formats=())
    checker.checks("date-time", raises=())(_check_date_time)
    return Draft202012Validator(json.loads(_shipped(name)), format_checker=checker)


ARTICLE_VALIDATOR = _validator("article.schema.json")
TEASER_VALIDATOR = _validator("teaser.schema.json")


def _assert_round_trip(article: Article) -> None:
    data = article.to_dict()
    assert from_dict(data) == article
    # Equality of aware datetimes compares instants only: the dict shows the offsets too.
    assert from_dict(data).to_dict() == data
    assert from_dict(json.loads(article.to_json())) == article
    assert from_dict(json.loads(article.to_json(indent=2))) == article


# -- to_json ---------------------------------------------------------------------------


def test_to_json_is_the_dict_with_unicode_kept() -> None:
    article = rfiparse.parse(fixture("page_cn_taiwan_defense_budget.html").read_bytes())
    text = article.to_json()
    assert json.loads(text) == article.to_dict()
    assert "\n" not in text
    assert article.headline is not None
    assert article.headline in text  # Chinese as written, not \uXXXX escapes
    indented = article.to_json(indent=2)
    assert indented.startswith('{\n  "headline": ')
    assert json.loads(indented) == article.to_dict()


def test_teaser_to_json_is_the_dict() -> None:
    teaser = Teaser(title="标题", url="https://www.rfi.fr/cn/x", published=None)
    assert teaser.to_json() == '{"title": "标题", "url": "https://www.rfi.fr/cn/x", ' + (
        '"topic": null, "image": null, "published": null}'
    )
    assert json.loads(teaser.to_json(indent=4)) == teaser.to_dict()


# -- round trips on real outputs ------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_round_trips(case: Case) -> None:
    article = rfiparse.parse(case.read())
    _assert_round_trip(article)
    # The golden JSON itself rebuilds the parse result.
    golden = case.load()
    assert from_dict(golden) == article


def test_feed_articles_round_trip() -> None:
    found = list(_feed_articles())
    assert len(found) >= len(FEEDS) > 0
    for _, article in found:
        _assert_round_trip(article)


def test_listing_teasers_round_trip() -> None:
    found = list(_teasers())
    assert found
    for _, teaser in found:
        data = teaser.to_dict()
        assert teaser_from_dict(data) == teaser
        assert teaser_from_dict(data).to_dict() == data
        assert teaser_from_dict(json.loads(teaser.to_json())) == teaser


# -- round trips on random values -------------------------------------------------------

# Offsets of any size to the microsecond (datetime.timezone's whole range), to check
# that every offset isoformat() can write comes back exactly.
_OFFSETS = st.timedeltas(
    min_value=-timedelta(hours=24) + timedelta(microseconds=1),
    max_value=timedelta(hours=24) - timedelta(microseconds=1),
).map(timezone)
_ANY_TIMES = st.datetimes(timezones=_OFFSETS)
_MAYBE_INTS = st.none() | st.integers(0, 10**6)
_MAYBE_TEXTS = st.none() | strategies.texts()
_URLS = strategies.article_urls().map(lambda u: u[0])
_RENDITIONS = st.builds(
    ImageRendition,
    url=_URLS,
    width=_MAYBE_INTS,
    type=st.none() | st.sampled_from(("image/webp", "image/jpeg")),
)
_IMAGES = st.builds(
    attrs.evolve,
    strategies.body_images(),
    renditions=st.lists(_RENDITIONS, max_size=3).map(tuple),
)
_PAGE_ONLY = st.fixed_dictionaries(
    {
        "published": st.none() | _ANY_TIMES,
        "modified": st.none() | _ANY_TIMES,
        "feed_record_time": st.none() | _ANY_TIMES,
        "image": st.none() | _IMAGES,
        "tags": st.lists(strategies.texts(2), max_size=4).map(tuple),
        "alternates": st.lists(
            st.builds(Alternate, language=st.sampled_from(("fr", "zh-Hant")), url=_URLS),
            max_size=3,
        ).map(tuple),
        "reading_time": _MAYBE_INTS,
        "word_count": _MAYBE_INTS,
        "short_url": st.none() | st.just("https://rfi.my/CEAH"),
        "headline": _MAYBE_TEXTS,
        "url": st.none() | _URLS,
    }
)
# The feed-record articles of tests/strategies.py, and (where that module has them)
# full-page ones, plus every field drawn free: the round trip must not depend on it.
_FULL_PAGE: Callable[[], st.SearchStrategy[Article]] | None = getattr(
    strategies, "page_articles", None
)
_BASE_ARTICLES = (
    strategies.articles() if _FULL_PAGE is None else strategies.articles() | _FULL_PAGE()
)
_ARTICLES = _BASE_ARTICLES | st.builds(
    lambda article, extra: attrs.evolve(article, **extra), strategies.articles(), _PAGE_ONLY
)
_TEASERS = st.builds(
    Teaser,
    title=strategies.texts(),
    url=_URLS,
    topic=_MAYBE_TEXTS,
    image=st.none() | _IMAGES,
    published=st.none() | _ANY_TIMES,
)


@settings(max_examples=300, deadline=None)
@given(_ARTICLES)
def test_from_dict_inverts_to_dict(article: Article) -> None:
    assert from_dict(article.to_dict()) == article
    assert from_dict(json.loads(article.to_json())) == article
    assert from_dict(article.to_dict()).to_dict() == article.to_dict()


@settings(max_examples=100, deadline=None)
@given(_ARTICLES)
def test_random_articles_match_the_schema(article: Article) -> None:
    ARTICLE_VALIDATOR.validate(json.loads(article.to_json()))


@settings(max_examples=200, deadline=None)
@given(_TEASERS)
def test_teaser_from_dict_inverts_to_dict(teaser: Teaser) -> None:
    assert teaser_from_dict(teaser.to_dict()) == teaser
    assert teaser_from_dict(json.loads(teaser.to_json())).to_dict() == teaser.to_dict()
    TEASER_VALIDATOR.validate(teaser.to_dict())


# -- the schemas ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "generate"),
    [
        ("article.schema.json", _schema.article_schema),
        ("teaser.schema.json", _schema.teaser_schema),
    ],
)
def test_shipped_schema_is_what_the_model_generates(
    name: str, generate: Callable[[], dict[str, Any]]
) -> None:
    # Byte for byte: if this fails, run `python -m rfiparse._schema` and commit the result.
    assert _shipped(name) == _schema.render(generate())
    Draft202012Validator.check_schema(generate())


def test_schema_requires_every_field_and_nothing_else() -> None:
    schema = _schema.article_schema()
    assert schema["required"] == [f.name for f in attrs.fields(Article)]
    assert schema["additionalProperties"] is False
    for cls in (Paragraph, InlineLink, Image, ImageRendition, RelatedLink, Author, Media):
        definition = schema["$defs"][cls.__name__]
        assert definition["required"] == [f.name for f in attrs.fields(cls)]
        assert definition["additionalProperties"] is False
    assert schema["$defs"]["Paragraph"]["properties"]["kind"]["enum"] == [
        "paragraph",
        "heading",
        "quote",
        "list-item",
    ]
    assert schema["properties"]["published"]["anyOf"] == [
        {"type": "string", "format": "date-time"},
        {"type": "null"},
    ]
    assert "description" in schema["properties"]["headline"]


def test_schema_check_command_passes() -> None:
    assert _schema.main(["--check"]) == 0


@pytest.mark.parametrize(("name", "article"), list(_fixture_articles()))
def test_fixture_articles_match_the_schema(name: str, article: Article) -> None:
    ARTICLE_VALIDATOR.validate(json.loads(article.to_json()))


def test_feed_articles_match_the_schema() -> None:
    for _, article in _feed_articles():
        ARTICLE_VALIDATOR.validate(json.loads(article.to_json()))


def test_listing_teasers_match_the_schema() -> None:
    for _, teaser in _teasers():
        TEASER_VALIDATOR.validate(json.loads(teaser.to_json()))


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.pop("lead"),
        lambda d: d.update(extra=1),
        lambda d: d.update(headline=1),
        lambda d: d.update(published="2020-07-04 12:00"),
        lambda d: d["paragraphs"][0].update(kind="aside"),
        lambda d: d["image"].update(width="1024"),
    ],
)
def test_schema_refuses_bad_articles(mutate: Callable[[dict[str, Any]], object]) -> None:
    data = SAMPLE.to_dict()
    mutate(data)
    with pytest.raises(ValidationError):
        ARTICLE_VALIDATOR.validate(data)


# -- from_dict on bad data ----------------------------------------------------------------

PARIS_SUMMER = timezone(timedelta(hours=2))
SAMPLE = Article(
    headline="标题",
    url="https://www.rfi.fr/cn/x",
    paragraphs=(
        Paragraph(text="一"),
        Paragraph(text="二", kind="heading"),
        Paragraph(text="三", kind="quote"),
        Paragraph(text="四 链接", links=(InlineLink(text="链接", url="https://example.com/"),)),
    ),
    published=datetime(2020, 7, 4, 12, 0, tzinfo=PARIS_SUMMER),
    image=Image(
        url="https://s.rfi.fr/a.jpg",
        renditions=(ImageRendition(url="https://s.rfi.fr/b.webp", width=720, type="image/webp"),),
    ),
    media=(Media(kind="audio", url="https://aod.example/a.mp3", duration=61),),
    tags=("中国",),
    word_count=120,
)


def test_sample_round_trips() -> None:
    _assert_round_trip(SAMPLE)
    rebuilt = from_dict(SAMPLE.to_dict())
    assert rebuilt.published is not None
    assert rebuilt.published.utcoffset() == timedelta(hours=2)


def _set(path: tuple[str | int, ...], value: object) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return mutate


def _delete(path: tuple[str | int, ...]) -> Callable[[dict[str, Any]], None]:
    def mutate(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        del target[path[-1]]

    return mutate


BAD = [
    # missing keys
    ("headline", "missing", _delete(("headline",))),
    ("paragraphs[3].kind", "missing", _delete(("paragraphs", 3, "kind"))),
    ("image.renditions[0].type", "missing", _delete(("image", "renditions", 0, "type"))),
    # unknown keys
    ("colour", "unknown key", _set(("colour",), "red")),
    ("paragraphs[1].style", "unknown key", _set(("paragraphs", 1, "style"), None)),
    ("media[0].bitrate", "unknown key", _set(("media", 0, "bitrate"), 128)),
    # wrong types
    ("headline", "expected a string", _set(("headline",), 42)),
    ("url", "expected a string", _set(("url",), ["https://www.rfi.fr/cn/x"])),
    ("paragraphs", "expected an array", _set(("paragraphs",), "一")),
    ("paragraphs", "expected an array", _set(("paragraphs",), None)),
    ("paragraphs[2]", "expected an object", _set(("paragraphs", 2), "三")),
    (
        "paragraphs[3].links[0].url",
        "expected a string",
        _set(("paragraphs", 3, "links", 0, "url"), None),
    ),
    ("image", "expected an object", _set(("image",), "https://s.rfi.fr/a.jpg")),
    (
        "image.renditions[0].width",
        "expected an integer",
        _set(("image", "renditions", 0, "width"), "720"),
    ),
    (
        "image.renditions[0].width",
        "expected an integer",
        _set(("image", "renditions", 0, "width"), 720.0),
    ),
    ("word_count", "expected an integer", _set(("word_count",), True)),
    ("media[0].duration", "expected an integer", _set(("media", 0, "duration"), "1:01")),
    ("tags[0]", "expected a string", _set(("tags", 0), 1)),
    # invalid kinds
    ("paragraphs[3].kind", "one of 'paragraph'", _set(("paragraphs", 3, "kind"), "aside")),
    ("paragraphs[3].kind", "one of 'paragraph'", _set(("paragraphs", 3, "kind"), None)),
    ("media[0].kind", "one of 'audio'", _set(("media", 0, "kind"), "podcast")),
    # bad dates
    ("published", "ISO 8601", _set(("published",), "2020-07-04T12:00:00")),
    ("published", "ISO 8601", _set(("published",), "2020-07-04T12:00:00Z")),
    ("published", "ISO 8601", _set(("published",), "04/07/2020 - 12:00")),
    ("published", "ISO 8601", _set(("published",), "2020-07-04 12:00:00+02:00")),
    ("published", "ISO 8601", _set(("published",), 1593856800)),
    ("published", "invalid datetime", _set(("published",), "2020-13-04T12:00:00+02:00")),
    ("modified", "invalid datetime", _set(("modified",), "2020-02-30T12:00:00+00:00")),
    (
        "feed_record_time",
        "invalid datetime",
        _set(("feed_record_time",), "2020-07-04T12:00:00+24:00"),
    ),
]


@pytest.mark.parametrize(("path", "message", "mutate"), BAD, ids=[f"{p}-{m}" for p, m, _ in BAD])
def test_from_dict_names_the_bad_field(
    path: str, message: str, mutate: Callable[[dict[str, Any]], None]
) -> None:
    data = copy.deepcopy(SAMPLE.to_dict())
    mutate(data)
    with pytest.raises(RfiParseError) as info:
        from_dict(data)
    text = str(info.value)
    assert text.startswith(path + ": "), text
    assert message in text


@pytest.mark.parametrize("data", [None, [], "{}", 3])
def test_from_dict_refuses_what_is_not_a_mapping(data: Any) -> None:
    with pytest.raises(RfiParseError, match=r"^<root>: expected an object"):
        from_dict(data)
    with pytest.raises(RfiParseError, match=r"^<root>: expected an object"):
        teaser_from_dict(data)


def test_from_dict_refuses_an_empty_mapping_and_non_string_keys() -> None:
    with pytest.raises(RfiParseError, match=r"^headline: missing"):
        from_dict({})
    with pytest.raises(RfiParseError, match=r"^1: unknown key"):
        from_dict({**SAMPLE.to_dict(), 1: None})  # type: ignore[dict-item]


def test_teaser_from_dict_names_the_bad_field() -> None:
    data = Teaser(title="t", url="https://www.rfi.fr/cn/x", image=SAMPLE.image).to_dict()
    with pytest.raises(RfiParseError, match=r"^title: missing"):
        teaser_from_dict({k: v for k, v in data.items() if k != "title"})
    with pytest.raises(RfiParseError, match=r"^image\.renditions\[0\]\.url: expected a string"):
        teaser_from_dict(
            {
                **data,
                "image": {**data["image"], "renditions": [{"url": 1, "width": None, "type": None}]},
            }
        )
    with pytest.raises(RfiParseError, match=r"^published: expected an ISO 8601"):
        teaser_from_dict({**data, "published": "yesterday"})
    with pytest.raises(RfiParseError, match=r"^paragraphs: unknown key"):
        teaser_from_dict({**data, "paragraphs": []})


def test_from_dict_accepts_tuples_and_gives_fixed_offsets() -> None:
    data = SAMPLE.to_dict()
    data["tags"] = tuple(data["tags"])
    rebuilt = from_dict(data)
    assert rebuilt == SAMPLE
    assert rebuilt.published is not None
    assert rebuilt.published.tzinfo == PARIS_SUMMER


def test_to_markdown_is_the_markdown_renderer() -> None:
    from rfiparse._markdown import article_markdown

    article = rfiparse.parse(SEED.read_bytes())
    markdown = article.to_markdown()
    assert markdown == article_markdown(article)
    assert markdown.startswith("# 中国召集巴勒斯坦及阿拉伯国家外长大会\n")


# -- from_dict enforces the contracts parse() guarantees --------------------------------

# Every field set, so that every string, integer and datetime path can be made hostile.
FULL = Article(
    headline="标题",
    url="https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-x",
    lead="导语。",
    paragraphs=(
        Paragraph(text="一 链接", links=(InlineLink(text="链接", url="https://example.com/a"),)),
        Paragraph(text="二", kind="heading"),
    ),
    published=datetime(2020, 7, 4, 12, 0, tzinfo=PARIS_SUMMER),
    image=Image(
        url="https://s.rfi.fr/a.jpg",
        alt="替代",
        caption="说明",
        credit="© AFP",
        width=1024,
        height=576,
        renditions=(ImageRendition(url="https://s.rfi.fr/b.webp", width=720, type="image/webp"),),
    ),
    related=(RelatedLink(title="相关", url="https://www.rfi.fr/cn/y", topic="中国"),),
    edition="cn",
    language="zh-Hans",
    section="中国",
    programme="特别节目",
    authors=(Author(name="左依", url="https://www.rfi.fr/cn/%E4%BD%9C%E8%80%85/x/"),),
    feed_record_time=datetime(2020, 7, 4, 10, 0, tzinfo=timezone.utc),
    media=(
        Media(kind="audio", url="https://aod.example/a.mp3", id="M-1", title="节目", duration=61),
    ),
    body_images=(Image(url="https://s.rfi.fr/c.jpg", caption="图"),),
    copyright="© 2020 AFP",
    modified=datetime(2020, 7, 4, 13, 0, tzinfo=timezone.utc),
    tags=("中国", "台海"),
    alternates=(Alternate(language="zh-Hant", url="https://www.rfi.fr/tw/x"),),
    reading_time=7,
    word_count=1193,
    short_url="https://rfi.my/CEAH",
)
FULL_TEASER = Teaser(
    title="标题",
    url="https://www.rfi.fr/cn/x",
    topic="中国",
    image=FULL.image,
    published=FULL.published,
)


def _leaves(value: object, path: str = "") -> Iterator[tuple[str, tuple[str | int, ...], object]]:
    """``(shown path, key path, value)`` of every string and integer in a ``to_dict()``."""
    steps: Iterator[tuple[str | int, object]]
    if isinstance(value, dict):
        steps = iter(value.items())
    elif isinstance(value, list):
        steps = iter(enumerate(value))
    else:
        return
    for key, item in steps:
        shown = f"{path}[{key}]" if isinstance(key, int) else (f"{path}.{key}" if path else key)
        if isinstance(item, (dict, list)):
            for leaf_path, keys, leaf in _leaves(item, shown):
                yield leaf_path, (key, *keys), leaf
        elif isinstance(item, (str, int)):
            yield shown, (key,), item


def _hostile_paths(data: dict[str, Any], kind: str) -> list[tuple[str, tuple[str | int, ...]]]:
    def is_url(shown: str) -> bool:
        return shown.endswith("url")  # url and short_url, at any depth

    found = []
    for shown, keys, value in _leaves(data):
        if shown.endswith(".kind") or shown == "kind":
            continue  # a Literal: tested above
        if kind == "url" and isinstance(value, str) and is_url(shown):
            found.append((shown, keys))
        elif kind == "text" and isinstance(value, str) and not is_url(shown):
            if not shown.endswith(("published", "modified", "feed_record_time")):
                found.append((shown, keys))
        elif kind == "int" and isinstance(value, int):
            found.append((shown, keys))
    return found


HOSTILE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:x",
    "mailto:a@example.com",
    "//evil.example/x",
    "/cn/x",
    "evil.example/x",
    "",
    "https://",
    "https:///x",
    "https://example.com/a b",
    "https://example.com/a\nb",
    "https://example.com/<script>",
    "https://例子.com/",
    "https://example.com/中国",
    "http://www.rfi.fr/cn/x",
    "https://www.rfi.fr//cn/x",
    "https://example.com:port/",
    "https://[::1/",
]
HOSTILE_TEXTS = [
    "",
    " ",
    "a\nb",
    "a\r\nb",
    " a",
    "a ",
    "a  b",
    "a\tb",
    "a\u3000b",
    "\x00",
    "a\x1bb",
    "\ud800",
    "\ufffe",
    "a\u2028b",
    "a\xa0b",
]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_from_dict_refuses_any_field_made_hostile(data: st.DataObject) -> None:
    negative = -data.draw(st.integers(1, 10**20), label="negative")
    _assert_refuses_a_hostile_field(data, FULL.to_dict(), from_dict, negative)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_teaser_from_dict_refuses_any_field_made_hostile(data: st.DataObject) -> None:
    _assert_refuses_a_hostile_field(data, FULL_TEASER.to_dict(), teaser_from_dict, -1)


def _assert_refuses_a_hostile_field(
    data: st.DataObject, base: dict[str, Any], read: Callable[[Any], object], negative: int
) -> None:
    """``read`` refuses ``base`` with one URL, text or integer field made hostile, naming it."""
    kind = data.draw(st.sampled_from(["url", "text", "int"]), label="kind")
    shown, keys = data.draw(st.sampled_from(_hostile_paths(base, kind)), label="field")
    value: object = negative
    if kind == "url":
        value = data.draw(st.sampled_from(HOSTILE_URLS), label="url")
    elif kind == "text":
        value = data.draw(st.sampled_from(HOSTILE_TEXTS), label="text")
    hostile = copy.deepcopy(base)
    _set(keys, value)(hostile)
    with pytest.raises(RfiParseError) as info:
        read(hostile)
    assert str(info.value).startswith(shown + ": "), str(info.value)


def test_the_full_sample_round_trips() -> None:
    _assert_round_trip(FULL)
    assert teaser_from_dict(FULL_TEASER.to_dict()) == FULL_TEASER


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (("paragraphs", 0, "links", 0, "url"), "javascript:x", "absolute http or https URL"),
        (("image", "url"), "data:image/gif;base64,R0lGOD", "absolute http or https URL"),
        (("url",), "http://www.rfi.fr/cn/x", "https for an rfi.fr URL"),
        (("headline",), "第一行\n# 第二行", "one line"),
        (("paragraphs", 1, "text"), "  二", "trimmed"),
        (("tags", 0), "", "not empty"),
        (("word_count",), -1, "not negative"),
    ],
)
def test_from_dict_says_which_contract_a_field_breaks(
    path: tuple[str | int, ...], value: object, message: str
) -> None:
    data = FULL.to_dict()
    _set(path, value)(data)
    with pytest.raises(RfiParseError, match=message):
        from_dict(data)


def test_from_dict_refuses_a_language_without_an_edition() -> None:
    with pytest.raises(RfiParseError, match=r"^language: must be null exactly when edition"):
        from_dict({**FULL.to_dict(), "edition": None})


def test_from_dict_shows_a_long_refused_value_cut_short() -> None:
    with pytest.raises(RfiParseError) as info:
        from_dict({**FULL.to_dict(), "headline": "x\n" * 10_000})
    assert len(str(info.value)) < 400


# What parse() returns from any tag soup comes back whole from its dict.
_SOUP = [
    "<div>", "</div>", "<p>", "</p>", "<strong>", "</strong>", "<h2>", "</h2>", "<ul><li>",
    '<a href="/cn/x">', '<a href="javascript:x">', '<a href="https://例子.com/a b">', "</a>",
    '<img src="https://s.rfi.fr/a.jpg" alt="a\tb">', '<img src="data:image/gif;base64,R0">',
    '<iframe src="https://www.youtube.com/embed/abcdefg">', "<figure>", "<figcaption>",
    "<blockquote>", "<br>", "&nbsp;", "\u3000", "\x00", "\x1b", "\u2028", "<!--1700405102000-->\n",
    "[标题\t – RFI](http://www.rfi.fr//cn/专栏检索/特别节目/x)\n------\n", "19/11/2023 - 15:34",
    '<p class="t-copyright">', "© 2020 AFP", "文字", "texte ", " ", "\n", "<", ">", '"',
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_SOUP), max_size=40).map("".join))
def test_whatever_parse_returns_round_trips_through_from_dict(text: str) -> None:
    try:
        article = rfiparse.parse(text)
    except RfiParseError:
        return
    _assert_round_trip(article)


# -- to_markdown is safe whatever the Article holds ---------------------------------------


def test_markdown_never_links_to_a_script_url() -> None:
    # Articles built by hand are not checked: the renderer refuses the target itself.
    article = Article(
        headline="T",
        paragraphs=(
            Paragraph(text="see t here", links=(InlineLink(text="t", url="javascript:x"),)),
            Paragraph(text="and u", links=(InlineLink(text="u", url="JAVASCRIPT:x"),)),
        ),
        image=Image(url="data:image/svg+xml,<svg onload=alert(1)>", caption="Légende"),
        related=(RelatedLink(title="R", url="vbscript:x"),),
    )
    markdown = article.to_markdown()
    assert "javascript" not in markdown.lower()
    assert "data:" not in markdown
    assert "vbscript" not in markdown
    assert markdown == "# T\n\n*Légende*\n\nsee t here\n\nand u\n\n## Related\n\n- R"


def test_markdown_encodes_what_would_end_a_link_or_its_line() -> None:
    article = Article(
        paragraphs=(
            Paragraph(
                text="x",
                links=(InlineLink(text="x", url="https://example.com/a)\n# b\u2028c d"),),
            ),
        )
    )
    assert article.to_markdown() == "[x](https://example.com/a%29%0A#%20b%E2%80%A8c%20d)"


def test_markdown_text_with_a_line_break_cannot_open_a_block() -> None:
    article = Article(headline="Titre\n# Faux titre", paragraphs=(Paragraph(text="a\n> b"),))
    assert article.to_markdown() == "# Titre # Faux titre\n\na \\> b"


def test_markdown_keeps_the_spaces_around_a_link_in_text_with_invisible_characters() -> None:
    paragraph = Paragraph(
        text="voir\u200b le site ici", links=(InlineLink(text="le site", url="https://e.com/"),)
    )
    assert (
        Article(paragraphs=(paragraph,)).to_markdown() == "voir\u200b [le site](https://e.com/) ici"
    )


# -- to_dict(): key order and value conversions, class by class -----------------------------

_LINK = {"text": "链接", "url": "https://example.com/a"}
_RENDITION = {"url": "https://s.rfi.fr/b.webp", "width": 720, "type": "image/webp"}
_IMAGE: dict[str, Any] = {
    "url": "https://s.rfi.fr/a.jpg",
    "alt": "替代",
    "caption": "说明",
    "credit": "© AFP",
    "width": 1024,
    "height": 576,
    "renditions": [_RENDITION],
}
_BODY_IMAGE: dict[str, Any] = {
    "url": "https://s.rfi.fr/c.jpg",
    "alt": None,
    "caption": "图",
    "credit": None,
    "width": None,
    "height": None,
    "renditions": [],
}
_FULL_DICT: dict[str, Any] = {
    "headline": "标题",
    "url": "https://www.rfi.fr/cn/%E4%B8%AD%E5%9B%BD/20231119-x",
    "lead": "导语。",
    "paragraphs": [
        {"text": "一 链接", "kind": "paragraph", "links": [_LINK]},
        {"text": "二", "kind": "heading", "links": []},
    ],
    "published": "2020-07-04T12:00:00+02:00",
    "image": _IMAGE,
    "related": [{"title": "相关", "url": "https://www.rfi.fr/cn/y", "topic": "中国"}],
    "edition": "cn",
    "language": "zh-Hans",
    "section": "中国",
    "programme": "特别节目",
    "authors": [{"name": "左依", "url": "https://www.rfi.fr/cn/%E4%BD%9C%E8%80%85/x/"}],
    "feed_record_time": "2020-07-04T10:00:00+00:00",
    "media": [
        {
            "kind": "audio",
            "url": "https://aod.example/a.mp3",
            "id": "M-1",
            "title": "节目",
            "duration": 61,
        }
    ],
    "body_images": [_BODY_IMAGE],
    "copyright": "© 2020 AFP",
    "modified": "2020-07-04T13:00:00+00:00",
    "tags": ["中国", "台海"],
    "alternates": [{"language": "zh-Hant", "url": "https://www.rfi.fr/tw/x"}],
    "reading_time": 7,
    "word_count": 1193,
    "short_url": "https://rfi.my/CEAH",
}
_EMPTY_DICT: dict[str, Any] = {
    "headline": None,
    "url": None,
    "lead": None,
    "paragraphs": [],
    "published": None,
    "image": None,
    "related": [],
    "edition": None,
    "language": None,
    "section": None,
    "programme": None,
    "authors": [],
    "feed_record_time": None,
    "media": [],
    "body_images": [],
    "copyright": None,
    "modified": None,
    "tags": [],
    "alternates": [],
    "reading_time": None,
    "word_count": None,
    "short_url": None,
}
TO_DICT_CASES: list[tuple[str, Any, dict[str, Any]]] = [
    ("InlineLink", FULL.paragraphs[0].links[0], _LINK),
    ("Paragraph", FULL.paragraphs[0], _FULL_DICT["paragraphs"][0]),
    ("ImageRendition", ImageRendition(url="https://s.rfi.fr/d.jpg"), {
        "url": "https://s.rfi.fr/d.jpg", "width": None, "type": None,
    }),
    ("Image", FULL.image, _IMAGE),
    ("Image-empty", FULL.body_images[0], _BODY_IMAGE),
    ("RelatedLink", FULL.related[0], _FULL_DICT["related"][0]),
    ("Author", Author(name="A"), {"name": "A", "url": None}),
    ("Media", FULL.media[0], _FULL_DICT["media"][0]),
    ("Media-empty", Media(kind="iframe", url="https://e.com/"), {
        "kind": "iframe", "url": "https://e.com/", "id": None, "title": None, "duration": None,
    }),
    ("Alternate", FULL.alternates[0], _FULL_DICT["alternates"][0]),
    ("Article", FULL, _FULL_DICT),
    ("Article-empty", Article(), _EMPTY_DICT),
    ("Teaser", FULL_TEASER, {
        "title": "标题",
        "url": "https://www.rfi.fr/cn/x",
        "topic": "中国",
        "image": _IMAGE,
        "published": "2020-07-04T12:00:00+02:00",
    }),
    ("Teaser-empty", Teaser(title="t", url="https://www.rfi.fr/cn/x"), {
        "title": "t", "url": "https://www.rfi.fr/cn/x", "topic": None, "image": None,
        "published": None,
    }),
]  # fmt: skip


def _ordered(value: object) -> object:
    """``value`` with every dict made a list of its items, so that equality sees key order.

    Lists stay lists and anything else stays as it is: a tuple never equals a list.
    """
    if isinstance(value, dict):
        return [(key, _ordered(item)) for key, item in value.items()]
    if isinstance(value, list):
        return [_ordered(item) for item in value]
    return value


def test_ordered_sees_key_order_and_tuples() -> None:
    assert _ordered({"a": 1, "b": [{"c": 2, "d": 3}]}) == [("a", 1), ("b", [[("c", 2), ("d", 3)]])]
    assert _ordered({"a": 1, "b": 2}) != _ordered({"b": 2, "a": 1})
    assert _ordered({"a": [{"c": 2, "d": 3}]}) != _ordered({"a": [{"d": 3, "c": 2}]})
    assert _ordered({"a": ["x"]}) != _ordered({"a": ("x",)})


def test_the_to_dict_cases_cover_every_model_class() -> None:
    model_classes = {
        name for name in rfiparse.model.__all__ if attrs.has(getattr(rfiparse.model, name))
    }
    assert {type(value).__name__ for _, value, _ in TO_DICT_CASES} == model_classes


@pytest.mark.parametrize(
    ("value", "expected"), [c[1:] for c in TO_DICT_CASES], ids=[c[0] for c in TO_DICT_CASES]
)
def test_to_dict_writes_every_field_in_order_as_json_holds_it(
    value: Any, expected: dict[str, Any]
) -> None:
    # Fields in declaration order, None kept, datetimes as isoformat() strings (offset
    # included), tuples as lists, nested objects as dicts: what golden JSON, the schema
    # and to_json() are written from.
    data = value.to_dict()
    assert _ordered(data) == _ordered(expected)
    assert list(data) == [field.name for field in attrs.fields(type(value))]


def test_to_dict_gives_a_new_dict_each_time() -> None:
    first = FULL.to_dict()
    first["paragraphs"][0]["links"].clear()
    first["tags"].append("x")
    assert FULL.to_dict() == _FULL_DICT


def test_dict_writer_refuses_a_field_type_json_has_no_form_for() -> None:
    from rfiparse._fields import dict_writer

    @attrs.frozen(kw_only=True)
    class Odd:
        name: str
        weights: frozenset[str]

    with pytest.raises(NotImplementedError, match="frozenset"):
        dict_writer(Odd)
