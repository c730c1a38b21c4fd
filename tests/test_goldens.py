"""The fixtures' layout and its loader (``goldens.py``): one folder per input kind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from goldens import (
    DRAFT_KEY,
    FIXTURES,
    FOLDERS,
    KINDS,
    SEED,
    SUFFIXES,
    DraftExpectationError,
    FixtureLayoutError,
    Kind,
    cases,
    fixture,
    inputs,
    kind_of,
)

# Beside the kinds' folders: the README, refused documents, fuzzer finds.
OTHER_ENTRIES = {"README.md", "foreign", "regressions"}


def _record_case(root: Path, expected: object) -> Path:
    """A records/ folder under ``root`` with a copy of the seed and ``expected`` as its JSON."""
    folder = root / "records"
    folder.mkdir()
    shutil.copy(SEED, folder / "record_new.txt")
    (folder / "record_new.json").write_text(json.dumps(expected), encoding="utf-8")
    return folder


def test_the_fixtures_top_level_holds_only_the_kinds_folders_and_known_entries() -> None:
    # A fixture added in the old flat layout would be read by no test: say so.
    entries = {path.name for path in FIXTURES.iterdir()}
    assert entries == set(FOLDERS.values()) | OTHER_ENTRIES


@pytest.mark.parametrize("kind", KINDS)
def test_every_file_of_a_kind_folder_is_an_input_or_its_expectation(kind: Kind) -> None:
    folder = FIXTURES / FOLDERS[kind]
    allowed = (*SUFFIXES[kind], ".json")
    assert sorted(p.name for p in folder.iterdir() if p.suffix not in allowed) == []


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_golden_cases_that_load(kind: Kind) -> None:
    found = cases(kind)
    assert found
    for case in found:
        assert case.kind == kind
        assert case.input_path.parent == case.expected_path.parent == FIXTURES / FOLDERS[case.kind]
        assert case.load()


def test_cases_of_several_kinds_are_sorted_by_name() -> None:
    names = [case.name for case in cases("record", "fragment")]
    assert names == sorted(names)
    assert {"record_2023_seed", "fragment_2023_seed_no_header"} <= set(names)


def test_cases_without_kinds_are_every_kind() -> None:
    assert {case.kind for case in cases()} == set(KINDS)


def test_a_draft_expectation_is_refused(tmp_path: Path) -> None:
    _record_case(tmp_path, {DRAFT_KEY: "written by a script", "headline": "x"})
    (case,) = cases("record", root=tmp_path)
    with pytest.raises(DraftExpectationError, match="unreviewed draft"):
        case.load()


def test_a_reviewed_expectation_loads(tmp_path: Path) -> None:
    _record_case(tmp_path, {"headline": "x"})
    (case,) = cases("record", root=tmp_path)
    assert case.load() == {"headline": "x"}


def test_an_expectation_that_is_not_an_object_is_refused(tmp_path: Path) -> None:
    _record_case(tmp_path, ["headline"])
    (case,) = cases("record", root=tmp_path)
    with pytest.raises(FixtureLayoutError, match="not a JSON object"):
        case.load()


def test_an_input_without_its_json_is_a_layout_error(tmp_path: Path) -> None:
    folder = _record_case(tmp_path, {})
    shutil.copy(SEED, folder / "record_other.md")
    with pytest.raises(FixtureLayoutError, match=r"record_other\.md has no record_other\.json"):
        cases("record", root=tmp_path)


def test_a_json_without_its_input_is_a_layout_error(tmp_path: Path) -> None:
    folder = _record_case(tmp_path, {})
    (folder / "record_gone.json").write_text("{}", encoding="utf-8")
    with pytest.raises(FixtureLayoutError, match=r"no input for record_gone\.json"):
        cases("record", root=tmp_path)


def test_two_inputs_of_one_name_are_a_layout_error(tmp_path: Path) -> None:
    folder = _record_case(tmp_path, {})
    shutil.copy(SEED, folder / "record_new.md")
    with pytest.raises(FixtureLayoutError, match="two inputs share a name"):
        cases("record", root=tmp_path)


def test_a_missing_kind_folder_has_no_cases(tmp_path: Path) -> None:
    assert cases("feed", root=tmp_path) == []
    assert inputs("feed", root=tmp_path) == []


def test_inputs_are_the_files_with_the_kinds_suffixes(tmp_path: Path) -> None:
    folder = _record_case(tmp_path, {})
    (folder / "notes.html").write_text("", encoding="utf-8")
    assert inputs("record", root=tmp_path) == [folder / "record_new.txt"]


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("tests/fixtures/pages/anything.html", "page"),
        ("tests/fixtures/records/anything.md", "record"),
        ("elsewhere/listing_fr_home.html", "listing"),
        ("elsewhere/feed_rss_2024.xml", "feed"),
        ("elsewhere/fragment_x.html", "fragment"),
        ("fixtures/listings/page_like_name.html", "listing"),  # the folder wins over the name
        ("fixtures/feeds/feed_x.html", None),  # a feed is XML
        ("elsewhere/input.html", None),
    ],
)
def test_kind_of_reads_the_folder_then_the_name(path: str, kind: Kind | None) -> None:
    assert kind_of(Path(path)) == kind


def test_fixture_finds_an_input_by_name_in_its_kinds_folder() -> None:
    assert fixture("record_2023_seed.txt") == SEED
    assert fixture("listing_cn_homepage.html").parent.name == "listings"


@pytest.mark.parametrize("name", ["record_none.md", "notes.html"])
def test_fixture_of_an_unknown_name_is_not_found(name: str) -> None:
    with pytest.raises(FileNotFoundError, match="no fixture input"):
        fixture(name)
