"""WARC to Parquet: where the time goes on one core, ``--jobs 2``, and Spark ``local[2]``.

Builds WARC files with ``tests/warcs.py`` (gzip, one member per record, a request
record before each response, as crawlers write them) from the real rfi.fr
documents of ``tests/fixtures`` (and of ``--corpus``, the shared corpus, when it
is there: its ``MANIFEST.tsv`` names the full pages), then measures, interleaved,
medians over several rounds:

1. One core, per file: reading and decompressing (FastWARC over every record, the
   body of each rfi.fr 200 response read, nothing parsed); parsing (``parse()`` of
   those bodies); writing (``rfiparse.arrow.write_parquet()`` of the articles); and
   ``iter_articles()`` whole. Two mixes: a crawl of rfi.fr alone, and a Common
   Crawl-like file where 90% of the responses are other hosts' pages. The goal:
   reading + writing cost less than 1/5 of parsing.
2. ``rfiparse warc --jobs 2`` against ``--jobs 1`` on several files, beside the
   two-process ceiling measured in the same rounds: two plain ``rfiparse warc``
   processes started at once, each given half of the files.
3. With ``--spark``: ``rfiparse.spark.read_warcs()`` on Spark ``local[2]`` writing
   the same files to Parquet, against ``rfiparse warc --jobs 2``, and Spark's fixed
   cost (starting the session; an empty job).

Prints a Markdown section; ``--write-docs`` puts it in ``docs/performance.md``
between its ``warc.py`` markers. ``--quick`` runs everything small, in a few
seconds, to check the script (never written to the docs). Timings are printed,
never judged by the test suite.

    python benchmarks/warc.py [--quick] [--spark] [--write-docs] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from _inputs import FIXTURES, REPO
from _machine import describe

import rfiparse
from rfiparse.errors import RfiParseError

warcs = importlib.import_module("warcs")  # tests/warcs.py, on the path through _inputs

DOCS_PAGE = REPO / "docs" / "performance.md"
BEGIN = "<!-- benchmarks/warc.py: begin -->"
END = "<!-- benchmarks/warc.py: end -->"
CORPUS = REPO.parent / "shared" / "corpus"
_RFI_SHARE_CC = 0.10  # the share of rfi.fr responses in a Common Crawl-like file


# The WARC files


@dataclass(frozen=True)
class Documents:
    """The bodies the WARC files serve: rfi.fr pages, and other hosts' documents."""

    rfi: list[tuple[str, bytes]]
    other: list[bytes]


def _corpus_pages(corpus: Path) -> list[tuple[str, bytes]]:
    """The full rfi.fr pages (article pages and listings) that ``MANIFEST.tsv`` names."""
    manifest = corpus / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    pages = []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        if row.get("kind") in ("article-page", "listing"):
            data = (corpus / row["file"]).read_bytes()
            try:
                pages.append((warcs.document_url(data), data))
            except ValueError:
                continue
    return pages


def documents(corpus: Path | None) -> Documents:
    """The fixtures' rfi.fr pages (and the corpus's, each once), and other documents.

    The other hosts' documents are every other fixture (pages of other
    publishers, feeds, feed-archive records) and the rfi.fr pages themselves,
    served under other hosts: what a crawl holds beside rfi.fr, of many sizes.
    """
    rfi = warcs.fixture_documents()
    if corpus is not None:
        rfi += _corpus_pages(corpus)
    seen: set[bytes] = set()
    unique = []
    for url, data in rfi:
        digest = hashlib.sha1(data).digest()
        if digest not in seen:
            seen.add(digest)
            unique.append((url, data))
    other = [path.read_bytes() for path in sorted(FIXTURES.glob("*/*")) if path.is_file()]
    other = [data for data in other if hashlib.sha1(data).digest() not in seen]
    return Documents(rfi=unique, other=other + [data for _, data in unique])


def build_warc(path: Path, docs: Documents, *, responses: int, rfi_share: float) -> int:
    """Write a WARC file of ``responses`` responses (each after its request); return records.

    ``rfi_share`` of the responses are rfi.fr pages (articles mostly: one listing
    for every nine article pages, when there is a listing), spread evenly; the
    others are other hosts' documents, in turn.
    """
    articles = [doc for doc in docs.rfi if not doc[0].rstrip("/").endswith(("/cn", "/fr"))]
    listings = [doc for doc in docs.rfi if doc not in articles]
    records = [warcs.warcinfo_record(filename=path.name)]
    rfi_count = 0
    for index in range(responses):
        if (index + 1) * rfi_share >= rfi_count + 1:
            rfi_count += 1
            pool = listings if listings and rfi_count % 10 == 0 else articles
            url, body = pool[rfi_count % len(pool)]
        else:
            url = f"https://www.example-{index % 97}.org/news/{index}.html"
            body = docs.other[index % len(docs.other)]
        records.append(warcs.request_record(uri=url))
        records.append(warcs.warc_record(uri=url, body=body))
    warcs.write_warc(path, records)
    return len(records)


# 1. One core: reading, parsing, writing


def read_bodies(path: Path) -> tuple[int, list[tuple[str, bytes]]]:
    """Every record of a WARC file read and decompressed; the rfi.fr 200 responses' bodies.

    What the reader must do whatever it parses: FastWARC over every record, the
    target host of each response checked, the HTTP body of an rfi.fr one read.
    """
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    records = 0
    bodies = []
    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream, parse_http=True):
            records += 1
            uri = record.headers.get("WARC-Target-URI") or ""
            host = urlsplit(uri).hostname or ""
            if record.record_type != WarcRecordType.response or not (
                host == "rfi.fr" or host.endswith(".rfi.fr")
            ):
                continue
            if record.http_headers is not None and record.http_headers.status_code == 200:
                bodies.append((uri, record.reader.read()))
    return records, bodies


def parse_bodies(bodies: Sequence[tuple[str, bytes]]) -> int:
    """``parse()`` of each body, as the reader calls it; returns the articles."""
    articles = 0
    for url, body in bodies:
        try:
            rfiparse.parse(body, url=url)
        except RfiParseError:
            continue
        articles += 1
    return articles


def write_articles(results: Sequence[Any], target: Path) -> None:
    """The articles to Parquet, as ``rfiparse warc -o x.parquet`` writes them."""
    from rfiparse.arrow import write_parquet

    write_parquet(results, target)


def whole_reader(path: Path) -> int:
    """``iter_articles()`` over the file: reading, decoding and parsing together."""
    from rfiparse.warc import iter_articles

    return sum(1 for _ in iter_articles(path))


def _timed(function: Callable[[], object]) -> float:
    """The wall time of one call, in seconds."""
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def _cpu_timed(function: Callable[[], object]) -> tuple[float, float]:
    """The wall time and the CPU time (this process, every thread) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    function()
    return time.perf_counter() - wall, time.process_time() - cpu


@dataclass
class CoreResult:
    """The per-stage medians on one core for one WARC file."""

    name: str
    size: int
    records: int
    bodies: int
    articles: int
    times: dict[str, list[float]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)

    def median(self, stage: str) -> float:
        """The median CPU time of a stage, in seconds."""
        return statistics.median(self.cpu[stage])

    def wall(self, stage: str) -> float:
        """The median wall time of a stage, in seconds."""
        return statistics.median(self.times[stage])


STAGES = ("read", "parse", "write", "iter_articles")


def measure_core(name: str, path: Path, rounds: int, scratch: Path) -> CoreResult:
    """The stages of one file, interleaved: each round runs each once, in rotating order."""
    from rfiparse.warc import iter_articles

    records, bodies = read_bodies(path)
    results = list(iter_articles(path))
    result = CoreResult(
        name=name,
        size=path.stat().st_size,
        records=records,
        bodies=len(bodies),
        articles=len(results),
    )
    target = scratch / "core.parquet"
    stages: dict[str, Callable[[], object]] = {
        "read": lambda: read_bodies(path),
        "parse": lambda: parse_bodies(bodies),
        "write": lambda: write_articles(results, target),
        "iter_articles": lambda: whole_reader(path),
    }
    for stage in STAGES:  # warm-up, untimed
        stages[stage]()
    for round_ in range(rounds):
        for offset in range(len(STAGES)):
            stage = STAGES[(round_ + offset) % len(STAGES)]
            gc.collect()
            wall, cpu = _cpu_timed(stages[stage])
            result.times.setdefault(stage, []).append(wall)
            result.cpu.setdefault(stage, []).append(cpu)
    return result


# 2. --jobs 2 against --jobs 1 and the two-process ceiling


def _command(files: Sequence[Path], output: Path, jobs: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "rfiparse",
        "warc",
        *map(str, files),
        "-o",
        str(output),
        "--jobs",
        str(jobs),
        "--force",
        "--quiet",
    ]


def _run_all(commands: Sequence[list[str]]) -> tuple[float, float]:
    """Start the commands at once; the wall time until the last one ends, and their CPU time.

    The CPU time (user and system) is that of the processes and of every process
    they started and waited for (``--jobs`` workers), from ``RUSAGE_CHILDREN``.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    processes = [subprocess.Popen(command) for command in commands]
    for process in processes:
        if process.wait() != 0:
            raise RuntimeError(f"failed: {' '.join(process.args)}")  # type: ignore[arg-type]
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu


def measure_jobs(
    files: Sequence[Path], rounds: int, scratch: Path, *, warm_up: bool = True
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """``--jobs 1``, ``--jobs 2`` and two half-runs at once, interleaved: wall and CPU times."""
    half = len(files) // 2
    runs = {
        "jobs 1": [_command(files, scratch / "j1.parquet", 1)],
        "jobs 2": [_command(files, scratch / "j2.parquet", 2)],
        "ceiling": [
            _command(files[:half], scratch / "c1.parquet", 1),
            _command(files[half:], scratch / "c2.parquet", 1),
        ],
    }
    names = list(runs)
    if warm_up:
        _run_all(runs["jobs 1"])  # the files in the page cache, the modules' bytecode compiled
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    for round_ in range(rounds):
        for offset in range(len(names)):
            name = names[(round_ + offset) % len(names)]
            wall, used = _run_all(runs[name])
            times[name].append(wall)
            cpu[name].append(used)
    return times, cpu


# 3. Spark local[2]


def measure_spark(files: Sequence[Path], rounds: int, scratch: Path) -> dict[str, list[float]]:
    """Spark ``local[2]``: session start, an empty job, ``read_warcs()`` to Parquet.

    :raises ImportError: ``rfiparse.spark`` or PySpark is not there.
    """
    spark_module = importlib.import_module("rfiparse.spark")
    from pyspark.sql import SparkSession

    times: dict[str, list[float]] = {"session start": [], "empty job": [], "read_warcs": []}
    # Spark starts its Python workers with PYSPARK_PYTHON, else "python3" on the PATH:
    # this interpreter, which has rfiparse and its dependencies.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    start = time.perf_counter()
    session = (
        SparkSession.builder.master("local[2]")
        .appName("rfiparse-bench")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    times["session start"].append(time.perf_counter() - start)
    try:
        paths = [str(path) for path in files]
        for round_ in range(rounds):
            times["empty job"].append(
                _timed(lambda: session.sparkContext.parallelize([], 2).count())
            )
            output = str(scratch / f"spark-{round_}")
            times["read_warcs"].append(
                _timed(
                    lambda output=output: (
                        spark_module.read_warcs(session, paths)
                        .write.mode("overwrite")
                        .parquet(output)
                    )
                )
            )
    finally:
        session.stop()
    return times


# The report


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:,.0f}/s" if seconds > 0 else "-"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def core_table(results: Sequence[CoreResult]) -> list[str]:
    """The one-core table: each stage's median CPU and wall time, records/s, the 1/5 goal."""
    lines = [
        "| WARC file | Size | Records | rfi.fr 200 responses | Articles | Stage | CPU time "
        "| Records/s (CPU) | rfi.fr responses/s (CPU) | Wall time |",
        "| --- | --: | --: | --: | --: | --- | --: | --: | --: | --: |",
    ]
    for result in results:
        for stage in STAGES:
            seconds = result.median(stage)
            lines.append(
                f"| {result.name} | {result.size / 1e6:.1f} MB | {result.records:,} | "
                f"{result.bodies:,} | {result.articles:,} | {stage} | {_ms(seconds)} | "
                f"{_rate(result.records, seconds)} | {_rate(result.bodies, seconds)} | "
                f"{_ms(result.wall(stage))} |"
            )
    lines += [
        "",
        "| WARC file | (read + write) ÷ parse | Goal | Result | (iter_articles − parse + write) "
        "÷ parse: the reader as built |",
        "| --- | --: | --: | --- | --: |",
    ]
    for result in results:
        parse, write = result.median("parse"), result.median("write")
        ratio = (result.median("read") + write) / parse
        built = (result.median("iter_articles") - parse + write) / parse
        verdict = "met" if ratio < 0.2 else "**not met**"
        lines.append(f"| {result.name} | {ratio:.3f} | < 0.2 | {verdict} | {built:.3f} |")
    return lines


def jobs_table(
    times: dict[str, list[float]], cpu: dict[str, list[float]], files: int, *, busy: bool
) -> list[str]:
    """The --jobs table: each run's median wall time, speed-up and CPU time; the ceiling's share."""
    one = statistics.median(times["jobs 1"])
    lines = [
        f"| Run ({files} WARC files) | Wall time | Speed-up over --jobs 1 "
        "| CPU time, all processes |",
        "| --- | --: | --: | --: |",
    ]
    labels = {
        "jobs 1": "`rfiparse warc --jobs 1`",
        "jobs 2": "`rfiparse warc --jobs 2`",
        "ceiling": "ceiling: two `rfiparse warc` processes at once, half the files each",
    }
    for name, label in labels.items():
        median = statistics.median(times[name])
        used = statistics.median(cpu[name])
        lines.append(f"| {label} | {_ms(median)} | {one / median:.2f}× | {_ms(used)} |")
    two, ceiling = statistics.median(times["jobs 2"]), statistics.median(times["ceiling"])
    lines += [
        "",
        f"`--jobs 2` reaches {(one / two) / (one / ceiling):.0%} of the ceiling's speed-up.",
    ]
    if busy:
        lines[-1] += (
            " The machine was busy when this ran (its load average above its number of "
            "cores): the second core was mostly taken by other work, so these wall times and "
            "speed-ups show the share this run got, not what `--jobs 2` gives on an idle "
            "machine; the ceiling, measured in the same rounds, shows how much was left."
        )
    return lines


def spark_table(spark: dict[str, list[float]], jobs: dict[str, list[float]]) -> list[str]:
    """The Spark table: its fixed costs, its job, and rfiparse warc --jobs 2 on the same files."""
    two = statistics.median(jobs["jobs 2"])
    lines = ["| Run | Median wall time |", "| --- | --: |"]
    lines.append(
        f"| Spark: start the `local[2]` session (once) | {_ms(spark['session start'][0])} |"
    )
    lines.append(f"| Spark: an empty job | {_ms(statistics.median(spark['empty job']))} |")
    lines.append(
        f"| Spark: `read_warcs()` to Parquet | {_ms(statistics.median(spark['read_warcs']))} |"
    )
    lines.append(f"| `rfiparse warc --jobs 2` (a process, its start included) | {_ms(two)} |")
    return lines


def _busy(machine: dict[str, str]) -> bool:
    """Whether the load average (1 min) at the start was above the number of usable CPUs."""
    try:
        load = float(machine["Load average at start (1/5/15 min)"].split("/")[0])
    except (KeyError, ValueError):
        return False
    return load > len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else False


def section(
    core: Sequence[CoreResult],
    jobs: dict[str, list[float]],
    jobs_cpu: dict[str, list[float]],
    files: int,
    spark: dict[str, list[float]] | str,
    machine: dict[str, str],
    rounds: int,
) -> str:
    """The Markdown section of ``docs/performance.md``."""
    lines = [
        BEGIN,
        "## WARC to Parquet",
        "",
        "<!-- Generated by benchmarks/warc.py --write-docs: change the script, not this. -->",
        "",
        "How fast `rfiparse warc` turns WARC files into Parquet (`benchmarks/warc.py`), on "
        f"{machine['CPU']}, {machine['Date']}; lxml {machine['lxml']}, libxml2 "
        f"{machine['libxml2']}, FastWARC {machine['FastWARC']}, pyarrow {machine['pyarrow']}. "
        f"Medians of {rounds} interleaved rounds. Load average at the start (1/5/15 min): "
        f"{machine['Load average at start (1/5/15 min)']} on {machine['Cores']} cores: on a "
        "shared machine the wall times move with the other work, so the one-core stages are "
        "judged on CPU time (`time.process_time()`, every thread of the process).",
        "",
        "The WARC files are built by `tests/warcs.py` from the real rfi.fr documents of "
        "`tests/fixtures` (the full article page, the home page): gzip, one member per "
        "record, a request record before each response. *rfi.fr only* is a crawl of rfi.fr "
        "(one listing for nine article pages); *Common Crawl-like* has 90% of its responses "
        "from other hosts (every other fixture and the same pages under other hosts, "
        "so of many sizes), which the reader skips without parsing.",
        "",
        "### One core",
        "",
        "`read`: FastWARC over every record, each rfi.fr 200 response's body read (what the "
        "reader must do, nothing parsed); `parse`: `rfiparse.parse()` of those bodies; "
        "`write`: `rfiparse.arrow.write_parquet()` of the articles to one file; "
        "`iter_articles`: the reader whole (reading and parsing). Goal: reading + writing "
        "cost less than a fifth of parsing, in CPU time. *Records/s* counts every record of "
        "the file (of any host and type) per CPU second of the stage. The last column "
        "charges the reader with all it does beyond `parse()` (reading, decoding the HTTP "
        "body and its charset, building results).",
        "",
        *core_table(core),
        "",
        "### `--jobs 2`",
        "",
        "Wall times of the command (`python -m rfiparse warc FILES -o out.parquet`, its "
        "start included), beside the two-process ceiling: two `--jobs 1` processes started "
        "at once, each given half of the files (the same work, nothing joined), measured in "
        "the same rounds. The CPU time is that of every process of the run (the workers "
        "included), user and system: what `--jobs 2` costs beyond `--jobs 1` in all.",
        "",
        *jobs_table(jobs, jobs_cpu, files, busy=_busy(machine)),
        "",
        "### Spark `local[2]`",
        "",
    ]
    if isinstance(spark, str):
        lines.append(spark)
    else:
        lines += [
            "`rfiparse.spark.read_warcs(spark, paths)` written to Parquet on the same files, "
            "against `rfiparse warc --jobs 2`; Spark's fixed cost is starting the session "
            "(the JVM) and, on every job, scheduling it (an empty job).",
            "",
            *spark_table(spark, jobs),
        ]
    lines += [
        "",
        "Run `python benchmarks/warc.py --spark --write-docs` to refresh this section.",
        END,
    ]
    return "\n".join(lines)


def write_docs(text: str) -> None:
    """Put the section in ``docs/performance.md``, in place of the previous one or at its end."""
    page = DOCS_PAGE.read_text(encoding="utf-8")
    if BEGIN in page and END in page:
        before, _, rest = page.partition(BEGIN)
        _, _, after = rest.partition(END)
        page = before + text + after
    else:
        page = page.rstrip("\n") + "\n\n" + text + "\n"
    DOCS_PAGE.write_text(page, encoding="utf-8")
    print(f"Wrote {DOCS_PAGE}")


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds: check the script")
    parser.add_argument("--spark", action="store_true", help="also Spark local[2] (needs Java)")
    parser.add_argument(
        "--write-docs", action="store_true", help="write the section into docs/performance.md"
    )
    parser.add_argument("--rounds", type=int, help="rounds per measurement")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=CORPUS if CORPUS.is_dir() else None,
        help="a corpus directory with MANIFEST.tsv (default: ../shared/corpus when present)",
    )
    args = parser.parse_args(argv)
    if args.quick and args.write_docs:
        parser.error("--quick measures nothing worth publishing: no --write-docs")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Build the WARC files, measure, print the section (and write it with --write-docs)."""
    args = _arguments(argv)
    started = time.perf_counter()
    rounds = args.rounds or (2 if args.quick else 7)
    responses = 40 if args.quick else 1000
    job_files = 2 if args.quick else 4
    docs = documents(args.corpus)
    machine = describe({name: version(name) for name in ("FastWARC", "pyarrow")})
    with tempfile.TemporaryDirectory(prefix="rfiparse-warc-bench-") as scratch_name:
        scratch = Path(scratch_name)
        rfi_only = scratch / "rfi-only.warc.gz"
        cc_like = scratch / "cc-like.warc.gz"
        build_warc(rfi_only, docs, responses=responses // 10, rfi_share=1.0)
        build_warc(cc_like, docs, responses=responses, rfi_share=_RFI_SHARE_CC)
        files = []
        for index in range(job_files):
            path = scratch / f"cc-like-{index}.warc.gz"
            build_warc(path, docs, responses=responses, rfi_share=_RFI_SHARE_CC)
            files.append(path)
        print(f"Built the WARC files in {time.perf_counter() - started:.1f} s; measuring...")
        core = [
            measure_core("rfi.fr only", rfi_only, rounds, scratch),
            measure_core("Common Crawl-like", cc_like, rounds, scratch),
        ]
        jobs, jobs_cpu = measure_jobs(
            files, 1 if args.quick else max(3, rounds // 2), scratch, warm_up=not args.quick
        )
        spark: dict[str, list[float]] | str = (
            "Not measured: run with `--spark` (needs Java 17 and `rfiparse[spark]`)."
        )
        if args.spark:
            try:
                spark = measure_spark(files, max(2, rounds // 2), scratch)
            except ImportError as error:
                spark = f"Not measured: {error}."
                print(f"Spark not measured: {error}")
        text = section(core, jobs, jobs_cpu, len(files), spark, machine, rounds)
    print(text)
    if args.write_docs:
        write_docs(text)
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
