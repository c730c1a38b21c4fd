"""The ``rfiparse`` command line (also ``python -m rfiparse``); see docs/cli.md.

Each input is read as bytes, its shape is found (``rfiparse.detect()``'s rules, in
``parse_input()``: a section page is the one ``parse()`` refuses with
``ListingPageError``), and every article or teaser it holds is written in the
chosen format, in input order. An input that fails is reported on standard
error as ``rfiparse: <name>: <message>`` and the others are still written; the
exit status is then 1. Usage errors exit with status 2.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import fnmatch
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Generator, Sequence
from typing import IO, Any, Literal

from ._arguments import DEFAULT_MAX_BYTES, check_url
from ._batch import imap_ordered
from ._cli_common import UNSAFE_IN_JSON as _UNSAFE_IN_JSON
from ._cli_common import UNSAFE_IN_TEXT as _UNSAFE_IN_TEXT
from ._cli_common import escape as _escape
from ._cli_common import jobs as _jobs
from ._cli_common import json_escape as _json_escape
from ._cli_common import max_bytes as _max_bytes
from ._cli_common import message as _message
from ._cli_common import progress_bar, report
from ._example import example_record
from ._feed import parse_feed
from ._listing import parse_listing
from ._markdown import article_markdown, markdown_link
from ._parse import parse
from ._shape import InputShape, detect, is_feed
from .errors import (
    ForeignSiteError,
    IncompleteFeedError,
    ListingPageError,
    NotAnArticleError,
    RfiParseError,
    WorkerCrashedError,
)
from .model import Article, Teaser

__all__ = [
    "DIRECTORY_SUFFIXES",
    "FORMATS",
    "ShapeChoice",
    "main",
    "parse_input",
]

ShapeChoice = Literal["auto", "article", "listing", "feed"]
"""The values of ``--shape``: ``auto`` asks ``rfiparse.detect()``."""

Result = Article | Teaser

FORMATS = ("json", "jsonl", "markdown", "text")
"""The values of ``--format``."""

DIRECTORY_SUFFIXES = (".html", ".htm", ".md", ".txt", ".xml")
"""What files a directory gives (case-insensitive); a named file is taken whatever its name."""

_GLOB_MAGIC = re.compile(r"[*?[]")
_SEPARATORS = re.compile(r"[\\/]" if os.altsep else re.escape(os.sep))
_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a directory"),
)
# Opening a found file: in binary mode (Windows), without waiting for a FIFO's
# writer, without taking a terminal as the controlling one.
_O_BINARY = getattr(os, "O_BINARY", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)
_DEFAULT = "default"  # the format chosen when --format is not given


def parse_input(
    data: bytes,
    *,
    shape: ShapeChoice = "auto",
    url: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> tuple[InputShape, tuple[Result, ...]]:
    """Parse one input as the command line does; return its shape and results.

    ``shape="auto"`` sends a feed (``rfiparse._shape.is_feed()``, ``detect()``'s
    first step) to ``parse_feed()`` and anything else to ``parse()``; a section or
    home page, which ``parse()`` refuses with ``ListingPageError``, then goes to
    ``parse_listing()``, so that an input is parsed twice only when it is a listing.
    An input ``parse()`` refuses before parsing it (binary-looking data, such as a
    UTF-16 page without its byte-order mark, which the HTML parser reads all the
    same) goes to ``parse_listing()`` when ``rfiparse.detect()`` calls it a
    listing. Another publisher's page (``ForeignSiteError``) is refused whatever its
    shape. The other choices force one function. ``url`` is not used for feeds,
    whose entries carry their own links.

    :raises IncompleteFeedError: a feed damaged past repair (it carries the
        articles that could be read).
    :raises RfiParseError: the input could not be parsed.
    """
    if shape == "feed" or (shape == "auto" and is_feed(data)):
        return "feed", parse_feed(data, max_bytes=max_bytes)
    if shape == "listing":
        return "listing", parse_listing(data, url=url, max_bytes=max_bytes)
    try:
        return "article", (parse(data, url=url, max_bytes=max_bytes),)
    except ListingPageError:
        if shape != "auto":
            raise
    except NotAnArticleError as error:
        foreign = isinstance(error, ForeignSiteError)
        if shape != "auto" or foreign or detect(data, max_bytes=max_bytes) != "listing":
            raise
    return "listing", parse_listing(data, url=url, max_bytes=max_bytes)


# Inputs


@dataclasses.dataclass(frozen=True)
class _Task:
    """One input, as sent to a worker: a path to read, bytes already read, or an error.

    ``found`` marks a file found by walking a directory or expanding a pattern,
    not named by the user: it is read only if it is a regular file.
    """

    name: str
    path: str | None = None
    data: bytes | None = None
    error: str | None = None
    found: bool = False
    shape: ShapeChoice = "auto"
    url: str | None = None
    max_bytes: int | None = DEFAULT_MAX_BYTES


@dataclasses.dataclass(frozen=True)
class _Outcome:
    """What became of one input: its shape and results, and the message of its failure.

    A failed input has no results, but for a damaged feed, which keeps the
    articles that could be read.
    """

    name: str
    shape: InputShape | None = None
    results: tuple[Result, ...] = ()
    error: str | None = None


class _NotRegularFileError(Exception):
    """A file found in a directory or by a pattern is not a regular file."""


def _not_regular(mode: int) -> str | None:
    """Why a found file of this ``st_mode`` is not read; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
    return f"not a regular file ({kind}): skipped"


def _read(path: str, max_bytes: int | None, *, found: bool) -> bytes:
    """The bytes of a file: at most ``max_bytes`` + 1 (enough for parse() to refuse it).

    A ``found`` file is opened without waiting, so that a FIFO put in its place
    since it was listed cannot block the run, and is read only if it is regular.

    :raises _NotRegularFileError: ``found``, and the file is not a regular file.
    :raises OSError: the file cannot be opened or read.
    """
    flags = os.O_RDONLY | _O_BINARY | (_O_NONBLOCK | _O_NOCTTY if found else 0)
    with open(os.open(path, flags), "rb") as handle:
        reason = _not_regular(os.fstat(handle.fileno()).st_mode) if found else None
        if reason is not None:
            raise _NotRegularFileError(reason)
        return handle.read() if max_bytes is None else handle.read(max_bytes + 1)


def _run(task: _Task) -> _Outcome:
    """Read and parse one input (in a worker process under ``--jobs``); never raises."""
    if task.error is not None:
        return _Outcome(name=task.name, error=task.error)
    try:
        data = task.data
        if data is None:
            assert task.path is not None
            data = _read(task.path, task.max_bytes, found=task.found)
        shape, results = parse_input(data, shape=task.shape, url=task.url, max_bytes=task.max_bytes)
    except _NotRegularFileError as error:
        return _Outcome(name=task.name, error=str(error))
    except OSError as error:
        return _Outcome(name=task.name, error=error.strerror or str(error))
    except IncompleteFeedError as error:
        # The entries that could be read are written, and the input is reported.
        return _Outcome(name=task.name, shape="feed", results=error.articles, error=str(error))
    except ForeignSiteError as error:
        return _Outcome(name=task.name, error=f"refused: {error}")
    except RfiParseError as error:
        return _Outcome(name=task.name, error=str(error))
    except Exception as error:  # a bug must not stop the batch either
        return _Outcome(name=task.name, error=f"unexpected {type(error).__name__}: {error}")
    return _Outcome(name=task.name, shape=shape, results=results)


def _walk(directory: str) -> list[_Task]:
    """The files of a directory, recursively, in path order; hidden entries are skipped.

    Links to directories are not entered (``os.walk``); links to files are listed.
    """
    tasks: list[_Task] = []

    def unreadable(error: OSError) -> None:
        name = error.filename if isinstance(error.filename, str) else directory
        tasks.append(_Task(name=name, error=error.strerror or str(error)))

    for root, dirs, names in os.walk(directory, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and name.lower().endswith(DIRECTORY_SUFFIXES):
                path = os.path.join(root, name)
                tasks.append(_Task(name=path, path=path, found=True))
    # In path order, as `find | sort` gives: a/b.md before b.md.
    tasks.sort(key=lambda task: os.path.relpath(task.name, directory).split(os.sep))
    if not tasks:
        kinds = ", ".join(DIRECTORY_SUFFIXES[:-1]) + " or " + DIRECTORY_SUFFIXES[-1]
        tasks.append(_Task(name=directory, error=f"the directory holds no {kinds} file"))
    return tasks


def _join(directory: str, name: str) -> str:
    """``name`` in ``directory``, where ``""`` is the current directory (and adds no ``./``)."""
    return os.path.join(directory, name) if directory else name


def _split_pattern(pattern: str) -> tuple[str, list[str]]:
    """A pattern's directory without wildcards (``""``: the current one), and its other parts.

    A pattern that ends with a separator keeps a last empty part (it matches
    directories only); runs of ``**`` parts are one.
    """
    drive, path = os.path.splitdrive(pattern)
    parts = _SEPARATORS.split(path)
    base = drive + (os.sep if len(parts) > 1 and parts[0] == "" else "")
    names = [part for part in parts if part] + ([""] if len(parts) > 1 and parts[-1] == "" else [])
    names = [n for i, n in enumerate(names) if n != "**" or i == 0 or names[i - 1] != "**"]
    while len(names) > 1 and not _GLOB_MAGIC.search(names[0]):
        base, names = _join(base, names[0]), names[1:]
    return base, names


def _entries(directory: str) -> list[os.DirEntry[str]]:
    """The entries of a directory; none when it cannot be listed (as ``glob`` does)."""
    try:
        with os.scandir(directory or os.curdir) as entries:
            return list(entries)
    except OSError:
        return []


def _below(directory: str) -> Generator[tuple[str, os.DirEntry[str]], None, None]:
    """Every entry under a directory, with its path, at any depth; hidden ones skipped.

    Only real directories are entered, never a link to one: a link back to an
    ancestor (``ln -s . x``) is listed and not followed, so the walk ends.
    """
    stack = [directory]
    while stack:
        current = stack.pop()
        for entry in _entries(current):
            if not entry.name.startswith("."):
                path = _join(current, entry.name)
                yield path, entry
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path)


def _matches(directory: str, parts: Sequence[str]) -> Generator[str, None, None]:
    """The paths under ``directory`` that the pattern ``parts`` match, in no order.

    As ``glob.glob(recursive=True)`` matches them (``*`` and ``?`` match no
    leading dot), but ``**`` enters no link to a directory.
    """
    part, rest = parts[0], parts[1:]
    if part == "**":
        if not rest:  # everything below
            if directory:
                yield os.path.join(directory, "")
            yield from (path for path, _ in _below(directory))
            return
        real = (path for path, entry in _below(directory) if entry.is_dir(follow_symlinks=False))
        for path in [directory, *real]:
            yield from _matches(path, rest)
    elif part == "":  # a trailing separator: the directory itself
        if directory:
            yield os.path.join(directory, "")
    elif not _GLOB_MAGIC.search(part):
        path = _join(directory, part)
        if rest and os.path.isdir(path):
            yield from _matches(path, rest)
        elif not rest and os.path.lexists(path):
            yield path
    else:
        for entry in _entries(directory):
            hidden = entry.name.startswith(".") and not part.startswith(".")
            if not hidden and fnmatch.fnmatch(entry.name, part):
                path = _join(directory, entry.name)
                if not rest:
                    yield path
                elif entry.is_dir():
                    yield from _matches(path, rest)


def _glob(pattern: str) -> list[str]:
    """The paths a pattern matches, sorted, each once; ``**`` follows no directory link."""
    base, parts = _split_pattern(pattern)
    return sorted(set(_matches(base, parts)))


class _Inputs:
    """The tasks that command-line arguments name; each file once, under its first name.

    A file is known by its device and inode, so that a link to a file already
    taken, or a file that two arguments name, is not parsed twice.
    """

    def __init__(self) -> None:
        self.tasks: list[_Task] = []
        self._files: set[object] = set()  # the identities of the files taken
        self._directories: set[str] = set()  # the real paths of the directories walked

    def add(self, argument: str) -> None:
        """The inputs one command-line argument (not ``-``) names."""
        if os.path.isdir(argument):
            self._directory(argument)
        elif os.path.lexists(argument) or not _GLOB_MAGIC.search(argument):
            self._file(_Task(name=argument, path=argument))
        else:
            matches = _glob(argument)
            if not matches:
                self.tasks.append(_Task(name=argument, error="no file matches this pattern"))
            for match in matches:
                self._file(_Task(name=match, path=match, found=True))

    def _file(self, task: _Task) -> None:
        """Take a file, unless taken before; a found file that is not regular is reported.

        A found directory (a pattern's match) is walked.
        """
        assert task.path is not None
        try:
            status = os.stat(task.path)
        except OSError:
            self.tasks.append(task)  # reported when read
            return
        if task.found and stat.S_ISDIR(status.st_mode):
            self._directory(task.path)
            return
        reason = _not_regular(status.st_mode)
        if reason is not None:
            self.tasks.append(dataclasses.replace(task, error=reason) if task.found else task)
            return
        identity = (status.st_dev, status.st_ino) if status.st_ino else os.path.realpath(task.path)
        if identity not in self._files:
            self._files.add(identity)
            self.tasks.append(task)

    def _directory(self, directory: str) -> None:
        """Take the files of a directory, unless a directory walked before holds it."""
        real = os.path.realpath(directory)
        if self._walked(real):
            return
        self._directories.add(real)
        for task in _walk(directory):
            if task.path is None:
                self.tasks.append(task)
            else:
                self._file(task)

    def _walked(self, real: str) -> bool:
        """Whether a directory walked before holds directory ``real`` (a real path).

        Walking it again would find nothing new: the walk enters every real,
        not hidden, directory below.
        """
        path = real
        while path not in self._directories:
            parent, name = os.path.split(path)
            if parent == path or name.startswith("."):
                return False
            path = parent
        return True


def _outcomes(tasks: Sequence[_Task], jobs: int) -> Generator[_Outcome, None, None]:
    """Each task's outcome, in task order, from ``jobs`` processes (``parse_many``'s pool).

    A task whose worker process died twice (``WorkerCrashedError``) fails with
    that message, under its name.
    """
    workers = min(jobs, len(tasks))
    chunksize = max(1, min(16, len(tasks) // (max(workers, 1) * 4)))
    with contextlib.closing(imap_ordered(_run, tasks, workers=workers, chunksize=chunksize)) as run:
        for task, outcome in zip(tasks, run, strict=True):
            if isinstance(outcome, WorkerCrashedError):
                yield _Outcome(name=task.name, error=str(outcome))
            else:
                yield outcome


# Output


class _Sink:
    """Text out: encoded as UTF-8 to a binary stream, or as is to a text stream."""

    def __init__(self, binary: IO[bytes] | None, text: IO[str] | None = None) -> None:
        self._binary = binary
        self._text = text

    @classmethod
    def stdout(cls) -> _Sink:
        """Standard output's bytes where it has them (a doctest's stdout has none)."""
        buffer: IO[bytes] | None = getattr(sys.stdout, "buffer", None)
        return cls(buffer) if buffer is not None else cls(None, sys.stdout)

    def isatty(self) -> bool:
        """Whether the text goes to a terminal."""
        stream = self._binary if self._binary is not None else self._text
        isatty = getattr(stream, "isatty", None)
        return bool(isatty is not None and isatty())

    def write(self, text: str) -> None:
        if self._binary is not None:
            self._binary.write(text.encode("utf-8"))
        elif self._text is not None:
            self._text.write(text)

    def flush(self) -> None:
        for stream in (self._binary, self._text):
            if stream is not None:
                stream.flush()


def _select(fields: Sequence[str] | None) -> Callable[[Result], dict[str, Any]]:
    def select(result: Result) -> dict[str, Any]:
        record = result.to_dict()
        if fields is None:
            return record
        return {name: record.get(name) for name in fields}

    return select


class _Writer:
    r"""Writes results in one format as they come, input by input.

    JSON has the characters a terminal obeys (``_UNSAFE_IN_JSON``) as ``\u``
    escapes, wherever it goes: it reads back the same. Markdown and text have
    them escaped only when they go to a terminal: elsewhere they are the text.
    """

    def __init__(self, sink: _Sink, fmt: str, fields: Sequence[str] | None, several: bool) -> None:
        self._sink = sink
        self._format = fmt
        self._several = several
        self._select = _select(fields)
        self._count = 0
        self._last_was_line = False
        self._terminal = sink.isatty()

    def _json(self, result: Result, indent: int | None) -> str:
        text = json.dumps(self._select(result), ensure_ascii=False, indent=indent)
        return _UNSAFE_IN_JSON.sub(_json_escape, text)

    def _text(self, text: str) -> None:
        self._sink.write(_UNSAFE_IN_TEXT.sub(_escape, text) if self._terminal else text)

    def add(self, outcome: _Outcome) -> None:
        if self._format == _DEFAULT:
            single_article = not self._several and outcome.shape not in ("feed", "listing")
            self._format = "pretty" if single_article else "jsonl"
        for result in outcome.results:
            self._write(result)

    def _write(self, result: Result) -> None:
        fmt = self._format
        if fmt == "jsonl":
            self._sink.write(self._json(result, None) + "\n")
        elif fmt == "pretty":
            self._sink.write(self._json(result, 2) + "\n")
        elif fmt == "json":
            text = self._json(result, 2)
            indented = "\n".join("  " + line for line in text.split("\n"))
            self._sink.write(("[\n" if self._count == 0 else ",\n") + indented)
        else:
            self._block(result)
        self._count += 1

    def _block(self, result: Result) -> None:
        line = isinstance(result, Teaser)
        if self._count and not (line and self._last_was_line):
            self._sink.write("\n---\n\n")
        if isinstance(result, Teaser):
            if self._format == "markdown":
                self._text(f"- {markdown_link(result.title, result.url)}\n")
            else:
                self._text(f"{result.title} — {result.url}\n")
        else:
            text = article_markdown(result) if self._format == "markdown" else result.text
            self._text(text + "\n")
        self._last_was_line = line

    def close(self) -> None:
        if self._format == "json":
            self._sink.write("\n]\n" if self._count else "[]\n")
        self._sink.flush()


# Arguments


def _known_fields() -> tuple[str, ...]:
    article = Article().to_dict()
    teaser = Teaser(title="t", url="https://www.rfi.fr/").to_dict()
    return (*article, *(name for name in teaser if name not in article))


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="rfiparse",
        description=(
            "Parse RFI feed records, article fragments, article pages, section pages "
            "and RSS/Atom feeds into JSON, Markdown or text."
        ),
        epilog=(
            "Directories are searched recursively for "
            + ", ".join(DIRECTORY_SUFFIXES)
            + " files (hidden ones skipped); patterns such as 'data/*.html' or "
            "'data/**/*.md' are expanded. Exit status: 0 all inputs parsed, 1 some "
            "input or the output failed, 2 usage error. 'rfiparse warc --help': the "
            "articles of WARC files (a file named warc is given as ./warc)."
        ),
    )
    parser.add_argument(
        "inputs", nargs="*", metavar="INPUT", help="file, directory, glob pattern, or '-' (stdin)"
    )
    parser.add_argument(
        "--example", action="store_true", help="parse the sample record bundled with rfiparse"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        help="output format (default: one indented JSON object for a single article, else jsonl)",
    )
    parser.add_argument(
        "--shape",
        choices=("auto", "article", "listing", "feed"),
        default="auto",
        help="what the inputs are (default: auto, per input)",
    )
    parser.add_argument(
        "--fields",
        metavar="A,B,...",
        help="keep only these top-level fields, in this order (json, jsonl; absent ones are null)",
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write to FILE, not stdout")
    parser.add_argument(
        "-j",
        "--jobs",
        type=_jobs,
        default=1,
        metavar="N",
        help="parse in N processes (0: one per usable CPU; default 1); output order is input order",
    )
    parser.add_argument("--url", help="URL of the single input, for inputs that carry none")
    parser.add_argument(
        "--max-bytes",
        type=_max_bytes,
        default=DEFAULT_MAX_BYTES,
        metavar="SIZE",
        help="refuse larger inputs (bytes, or with K/M/G; 'none' lifts the limit; default 16M)",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _fields(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, ...] | None:
    if args.fields is None:
        return None
    if args.format in ("markdown", "text"):
        parser.error(f"--fields applies to json and jsonl output, not {args.format}")
    names = [name.strip() for name in args.fields.split(",")]
    known = _known_fields()
    for name in names:
        if name not in known:
            parser.error(f"--fields: unknown field {name!r} (known: {', '.join(known)})")
    return tuple(dict.fromkeys(names))


def _tasks(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[_Task]:
    if not args.inputs and not args.example:
        parser.error("give at least one INPUT, '-', or --example")
    if args.inputs.count("-") > 1:
        parser.error("'-' (standard input) can be given once")
    inputs = _Inputs()
    if args.example:
        inputs.tasks.append(_Task(name="<example>", data=example_record()))
    for argument in args.inputs:
        if argument == "-":
            limit = -1 if args.max_bytes is None else args.max_bytes + 1
            inputs.tasks.append(_Task(name="<stdin>", data=sys.stdin.buffer.read(limit)))
        else:
            inputs.add(argument)
    tasks = inputs.tasks
    if args.url is not None and len(tasks) > 1:
        parser.error("--url applies to a single input")
    try:
        check_url(args.url)
    except ValueError as error:
        parser.error(f"--url: {error}")
    options = {"shape": args.shape, "url": args.url, "max_bytes": args.max_bytes}
    return [dataclasses.replace(task, **options) for task in tasks]


class _Progress:
    """A tqdm bar on standard error, or nothing when it is not a terminal."""

    def __init__(self, total: int) -> None:
        self._bar = progress_bar(total=total, unit="input") if total >= 2 else None

    def error(self, name: str, message: str) -> None:
        """Report ``name`` and ``message`` on a line of standard error, escaped."""
        report(self._bar, name, message)

    def update(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def _write_all(tasks: Sequence[_Task], jobs: int, writer: _Writer, progress: _Progress) -> bool:
    """Parse and write every input; return whether all of them succeeded."""
    ok = True
    # Closed on the way out, whatever happens: the worker processes are stopped.
    with contextlib.closing(_outcomes(tasks, jobs)) as outcomes:
        for outcome in outcomes:
            progress.update()
            if outcome.error is None or outcome.results:
                writer.add(outcome)
            if outcome.error is not None:
                progress.error(outcome.name, outcome.error)
                ok = False
    writer.close()
    return ok


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit status.

    Usage errors raise ``SystemExit`` with status 2, as ``argparse`` does.
    ``rfiparse warc ...`` (a first argument ``warc``) runs ``rfiparse._cli_warc``:
    a file named ``warc`` is then given as ``./warc``.
    """
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments[:1] == ["warc"]:
        from ._cli_warc import main as warc_main

        return warc_main(arguments[1:])
    parser = _parser()
    args = parser.parse_args(arguments)
    fields = _fields(parser, args)
    tasks = _tasks(parser, args)
    fmt: str = args.format or _DEFAULT

    output: IO[bytes] | None = None
    if args.output is not None:
        try:
            output = open(args.output, "wb")  # noqa: SIM115 - closed below, errors reported
        except OSError as error:
            print(_message(args.output, error.strerror or str(error)), file=sys.stderr)
            return 1
    sink = _Sink(output) if output is not None else _Sink.stdout()
    writer = _Writer(sink, fmt, fields, several=len(tasks) > 1)
    progress = _Progress(len(tasks))
    try:
        ok = _write_all(tasks, args.jobs, writer, progress)
        if output is not None:
            output.close()
    except BrokenPipeError:
        # The reader went away (`rfiparse … | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        name = args.output if output is not None else "<stdout>"
        progress.error(name, error.strerror or str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        progress.close()
        if output is not None and not output.closed:
            with contextlib.suppress(OSError):
                output.close()
    return 0 if ok else 1
