"""Golden fixtures: each input beside the JSON of what parse() must return."""

from __future__ import annotations

import re
from typing import Any

import pytest

import rfiparse
from goldens import ARTICLE_KINDS, Case, cases
from rfiparse._record import split_record

# <name>.json beside <name>.html|.md|.txt in records/, fragments/ and pages/: what
# parse() must return. (Listings and feeds are read by test_listing.py and test_feed.py.)
CASES = cases(*ARTICLE_KINDS)


def _load(case: Case) -> tuple[bytes, dict[str, Any]]:
    return case.read(), case.load()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_parses_to_expected_fields(case: Case) -> None:
    data, expected = _load(case)
    assert rfiparse.parse(data).to_dict() == expected


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_fixture_parses_the_same_from_str_and_bytes(case: Case) -> None:
    data = case.read()
    assert rfiparse.parse(data.decode("utf-8")) == rfiparse.parse(data)


def test_there_are_enough_fixtures() -> None:
    assert len(CASES) >= 26


# Text between tags, outside scripts and styles (whose text is JSON or CSS).
_TEXT_RUN = re.compile(r"(<(?:script|style)\b.*?</(?:script|style)>)|>([^<]+)", re.S)


def _salt(text: str) -> str:
    """Put a control character and a non-character in every run of text between tags."""

    def salt(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(1)
        run = match.group(2)
        middle = len(run) // 2
        return ">\x01" + run[:middle] + "\ufffe" + run[middle:] + "\x1b"

    return _TEXT_RUN.sub(salt, text)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_characters_no_tree_can_hold_are_dropped_from_every_text(case: Case) -> None:
    data, expected = _load(case)
    text = data.decode("utf-8")
    html = split_record(text).html  # the record's header is not HTML
    salted = text[: len(text) - len(html)] + _salt(html)
    assert "\x01" in salted
    assert rfiparse.parse(salted.encode("utf-8")).to_dict() == expected
