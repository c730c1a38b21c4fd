"""tests/draft_expected.py: a draft <name>.json beside a new input, refused until reviewed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rfiparse
from draft_expected import draft_marker, main
from goldens import DRAFT_KEY, FIXTURES, SEED, DraftExpectationError, cases, fixture

SCRIPT = Path(__file__).parent / "draft_expected.py"


def _copy(source: Path, folder: Path, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(source, folder / (name or source.name)))


def _read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _without_marker(expected: dict[str, Any]) -> dict[str, Any]:
    assert expected[DRAFT_KEY] == draft_marker()
    return {key: value for key, value in expected.items() if key != DRAFT_KEY}


def test_draft_of_a_record_is_todays_parse_under_the_draft_marker(tmp_path: Path) -> None:
    record = _copy(SEED, tmp_path / "records")
    assert main([str(record)]) == 0
    written = _read(record.with_suffix(".json"))
    assert next(iter(written)) == DRAFT_KEY  # first, where a reviewer sees it
    assert _without_marker(written) == rfiparse.parse(SEED.read_bytes()).to_dict()


def test_draft_marker_names_the_script_the_version_and_what_to_do() -> None:
    marker = draft_marker()
    assert "tests/draft_expected.py" in marker
    assert f"rfiparse {rfiparse.__version__}" in marker
    assert "review every value" in marker
    assert "delete this key" in marker


def test_the_golden_loader_refuses_the_draft_until_its_marker_is_deleted(tmp_path: Path) -> None:
    record = _copy(SEED, tmp_path / "records")
    main([str(record)])
    (case,) = cases("record", root=tmp_path)
    with pytest.raises(DraftExpectationError):
        case.load()
    reviewed = _without_marker(_read(case.expected_path))
    case.expected_path.write_text(json.dumps(reviewed), encoding="utf-8")
    assert case.load() == reviewed


def test_an_existing_json_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _copy(SEED, tmp_path / "records")
    target = record.with_suffix(".json")
    target.write_text('{"reviewed": true}\n', encoding="utf-8")
    assert main([str(record)]) == 1
    assert target.read_text(encoding="utf-8") == '{"reviewed": true}\n'
    assert "--force" in capsys.readouterr().err


def test_force_overwrites_an_existing_json(tmp_path: Path) -> None:
    record = _copy(SEED, tmp_path / "records")
    record.with_suffix(".json").write_text("{}", encoding="utf-8")
    assert main([str(record), "--force"]) == 0
    assert DRAFT_KEY in _read(record.with_suffix(".json"))


def test_draft_is_written_as_the_goldens_are_formatted(tmp_path: Path) -> None:
    record = _copy(SEED, tmp_path / "records")
    main([str(record)])
    text = record.with_suffix(".json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_draft_of_a_listing_is_the_summary_test_listing_reads(tmp_path: Path) -> None:
    listing = _copy(fixture("listing_cn_homepage.html"), tmp_path / "listings")
    assert main([str(listing)]) == 0
    drafted = _without_marker(_read(listing.with_suffix(".json")))
    (golden,) = cases("listing")
    reviewed = golden.load()
    assert drafted["count"] == reviewed["count"]
    assert drafted["first"] == reviewed["first"]
    assert drafted["last"] == reviewed["last"]
    assert drafted["at"] == {}


def test_draft_of_a_feed_is_the_summary_test_feed_reads(tmp_path: Path) -> None:
    feed = _copy(fixture("feed_atom_2021_01_21.xml"), tmp_path / "feeds")
    assert main([str(feed)]) == 0
    drafted = _without_marker(_read(feed.with_suffix(".json")))
    articles = list(rfiparse.parse_feed(feed.read_bytes()))
    assert drafted["count"] == len(articles) == 5
    assert drafted["urls"] == [article.url for article in articles]
    assert drafted["articles"] == [
        {"position": 0, "article": articles[0].to_dict()},
        {"position": 4, "article": articles[4].to_dict()},
    ]


def test_kind_option_overrides_the_name(tmp_path: Path) -> None:
    fragment = _copy(fixture("fragment_2023_seed_no_header.html"), tmp_path, "new_input.html")
    assert main([str(fragment), "--kind", "listing"]) == 0
    assert _without_marker(_read(fragment.with_suffix(".json")))["count"] == 0


def test_input_of_no_known_kind_needs_the_kind_option(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fragment = _copy(fixture("fragment_2023_seed_no_header.html"), tmp_path, "new_input.html")
    assert main([str(fragment)]) == 2
    assert "--kind" in capsys.readouterr().err
    assert not fragment.with_suffix(".json").exists()


def test_input_rfiparse_refuses_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = _copy(FIXTURES / "foreign" / "record_nyt_world.md", tmp_path / "records")
    assert main([str(record)]) == 1
    assert "not an RFI site" in capsys.readouterr().err
    assert not record.with_suffix(".json").exists()


def test_the_script_runs_from_the_command_line(tmp_path: Path) -> None:
    record = _copy(SEED, tmp_path / "records", "record_new.txt")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(record)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "DRAFT" in result.stdout
    assert DRAFT_KEY in _read(tmp_path / "records" / "record_new.json")
