"""The command line's conventions (issue 16), run as users run it: in a subprocess.

One default format whatever the number of inputs; every JSON object says what it
is; ``--with-source``; standard input when no INPUT is given; ``-o DIR/``;
``--quiet``, ``--no-progress`` and the end-of-run summary.
"""

from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import rfiparse
from goldens import SEED, fixture, inputs
from rfiparse._cli import stdin_is_input
from terminals import drain

FEED = fixture("feed_atom_2020_07_20.xml")
LISTING = fixture("listing_cn_homepage.html")
RECORDS = [path for path in inputs("record") if path.suffix == ".md"]
SEED_HEADLINE = "中国召集巴勒斯坦及阿拉伯国家外长大会"
NOT_AN_ARTICLE = b"<html><body></body></html>"
# The summary line of both commands: <command>: <inputs>: <outcomes>; <found>; <seconds> s
SUMMARY = re.compile(r"^(rfiparse|rfiparse warc): [\d,]+ [^:;]+: [^:;]+; [^:;]+; \d+\.\d s$")


# The subprocess imports the rfiparse these tests import, whatever its working directory.
_HERE = str(Path(rfiparse.__file__).resolve().parent.parent)
_ENVIRONMENT = {
    **os.environ,
    "PYTHONPATH": os.pathsep.join(filter(None, [_HERE, os.environ.get("PYTHONPATH")])),
}


def _run(
    *args: str | Path, stdin: bytes = b"", cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    """``rfiparse`` run with ``args``, standard input a pipe holding ``stdin``."""
    return subprocess.run(
        [sys.executable, "-m", "rfiparse", *map(str, args)],
        input=stdin,
        capture_output=True,
        check=False,
        timeout=300,
        cwd=cwd,
        env=_ENVIRONMENT,
    )


def _lines(data: bytes) -> list[dict[str, object]]:
    return [json.loads(line) for line in data.decode().splitlines()]


def _typed(results: object) -> list[dict[str, object]]:
    """The JSON objects the command line writes for ``results``: ``type``, then ``to_dict()``."""
    assert isinstance(results, tuple | list)
    return [
        {"type": "teaser" if isinstance(r, rfiparse.Teaser) else "article", **r.to_dict()}
        for r in results
    ]


def _seed() -> dict[str, object]:
    return _typed([rfiparse.parse(SEED.read_bytes())])[0]


def _on_a_terminal(*args: str | Path, stdin: bytes | None = b"") -> tuple[int, bytes, bytes]:
    """``rfiparse`` with a pseudo-terminal as standard error (and as standard input when
    ``stdin`` is ``None``); its status, standard output, and what the terminal showed."""
    pytest.importorskip("tqdm", reason="the progress bar needs tqdm")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    leader, follower = os.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "rfiparse", *map(str, args)],
            env=_ENVIRONMENT,
            stdin=follower if stdin is None else subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=follower,
        ) as process:
            out, _ = process.communicate(input=stdin, timeout=300)
        os.close(follower)
        shown = drain(leader)
    finally:
        os.close(leader)
    return process.returncode, out, shown


needs_a_terminal = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


# One default format


def test_one_input_is_written_as_json_lines_as_several_are() -> None:
    one = _run(SEED)
    several = _run(SEED, FEED)
    assert one.returncode == several.returncode == 0
    assert one.stdout.splitlines() == several.stdout.splitlines()[:1]
    assert _lines(one.stdout) == [_seed()]


def test_json_is_an_array_also_for_a_single_input() -> None:
    result = _run("-f", "json", SEED)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [_seed()]


def test_the_help_states_the_default_format() -> None:
    text = " ".join(_run("--help").stdout.decode().split())
    assert "default: jsonl, one JSON object per line, also for a single input" in text


# Every object says what it is


def test_every_json_line_starts_with_its_type() -> None:
    result = _run(SEED, LISTING)
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    assert [next(iter(line)) for line in lines] == ["type"] * len(lines)
    assert [line["type"] for line in lines] == ["article"] + ["teaser"] * (len(lines) - 1)


def test_json_array_items_are_the_json_lines() -> None:
    array = _run("-f", "json", SEED, LISTING)
    lines = _run(SEED, LISTING)
    assert json.loads(array.stdout) == _lines(lines.stdout)


def test_fields_keep_type_first_whether_named_or_not() -> None:
    unnamed = _run("--fields", "headline", SEED)
    named_last = _run("--fields", "headline,type", SEED)
    expected = [{"type": "article", "headline": SEED_HEADLINE}]
    assert _lines(unnamed.stdout) == _lines(named_last.stdout) == expected
    assert list(_lines(named_last.stdout)[0]) == ["type", "headline"]


def test_fields_only_type_gives_what_each_result_is() -> None:
    result = _run("--fields", "type", SEED, FEED)
    assert _lines(result.stdout) == [{"type": "article"}] * 7


# --with-source


def test_with_source_adds_the_input_path_last() -> None:
    result = _run("--with-source", "--fields", "headline", SEED, FEED)
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    assert lines[0] == {"type": "article", "headline": SEED_HEADLINE, "source": {"file": str(SEED)}}
    assert [line["source"] for line in lines[1:]] == [{"file": str(FEED)}] * 6
    assert list(lines[1]) == ["type", "headline", "source"]


def test_with_source_is_the_path_found_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "seed.txt").write_bytes(SEED.read_bytes())
    result = _run("--with-source", "--fields", "headline", tmp_path)
    assert _lines(result.stdout)[0]["source"] == {"file": str(tmp_path / "a" / "seed.txt")}


def test_with_source_is_null_for_standard_input_and_the_example() -> None:
    result = _run(
        "--with-source", "--fields", "headline", "--example", "-", stdin=SEED.read_bytes()
    )
    assert result.returncode == 0, result.stderr
    assert [line["source"] for line in _lines(result.stdout)] == [{"file": None}] * 2


def test_without_with_source_there_is_no_source() -> None:
    assert "source" not in _lines(_run(SEED).stdout)[0]


# Standard input


def test_standard_input_is_read_when_no_input_is_given_and_it_is_a_pipe() -> None:
    result = _run(stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    assert _lines(result.stdout) == [_seed()]


def test_an_empty_pipe_with_no_input_is_a_failed_input_not_a_usage_error() -> None:
    result = _run()
    assert result.returncode == 1
    assert result.stderr.decode().startswith("rfiparse: <stdin>: ")


def test_the_example_alone_does_not_read_standard_input() -> None:
    result = _run("--example", "--fields", "headline", stdin=b"not read")
    assert result.returncode == 0, result.stderr
    assert _lines(result.stdout) == [{"type": "article", "headline": SEED_HEADLINE}]


@needs_a_terminal
def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    status, out, shown = _on_a_terminal(stdin=None)
    assert status == 2
    assert out == b""
    assert b"usage: rfiparse" in shown
    assert b"standard input is a terminal" in shown


class _Stdin(io.BytesIO):
    def __init__(self, *, terminal: bool) -> None:
        super().__init__()
        self._terminal = terminal

    def isatty(self) -> bool:
        super().isatty()  # ValueError once closed
        return self._terminal


def test_standard_input_is_the_input_only_without_inputs_and_off_a_terminal() -> None:
    pipe, terminal = _Stdin(terminal=False), _Stdin(terminal=True)
    assert stdin_is_input([], example=False, stdin=pipe)
    assert not stdin_is_input([], example=False, stdin=terminal)
    assert not stdin_is_input(["x.html"], example=False, stdin=pipe)
    assert not stdin_is_input([], example=True, stdin=pipe)
    assert not stdin_is_input([], example=False, stdin=None)  # pythonw: no standard input
    closed = _Stdin(terminal=False)
    closed.close()
    assert not stdin_is_input([], example=False, stdin=closed)


# -o DIR/


def test_output_directory_writes_one_file_per_input_named_after_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _run(SEED, FEED, "-o", f"{out}/")
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert sorted(p.name for p in out.iterdir()) == [f"{FEED.stem}.jsonl", f"{SEED.stem}.jsonl"]
    assert _lines((out / f"{SEED.stem}.jsonl").read_bytes()) == [_seed()]


def test_an_existing_directory_is_an_output_directory_without_a_slash(tmp_path: Path) -> None:
    result = _run(SEED, "-o", tmp_path)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in tmp_path.iterdir()] == [f"{SEED.stem}.jsonl"]


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("json", ".json"), ("jsonl", ".jsonl"), ("markdown", ".md"), ("text", ".txt")],
)
def test_the_files_of_an_output_directory_have_the_suffix_of_the_format(
    tmp_path: Path, fmt: str, suffix: str
) -> None:
    result = _run(SEED, "-f", fmt, "-o", f"{tmp_path}/")
    assert result.returncode == 0, result.stderr
    written = tmp_path / f"{SEED.stem}{suffix}"
    assert written.read_bytes() == _run(SEED, "-f", fmt).stdout


def test_an_input_with_several_results_gives_one_file_holding_them_all(tmp_path: Path) -> None:
    result = _run(LISTING, "-f", "json", "-o", f"{tmp_path}/")
    assert result.returncode == 0, result.stderr
    written = json.loads((tmp_path / f"{LISTING.stem}.json").read_bytes())
    assert written == _typed(rfiparse.parse_listing(LISTING.read_bytes()))


def test_inputs_of_one_name_get_numbered_files_in_input_order(tmp_path: Path) -> None:
    for folder, source in (("a", SEED), ("b", RECORDS[0]), ("c", RECORDS[1])):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.md").write_bytes(source.read_bytes())
    (tmp_path / "c" / "X.html").write_bytes(SEED.read_bytes())  # the same name, but for case
    out = tmp_path / "out"
    result = _run(
        tmp_path / "a", tmp_path / "b", tmp_path / "c", "-o", f"{out}/", "--fields", "url"
    )
    assert result.returncode == 0, result.stderr
    names = ["x", "x-2", "X-3", "x-4"]  # c/X.html comes before c/x.md; its case is kept
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{name}.jsonl" for name in names)
    expected = [SEED, RECORDS[0], SEED, RECORDS[1]]
    for name, source in zip(names, expected, strict=True):
        url = rfiparse.parse(source.read_bytes()).url
        assert _lines((out / f"{name}.jsonl").read_bytes()) == [{"type": "article", "url": url}]


def test_standard_input_and_the_example_are_written_to_stdin_and_example(tmp_path: Path) -> None:
    result = _run("--example", "-", "-o", f"{tmp_path}/", "-f", "text", stdin=SEED.read_bytes())
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["example.txt", "stdin.txt"]


def test_a_failed_input_writes_no_file(tmp_path: Path) -> None:
    broken = tmp_path / "in" / "broken.html"
    broken.parent.mkdir()
    broken.write_bytes(NOT_AN_ARTICLE)
    out = tmp_path / "out"
    result = _run(broken, SEED, "-o", f"{out}/")
    assert result.returncode == 1
    assert [p.name for p in out.iterdir()] == [f"{SEED.stem}.jsonl"]
    assert result.stderr.decode().startswith(f"rfiparse: {broken}: ")


def test_existing_files_of_an_output_directory_are_kept_without_force(tmp_path: Path) -> None:
    existing = tmp_path / f"{FEED.stem}.jsonl"
    existing.write_bytes(b"mine\n")
    result = _run(SEED, FEED, "-o", tmp_path)
    assert result.returncode == 2
    assert f"-o {existing}: already exists (give --force to replace it)" in result.stderr.decode()
    assert existing.read_bytes() == b"mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [existing.name]  # nothing parsed


def test_force_replaces_the_files_of_an_output_directory(tmp_path: Path) -> None:
    existing = tmp_path / f"{SEED.stem}.jsonl"
    existing.write_bytes(b"mine\n")
    result = _run(SEED, "-o", tmp_path, "--force")
    assert result.returncode == 0, result.stderr
    assert _lines(existing.read_bytes()) == [_seed()]


def test_force_never_replaces_an_input(tmp_path: Path) -> None:
    page = tmp_path / "seed.txt"
    page.write_bytes(SEED.read_bytes())
    result = _run(page, "-f", "text", "-o", f"{tmp_path}/", "--force")
    assert result.returncode == 2
    assert "is one of the inputs: not replaced" in result.stderr.decode()
    assert page.read_bytes() == SEED.read_bytes()


def test_a_file_where_the_output_directory_should_be_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "out").write_bytes(b"")
    result = _run(SEED, "-o", f"{tmp_path / 'out'}/")
    assert result.returncode == 2
    assert "exists and is not a directory" in result.stderr.decode()


# -o FILE, as rfiparse warc -o


def test_an_existing_output_file_is_kept_without_force(tmp_path: Path) -> None:
    existing = tmp_path / "out.jsonl"
    existing.write_bytes(b"mine\n")
    result = _run(SEED, "-o", existing)
    assert result.returncode == 2
    assert f"-o {existing}: already exists (give --force to replace it)" in result.stderr.decode()
    assert existing.read_bytes() == b"mine\n"
    assert _run(SEED, "-o", existing, "--force").returncode == 0
    assert _lines(existing.read_bytes()) == [_seed()]


def test_an_output_file_that_is_an_input_is_never_replaced(tmp_path: Path) -> None:
    # It was opened for writing, emptied, before the input was read.
    page = tmp_path / "seed.txt"
    page.write_bytes(SEED.read_bytes())
    result = _run(page, "-o", page, "--force")
    assert result.returncode == 2
    assert f"-o {page}: is one of the inputs: not replaced" in result.stderr.decode()
    assert page.read_bytes() == SEED.read_bytes()


def test_an_output_that_is_not_a_regular_file_is_written_to(tmp_path: Path) -> None:
    if not os.path.exists(os.devnull) or os.name != "posix":
        pytest.skip("needs /dev/null")
    result = _run(SEED, "-o", os.devnull)
    assert (result.returncode, result.stdout, result.stderr) == (0, b"", b"")


def test_output_dash_is_standard_output(tmp_path: Path) -> None:
    result = _run(SEED, "-o", "-", cwd=tmp_path)
    assert _lines(result.stdout) == [_seed()]
    assert list(tmp_path.iterdir()) == []


# Standard error: --quiet, --no-progress, the summary


def test_the_summary_counts_inputs_parsed_refused_and_failed(tmp_path: Path) -> None:
    refused = tmp_path / "refused.html"
    refused.write_bytes(NOT_AN_ARTICLE)
    result = _run(SEED, LISTING, refused, tmp_path / "missing.md", "--summary")
    assert result.returncode == 1
    last = result.stderr.decode().splitlines()[-1]
    assert last.startswith(
        "rfiparse: 4 inputs: 2 parsed, 1 refused, 1 failed; 1 article, 48 teasers; "
    )
    assert SUMMARY.match(last)


def test_no_summary_off_a_terminal_unless_asked_for() -> None:
    assert _run(SEED, FEED).stderr == b""


@needs_a_terminal
def test_a_terminal_gets_the_progress_bar_and_the_summary() -> None:
    status, out, shown = _on_a_terminal(SEED, FEED)
    assert status == 0
    assert len(out.splitlines()) == 7
    assert b"2/2" in shown
    assert b"rfiparse: 2 inputs: 2 parsed, 0 refused, 0 failed; 7 articles, 0 teasers; " in shown


@needs_a_terminal
def test_no_progress_leaves_the_summary_on_a_terminal() -> None:
    status, _, shown = _on_a_terminal(SEED, FEED, "--no-progress")
    assert status == 0
    assert b"2/2" not in shown
    assert shown.decode().strip().startswith("rfiparse: 2 inputs: 2 parsed, ")


@needs_a_terminal
def test_quiet_shows_nothing_on_a_terminal_but_errors(tmp_path: Path) -> None:
    status, out, shown = _on_a_terminal(SEED, FEED, tmp_path / "missing.md", "--quiet")
    assert status == 1
    assert len(out.splitlines()) == 7
    assert (
        shown.decode().strip() == f"rfiparse: {tmp_path / 'missing.md'}: No such file or directory"
    )


def test_the_two_commands_word_their_summaries_alike(tmp_path: Path) -> None:
    pytest.importorskip("fastwarc")
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    plain = _run(SEED, "--summary").stderr.decode().strip()
    warc = _run("warc", empty, "--summary").stderr.decode().strip()
    assert SUMMARY.match(plain), plain
    assert SUMMARY.match(warc), warc
    assert warc.startswith("rfiparse warc: 1 WARC file: 1 read, 0 failed; 0 records read, ")
