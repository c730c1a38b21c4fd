"""``python -m rfiparse`` in a subprocess, as users run it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import FIXTURES


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "rfiparse", *args], input=stdin, capture_output=True, check=False
    )


def test_example_prints_the_bundled_record_as_json() -> None:
    result = _run("--example")
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["headline"] == "中国召集巴勒斯坦及阿拉伯国家外长大会"
    assert len(article["related"]) == 3


def test_files_and_stdin_give_one_json_line_each() -> None:
    record = FIXTURES / "record_2020_afp_copyright.md"
    result = _run(str(record), "-", stdin=(FIXTURES / "record_2023_seed.txt").read_bytes())
    lines = result.stdout.decode().splitlines()
    assert result.returncode == 0
    assert [json.loads(line)["copyright"] for line in lines] == ["© 2020 AFP", None]


def test_a_bad_input_is_reported_with_its_name_and_the_others_still_printed(
    tmp_path: Path,
) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = _run(str(empty), str(FIXTURES / "record_2023_seed.txt"), str(tmp_path / "missing"))
    assert result.returncode == 1
    assert len(result.stdout.decode().splitlines()) == 1
    assert b"empty.html" in result.stderr
    assert b"missing" in result.stderr


def test_no_input_is_a_usage_error() -> None:
    assert _run().returncode == 2
