"""``rfiparse warc``: the rfi.fr articles of WARC files, as Parquet or JSON lines.

``rfiparse warc FILE_OR_DIR... -o OUT`` reads each WARC file with
``rfiparse.warc.iter_articles()`` (extra ``rfiparse[warc]``) and writes one row per
rfi.fr article, in input-file order then record order, whatever ``--jobs``:

- ``OUT`` ending in ``.parquet``: one Parquet file (extra ``rfiparse[parquet]``);
- ``OUT`` a directory (or ending in ``/``) with ``--partition edition,month``: a
  hive-partitioned Parquet dataset;
- ``OUT`` ending in ``.jsonl`` or ``.jsonl.gz``, ``-``, or no ``-o``: JSON lines,
  ``"type": "article"`` first (as ``rfiparse``'s JSON lines), ``Article.to_dict()``,
  then a ``source`` object (uri, warc_date, file, offset, truncated), always: the
  Parquet schema has it too, and ``--with-source`` is taken for the two commands'
  sake.

Every output is written beside its final place and moved there once complete
(never half-written), and an existing output is replaced only with ``--force``.
With ``--jobs N`` each WARC file is read by one of ``N`` processes, which writes
its rows to a part of its own (a part file, or its own files of the dataset); the
parts are joined in input order, so that no Article travels between processes.

Exit status: 0 when every WARC file was read (bad records are counted in the
summary, not fatal); 1 when a WARC file could not be read (or the output could
not be written), reported as ``rfiparse: <file>: <message>`` once the others are
written; 2 for a usage error (checked before any file is read).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import functools
import gzip
import importlib
import itertools
import json
import multiprocessing
import os
import secrets
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING, Any, Literal, Protocol

import attrs

from . import _cli_common
from ._arguments import DEFAULT_MAX_BYTES
from ._editions import EDITIONS
from .warc import WarcCounts, WarcFormatError, WarcResult, iter_articles

if TYPE_CHECKING:  # pragma: no cover - typing only
    from multiprocessing.sharedctypes import SynchronizedArray

__all__ = ["ARC_SUFFIXES", "PARTITION_KEYS", "WARC_SUFFIXES", "main"]

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.zst")
"""What files a directory gives (case-insensitive); a named file is read whatever its name."""

ARC_SUFFIXES = (".arc", ".arc.gz")
"""ARC files (the Internet Archive's format before WARC): refused, not read."""

PARTITION_KEYS = ("edition", "month")
"""The values of ``--partition``: any of them, in this order."""

OutputKind = Literal["jsonl", "jsonl.gz", "parquet", "dataset"]

_BATCH = 1024  # articles per Parquet row group, as rfiparse.arrow.write_parquet() writes them
_COMPRESSION = "zstd"  # as rfiparse.arrow.write_parquet() writes Parquet
_PROGRESS_EVERY_S = 0.2  # how often a worker publishes its counts, and the parent shows them
_WARC_EXTRA = "pip install 'rfiparse[warc]'"
_PARQUET_EXTRA = "pip install 'rfiparse[parquet]'"


# Output


@dataclasses.dataclass(frozen=True)
class _Target:
    """Where the rows go: ``path`` (``None``: standard output) in ``kind``'s format."""

    kind: OutputKind
    path: str | None
    partition: tuple[str, ...] = ()


def _json_line(result: WarcResult) -> bytes:
    r"""One article as a line of JSON: its type, ``to_dict()``, its ``source``; ``\n``-terminated.

    The object starts with ``"type": "article"`` and the characters a terminal obeys
    are ``\u`` escapes, as in ``rfiparse``'s jsonl.
    """
    assert result.article is not None
    record: dict[str, Any] = {"type": "article", **result.article.to_dict()}
    record["source"] = {
        "uri": result.uri,
        "warc_date": None if result.date is None else result.date.isoformat(),
        "file": result.file,
        "offset": result.offset,
        "truncated": result.truncated,
    }
    text = json.dumps(record, ensure_ascii=False)
    return (_cli_common.UNSAFE_IN_JSON.sub(_cli_common.json_escape, text) + "\n").encode("utf-8")


class _Rows(Protocol):
    """Where the articles of one or more WARC files go, file after file."""

    def write(self, results: Iterable[WarcResult]) -> None:
        """Write the articles of ``results`` (of kind ``"article"``), in order, as they come."""

    def join(self, part: str) -> None:
        """Append a part file a worker wrote in this output's format."""


class _Binary(Protocol):
    """A binary stream written to: a file, standard output's buffer, a ``GzipFile``."""

    def write(self, data: bytes, /) -> int: ...

    def flush(self) -> None: ...


class _JsonLines:
    """JSON lines to a binary stream (opened and closed by the caller)."""

    def __init__(self, stream: _Binary) -> None:
        self.stream = stream

    def write(self, results: Iterable[WarcResult]) -> None:
        for result in results:
            self.stream.write(_json_line(result))

    def join(self, part: str) -> None:
        with open(part, "rb") as lines:
            shutil.copyfileobj(lines, self.stream)


def _arrow() -> Any:
    """``rfiparse.arrow``, or an ``ImportError`` that names the extra to install."""
    try:
        importlib.import_module("pyarrow")
    except ImportError as error:
        raise ImportError(f"Parquet output needs pyarrow: {_PARQUET_EXTRA}") from error
    return importlib.import_module("rfiparse.arrow")


class _ParquetFile:
    """One Parquet file of ``rfiparse.arrow.arrow_schema()``, a row group per batch."""

    def __init__(self, path: str) -> None:
        self._arrow = _arrow()
        parquet = importlib.import_module("pyarrow.parquet")
        schema = self._arrow.arrow_schema()
        self._writer = parquet.ParquetWriter(path, schema, compression=_COMPRESSION)

    def write(self, results: Iterable[WarcResult]) -> None:
        iterator = iter(results)
        while batch := list(itertools.islice(iterator, _BATCH)):
            self._writer.write_table(self._arrow.to_table(batch))

    def join(self, part: str) -> None:
        """Append the row groups of the Parquet file ``part``, one at a time."""
        parquet = importlib.import_module("pyarrow.parquet")
        with parquet.ParquetFile(part) as source:
            for index in range(source.num_row_groups):
                self._writer.write_table(source.read_row_group(index))

    def close(self) -> None:
        self._writer.close()


def _write_dataset_files(job: _Job, results: Iterable[WarcResult]) -> None:
    """Write one WARC file's articles into the dataset being built, files of its own.

    ``rfiparse.arrow.write_parquet()`` writes them as a dataset of their own in a
    hidden directory of the dataset; each file is then moved to its partition as
    ``part-<k>-<i>.parquet`` (``k``: the WARC file's place in the input), so that
    processes never write the same file, and file order within a partition is
    input order.
    """
    private = os.path.join(job.directory, f".part-{job.index:05d}")
    _arrow().write_parquet(results, private, partition_by=job.target.partition)
    for root, _dirs, names in os.walk(private):
        target = os.path.join(job.directory, os.path.relpath(root, private))
        for name in names:
            os.makedirs(target, exist_ok=True)
            own = f"part-{job.index:05d}-{name.removeprefix('part-')}"
            os.replace(os.path.join(root, name), os.path.join(target, own))
    shutil.rmtree(private, ignore_errors=True)


# Inputs


@dataclasses.dataclass(frozen=True)
class _Job:
    """One WARC file to read, and where its rows go.

    ``part`` is the file a worker process writes the rows to (JSON lines or
    Parquet), joined to the output in order by the parent; ``None`` for a dataset,
    whose files each WARC file writes in place.
    """

    index: int
    path: str
    editions: frozenset[str] | None
    max_bytes: int | None
    target: _Target
    directory: str  # the output being written (a dataset's temporary directory)
    part: str | None = None


@dataclasses.dataclass(frozen=True)
class _Done:
    """What reading one WARC file gave: its counts, and why it could not be read."""

    counts: WarcCounts
    error: str | None = None


def _is_warc(name: str) -> bool:
    return name.lower().endswith(WARC_SUFFIXES)


def _warc_files(directory: str) -> list[str]:
    """The WARC files under a directory, recursively, sorted by path; hidden ones skipped."""
    found: list[str] = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found += [os.path.join(root, n) for n in names if not n.startswith(".") and _is_warc(n)]
    return sorted(found, key=lambda path: os.path.relpath(path, directory).split(os.sep))


def _inputs(parser: argparse.ArgumentParser, arguments: Sequence[str]) -> list[str]:
    """The WARC files the arguments name, in order, each once; a usage error before any work.

    A directory gives its WARC files (``WARC_SUFFIXES``); a named file is read
    whatever its name but for an ARC file, which is refused.
    """
    paths: list[str] = []
    for argument in arguments:
        if os.path.isdir(argument):
            found = _warc_files(argument)
            if not found:
                kinds = ", ".join(WARC_SUFFIXES)
                parser.error(f"{_cli_common.shown(argument)}: the directory holds no {kinds} file")
            paths += found
        elif not os.path.exists(argument):
            parser.error(f"{_cli_common.shown(argument)}: no such file or directory")
        elif argument.lower().endswith(ARC_SUFFIXES):
            parser.error(
                f"{_cli_common.shown(argument)}: an ARC file (the format before WARC) is not read; "
                "convert it to WARC first (for example with warcio's 'warcio recompress')"
            )
        else:
            paths.append(argument)
    seen: set[str] = set()
    unique = []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique


# Reading one WARC file (in this process or in a worker)


class _Ticker:
    """Publishes a file's counts every ``_PROGRESS_EVERY_S``, to a callback."""

    def __init__(self, counts: WarcCounts, publish: Callable[[WarcCounts], None]) -> None:
        self._counts = counts
        self._publish = publish
        self._last = time.monotonic()

    def tick(self) -> None:
        now = time.monotonic()
        if now - self._last >= _PROGRESS_EVERY_S:
            self._last = now
            self._publish(self._counts)

    def done(self) -> None:
        self._publish(self._counts)


def _results(
    job: _Job, counts: WarcCounts, publish: Callable[[WarcCounts], None], failure: list[str]
) -> Iterator[WarcResult]:
    """The articles of one WARC file; a file that cannot be read ends the iteration.

    A file that cannot be opened (``OSError``), or whose stream breaks off (a
    damaged gzip member, a header that is not WARC: ``WarcFormatError``), ends there:
    the articles read before it stay, and the message is appended to ``failure``.
    An error of whatever consumes the articles (the output) is its own.
    """
    ticker = _Ticker(counts, publish)
    results = iter_articles(job.path, editions=job.editions, counts=counts, max_bytes=job.max_bytes)
    while True:
        try:
            result = next(results)
        except StopIteration:
            break
        except (OSError, WarcFormatError) as error:
            failure.append(_reason(job.path, error))
            break
        yield result
        ticker.tick()
    ticker.done()


def _reason(path: str, error: OSError | WarcFormatError) -> str:
    """Why a WARC file could not be read, without its name (the report names it)."""
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error).removeprefix(f"{path}: ")


def _read_warc(
    job: _Job,
    write: Callable[[Iterable[WarcResult]], None],
    publish: Callable[[WarcCounts], None],
) -> _Done:
    """Give the articles of one WARC file to ``write``; return its counts and failure."""
    counts = WarcCounts()
    failure: list[str] = []
    write(_results(job, counts, publish, failure))
    return _Done(counts=counts, error=failure[0] if failure else None)


def _own_writer(job: _Job) -> Callable[[Iterable[WarcResult]], None]:
    """How a file read alone writes its articles: its dataset files, or its Parquet part."""
    if job.target.kind == "dataset":
        return functools.partial(_write_dataset_files, job)
    return functools.partial(_arrow().write_parquet, path=job.part)


# The counts a worker process publishes for the progress bar: records, articles, per
# worker slot. Set once in each worker process by the pool's initializer.
_worker_progress: SynchronizedArray[int] | None = None


def _init_worker(progress: SynchronizedArray[int]) -> None:
    """The pool's initializer: keep the shared progress counters of this worker process."""
    global _worker_progress
    _worker_progress = progress


def _publish_to_parent(job: _Job) -> Callable[[WarcCounts], None]:
    """A callback that puts a file's running counts in its slot of the shared counters."""

    def publish(counts: WarcCounts) -> None:
        progress = _worker_progress
        if progress is not None:
            with progress.get_lock():
                progress[2 * job.index] = counts.records
                progress[2 * job.index + 1] = counts.articles

    return publish


def _run_part(job: _Job) -> _Done:
    """Read one WARC file into its part (or its dataset files), in a worker process."""
    publish = _publish_to_parent(job)
    if job.target.kind in ("jsonl", "jsonl.gz"):
        assert job.part is not None
        with open(job.part, "wb") as stream:
            return _read_warc(job, _JsonLines(stream).write, publish)
    return _read_warc(job, _own_writer(job), publish)


# The run


class _Progress:
    """A tqdm bar of records read and articles found, on a terminal's standard error."""

    def __init__(self, *, shown: bool) -> None:
        self._bar = _cli_common.progress_bar(unit=" records") if shown else None

    def show(self, records: int, articles: int) -> None:
        if self._bar is not None:
            self._bar.set_postfix_str(f"{articles:,} articles", refresh=False)
            self._bar.update(records - self._bar.n)

    def error(self, name: str, message: str) -> None:
        _cli_common.report(self._bar, name, message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


@dataclasses.dataclass
class _Totals:
    """The summary's numbers, over every WARC file."""

    files: int = 0
    failed: int = 0
    counts: WarcCounts = dataclasses.field(default_factory=WarcCounts)

    def add(self, done: _Done) -> None:
        self.files += 1
        self.failed += done.error is not None
        for name, value in attrs.asdict(done.counts).items():
            setattr(self.counts, name, getattr(self.counts, name) + value)

    def summary(self, seconds: float) -> str:
        """The end-of-run line of standard error, worded as ``rfiparse``'s."""
        c = self.counts
        return _cli_common.summary(
            "rfiparse warc",
            _cli_common.counted(self.files, "WARC file"),
            [f"{self.files - self.failed:,} read", f"{self.failed:,} failed"],
            [
                f"{c.records:,} records read",
                f"{c.responses:,} rfi.fr responses ({c.skipped_status:,} not 200, "
                f"{c.skipped_type:,} not HTML, {c.skipped_edition:,} other editions)",
                _cli_common.counted(c.articles, "article"),
                _cli_common.counted(c.listings, "listing"),
                f"{c.refused:,} refused",
                _cli_common.counted(c.errors, "error"),
                f"{c.truncated:,} truncated",
            ],
            seconds,
        )


_DIED = "the worker process reading this file died (killed by a signal or out of memory)"


class _Run:
    """One run: the output being written, the progress shown, the totals counted."""

    def __init__(self, target: _Target, progress: _Progress) -> None:
        self.target = target
        self.progress = progress
        self.totals = _Totals()
        self.ok = True

    def finished(self, job: _Job, done: _Done) -> None:
        """Count a file's results, and report it if it could not be read."""
        self.totals.add(done)
        if done.error is not None:
            self.ok = False
            self.progress.error(job.path, done.error)


def _in_process(jobs: Sequence[_Job], rows: _Rows | None, run: _Run) -> None:
    """Read every file here, in order, into ``rows`` (``None``: a dataset's own files)."""
    base = WarcCounts()

    def publish(counts: WarcCounts) -> None:
        run.progress.show(base.records + counts.records, base.articles + counts.articles)

    for job in jobs:
        done = _read_warc(job, rows.write if rows is not None else _own_writer(job), publish)
        base.records += done.counts.records
        base.articles += done.counts.articles
        run.finished(job, done)


def _join(job: _Job, rows: _Rows | None) -> None:
    """Append a worker's part to the output, then delete it (a dataset has no part)."""
    if job.part is not None and rows is not None:
        rows.join(job.part)
        os.remove(job.part)


def _in_pool(jobs: Sequence[_Job], rows: _Rows | None, workers: int, run: _Run) -> None:
    """Read the files in ``workers`` processes, one file each; join their parts in order.

    Every file is submitted at once (a path each): the rows stay on disk in the
    parts until their turn, so memory does not grow with the output. A worker
    that dies fails its file (and any file its pool had not finished), reported.
    """
    context = multiprocessing.get_context()
    shared = context.Array("q", 2 * len(jobs))
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(shared,)
    ) as pool:
        futures: list[Future[_Done]] = [pool.submit(_run_part, job) for job in jobs]
        try:
            for job, future in zip(jobs, futures, strict=True):
                while not future.done():
                    wait([future], timeout=_PROGRESS_EVERY_S, return_when=FIRST_COMPLETED)
                    with shared.get_lock():
                        records, articles = sum(shared[0::2]), sum(shared[1::2])
                    run.progress.show(records, articles)
                try:
                    done = future.result()
                except BrokenProcessPool:
                    run.finished(job, _Done(counts=WarcCounts(), error=_DIED))
                    continue
                _join(job, rows)
                run.finished(job, done)
        finally:
            for future in futures:
                future.cancel()


# Writing the output in a temporary place, then moving it into place


def _is_dataset_entry(path: str) -> bool:
    """Whether ``path`` is what a Parquet dataset holds: ``.parquet`` files, ``key=value`` dirs."""
    name = os.path.basename(path)
    if os.path.isdir(path) and not os.path.islink(path):
        return "=" in name and all(
            _is_dataset_entry(os.path.join(path, n)) for n in os.listdir(path)
        )
    return name.endswith(".parquet")


def _check_target(parser: argparse.ArgumentParser, target: _Target, *, force: bool) -> None:
    """A usage error for an output that exists (without ``--force``) or cannot be one."""
    path = target.path
    if path is None or not os.path.lexists(path):
        return
    shown = _cli_common.shown(path)
    if target.kind != "dataset":
        if os.path.isdir(path):
            parser.error(f"-o {shown}: is a directory (a dataset needs --partition)")
        if not force:
            parser.error(f"-o {shown}: already exists (give --force to replace it)")
        if not stat.S_ISREG(os.stat(path).st_mode):
            parser.error(f"-o {shown}: not a regular file: not replaced")
        return
    if not os.path.isdir(path):
        parser.error(f"-o {shown}: exists and is not a directory")
    entries = [os.path.join(path, name) for name in os.listdir(path)]
    if entries and not force:
        parser.error(f"-o {shown}: the directory is not empty (give --force to replace it)")
    if not all(_is_dataset_entry(entry) for entry in entries):
        parser.error(
            f"-o {shown}: the directory holds other things than a Parquet dataset: not replaced"
        )


def _temporary(path: str, *, directory: bool) -> str:
    """A new, empty temporary file or directory beside ``path`` (same file system).

    Created with the permissions the output itself would get (``0o666`` or
    ``0o777`` less the umask), not ``tempfile``'s owner-only ones, as it becomes
    the output.
    """
    parent, name = os.path.split(os.path.normpath(path))
    for _ in range(100):
        temporary = os.path.join(parent, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            if directory:
                os.mkdir(temporary, 0o777)
            else:
                os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return temporary
    raise FileExistsError(f"no free temporary name beside {path}")  # pragma: no cover


def _move_into_place(temporary: str, path: str) -> None:
    """Put the finished output at ``path``, replacing what ``_check_target`` allowed."""
    if not os.path.isdir(temporary):
        os.replace(temporary, path)
        return
    path = os.path.normpath(path)
    if os.path.lexists(path):
        old = _temporary(path, directory=True)
        os.replace(path, os.path.join(old, "dataset"))
        os.replace(temporary, path)
        shutil.rmtree(old)
    else:
        os.replace(temporary, path)


def _remove(path: str) -> None:
    """Delete a temporary file or directory, if it is still there."""
    if os.path.isdir(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)


@contextlib.contextmanager
def _output(target: _Target) -> Iterator[tuple[_Rows | None, str | None]]:
    """The rows to write to (``None`` for a dataset) and the temporary output's path.

    The output is moved into place when the block ends without an exception;
    otherwise the temporary output is deleted and nothing is left behind.
    """
    if target.path is None:
        yield _JsonLines(sys.stdout.buffer), None
        sys.stdout.buffer.flush()
        return
    temporary = _temporary(target.path, directory=target.kind == "dataset")
    try:
        if target.kind == "dataset":
            yield None, temporary
        elif target.kind == "parquet":
            parquet = _ParquetFile(temporary)
            yield parquet, temporary
            parquet.close()
        else:
            with open(temporary, "wb") as raw:
                if target.kind == "jsonl.gz":
                    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as zipped:
                        yield _JsonLines(zipped), temporary
                else:
                    yield _JsonLines(raw), temporary
        _move_into_place(temporary, target.path)
    finally:
        _remove(temporary)


# Arguments


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rfiparse warc",
        description=(
            "Write the rfi.fr articles of WARC files (gzip, zstd or uncompressed; "
            "Common Crawl, the Internet Archive, wget, Heritrix, Browsertrix) as Parquet "
            "or JSON lines: one row per article, in file order then record order."
        ),
        epilog=(
            "Directories give their .warc, .warc.gz and .warc.zst files, recursively, in "
            "path order (hidden ones skipped); ARC files (.arc, .arc.gz) are not read. "
            "A file named 'warc' is given as ./warc to the plain 'rfiparse' command. "
            'A JSON line is {"type": "article", <the article\'s fields>, "source": {...}}. '
            "The summary goes to standard error when it is a terminal, or with --summary. "
            "Exit status: 0 every WARC file read (bad records are counted, not fatal), "
            "1 a WARC file could not be read or the output could not be written (the "
            "other files are still written), 2 usage error."
        ),
    )
    parser.add_argument(
        "inputs", nargs="+", metavar="FILE_OR_DIR", help="WARC file, or directory of WARC files"
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help=(
            "OUT.parquet: one Parquet file; OUT.jsonl or OUT.jsonl.gz: JSON lines; a "
            "directory with --partition: a Parquet dataset; '-' (the default): JSON "
            "lines on standard output"
        ),
    )
    parser.add_argument(
        "--partition",
        metavar="KEYS",
        help="write a hive-partitioned Parquet dataset to the directory OUT, by these "
        "keys: edition, month or edition,month",
    )
    parser.add_argument(
        "--edition", metavar="A,B", help="keep the articles of these editions only (fr,cn,...)"
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=_cli_common.jobs,
        default=1,
        metavar="N",
        help="read N WARC files at a time, one per process (0: one per usable CPU; "
        "default 1); the output is the same whatever N",
    )
    parser.add_argument(
        "--max-bytes",
        type=_cli_common.max_bytes,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="an HTTP body larger than this is an error, read no further (bytes, or with "
        "K/M/G; 'none' lifts the limit; default 16M)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output")
    parser.add_argument(
        "--with-source",
        action="store_true",
        help="the rows' source (uri, warc_date, file, offset, truncated): always written, "
        "the option is taken as plain rfiparse takes it",
    )
    _cli_common.add_run_options(parser)
    return parser


def _keys(parser: argparse.ArgumentParser, text: str | None) -> tuple[str, ...]:
    if text is None:
        return ()
    keys = tuple(key.strip() for key in text.split(","))
    for key in keys:
        if key not in PARTITION_KEYS:
            parser.error(f"--partition: unknown key {key!r} (known: {', '.join(PARTITION_KEYS)})")
    if len(set(keys)) != len(keys):
        parser.error("--partition: a key is given twice")
    return keys


def _editions(parser: argparse.ArgumentParser, text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    codes = frozenset(code.strip() for code in text.split(","))
    for code in sorted(codes):
        if code not in EDITIONS:
            parser.error(f"--edition: unknown edition {code!r} (known: {', '.join(EDITIONS)})")
    return codes


def _target(parser: argparse.ArgumentParser, output: str | None, keys: tuple[str, ...]) -> _Target:
    """The output that ``-o`` and ``--partition`` name; a usage error for any other form."""
    if output is None or output == "-":
        if keys:
            parser.error("--partition writes a directory: give it as -o DIRECTORY")
        return _Target(kind="jsonl", path=None)
    lower = output.lower()
    if keys:
        if lower.endswith((".jsonl", ".jsonl.gz")):
            parser.error("--partition applies to Parquet datasets, not JSON lines")
        return _Target(kind="dataset", path=output, partition=keys)
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        parser.error(
            f"-o {_cli_common.shown(output)}: a directory output needs --partition (edition,month)"
        )
    for suffix, kind in ((".parquet", "parquet"), (".jsonl.gz", "jsonl.gz"), (".jsonl", "jsonl")):
        if lower.endswith(suffix):
            return _Target(kind=kind, path=output)  # type: ignore[arg-type]
    parser.error(
        f"-o {_cli_common.shown(output)}: give a .parquet file, a .jsonl or .jsonl.gz file, a "
        "directory with --partition, or '-' for standard output"
    )


def _check_extras(parser: argparse.ArgumentParser, target: _Target) -> None:
    """A usage error, naming the extra to install, when a needed package is missing."""
    needed = [("fastwarc", _WARC_EXTRA)]
    if target.kind in ("parquet", "dataset"):
        needed.append(("pyarrow", _PARQUET_EXTRA))
    for module, extra in needed:
        try:
            importlib.import_module(module)
        except ImportError:
            parser.error(f"{module} is not installed: {extra}")


def main(argv: Sequence[str]) -> int:
    """Run ``rfiparse warc`` with ``argv`` (the arguments after ``warc``); return the status.

    Usage errors raise ``SystemExit`` with status 2, as ``argparse`` does, before
    any WARC file is read.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    keys = _keys(parser, args.partition)
    editions = _editions(parser, args.edition)
    target = _target(parser, args.output, keys)
    paths = _inputs(parser, args.inputs)
    _check_target(parser, target, force=args.force)
    _check_extras(parser, target)

    started = time.perf_counter()
    progress = _Progress(shown=not (args.quiet or args.no_progress))
    run = _Run(target, progress)
    workers = min(args.jobs, len(paths))
    try:
        with _output(target) as (rows, temporary):
            parts = None
            if workers > 1 and target.kind != "dataset":
                parts = tempfile.mkdtemp(prefix=".rfiparse-parts-", dir=_beside(target))
            try:
                jobs = [
                    _Job(
                        index=index,
                        path=path,
                        editions=editions,
                        max_bytes=args.max_bytes,
                        target=target,
                        directory=temporary or "",
                        part=None if parts is None else os.path.join(parts, f"part-{index:05d}"),
                    )
                    for index, path in enumerate(paths)
                ]
                if workers > 1:
                    _in_pool(jobs, rows, workers, run)
                else:
                    _in_process(jobs, rows, run)
            finally:
                if parts is not None:
                    shutil.rmtree(parts, ignore_errors=True)
    except BrokenPipeError:
        # The reader went away (`rfiparse warc … | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        progress.error(target.path or "<stdout>", error.strerror or str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        progress.close()
    if _cli_common.wants_summary(args):
        print(run.totals.summary(time.perf_counter() - started), file=sys.stderr)
    return 0 if run.ok else 1


def _beside(target: _Target) -> str | None:
    """Where the parts of workers go: beside the output file, else the system's temp dir."""
    if target.path is None:
        return None
    return os.path.dirname(os.path.normpath(target.path)) or None
