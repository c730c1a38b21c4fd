"""The ``rfiparse`` command line, run as users run it: in a subprocess."""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import shutil
import signal
import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

import rfiparse
import rfiparse._cli
from goldens import FIXTURES, SEED, fixture, inputs
from rfiparse import _cli_common
from rfiparse._cli import parse_input
from rfiparse._cli_common import jobs as _jobs
from rfiparse._markdown import article_markdown, escape_markdown
from terminals import drain

FEED = fixture("feed_atom_2020_07_20.xml")
LISTING = fixture("listing_cn_homepage.html")
PAGE = fixture("page_cn_taiwan_defense_budget.html")
FRAGMENT = fixture("fragment_2023_seed_no_header.html")
RECORDS = [path for path in inputs("record") if path.suffix == ".md"]
SEED_HEADLINE = "中国召集巴勒斯坦及阿拉伯国家外长大会"


def _run(
    *args: str | Path, stdin: bytes = b"", command: list[str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[bytes]:
    """The command line run with ``args``; a run past ``timeout`` seconds fails the test."""
    argv = command or [sys.executable, "-m", "rfiparse"]
    return subprocess.run(
        [*argv, *map(str, args)], input=stdin, capture_output=True, check=False, timeout=timeout
    )


def _lines(result: subprocess.CompletedProcess[bytes]) -> list[dict[str, object]]:
    return [json.loads(line) for line in result.stdout.decode().splitlines()]


def _typed(results: object) -> list[dict[str, object]]:
    """The JSON objects the command line writes for ``results``: ``type``, then ``to_dict()``."""
    assert isinstance(results, tuple | list)
    return [
        {"type": "teaser" if isinstance(r, rfiparse.Teaser) else "article", **r.to_dict()}
        for r in results
    ]


def _copy(source: Path, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


# Inputs


def test_a_broken_input_among_many_is_named_and_the_others_are_written(tmp_path: Path) -> None:
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"<html><body></body></html>")
    missing = tmp_path / "missing.md"
    result = _run(RECORDS[0], broken, RECORDS[1], missing, SEED)
    assert result.returncode == 1
    headlines = [line["headline"] for line in _lines(result)]
    expected = [rfiparse.parse(p.read_bytes()).headline for p in (RECORDS[0], RECORDS[1], SEED)]
    assert headlines == expected
    errors = result.stderr.decode().splitlines()
    assert errors[0].startswith(f"rfiparse: {broken}: ")
    assert "no RFI article" in errors[0]
    assert errors[1].startswith(f"rfiparse: {missing}: ")
    assert len(errors) == 2


def test_stdin_is_read_as_bytes() -> None:
    data = SEED.read_text(encoding="utf-8").encode("utf-16")  # a BOM names the encoding
    result = _run("-", stdin=data)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["headline"] == SEED_HEADLINE


def test_a_single_article_is_one_json_line_as_several_are() -> None:
    # One default format whatever the number of inputs (it was an indented object).
    result = _run("--example")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode()
    assert text.count("\n") == 1
    assert text.endswith("}\n")
    assert json.loads(text) == _typed([rfiparse.parse(rfiparse.example_record())])[0]


def test_a_directory_is_searched_recursively_for_input_files(tmp_path: Path) -> None:
    _copy(RECORDS[1], tmp_path / "b.md")
    _copy(FRAGMENT, tmp_path / "a" / "c.HTML")
    _copy(SEED, tmp_path / "a" / "z.txt")
    _copy(RECORDS[0], tmp_path / ".hidden" / "x.md")  # hidden: skipped
    _copy(RECORDS[0], tmp_path / ".y.md")
    (tmp_path / "expected.json").write_text("{}")  # not an input suffix: skipped
    result = _run(tmp_path)
    assert result.returncode == 0, result.stderr
    urls = [line["url"] for line in _lines(result)]
    expected = [
        rfiparse.parse(FRAGMENT.read_bytes()).url,
        rfiparse.parse(SEED.read_bytes()).url,
        rfiparse.parse(RECORDS[1].read_bytes()).url,
    ]
    assert urls == expected


def test_an_empty_directory_is_a_failed_input(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}")
    result = _run(tmp_path, SEED)
    assert result.returncode == 1
    assert len(_lines(result)) == 1
    assert result.stderr.decode().startswith(f"rfiparse: {tmp_path}: the directory holds no ")


def test_glob_patterns_are_expanded_by_the_program(tmp_path: Path) -> None:
    for record in RECORDS[:3]:
        _copy(record, tmp_path / "deep" / record.name)
    _copy(SEED, tmp_path / "seed.txt")
    result = _run(tmp_path / "**" / "*.md", tmp_path / "*.txt", tmp_path / "nothing*.html")
    assert result.returncode == 1
    expected = [rfiparse.parse(p.read_bytes()).headline for p in (*RECORDS[:3], SEED)]
    assert [line["headline"] for line in _lines(result)] == expected
    assert result.stderr.decode() == (
        f"rfiparse: {tmp_path / 'nothing*.html'}: no file matches this pattern\n"
    )


def test_a_feed_gives_one_line_per_rfi_article() -> None:
    result = _run(FEED)
    assert result.returncode == 0, result.stderr
    lines = _lines(result)
    assert len(lines) == 6
    assert lines == _typed(rfiparse.parse_feed(FEED.read_bytes()))


def test_a_section_page_gives_one_line_per_teaser() -> None:
    result = _run(LISTING)
    assert result.returncode == 0, result.stderr
    lines = _lines(result)
    assert len(lines) == 48
    assert lines == _typed(rfiparse.parse_listing(LISTING.read_bytes()))


def test_shape_forces_the_parser() -> None:
    as_article = _run("--shape", "article", LISTING)
    assert as_article.returncode == 1
    assert "parse_listing" in as_article.stderr.decode()
    assert _run("--shape", "feed", SEED).returncode == 1
    as_listing = _run("--shape", "listing", "--format", "json", SEED)
    assert as_listing.returncode == 0
    assert json.loads(as_listing.stdout) == []


def test_url_and_max_bytes_are_passed_to_the_parser() -> None:
    url = "https://www.rfi.fr/cn/中国/20231119-example"
    result = _run("--url", url, FRAGMENT)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["url"] == rfiparse.parse(FRAGMENT.read_bytes(), url=url).url
    too_large = _run("--max-bytes", "64K", PAGE, SEED)  # 530 KiB and 5 KiB
    assert too_large.returncode == 1
    assert len(_lines(too_large)) == 1
    assert too_large.stderr.decode().startswith(f"rfiparse: {PAGE}: ")
    assert "max_bytes" in too_large.stderr.decode()
    assert _run("--max-bytes", "none", PAGE).returncode == 0


# Formats


def test_json_is_one_document_listing_every_result() -> None:
    result = _run("--format", "json", SEED, FEED, LISTING)
    assert result.returncode == 0, result.stderr
    expected = _typed(
        [
            rfiparse.parse(SEED.read_bytes()),
            *rfiparse.parse_feed(FEED.read_bytes()),
            *rfiparse.parse_listing(LISTING.read_bytes()),
        ]
    )
    assert result.stdout.decode() == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"


def test_json_of_nothing_is_an_empty_list(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    result = _run("-f", "json", empty)
    assert result.returncode == 1
    assert result.stdout == b"[]\n"


def test_jsonl_is_one_compact_line_per_result() -> None:
    result = _run("--format", "jsonl", "--example")
    assert result.returncode == 0
    assert result.stdout.decode().count("\n") == 1
    assert json.loads(result.stdout)["headline"] == SEED_HEADLINE


def test_text_is_the_article_text_and_teaser_lines() -> None:
    result = _run("--format", "text", SEED, LISTING)
    assert result.returncode == 0, result.stderr
    teasers = rfiparse.parse_listing(LISTING.read_bytes())
    expected = (
        rfiparse.parse(SEED.read_bytes()).text
        + "\n\n---\n\n"
        + "".join(f"{t.title} — {t.url}\n" for t in teasers)
    )
    assert result.stdout.decode() == expected


def test_markdown_renders_each_article() -> None:
    result = _run("--format", "markdown", PAGE, SEED)
    assert result.returncode == 0, result.stderr
    page, seed = (rfiparse.parse(p.read_bytes()) for p in (PAGE, SEED))
    expected = article_markdown(page) + "\n\n---\n\n" + article_markdown(seed) + "\n"
    assert result.stdout.decode() == expected
    text = article_markdown(page)
    assert text.startswith(f"# {page.headline}\n\n![")
    assert f"\n\n**{page.lead}**\n\n" in text
    assert "\n\n## “T-Dome”是什么？\n\n" in text
    assert "\n\n## Related\n\n- [" in text


def test_markdown_teasers_are_one_list() -> None:
    result = _run("-f", "markdown", LISTING)
    lines = result.stdout.decode().splitlines()
    assert len(lines) == 48
    assert all(line.startswith("- [") and line.endswith(")") for line in lines)


def test_markdown_escapes_what_would_change_the_rendering() -> None:
    article = rfiparse.Article(
        headline="#1 *news* #",
        lead="<b>bold</b> & &amp;",
        paragraphs=(
            rfiparse.Paragraph(text="- not a list [1]"),
            rfiparse.Paragraph(text="2023. A year"),
            rfiparse.Paragraph(text="A", kind="heading"),
            rfiparse.Paragraph(text="one", kind="list-item"),
            rfiparse.Paragraph(text="two", kind="list-item"),
            rfiparse.Paragraph(text="> said", kind="quote"),
            rfiparse.Paragraph(
                text="See the report here.",
                links=(rfiparse.InlineLink(text="report", url="https://e.com/a_(b)"),),
            ),
        ),
        image=rfiparse.Image(url="https://e.com/i.jpg", alt="A [b]", caption="Cap", credit="© X"),
    )
    assert article_markdown(article) == "\n\n".join(
        [
            "# \\#1 \\*news\\* \\#",
            "![A \\[b\\]](https://e.com/i.jpg)",
            "*Cap © X*",
            "**\\<b\\>bold\\</b\\> & \\&amp;**",
            "\\- not a list \\[1\\]",
            "2023\\. A year",
            "## A",
            "- one\n- two",
            "> \\> said",
            "See the [report](https://e.com/a_%28b%29) here.",
        ]
    )
    assert escape_markdown("a_b `c` ~d~ \\") == "a\\_b \\`c\\` \\~d\\~ \\\\"


# Selection and output


def test_fields_keep_the_fields_asked_for_in_that_order() -> None:
    result = _run("--fields", "url,headline,title", SEED, LISTING)
    assert result.returncode == 0, result.stderr
    lines = _lines(result)
    assert all(list(line) == ["type", "url", "headline", "title"] for line in lines)
    assert lines[0]["headline"] == SEED_HEADLINE
    assert lines[0]["title"] is None  # a teaser's field: null on an article
    assert lines[1]["title"] is not None


def test_output_file(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    result = _run("-o", target, SEED, FEED)
    assert result.returncode == 0, result.stderr
    assert result.stdout == b""
    assert len(target.read_text(encoding="utf-8").splitlines()) == 7


def test_an_unwritable_output_file_fails(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "dir.json"
    result = _run("-o", target, SEED)
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"rfiparse: {target}: ")


def test_jobs_give_the_same_output_and_errors_in_input_order(tmp_path: Path) -> None:
    broken = tmp_path / "broken.md"
    broken.write_bytes(b"")
    inputs = [*RECORDS, broken, FEED, PAGE, LISTING, SEED, tmp_path / "missing.html"]
    serial = _run("--jobs", "1", "-f", "json", *inputs)
    parallel = _run("--jobs", "2", "-f", "json", *inputs)
    assert serial.returncode == parallel.returncode == 1
    assert parallel.stdout == serial.stdout
    assert parallel.stderr == serial.stderr
    assert len(json.loads(serial.stdout)) == len(RECORDS) + 6 + 1 + 48 + 1


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_a_progress_bar_shows_on_a_terminal_only() -> None:
    pytest.importorskip("tqdm", reason="the progress bar needs tqdm")
    fcntl = pytest.importorskip("fcntl")
    termios = pytest.importorskip("termios")
    leader, follower = os.openpty()
    # A new pseudo-terminal is 0 columns wide, where tqdm draws nothing.
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "rfiparse", str(SEED), str(FEED)],
            stdout=subprocess.PIPE,
            stderr=follower,
        ) as process:
            out, _ = process.communicate(timeout=300)
        os.close(follower)
        shown = drain(leader)
    finally:
        os.close(leader)
    assert process.returncode == 0
    assert b"2/2" in shown
    assert len(out.splitlines()) == 7
    assert _run(SEED, FEED).stderr == b""  # not a terminal: no bar


# Usage


@pytest.mark.parametrize(
    "args",
    [
        ["--format", "yaml", "x"],
        ["--quiet", "--summary", "x"],
        ["--format", "markdown", "--with-source", "x"],
        ["--shape", "page", "x"],
        ["--fields", "headline,nope", "x"],
        ["--fields", "", "x"],
        ["--format", "text", "--fields", "headline", "x"],
        ["--jobs", "-1", "x"],
        ["--jobs", "many", "x"],
        ["--max-bytes", "lots", "x"],
        ["-", "-"],
        ["--url", "https://www.rfi.fr/cn/", str(SEED), str(FEED)],
        ["--url", "www.rfi.fr/cn/x", str(SEED)],
        ["--no-such-option"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    result = _run(*args)
    assert result.returncode == 2
    assert b"usage: rfiparse" in result.stderr
    assert result.stdout == b""


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0
    assert result.stdout.decode() == f"rfiparse {rfiparse.__version__}\n"


def test_the_installed_console_script() -> None:
    here = str(Path(sys.executable).parent)
    script = shutil.which("rfiparse", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if script is None:
        pytest.skip("the rfiparse console script is not installed (reinstall the package)")
    result = _run("--example", "--fields", "headline", command=[script])
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"type": "article", "headline": SEED_HEADLINE}


@pytest.mark.skipif(not hasattr(os, "sched_getaffinity"), reason="no CPU affinity here")
def test_jobs_0_counts_the_cpus_this_process_may_run_on(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same count as parse_many(workers=None): a process confined to one CPU of
    # many gets one worker, not one per CPU of the machine.
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {3})
    assert _jobs("0") == 1
    assert _jobs("2") == 2


# Hostile file trees


def _tree_with_symlink_loops(root: Path) -> list[Path]:
    """Two records under ``root``, and in each directory two links back to itself.

    Followed, the links make ``2 ** depth`` paths to every file.
    """
    records = [_copy(RECORDS[0], root / "a.md"), _copy(RECORDS[1], root / "sub" / "b.md")]
    for directory in (root, root / "sub"):
        (directory / "x").symlink_to(".")
        (directory / "y").symlink_to(".")
    return records


def _headlines(paths: list[Path]) -> list[str | None]:
    return [rfiparse.parse(path.read_bytes()).headline for path in paths]


needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


@needs_symlinks
@pytest.mark.parametrize("pattern", ["**/*.md", "**", "**/", "*/*.md"])
def test_glob_patterns_follow_no_symlink_loop_and_give_each_file_once(
    tmp_path: Path, pattern: str
) -> None:
    records = _tree_with_symlink_loops(tmp_path)
    result = _run(f"{tmp_path}/{pattern}", timeout=60)
    # A `*` goes through a link (one level a part, as glob does), `**` never.
    expected = records if pattern != "*/*.md" else [records[1], records[0]]  # sub/b.md, x/a.md
    assert [line["headline"] for line in _lines(result)] == _headlines(expected)
    assert result.returncode == 0, result.stderr


@needs_symlinks
def test_a_directory_with_symlink_loops_gives_each_file_once(tmp_path: Path) -> None:
    records = _tree_with_symlink_loops(tmp_path)
    result = _run(tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line["headline"] for line in _lines(result)] == _headlines(records)


def test_a_file_named_twice_is_parsed_once(tmp_path: Path) -> None:
    record = _copy(RECORDS[0], tmp_path / "deep" / "a.md")
    result = _run("-f", "jsonl", record, tmp_path, tmp_path / "*" / "*.md", timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line["headline"] for line in _lines(result)] == _headlines([record])


@needs_symlinks
def test_a_link_to_a_file_of_the_tree_gives_it_once(tmp_path: Path) -> None:
    record = _copy(RECORDS[0], tmp_path / "a.md")
    (tmp_path / "b.md").symlink_to("a.md")
    outside = _copy(RECORDS[1], tmp_path / "elsewhere" / "c.txt")
    (tmp_path / "tree").mkdir()
    (tmp_path / "tree" / "c.md").symlink_to(outside)
    result = _run(tmp_path / "a.md", tmp_path / "b.md", tmp_path / "tree", timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line["headline"] for line in _lines(result)] == _headlines([record, outside])


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


@needs_fifo
@pytest.mark.parametrize("how", ["directory", "pattern"])
def test_a_fifo_found_in_a_directory_is_skipped_with_a_message(tmp_path: Path, how: str) -> None:
    record = _copy(RECORDS[0], tmp_path / "a.md")
    fifo = tmp_path / "x.html"
    os.mkfifo(fifo)
    result = _run(tmp_path if how == "directory" else tmp_path / "*", timeout=60)
    assert [line["headline"] for line in _lines(result)] == _headlines([record])
    assert result.stderr.decode() == f"rfiparse: {fifo}: not a regular file (a FIFO): skipped\n"
    assert result.returncode == 1


def _writer_of(fifo: Path) -> int:
    """The writing end of a FIFO, once a reader has opened it (a minute at most)."""
    deadline = time.monotonic() + 60
    while True:
        try:
            descriptor = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:  # ENXIO: no reader yet
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
        else:
            os.set_blocking(descriptor, True)
            return descriptor


@needs_fifo
def test_a_found_file_that_became_a_fifo_is_not_waited_for(tmp_path: Path) -> None:
    """Listed as a regular file, replaced by a FIFO before it is read."""
    fifo = tmp_path / "x.html"
    os.mkfifo(fifo)
    script = (
        "import sys\n"
        "from rfiparse._cli import _Task, _run\n"
        "print(_run(_Task(name='x', path=sys.argv[1], found=True)).error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(fifo)], capture_output=True, check=True, timeout=60
    )
    assert result.stdout.decode() == "not a regular file (a FIFO): skipped\n"


@needs_fifo
def test_a_fifo_named_on_the_command_line_is_read(tmp_path: Path) -> None:
    """As ``rfiparse <(cat record.md)`` gives it: the user asked for that pipe."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with subprocess.Popen(
        [sys.executable, "-m", "rfiparse", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        with open(_writer_of(fifo), "wb") as writer:
            writer.write(SEED.read_bytes())
        out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert json.loads(out)["headline"] == SEED_HEADLINE


def test_a_directory_read_by_other_means_than_walking_is_not_searched_twice(
    tmp_path: Path,
) -> None:
    records = [_copy(RECORDS[0], tmp_path / "a" / "r.md"), _copy(RECORDS[1], tmp_path / "b.md")]
    result = _run(tmp_path / "a", tmp_path, timeout=60)
    assert result.returncode == 0, result.stderr
    assert [line["headline"] for line in _lines(result)] == _headlines(records)


# What reaches a terminal

# C1 CSI (a terminal command on terminals that read 8-bit controls), a bidi
# override and isolate (they reorder what follows them); the parser keeps them.
HOSTILE_TEXT = "Hello \u202eevil\u202c and \x9b31m red \u2066x\u2069"
HOSTILE_FRAGMENT = f"<p>{HOSTILE_TEXT}</p>".encode()
ESCAPED_TEXT = "Hello \\u202eevil\\u202c and \\x9b31m red \\u2066x\\u2069"
UNSAFE = ("\x1b", "\x9b", "\u202e", "\u202c", "\u2066", "\u2069")


def _on_terminal(*args: str | Path) -> tuple[int, bytes, bytes]:
    """Run the command line with its standard output on a pseudo-terminal.

    Returns the exit status, what the terminal was sent, and standard error.
    """
    tty = pytest.importorskip("tty")
    leader, follower = os.openpty()
    tty.setraw(follower)  # the bytes as written: no \r added before \n
    try:
        with subprocess.Popen(
            [sys.executable, "-m", "rfiparse", *map(str, args)],
            stdout=follower,
            stderr=subprocess.PIPE,
        ) as process:
            _, err = process.communicate(timeout=120)
        os.close(follower)
        shown = drain(leader)
    finally:
        os.close(leader)
    return process.returncode, shown, err


def test_the_parser_keeps_the_hostile_characters_of_these_tests() -> None:
    """Else the tests below would show nothing."""
    assert rfiparse.parse(HOSTILE_FRAGMENT).text == HOSTILE_TEXT


needs_pty = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")


@needs_pty
@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_on_a_terminal_has_its_control_characters_escaped(tmp_path: Path, fmt: str) -> None:
    fragment = tmp_path / "f.html"
    fragment.write_bytes(HOSTILE_FRAGMENT)
    status, shown, err = _on_terminal("-f", fmt, fragment)
    assert status == 0, err
    text = shown.decode()
    assert ESCAPED_TEXT in text
    assert not any(character in text for character in UNSAFE)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_not_on_a_terminal_is_the_text_as_it_is(tmp_path: Path, fmt: str) -> None:
    fragment = tmp_path / "f.html"
    fragment.write_bytes(HOSTILE_FRAGMENT)
    result = _run("-f", fmt, fragment)
    assert result.returncode == 0, result.stderr
    assert HOSTILE_TEXT in result.stdout.decode()


@pytest.mark.parametrize("terminal", [False, True])
@pytest.mark.parametrize("fmt", ["json", "jsonl", None])
def test_json_escapes_control_characters_and_reads_back_the_same(
    tmp_path: Path, fmt: str | None, terminal: bool
) -> None:
    if terminal and not hasattr(os, "openpty"):
        pytest.skip("needs a pseudo-terminal")
    fragment = tmp_path / "f.html"
    fragment.write_bytes(HOSTILE_FRAGMENT)
    args = ["-f", fmt, fragment] if fmt else [fragment]
    if terminal:
        status, out, err = _on_terminal(*args)
    else:
        result = _run(*args)
        status, out, err = result.returncode, result.stdout, result.stderr
    assert status == 0, err
    text = out.decode()
    assert not any(character in text for character in UNSAFE)
    document = json.loads(text) if fmt != "jsonl" else json.loads(text.splitlines()[0])
    article = document[0] if fmt == "json" else document
    assert article["paragraphs"][0]["text"] == HOSTILE_TEXT
    assert "\\u009b31m red \\u2066x\\u2069" in text


@pytest.mark.skipif(sys.platform == "win32", reason="such file names are not allowed there")
def test_a_file_name_is_escaped_on_standard_error(tmp_path: Path) -> None:
    name = "evil\x1b[2J\x9b31m\u202egnp.html\nrfiparse: forged line"
    broken = tmp_path / name
    broken.write_bytes(b"")
    result = _run(broken)
    assert result.returncode == 1
    err = result.stderr.decode()
    assert not any(character in err for character in UNSAFE)
    escaped = "evil\\x1b[2J\\x9b31m\\u202egnp.html\\nrfiparse: forged line"
    assert err.startswith(f"rfiparse: {tmp_path / escaped}: the input is empty")
    assert err.count("\n") == 1  # one line: the name forges no other


# Feeds damaged past repair, other publishers, dead workers (in this process, with fakes)


def _run_here(
    capfd: pytest.CaptureFixture[str], *args: str | Path
) -> tuple[int, list[dict[str, object]], list[str]]:
    """``main(args)`` in this process: its status, JSON lines, and lines of standard error."""
    from rfiparse._cli import main

    status = main(["-f", "jsonl", *map(str, args)])
    out, err = capfd.readouterr()
    return status, [json.loads(line) for line in out.splitlines()], err.splitlines()


def test_a_feed_damaged_past_repair_writes_what_was_read_and_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    articles = tuple(rfiparse.parse_feed(FEED.read_bytes()))[:2]

    def damaged(data: bytes, *, max_bytes: int | None) -> list[rfiparse.Article]:
        raise rfiparse.IncompleteFeedError("4 entries of 6 could not be read", articles=articles)

    monkeypatch.setattr(rfiparse._cli, "parse_feed", damaged)
    status, lines, errors = _run_here(capfd, SEED, FEED, RECORDS[0])
    assert status == 1
    assert [line["headline"] for line in lines] == _headlines([SEED]) + [
        article.headline for article in articles
    ] + _headlines([RECORDS[0]])
    assert errors == [f"rfiparse: {FEED}: 4 entries of 6 could not be read"]


def _foreign_or_parse(data: bytes, **options: object) -> rfiparse.Article:
    """``parse()``, but a document that names www.bbc.com is another publisher's page.

    Its message names parse_listing, as the refusal of a section page does: it
    must be refused all the same.
    """
    if b"www.bbc.com" in data:
        raise rfiparse.ForeignSiteError(
            "the page is www.bbc.com's, not RFI's (not parse_listing() either)",
            host="www.bbc.com",
        )
    return rfiparse.parse(data, **options)  # type: ignore[arg-type]


def test_another_publishers_page_is_refused_and_every_rfi_article_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    records = [_copy(RECORDS[0], tmp_path / "a.md"), _copy(SEED, tmp_path / "c.txt")]
    foreign = tmp_path / "b.html"
    foreign.write_bytes(
        b'<!DOCTYPE html><html><head><link rel="canonical" href="https://www.bbc.com/news/x">'
        b"</head><body><h1>Elsewhere</h1><p>Not ours.</p></body></html>"
    )

    def no_listing(*args: object, **options: object) -> None:
        raise AssertionError("parse_listing() called for another publisher's page")

    monkeypatch.setattr(rfiparse._cli, "parse", _foreign_or_parse)
    monkeypatch.setattr(rfiparse._cli, "parse_listing", no_listing)
    status, lines, errors = _run_here(capfd, tmp_path)
    assert status == 1
    assert [line["headline"] for line in lines] == _headlines(records)
    assert len(errors) == 1
    assert errors[0].startswith(f"rfiparse: {foreign}: refused: ")


def _parse_input_or_die(data: bytes, **options: object) -> object:
    """``parse_input()``, but the process is killed on an input that asks for it."""
    if b"kill this worker" in data:
        os.kill(os.getpid(), signal.SIGKILL)
    return parse_input(data, **options)  # type: ignore[arg-type]


@pytest.mark.skipif(
    not hasattr(signal, "SIGKILL") or multiprocessing.get_start_method() != "fork",
    reason="the fake must reach the workers: needs SIGKILL and forked workers",
)
def test_an_input_that_kills_its_worker_is_named_and_the_others_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    killer = tmp_path / "killer.html"
    killer.write_bytes(b"<p>kill this worker</p>")
    monkeypatch.setattr(rfiparse._cli, "parse_input", _parse_input_or_die)
    inputs = [*RECORDS[:3], killer, *RECORDS[3:6]]
    status, lines, errors = _run_here(capfd, "--jobs", "2", *inputs)
    assert status == 1
    assert [line["headline"] for line in lines] == _headlines([*RECORDS[:3], *RECORDS[3:6]])
    assert len(errors) == 1
    assert errors[0].startswith(f"rfiparse: {killer}: the worker process parsing this input died")


@pytest.mark.parametrize(
    "pattern",
    ["**", "**/", "**/*.md", "*", "*/", "sub/**", "sub/**/", "./**/*.md", "sub//*.md", "su?",
     "**/deep", "sub/**/**/*.md", "[ns]*", "*/*/*.md", ".*", "**/.*", "nothing*", "a.md/*"],
)  # fmt: skip
def test_patterns_match_what_glob_matches_where_there_is_no_link(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    import glob

    from rfiparse._cli import _glob

    for name in ("a.md", "n.json", ".h/x.md", "sub/b.md", "sub/deep/c.md", "sub/.d/e.md"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    monkeypatch.chdir(tmp_path)
    for form in (pattern, f"{tmp_path}{os.sep}{pattern}"):
        assert _glob(form) == sorted(set(glob.glob(form, recursive=True)))


def test_a_directory_of_mixed_publishers_writes_every_rfi_article_and_refuses_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # The real library, on the synthetic records of other publishers in the archive format.
    records = [_copy(RECORDS[0], tmp_path / "a.md"), _copy(SEED, tmp_path / "z.txt")]
    foreign = sorted((FIXTURES / "foreign").glob("record_*.md"))
    for path in foreign:
        _copy(path, tmp_path / path.name)
    _copy(FIXTURES / "foreign" / "page_bbc_article.html", tmp_path / "page_bbc.html")

    def no_listing(*args: object, **options: object) -> None:
        raise AssertionError("parse_listing() called for another publisher's document")

    monkeypatch.setattr(rfiparse._cli, "parse_listing", no_listing)
    status, lines, errors = _run_here(capfd, tmp_path)
    assert status == 1
    assert [line["headline"] for line in lines] == _headlines(records)
    assert len(errors) == len(foreign) + 1
    assert all(": refused: " in e and " is not an RFI site" in e for e in errors)


def test_a_section_page_goes_to_parse_listing_whatever_the_message_of_its_refusal(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    # detect() says where a page parse() refuses goes, not the words of the refusal.
    def refuse(*args: object, **options: object) -> None:
        raise rfiparse.NotAnArticleError("a section page")

    monkeypatch.setattr(rfiparse._cli, "parse", refuse)
    status, lines, errors = _run_here(capfd, LISTING)
    assert (status, errors) == (0, [])
    assert lines == _typed(rfiparse.parse_listing(LISTING.read_bytes()))


def test_a_section_page_goes_to_parse_listing_without_asking_detect(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # parse() says it is a listing (ListingPageError): detect() would parse it a third time.
    asked: list[bytes] = []

    def counted_detect(data: bytes, **options: object) -> str:
        asked.append(data)
        return rfiparse.detect(data)

    monkeypatch.setattr(rfiparse._cli, "detect", counted_detect)
    data = LISTING.read_bytes()
    assert parse_input(data) == ("listing", rfiparse.parse_listing(data))
    assert asked == []


def test_shape_article_refuses_a_section_page_with_listing_page_error() -> None:
    with pytest.raises(rfiparse.ListingPageError):
        parse_input(LISTING.read_bytes(), shape="article")


def test_a_section_page_parse_refuses_as_binary_goes_to_parse_listing() -> None:
    # UTF-16 without a byte-order mark is one NUL in two: parse() refuses it before
    # parsing, the HTML parser reads it all the same. detect() is still asked here.
    data = LISTING.read_text(encoding="utf-8").encode("utf-16-le")
    with pytest.raises(rfiparse.NotAnArticleError, match="binary"):
        rfiparse.parse(data)
    teasers = rfiparse.parse_listing(data)
    assert teasers
    assert parse_input(data) == ("listing", teasers)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_left_out_without_tqdm(monkeypatch: pytest.MonkeyPatch) -> None:
    # tqdm is the optional extra rfiparse[cli]: without it the commands run, with no bar.
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setattr(sys, "stderr", _Terminal())
    assert _cli_common.progress_bar(total=3) is None


def test_the_progress_bar_is_left_out_off_a_terminal() -> None:
    pytest.importorskip("tqdm")
    assert _cli_common.progress_bar(total=3) is None  # pytest's captured stderr
