"""Inputs that once crashed the parser: each must now give a result or an RfiParseError."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

import rfiparse
from conftest import FIXTURES
from invariants import CHECKS

REGRESSIONS = FIXTURES / "regressions"

# An explicit list, so that the test is collected and passes even with no regression yet.
_FILES = (
    sorted(p for p in REGRESSIONS.iterdir() if p.is_file() and p.name != "README.md")
    if REGRESSIONS.is_dir()
    else []
)
CASES: list[Path | None] = [*_FILES] if _FILES else [None]


CALLS: dict[str, Callable[[str | bytes], None]] = CHECKS


def test_the_regressions_folder_says_what_goes_in_it() -> None:
    assert (REGRESSIONS / "README.md").is_file()


@pytest.mark.parametrize("call", list(CALLS))
@pytest.mark.parametrize(
    "path", CASES, ids=[p.name if p is not None else "no-regressions" for p in CASES]
)
def test_a_regression_input_gives_a_result_or_a_parse_error(path: Path | None, call: str) -> None:
    if path is None:
        return  # the folder holds no regression input yet
    data = path.read_bytes()
    # As bytes, and as text: UTF-8 with each undecodable byte kept as a lone surrogate,
    # as the fuzzer passes it.
    for value in (data, data.decode("utf-8", "surrogateescape")):
        with contextlib.suppress(rfiparse.RfiParseError):
            CALLS[call](value)
