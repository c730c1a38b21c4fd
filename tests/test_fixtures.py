"""Golden fixtures: each input beside the JSON of what parse() must return."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import rfiparse
from conftest import FIXTURES
from rfiparse._record import split_record

# <name>.json beside <name>.html|.md|.txt: what parse() must return. (Listings and
# feeds keep their expectations in <name>.expected.json, read by their own tests.)
CASES = sorted(p for p in FIXTURES.glob("*.json") if not p.name.endswith(".expected.json"))


def _input_of(expected: Path) -> Path:
    candidates = [p for p in FIXTURES.glob(expected.stem + ".*") if p.suffix != ".json"]
    assert len(candidates) == 1, f"{expected.name} has no single input beside it: {candidates}"
    return candidates[0]


def _load(expected: Path) -> tuple[bytes, dict[str, Any]]:
    return _input_of(expected).read_bytes(), json.loads(expected.read_text(encoding="utf-8"))


@pytest.mark.parametrize("expected_path", CASES, ids=[p.stem for p in CASES])
def test_fixture_parses_to_expected_fields(expected_path: Path) -> None:
    data, expected = _load(expected_path)
    assert rfiparse.parse(data).to_dict() == expected


@pytest.mark.parametrize("expected_path", CASES, ids=[p.stem for p in CASES])
def test_fixture_parses_the_same_from_str_and_bytes(expected_path: Path) -> None:
    data, _ = _load(expected_path)
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


@pytest.mark.parametrize("expected_path", CASES, ids=[p.stem for p in CASES])
def test_characters_no_tree_can_hold_are_dropped_from_every_text(expected_path: Path) -> None:
    data, expected = _load(expected_path)
    text = data.decode("utf-8")
    html = split_record(text).html  # the record's header is not HTML
    salted = text[: len(text) - len(html)] + _salt(html)
    assert "\x01" in salted
    assert rfiparse.parse(salted.encode("utf-8")).to_dict() == expected
