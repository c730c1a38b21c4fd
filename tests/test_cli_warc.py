"""``rfiparse warc``: the rfi.fr articles of WARC files as Parquet or JSON lines.

The WARC files are built in ``tmp_path`` by ``tests/warcs.py`` from the real
documents of ``tests/fixtures`` and small synthetic pages; the command line is run
in-process through ``rfiparse._cli.main``, and once through the installed script.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rfiparse
from rfiparse._cli import main
from warcs import (
    fixture_documents,
    request_record,
    revisit_record,
    synthetic_page,
    warc_record,
    warcinfo_record,
    write_warc,
)

pytest.importorskip("fastwarc")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")
ds = pytest.importorskip("pyarrow.dataset")

PAGE_URL, PAGE = next((url, data) for url, data in fixture_documents() if "/cn/" in url[:25])
LISTING_URL, LISTING = next(
    (url, data) for url, data in fixture_documents() if url.endswith("/cn/")
)


def _page(url: str, headline: str, month: str = "2024-01") -> bytes:
    """A small rfi.fr article page at ``url``, published in ``month``."""
    text = synthetic_page(url=url, headline=headline)
    return text.replace("2024-01-02T10:00:00", f"{month}-02T10:00:00").encode("utf-8")


FR_MARCH = ("https://www.rfi.fr/fr/france/20240302-un", "Un titre de mars", "2024-03")
CN_JANUARY = ("https://www.rfi.fr/cn/中国/20240102-二", "一月的标题", "2024-01")
FR_FEBRUARY = ("https://www.rfi.fr/fr/afrique/20240202-trois", "Un titre de février", "2024-02")


def _first_warc() -> list[bytes]:
    """A crawl's file: the real page, a listing, another host, a revisit, a 404, an fr page."""
    fr_url, fr_headline, fr_month = FR_MARCH
    return [
        warcinfo_record(),
        request_record(uri=PAGE_URL),
        warc_record(uri=PAGE_URL, body=PAGE),
        warc_record(uri=LISTING_URL, body=LISTING),
        warc_record(
            uri="https://example.com/news", body=_page("https://example.com/n", "Ailleurs")
        ),
        revisit_record(uri=PAGE_URL),
        warc_record(uri="https://www.rfi.fr/fr/gone", status=404, body=b"<p>Not found</p>"),
        warc_record(uri=fr_url, body=_page(fr_url, fr_headline, fr_month), chunked=True),
    ]


def _second_warc() -> list[bytes]:
    """Another file: two small articles, cn then fr, the second truncated."""
    records = [warcinfo_record(filename="second.warc")]
    for (url, headline, month), truncated in ((CN_JANUARY, None), (FR_FEBRUARY, "length")):
        records.append(warc_record(uri=url, body=_page(url, headline, month), truncated=truncated))
    return records


# The articles the crawl holds, in input-file order then record order.
PAGE_HEADLINE = rfiparse.parse(PAGE, url=PAGE_URL).headline or ""
HEADLINES = [
    PAGE_HEADLINE,
    FR_MARCH[1],
    CN_JANUARY[1],
    FR_FEBRUARY[1],
]


@pytest.fixture
def crawl(tmp_path: Path) -> Path:
    """A directory of two WARC files: ``1.warc.gz`` (gzip per record), ``2.warc`` (plain)."""
    directory = tmp_path / "crawl"
    directory.mkdir()
    write_warc(directory / "1.warc.gz", _first_warc())
    write_warc(directory / "2.warc", _second_warc(), compression="none")
    return directory


def _warcs(crawl: Path) -> list[str]:
    return [str(crawl / "1.warc.gz"), str(crawl / "2.warc")]


def _json_lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def _rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a Parquet file, or of a hive-partitioned dataset, in file order."""
    if path.is_dir():
        table = ds.dataset(path, format="parquet", partitioning="hive").to_table()
    else:
        table = pq.read_table(path)
    rows: list[dict[str, Any]] = table.to_pylist()
    return rows


_LABELS = (  # each may take an s: "1 article", "2 articles"
    "WARC file",
    "records read",
    "rfi.fr responses",
    "not 200",
    "article",
    "listing",
    "refused",
    "error",
    "truncated",
)


def _summary(stderr: str) -> dict[str, int]:
    """The summary line's numbers, by label."""
    line = next(line for line in stderr.splitlines() if line.startswith("rfiparse warc: "))
    counts = {}
    for label in _LABELS:
        found = re.search(rf"([\d,]+) {re.escape(label)}s?\b", line)
        assert found is not None, (label, line)
        counts[label] = int(found[1].replace(",", ""))
    return counts


# Output forms


def test_jsonl_output_has_one_line_per_article_with_its_source(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "articles.jsonl"
    assert main(["warc", *_warcs(crawl), "-o", str(out), "--quiet"]) == 0
    lines = _json_lines(out.read_bytes())
    assert [line["headline"] for line in lines] == HEADLINES
    first = lines[0]
    assert next(iter(first)) == "type"
    assert list(first)[-1] == "source"
    source = first.pop("source")
    assert first.pop("type") == "article"
    assert first == rfiparse.parse(PAGE, url=PAGE_URL).to_dict()
    assert source["uri"] == PAGE_URL
    assert source["warc_date"] == "2024-01-02T03:04:05+00:00"
    assert source["file"] == str(crawl / "1.warc.gz")
    assert isinstance(source["offset"], int)
    assert source["truncated"] is None
    assert lines[3]["source"]["truncated"] == "length"


def test_jsonl_gz_output_is_the_jsonl_output_gzipped(crawl: Path, tmp_path: Path) -> None:
    plain, zipped = tmp_path / "a.jsonl", tmp_path / "a.jsonl.gz"
    assert main(["warc", *_warcs(crawl), "-o", str(plain), "-q"]) == 0
    assert main(["warc", *_warcs(crawl), "-o", str(zipped), "-q"]) == 0
    assert gzip.decompress(zipped.read_bytes()) == plain.read_bytes()


@pytest.mark.parametrize("output", [[], ["-o", "-"]])
def test_json_lines_go_to_stdout_without_o_or_with_a_dash(
    crawl: Path, output: list[str], capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(["warc", *_warcs(crawl), *output, "-q"]) == 0
    assert [line["headline"] for line in _json_lines(capsysbinary.readouterr().out)] == HEADLINES


def test_parquet_output_has_one_row_per_article_and_nothing_else(
    crawl: Path, tmp_path: Path
) -> None:
    out = tmp_path / "articles.parquet"
    assert main(["warc", *_warcs(crawl), "-o", str(out), "-q"]) == 0
    rows = _rows(out)
    assert [row["headline"] for row in rows] == HEADLINES
    assert [row["source"]["uri"] for row in rows] == [
        PAGE_URL,
        FR_MARCH[0],
        CN_JANUARY[0],
        FR_FEBRUARY[0],
    ]
    arrow = pytest.importorskip("rfiparse.arrow")
    assert pq.read_schema(out).equals(arrow.arrow_schema())
    assert arrow.from_table(pq.read_table(out))[0] == rfiparse.parse(PAGE, url=PAGE_URL)


def test_partitioned_dataset_is_readable_with_hive_partitioning(
    crawl: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dataset"
    assert main(["warc", str(crawl), "-o", f"{out}/", "--partition", "edition,month", "-q"]) == 0
    rows = _rows(out)
    assert sorted(row["headline"] for row in rows) == sorted(HEADLINES)
    by_headline = {row["headline"]: (row["edition"], row["month"]) for row in rows}
    assert by_headline[FR_MARCH[1]] == ("fr", "2024-03")
    assert by_headline[CN_JANUARY[1]] == ("cn", "2024-01")
    directories = {p.relative_to(out).as_posix() for p in out.glob("*/*") if p.is_dir()}
    assert {"edition=fr/month=2024-03", "edition=fr/month=2024-02"} <= directories
    assert not [p for p in out.rglob("*") if p.name.startswith(".")]  # no temporary left


def test_the_dataset_is_read_by_duckdb_and_pandas(crawl: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pd = pytest.importorskip("pandas")
    out = tmp_path / "dataset"
    assert main(["warc", str(crawl), "-o", str(out), "--partition", "edition,month", "-q"]) == 0
    query = f"""SELECT headline, edition, month FROM read_parquet('{out}/**/*.parquet',
        hive_partitioning = true) ORDER BY month"""
    rows = duckdb.connect().execute(query).fetchall()
    assert [row[0] for row in rows] == [HEADLINES[2], HEADLINES[3], HEADLINES[1], HEADLINES[0]]
    assert rows[0][1:] == ("cn", "2024-01")
    frame = pd.read_parquet(out)
    assert sorted(frame["headline"]) == sorted(HEADLINES)


def test_partition_by_edition_alone(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "by-edition"
    assert main(["warc", str(crawl), "-o", str(out), "--partition", "edition", "-q"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["edition=cn", "edition=fr"]
    fr = [row["headline"] for row in _rows(out / "edition=fr")]
    assert fr == [FR_MARCH[1], FR_FEBRUARY[1]]  # file order, then record order


def test_edition_keeps_the_articles_of_those_editions(crawl: Path, tmp_path: Path) -> None:
    out = tmp_path / "fr.jsonl"
    assert main(["warc", *_warcs(crawl), "--edition", "fr", "-o", str(out), "-q"]) == 0
    assert [line["headline"] for line in _json_lines(out.read_bytes())] == [
        FR_MARCH[1],
        FR_FEBRUARY[1],
    ]


def test_a_directory_gives_its_warc_files_in_path_order(crawl: Path, tmp_path: Path) -> None:
    (crawl / "notes.txt").write_text("not a WARC file")
    (crawl / ".hidden.warc").write_bytes(b"not read")
    out = tmp_path / "a.jsonl"
    assert main(["warc", str(crawl), "-o", str(out), "-q"]) == 0
    assert [line["headline"] for line in _json_lines(out.read_bytes())] == HEADLINES


def test_a_zstd_warc_file_in_a_directory_is_read(tmp_path: Path) -> None:
    crawl = tmp_path / "zstd"
    crawl.mkdir()
    write_warc(crawl / "2.warc.zst", _second_warc(), compression="zstd")
    out = tmp_path / "a.jsonl"
    assert main(["warc", str(crawl), "-o", str(out), "-q"]) == 0
    assert [line["headline"] for line in _json_lines(out.read_bytes())] == HEADLINES[2:]


@pytest.mark.parametrize(
    ("module", "output", "extra"),
    [
        ("fastwarc", "a.jsonl", "rfiparse[warc]"),
        ("pyarrow", "a.parquet", "rfiparse[parquet]"),
    ],
)
def test_a_missing_extra_is_named_before_any_work(
    crawl: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: str,
    output: str,
    extra: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import raises ImportError
    with pytest.raises(SystemExit) as exit_:
        main(["warc", str(crawl), "-o", str(tmp_path / output)])
    assert exit_.value.code == 2
    assert f"pip install '{extra}'" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crawl"]


# --jobs


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".parquet", "/"])
def test_jobs_2_writes_what_jobs_1_writes(crawl: Path, tmp_path: Path, suffix: str) -> None:
    # Several files, so that the two processes interleave: input order is kept.
    for copy in range(3, 6):
        shutil.copyfile(crawl / "1.warc.gz", crawl / f"{copy}.warc.gz")
    partition = ["--partition", "edition,month"] if suffix == "/" else []
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}{suffix}"
        assert main(["warc", str(crawl), "-o", str(out), "--jobs", jobs, *partition, "-q"]) == 0
        outputs.append(out.with_name(out.name))
    one, two = outputs
    if suffix in (".jsonl", ".jsonl.gz"):
        assert one.read_bytes() == two.read_bytes()
    else:
        assert _rows(one) == _rows(two)
        assert len(_rows(one)) == len(HEADLINES) + 3 * 2
    if suffix == "/":
        files = sorted(p.relative_to(one).as_posix() for p in one.rglob("*.parquet"))
        assert files == sorted(p.relative_to(two).as_posix() for p in two.rglob("*.parquet"))


# The summary and the exit status


def test_the_summary_counts_records_responses_and_articles(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["warc", *_warcs(crawl), "-o", str(tmp_path / "a.jsonl"), "--summary"]) == 0
    counts = _summary(capsys.readouterr().err)
    assert counts["WARC file"] == 2
    assert counts["records read"] == len(_first_warc()) + len(_second_warc())
    # The page, the listing, the 404 and three small articles; not the revisit.
    assert counts["rfi.fr responses"] == 6
    assert counts["not 200"] == 1
    assert counts["article"] == 4
    assert counts["listing"] == 1
    assert counts["error"] == 0
    assert counts["truncated"] == 1


class _Terminal(io.StringIO):
    """A standard error that says it is a terminal."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_progress_bar_counts_records_and_articles_on_a_terminal(
    crawl: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    out = tmp_path / "a.jsonl"
    assert main(["warc", *_warcs(crawl), "-o", str(out), "--jobs", jobs]) == 0
    shown = terminal.getvalue()
    records = len(_first_warc()) + len(_second_warc())
    assert f"{records} records" in shown
    assert "4 articles" in shown.split("\r")[-1]
    quiet = _Terminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    assert main(["warc", *_warcs(crawl), "-o", str(out), "--force", "--quiet"]) == 0
    assert quiet.getvalue() == ""


def test_quiet_writes_no_summary(crawl: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["warc", *_warcs(crawl), "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_no_summary_off_a_terminal_without_summary(
    crawl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # As plain rfiparse: the summary is for a terminal, or asked for with --summary.
    assert main(["warc", *_warcs(crawl)]) == 0
    assert capsys.readouterr().err == ""


def test_no_progress_keeps_the_summary_on_a_terminal(
    crawl: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert main(["warc", *_warcs(crawl), "--no-progress"]) == 0
    assert terminal.getvalue().startswith("rfiparse warc: 2 WARC files: 2 read, 0 failed; ")
    assert terminal.getvalue().count("\n") == 1  # the summary, and no bar


def test_with_source_is_taken_and_the_source_is_always_there(
    crawl: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["warc", *_warcs(crawl)]) == 0
    without = capsys.readouterr().out
    assert main(["warc", *_warcs(crawl), "--with-source"]) == 0
    assert capsys.readouterr().out == without
    assert all("source" in line for line in _json_lines(without.encode()))


def test_an_unreadable_warc_file_fails_after_the_others_are_written(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = crawl / "0-broken.warc.gz"
    broken.write_bytes(gzip.compress(b"this is no WARC record\r\n" * 50))
    for jobs in ("1", "2"):
        out = tmp_path / f"jobs{jobs}.jsonl"
        assert main(["warc", str(crawl), "-o", str(out), "--jobs", jobs, "--summary"]) == 1
        assert [line["headline"] for line in _json_lines(out.read_bytes())] == HEADLINES
        err = capsys.readouterr().err
        assert f"rfiparse: {broken}: " in err
        assert "rfiparse warc: 3 WARC files: 2 read, 1 failed; " in err


def test_a_warc_file_broken_midway_keeps_the_articles_before_the_break(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = crawl / "1.warc.gz"
    broken.write_bytes(broken.read_bytes() + b"\x1f\x8b\x08\x00 not a gzip member" * 10)
    out = tmp_path / "a.jsonl"
    assert main(["warc", str(broken), "-o", str(out)]) == 1
    assert [line["headline"] for line in _json_lines(out.read_bytes())] == HEADLINES[:2]
    err = capsys.readouterr().err
    assert f"rfiparse: {broken}: " in err
    assert f"{broken}: {broken}" not in err  # the name once


def test_a_record_cut_short_is_counted_not_fatal(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = (crawl / "1.warc.gz").read_bytes()
    (crawl / "1.warc.gz").write_bytes(data[: len(data) - 40])  # the last record's member cut
    out = tmp_path / "a.jsonl"
    assert main(["warc", str(crawl / "1.warc.gz"), "-o", str(out), "--summary"]) == 0
    assert [line["headline"] for line in _json_lines(out.read_bytes())] == HEADLINES[:1]
    assert _summary(capsys.readouterr().err)["error"] == 1


# Usage errors: exit status 2, before any file is read


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "out.csv"], "give a .parquet file, a .jsonl or .jsonl.gz file"),
        (["-o", "out/"], "a directory output needs --partition"),
        (["--partition", "edition"], "--partition writes a directory"),
        (["-o", "a.jsonl", "--partition", "month"], "applies to Parquet datasets"),
        (["-o", "d", "--partition", "year"], "unknown key 'year'"),
        (["-o", "d", "--partition", "month,month"], "a key is given twice"),
        (["--edition", "fr,xx"], "unknown edition 'xx'"),
        (["--jobs", "-1"], "must be 0"),
    ],
)
def test_usage_errors_exit_2_and_name_the_accepted_forms(
    crawl: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    arguments: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(crawl.parent)
    with pytest.raises(SystemExit) as exit_:
        main(["warc", *_warcs(crawl), *arguments])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert sorted(p.name for p in crawl.parent.iterdir()) == ["crawl"]  # nothing written


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing.warc.gz", "no such file or directory"),
        ("old.arc.gz", "an ARC file (the format before WARC) is not read"),
        ("empty", "the directory holds no .warc, .warc.gz, .warc.zst file"),
    ],
)
def test_an_input_that_cannot_be_read_is_a_usage_error_before_any_work(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    if name == "empty":
        (tmp_path / name).mkdir()
    elif name.endswith(".arc.gz"):
        (tmp_path / name).write_bytes(b"")
    out = tmp_path / "a.jsonl"
    with pytest.raises(SystemExit) as exit_:
        main(["warc", *_warcs(crawl), str(tmp_path / name), "-o", str(out)])
    assert exit_.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_no_input_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["warc"])
    assert exit_.value.code == 2
    assert "rfiparse warc" in capsys.readouterr().err


# Outputs that exist


@pytest.mark.parametrize("name", ["a.jsonl", "a.parquet"])
def test_an_existing_output_file_is_not_replaced_without_force(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    out = tmp_path / name
    out.write_bytes(b"precious")
    with pytest.raises(SystemExit) as exit_:
        main(["warc", *_warcs(crawl), "-o", str(out)])
    assert exit_.value.code == 2
    assert "already exists (give --force to replace it)" in capsys.readouterr().err
    assert out.read_bytes() == b"precious"
    assert main(["warc", *_warcs(crawl), "-o", str(out), "--force", "-q"]) == 0
    assert out.read_bytes() != b"precious"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["crawl", name])


def test_a_dataset_is_replaced_only_with_force(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "dataset"
    arguments = ["warc", str(crawl), "-o", str(out), "--partition", "edition", "-q"]
    assert main(arguments) == 0
    with pytest.raises(SystemExit) as exit_:
        main([*arguments[:-1], "--edition", "cn"])
    assert exit_.value.code == 2
    assert "is not empty (give --force to replace it)" in capsys.readouterr().err
    assert main([*arguments, "--edition", "cn", "--force"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["edition=cn"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crawl", "dataset"]


def test_force_never_replaces_a_directory_that_is_not_a_dataset(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "thesis.tex").write_text("precious")
    with pytest.raises(SystemExit) as exit_:
        main(["warc", str(crawl), "-o", str(home), "--partition", "edition", "--force"])
    assert exit_.value.code == 2
    assert "holds other things than a Parquet dataset" in capsys.readouterr().err
    assert (home / "thesis.tex").read_text() == "precious"


def test_an_output_that_cannot_be_written_fails_with_status_1(
    crawl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "no" / "such" / "dir" / "a.jsonl"
    assert main(["warc", *_warcs(crawl), "-o", str(out)]) == 1
    assert "No such file or directory" in capsys.readouterr().err


# Dispatch from the rfiparse command


def test_a_file_named_warc_is_read_by_rfiparse_as_dot_slash_warc(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "warc").write_bytes(_page(*FR_MARCH))
    assert main(["./warc", "--fields", "headline"]) == 0
    assert json.loads(capsys.readouterr().out) == {"type": "article", "headline": FR_MARCH[1]}


def test_the_installed_console_script_runs_rfiparse_warc(crawl: Path, tmp_path: Path) -> None:
    here = str(Path(sys.executable).parent)
    script = shutil.which("rfiparse", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if script is None:
        pytest.skip("the rfiparse console script is not installed (reinstall the package)")
    out = tmp_path / "articles.parquet"
    result = subprocess.run(
        [script, "warc", str(crawl), "-o", str(out), "--jobs", "2", "--summary"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert [row["headline"] for row in _rows(out)] == HEADLINES
    assert b"4 articles" in result.stderr
