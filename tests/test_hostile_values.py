"""Hostile values in what the parser reads: an Article, teasers or an RfiParseError, never more.

Every value read from a document and converted (URLs, numbers, dates, JSON) is
listed in ``strategies.PAGE_VALUES``; the property tests put hostile values into
each of them, in RFI-like documents of every shape.
"""

from __future__ import annotations

import ast
import contextlib
import json
import math
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rfiparse
import strategies
from invariants import CHECKS, assert_http_url
from rfiparse._dates import iso_datetime, paris_datetime
from rfiparse._editions import rfi_path_segments
from rfiparse._images import dimension
from rfiparse._json import (
    MAX_JSON_CHARS,
    MAX_JSON_DEPTH,
    MAX_NUMBER_CHARS,
    json_count,
    json_items,
    json_str,
    nests_too_deep,
    read_json,
)
from rfiparse._media import _seconds
from rfiparse._record import split_record
from rfiparse._share import query as _query
from rfiparse._urls import normalize_url

SOURCE = Path(rfiparse.__file__).parent
P = (
    '<html><head>{}</head><body><h1 class="t-content__title">T</h1>'
    '<div class="t-content__body"><p>x</p></div>{}</body></html>'
)


def _ld(value: str) -> str:
    return P.format(f'<script type="application/ld+json">{value}</script>', "")


# -- the reproductions --------------------------------------------------------


def test_a_share_link_whose_host_urlsplit_refuses_is_skipped() -> None:
    shares = '<div class="t-content__shares"><a href="http://[">s</a></div>'
    article = rfiparse.parse(P.format('<meta property="og:type" content="article">', shares))
    assert article.short_url is None


def test_a_share_link_with_a_broken_host_still_gives_its_short_link() -> None:
    href = "http://[/share?u=https%3A%2F%2Frfi.my%2FCEAH.F"
    shares = f'<div class="t-content__shares"><a href="{href}">s</a></div>'
    article = rfiparse.parse(P.format('<meta property="og:type" content="article">', shares))
    assert article.short_url == "https://rfi.my/CEAH"


@pytest.mark.parametrize("count", ['"²"', '"٣"', '"１２"', '"' + "9" * 5000 + '"', "9" * 5000])
def test_a_word_count_that_is_not_ascii_digits_or_too_long_is_absent(count: str) -> None:
    article = rfiparse.parse(_ld(f'{{"@type":"NewsArticle","wordCount":{count}}}'))
    assert article.headline == "T"
    assert article.word_count is None


def test_deeply_nested_image_dataset_is_ignored() -> None:
    html = '<div><p>x</p><figure><img data-image-dataset="' + "[" * 20000 + '"></figure></div>'
    assert rfiparse.parse(html).body_images == ()


def test_deeply_nested_audio_data_is_ignored() -> None:
    html = '<div><p>x</p><div><script data-media-id="1">' + "[" * 20000 + "</script></div></div>"
    assert rfiparse.parse(html).media == ()


def test_balanced_json_ld_nested_a_thousand_deep_is_ignored() -> None:
    html = (
        '<html><head><script type="application/ld+json">'
        + "[" * 1000
        + "]" * 1000
        + "</script></head><body><p>x</p></body></html>"
    )
    assert rfiparse.parse(html).paragraphs[0].text == "x"


def test_json_ld_nested_to_any_depth_near_the_recursion_limit_is_ignored() -> None:
    # The decoder and the walk over its result recursed separately: on any Python,
    # some depth passed the one and not the other (on 3.12+, depth 1000 does).
    limit = sys.getrecursionlimit()
    for depth in range(limit - 150, limit + 10):
        article = rfiparse.parse(_ld("[" * depth + '{"@type":"NewsArticle"}' + "]" * depth))
        assert article.headline == "T"


def test_a_batch_with_hostile_values_parses_every_input() -> None:
    hostile = [
        P.format("", '<div class="t-content__shares"><a href="http://[">s</a></div>'),
        _ld('{"@type":"NewsArticle","wordCount":"²"}'),
        '<div><p>x</p><figure><img data-image-dataset="' + "[" * 20000 + '"></figure></div>',
    ]
    results = list(rfiparse.parse_many(hostile, workers=1))
    assert all(isinstance(r, rfiparse.Article) for r in results), results


# -- the JSON reader ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "{",
        "[" * 20000,
        "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1),
        '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1),
        '"' + "x" * MAX_JSON_CHARS + '"',
        "\ufeff{}",
    ],
    ids=["none", "empty", "invalid", "open-brackets", "deep", "deep-objects", "long", "bom"],
)
def test_unusable_json_reads_as_absent(text: str | None) -> None:
    assert read_json(text) is None


def test_json_as_deep_as_the_limit_is_read() -> None:
    depth = MAX_JSON_DEPTH
    assert read_json("[" * depth + "1" + "]" * depth) is not None


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    text = json.dumps({"a": "[" * 5000, "b": '\\"[{' * 100, "c": "]" * 10})
    assert read_json(text) == json.loads(text)


def test_nesting_between_brackets_in_strings_is_still_too_deep() -> None:
    # Counting every bracket, strings' included, the depth never passes 32; the
    # decoder, which skips strings, nests 3,200 deep.
    assert read_json(("[" * 32 + '"' + "]" * 32 + '",') * 100 + "1") is None


def _json_depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max(map(_json_depth, value), default=0)
    if isinstance(value, dict):
        return 1 + max(map(_json_depth, value.values()), default=0)
    return 0


_RUNS = st.integers(1, 40)
# Runs of brackets, in strings and out, and other JSON tokens.
_NESTING_TOKENS = st.one_of(
    _RUNS.map(lambda n: "[" * n),
    _RUNS.map(lambda n: "]" * n),
    _RUNS.map(lambda n: '"' + "]" * n + '",'),
    _RUNS.map(lambda n: '"' + "[" * n + '",'),
    st.sampled_from(["{", "}", '{"a":', ",", "1", '"', "\\", '"\\"', '\\"']),
)


def _decoder_depth(text: str) -> int:
    """How deep a JSON decoder nests reading ``text``: brackets outside strings, to a stray one."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
            if depth < 0:
                break
    return deepest


_NESTED_SOUP = st.lists(_NESTING_TOKENS, max_size=40).map("".join)


@given(_NESTED_SOUP)
@settings(max_examples=500, deadline=None)
def test_text_a_decoder_would_nest_deeper_than_the_limit_is_refused_before_decoding(
    text: str,
) -> None:
    # The check before json.loads(): an invalid text gives None after decoding
    # too, but only once the decoder has recursed as deep as the text nests.
    if _decoder_depth(text) > MAX_JSON_DEPTH:
        assert nests_too_deep(text)


@given(_NESTED_SOUP)
@settings(max_examples=200, deadline=None)
def test_read_json_gives_values_within_the_depth_limit_or_none(text: str) -> None:
    assert _json_depth(read_json(text)) <= MAX_JSON_DEPTH


@pytest.mark.parametrize(
    "number", ["9" * (MAX_NUMBER_CHARS + 1), "-" + "9" * MAX_NUMBER_CHARS, "1e999", "-1e999"]
)
def test_a_number_beyond_the_limits_reads_as_null_in_place(number: str) -> None:
    assert read_json(f'{{"wordCount": {number}, "headline": "T"}}') == {
        "wordCount": None,
        "headline": "T",
    }


def test_a_long_real_number_reads_as_null() -> None:
    assert read_json("[0." + "1" * MAX_NUMBER_CHARS + "]") == [None]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_constants_read_as_null(constant: str) -> None:
    assert read_json(f"[{constant}, 1]") == [None, 1]


def test_of_duplicate_keys_the_last_wins() -> None:
    assert read_json('{"@type": "WebPage", "@type": "NewsArticle"}') == {"@type": "NewsArticle"}


_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(_JSON_VALUES, st.booleans())
@settings(max_examples=300, deadline=None)
def test_json_within_the_limits_reads_as_json_loads_does(value: object, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert read_json(text) == json.loads(text)


@given(st.text(alphabet='[]{}"\\:,1 ae', max_size=200))
@settings(max_examples=500, deadline=None)
def test_read_json_never_raises_and_gives_json_loads_or_none(text: str) -> None:
    value = read_json(text)
    if value is not None:
        assert value == json.loads(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (740, 740),
        (0, 0),
        (" 740 ", 740),
        ("740", 740),
        ("²", None),
        ("٣", None),
        ("１２", None),
        ("+7", None),
        ("-1", None),
        ("1e3", None),
        ("7.0", None),
        ("", None),
        (-1, None),
        (True, None),
        (7.0, None),
        (10**9, None),
        ("1" * 10, None),
        (None, None),
        ([740], None),
    ],
)
def test_json_count_reads_ascii_digits_only(value: object, expected: int | None) -> None:
    assert json_count(value, max_digits=9) == expected


def test_json_items_and_json_str_are_typed() -> None:
    assert json_items(None) == []
    assert json_items("a") == ["a"]
    assert json_items([1, "a"]) == [1, "a"]
    assert json_str(1) is None
    assert json_str("a") == "a"


@given(st.floats(allow_nan=False, allow_infinity=False).filter(math.isfinite))
def test_finite_real_numbers_are_read(value: float) -> None:
    assert read_json(json.dumps([value])) == [value]


# -- URLs -----------------------------------------------------------------------------------

_URL_PIECES = [
    "http://", "https://", "HTTP://", "//", "/", "[", "]", "[::1]", "[v1.x]", ":", "@", "%",
    "%zz", "%ff", "?", "#", "99999", "-1", "0", "65536", "www.rfi.fr", "rfi.fr", "a", "é", "中",
    "\u3000", "\uff03", "\u2100", "\ud800", "\x00", " ", "\t", "\n", "xn--", "xn--a", "a" * 64,
    ".", "..", "\\", "javascript:", "data:", "\u0130", "ß", "\ufe6b", "rfi.my",
]  # fmt: skip
URL_SHAPED = st.lists(st.sampled_from(_URL_PIECES), max_size=12).map("".join)
_BASES = st.one_of(
    st.none(), st.just("https://www.rfi.fr/cn/x"), URL_SHAPED, st.sampled_from(strategies._BAD_URLS)
)


def _assert_normal_url(url: str | None) -> None:
    """``None``, or an http(s) URL that urlsplit() and its ``.port`` read without raising."""
    if url is None:
        return
    parts = urlsplit(url)
    assert parts.port is None or 0 <= parts.port <= 65535
    assert_http_url(url)
    rfi_path_segments(url)


@given(st.one_of(st.text(), URL_SHAPED, st.sampled_from(strategies.HOSTILE_TEXTS)), _BASES)
@settings(max_examples=500, deadline=None)
def test_normalize_url_never_raises_and_gives_a_url_urlsplit_reads(
    raw: str, base: str | None
) -> None:
    _assert_normal_url(normalize_url(raw, base))


@pytest.mark.parametrize("raw", strategies._BAD_URLS)
def test_hostile_urls_normalise_to_a_url_or_none(raw: str) -> None:
    _assert_normal_url(normalize_url(raw, "https://www.rfi.fr/cn/x"))


@pytest.mark.parametrize("raw", ["?", "#", "x", "?a#b"])
def test_a_base_with_characters_no_url_holds_loses_them_as_the_link_does(raw: str) -> None:
    url = normalize_url(raw, "https://www.rfi.fr/\ud800/a\x00")
    _assert_normal_url(url)
    assert url is not None
    assert url.startswith("https://www.rfi.fr/")


@given(st.one_of(st.text(), URL_SHAPED))
@settings(max_examples=500, deadline=None)
def test_share_link_query_is_urlsplits_where_urlsplit_reads_the_link(href: str) -> None:
    try:
        expected = urlsplit(href).query
    except ValueError:
        return
    assert _query(href) == expected


def test_share_link_query_of_a_link_urlsplit_refuses() -> None:
    assert _query("http://[/x?h=1#f") == "h=1"


# -- the table of values read, and the property test over it --------------------------------

# Calls whose string arguments name a value read from the input: the argument positions.
_READERS = {"get": (0,), "_ld_str": (1,), "_meta_str": (1, 2, 3), "_date": (1, 2), "below": (2,)}
# Modules that read no document: the CLI, serialisation, schemas, batches.
_NOT_READING_INPUT = {"_cli.py", "_serialize.py", "_schema.py", "_batch.py", "model.py"}
# rfiparse.warc reads WARC and HTTP headers, not documents: its hostile values
# (codings, charsets, statuses, hosts) are tested in test_warc.py.
_NOT_READING_INPUT |= {"warc.py"}


def _names_read(path: Path) -> set[str]:
    """The string literals ``path`` passes to the readers of ``_READERS``."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        for position in _READERS.get(called or "", ()):
            if position < len(node.args):
                argument = node.args[position]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    names.add(argument.value)
    return names


def test_every_value_the_source_reads_is_in_the_table_of_hostile_values() -> None:
    known = {name for _, name in strategies.PAGE_VALUE_NAMES} | set(strategies.FRONT_MATTER_FIELDS)
    missing = {}
    for path in sorted(SOURCE.glob("*.py")):
        if path.name not in _NOT_READING_INPUT:
            names = _names_read(path) - known
            if names:
                missing[path.name] = sorted(names)
    assert not missing, f"add these to strategies.PAGE_VALUES: {missing}"


def _base_documents_with(row: strategies.PageValue) -> list[tuple[str, str, list[strategies.Site]]]:
    """The first two base documents where ``row`` stands, with its sites there."""
    found = []
    for entry_point, document in strategies.BASE_DOCUMENTS:
        sites = [s for s in strategies.sites(document) if s.row == row]
        if sites:
            found.append((entry_point, document, sites))
    return found[:2]


_ROW_IDS = [f"{v.kind}:{v.name}" for v in strategies.PAGE_VALUES]


@pytest.mark.parametrize("row", strategies.PAGE_VALUES, ids=_ROW_IDS)
def test_every_row_of_the_table_stands_in_a_base_document(row: strategies.PageValue) -> None:
    assert _base_documents_with(row), f"no base document holds {row}: add it to SAMPLE_PAGE"


def _outcome(entry_point: str, document: str) -> None:
    with contextlib.suppress(rfiparse.RfiParseError):
        CHECKS[entry_point](document)


@pytest.mark.parametrize("row", strategies.PAGE_VALUES, ids=_ROW_IDS)
def test_every_hostile_value_in_every_row_gives_a_result_or_a_parse_error(
    row: strategies.PageValue,
) -> None:
    # Each hostile value of the row's kind, wherever the row stands in a base document.
    for entry_point, document, sites in _base_documents_with(row):
        for value in strategies.hostile_values(sites[0]):
            _outcome(entry_point, strategies.put(document, [(s, value) for s in sites]))


_HOSTILE_SETTINGS = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@given(strategies.hostile(strategies.RFI_DOCUMENTS["parse"]))
@_HOSTILE_SETTINGS
def test_hostile_values_in_records_fragments_and_pages_give_an_article_or_a_parse_error(
    document: str,
) -> None:
    _outcome("parse", document)


@given(strategies.hostile(strategies.RFI_DOCUMENTS["parse_listing"]))
@_HOSTILE_SETTINGS
def test_hostile_values_in_listings_give_teasers_or_a_parse_error(document: str) -> None:
    _outcome("parse_listing", document)


@given(strategies.hostile(strategies.RFI_DOCUMENTS["parse_feed"]))
@_HOSTILE_SETTINGS
def test_hostile_values_in_feeds_give_articles_or_a_parse_error(document: str) -> None:
    _outcome("parse_feed", document)


# -- dates, sizes and durations --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "0000-01-01T00:00:00Z",
        "10000-01-01T00:00:00Z",
        "2020-02-30T12:00:00Z",
        "2020-01-01T24:00:00Z",
        "2020-01-01T00:00:00+24:00",
        "2020-01-01T00:00:00-23:60",
        "2020-01-01T00:00:00-99:99",
        "٢٠٢٠-01-01T00:00:00Z",
        "2020-01-01T00:00:00",
    ],
)
def test_iso_dates_out_of_range_or_without_offset_are_absent(text: str) -> None:
    assert iso_datetime(text) is None


def test_iso_dates_at_the_ends_of_the_range_keep_their_offset() -> None:
    latest = iso_datetime("9999-12-31T23:59:59-23:59")
    earliest = iso_datetime("0001-01-01T00:00:00+23:59")
    assert latest is not None
    assert earliest is not None
    assert latest.utcoffset() == -timedelta(hours=23, minutes=59)
    assert earliest.utcoffset() == timedelta(hours=23, minutes=59)


@pytest.mark.parametrize(
    "text",
    ["32/13/2020 - 25:61", "29/02/2021 - 10:00", "01/01/0000 - 00:00", "01/01/0001 - 00:00"],
)
def test_record_dates_out_of_range_are_absent(text: str) -> None:
    assert paris_datetime(text) is None


def test_record_dates_are_read_in_ascii_digits_only() -> None:
    assert paris_datetime("٣١/١٢/٢٠٢٠ - ١٢:٠٠") is None
    assert paris_datetime("31/12/2020 - 12:00") is not None


def test_an_epoch_comment_in_other_digits_is_not_a_record_time() -> None:
    assert split_record("<!--١٧٠٠٤٠٥١٠٢٠٠٠-->\n<p>x</p>").record_time is None


@pytest.mark.parametrize("value", ["²", "٣", "１２", "9" * 5000, "-1", "1e3", "0x10", "1234567"])
def test_sizes_other_than_up_to_six_ascii_digits_are_absent(value: str) -> None:
    assert dimension(value) is None
    assert dimension(value + "px") is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("01:35", 95),
        ("1:00:00", 3600),
        ("95", 95),
        (95.5, 95),
        ("٣:00", None),
        ("²:00", None),
        ("00:60", None),
        ("9" * 5000 + ":00", None),
        ("9" * 8, None),
        (10**7, None),
        (-1, None),
        (True, None),
        (None, None),
    ],
)
def test_durations_are_read_in_ascii_digits_and_bounded(
    value: object, expected: int | None
) -> None:
    assert _seconds(value) == expected
