"""The ``rfiparse`` command line (also ``python -m rfiparse``); see docs/cli.md.

Each input is read as bytes, its shape is found (``rfiparse.detect()``'s rules, in
``parse_input()``: a section page is the one ``parse()`` refuses with
``ListingPageError``), and every article or teaser it holds is written in the
chosen format, in input order: JSON lines by default whatever the number of
inputs, each object starting with its ``"type"`` (``article`` or ``teaser``). With
no INPUT, standard input is read when it is not a terminal. ``-o FILE`` writes
one file, ``-o DIR/`` one file per input (``_directory_names()``); neither
replaces an existing file without ``--force``. An input that fails is reported
on standard error as ``rfiparse: <name>: <message>`` and the others are still
written; the exit status is then 1. Usage errors exit with status 2.
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
import time
from collections.abc import Generator, Sequence
from typing import IO, Any, Literal, NamedTuple

from ._arguments import DEFAULT_MAX_BYTES, check_url
from ._batch import imap_ordered
from ._cli_common import UNSAFE_IN_JSON as _UNSAFE_IN_JSON
from ._cli_common import UNSAFE_IN_TEXT as _UNSAFE_IN_TEXT
from ._cli_common import add_run_options, counted, progress_bar, report, summary, wants_summary
from ._cli_common import escape as _escape
from ._cli_common import jobs as _jobs
from ._cli_common import json_escape as _json_escape
from ._cli_common import max_bytes as _max_bytes
from ._cli_common import message as _message
from ._cli_common import shown as _shown
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
    "SUFFIXES",
    "ShapeChoice",
    "main",
    "parse_input",
    "stdin_is_input",
]

ShapeChoice = Literal["auto", "article", "listing", "feed"]
"""The values of ``--shape``: ``auto`` asks ``rfiparse.detect()``."""

Result = Article | Teaser

FORMATS = ("json", "jsonl", "markdown", "text")
"""The values of ``--format``; ``jsonl`` is the default, whatever the number of inputs."""

SUFFIXES = {"json": ".json", "jsonl": ".jsonl", "markdown": ".md", "text": ".txt"}
"""The suffix of the files that ``-o DIR/`` writes, by format."""

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
_STDIN = "<stdin>"  # the name of standard input in messages
_EXAMPLE = "<example>"  # the name of --example in messages
# The stems of the files that -o DIR/ writes for inputs that are not files.
_STEMS = {_STDIN: "stdin", _EXAMPLE: "example"}


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
    refused: bool = False  # read, and not an RFI article, teaser or feed (NotAnArticleError)


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
        return _Outcome(name=task.name, error=f"refused: {error}", refused=True)
    except NotAnArticleError as error:
        return _Outcome(name=task.name, error=str(error), refused=True)
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


def _outcomes(tasks: Sequence[_Task], jobs: int) -> Generator[tuple[_Task, _Outcome], None, None]:
    """Each task and its outcome, in task order, from ``jobs`` processes (``parse_many``'s pool).

    A task whose worker process died twice (``WorkerCrashedError``) fails with
    that message, under its name.
    """
    workers = min(jobs, len(tasks))
    chunksize = max(1, min(16, len(tasks) // (max(workers, 1) * 4)))
    with contextlib.closing(imap_ordered(_run, tasks, workers=workers, chunksize=chunksize)) as run:
        for task, outcome in zip(tasks, run, strict=True):
            if isinstance(outcome, WorkerCrashedError):
                yield task, _Outcome(name=task.name, error=str(outcome))
            else:
                yield task, outcome


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


def _record(
    result: Result, fields: Sequence[str] | None, source: dict[str, Any] | None
) -> dict[str, Any]:
    """The JSON object of one result: ``type`` first, its fields, then ``source`` if given.

    ``type`` is ``"article"`` or ``"teaser"``, whatever ``fields`` says (naming it
    there changes nothing): every object says what it is. ``fields`` keeps those
    fields only, in that order, a field the result lacks as ``null``.
    """
    record: dict[str, Any] = {"type": "teaser" if isinstance(result, Teaser) else "article"}
    data = result.to_dict()
    if fields is None:
        record.update(data)
    else:
        record.update((name, data.get(name)) for name in fields if name != "type")
    if source is not None:
        record["source"] = source
    return record


class _Writer:
    r"""Writes results in one format as they come, input by input, to one sink.

    JSON has the characters a terminal obeys (``_UNSAFE_IN_JSON``) as ``\u``
    escapes, wherever it goes: it reads back the same. Markdown and text have
    them escaped only when they go to a terminal: elsewhere they are the text.
    """

    def __init__(self, sink: _Sink, fmt: str, fields: Sequence[str] | None) -> None:
        self._sink = sink
        self._format = fmt
        self._fields = fields
        self._count = 0
        self._last_was_line = False
        self._terminal = sink.isatty()

    def _text(self, text: str) -> None:
        self._sink.write(_UNSAFE_IN_TEXT.sub(_escape, text) if self._terminal else text)

    def add(self, results: Sequence[Result], source: dict[str, Any] | None) -> None:
        """Write ``results`` (JSON objects get ``source``, if not ``None``)."""
        for result in results:
            self._write(result, source)

    def _write(self, result: Result, source: dict[str, Any] | None) -> None:
        if self._format in ("json", "jsonl"):
            record = _record(result, self._fields, source)
            indent = 2 if self._format == "json" else None
            text = json.dumps(record, ensure_ascii=False, indent=indent)
            text = _UNSAFE_IN_JSON.sub(_json_escape, text)
            if self._format == "jsonl":
                self._sink.write(text + "\n")
            else:
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


class _FileError(Exception):
    """A file of ``-o DIR/`` could not be written: its path and the message."""

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text)
        self.path = path
        self.text = text


class _Destination(NamedTuple):
    """Where the results go: standard output, ``-o FILE``, or ``-o DIR/`` (a file per input).

    ``names`` holds, for ``-o DIR/``, each task's file (``None`` for a task
    that fails before it is read); ``force`` replaces existing files. (A named
    tuple, not a dataclass: one costs the command's start about a millisecond.)
    """

    path: str | None = None
    directory: str | None = None
    names: tuple[str | None, ...] = ()
    force: bool = False


def _stem(path: str) -> str:
    """A file's name without its last suffix (``data/page.html``: ``page``); never empty."""
    name = os.path.basename(os.path.normpath(path))
    return os.path.splitext(name)[0] or name


def _directory_names(tasks: Sequence[_Task], directory: str, fmt: str) -> tuple[str | None, ...]:
    """The file that ``-o DIR/`` writes for each task: ``DIR/<stem><suffix of the format>``.

    The stem is the input file's name without its last suffix; ``stdin`` for
    standard input, ``example`` for ``--example``. Two inputs of one stem (compared
    case-insensitively, as some file systems compare names) are told apart in
    input order: the first keeps it, the next get ``<stem>-2``, ``<stem>-3``... A
    task that has failed already (a pattern that matched nothing) has no file.
    """
    suffix = SUFFIXES[fmt]
    taken: set[str] = set()
    names: list[str | None] = []
    for task in tasks:
        if task.error is not None:
            names.append(None)
            continue
        stem = _stem(task.path) if task.path is not None else _STEMS[task.name]
        name, number = stem + suffix, 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem}-{number}{suffix}"
        taken.add(name.casefold())
        names.append(os.path.join(directory, name))
    return tuple(names)


def _identity(path: str) -> tuple[int, int] | None:
    """A file's device and inode, ``None`` where it cannot be known."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino) if status.st_ino else None


def _check_replace(
    parser: argparse.ArgumentParser,
    path: str,
    inputs: set[tuple[int, int]],
    *,
    force: bool,
    special: bool,
) -> None:
    """A usage error for an output file that exists, unless ``force`` lets it be replaced.

    A file that is one of the ``inputs`` (device and inode) is never replaced; a
    file that is not a regular one (``/dev/null``, a FIFO) is written to, not
    replaced, when ``special`` allows it (``-o FILE``), else refused.
    """
    if not os.path.lexists(path):
        return
    shown = _shown(path)
    try:
        mode: int | None = os.stat(path).st_mode
    except OSError:
        mode = None  # a dangling link
    if mode is not None and not stat.S_ISREG(mode):
        if special and not stat.S_ISDIR(mode):
            return
        parser.error(f"-o {shown}: exists and is not a regular file: not replaced")
    if not force:
        parser.error(f"-o {shown}: already exists (give --force to replace it)")
    if _identity(path) in inputs:
        parser.error(f"-o {shown}: is one of the inputs: not replaced")


def _destination(
    parser: argparse.ArgumentParser, args: argparse.Namespace, tasks: Sequence[_Task]
) -> _Destination:
    """Where ``-o`` sends the results; a usage error for an output that would replace a file.

    ``-o DIR/`` is a directory output when it ends with a separator or names an
    existing directory; ``-o -`` (or no ``-o``) is standard output.
    """
    output: str | None = args.output
    if output is None or output == "-":
        return _Destination()
    inputs = {i for i in (_identity(t.path) for t in tasks if t.path is not None) if i is not None}
    if output.endswith(("/", os.sep)) or os.path.isdir(output):
        bare = os.path.normpath(output)  # "out/" where out is a file does not exist
        if os.path.lexists(bare) and not os.path.isdir(bare):
            parser.error(f"-o {_shown(output)}: exists and is not a directory")
        names = _directory_names(tasks, output, args.format)
        for name in names:
            if name is not None:
                _check_replace(parser, name, inputs, force=args.force, special=False)
        return _Destination(directory=output, names=names, force=args.force)
    _check_replace(parser, output, inputs, force=args.force, special=True)
    return _Destination(path=output, force=args.force)


def _open(path: str, *, force: bool) -> IO[bytes]:
    """An output file opened for writing: created, or (``force``) replaced; a FIFO written to.

    Without ``force`` an existing regular file is not replaced (``FileExistsError``),
    even one created since the arguments were checked.
    """
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        special = False
    return open(path, "wb" if force or special else "xb")


class _Files:
    """``-o DIR/``: each input's results in a file of its own, written when they come."""

    def __init__(self, destination: _Destination, fmt: str, fields: Sequence[str] | None) -> None:
        self._names = destination.names
        self._force = destination.force
        self._format = fmt
        self._fields = fields

    def add(self, index: int, results: Sequence[Result], source: dict[str, Any] | None) -> None:
        """Write the file of the input at ``index``; a file that cannot be written is removed.

        :raises _FileError: the file could not be written.
        """
        path = self._names[index]
        assert path is not None
        try:
            with _open(path, force=self._force) as handle:
                writer = _Writer(_Sink(handle), self._format, self._fields)
                writer.add(results, source)
                writer.close()
        except OSError as error:
            if not isinstance(error, FileExistsError):
                with contextlib.suppress(OSError):
                    os.remove(path)
            raise _FileError(path, error.strerror or str(error)) from error

    def close(self) -> None:
        """Nothing is left open between inputs."""


class _Stream:
    """Standard output or ``-o FILE``: every result, in one writer, flushed input by input.

    Flushed so that a reader gets each input's results as it is parsed, and that
    on a terminal (or with ``2>&1``) they come in order with the messages of
    standard error.
    """

    def __init__(self, writer: _Writer, sink: _Sink) -> None:
        self._writer = writer
        self._sink = sink

    def add(self, index: int, results: Sequence[Result], source: dict[str, Any] | None) -> None:
        """Write one input's results (its ``index`` does not matter)."""
        del index
        self._writer.add(results, source)
        self._sink.flush()

    def close(self) -> None:
        self._writer.close()


# Arguments


def _known_fields() -> tuple[str, ...]:
    article = Article().to_dict()
    teaser = Teaser(title="t", url="https://www.rfi.fr/").to_dict()
    return ("type", *article, *(name for name in teaser if name not in article))


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="rfiparse",
        description=(
            "Parse RFI feed records, article fragments, article pages, section pages "
            "and RSS/Atom feeds into JSON, Markdown or text. The default output is JSON "
            "lines, one object per article or teaser, whatever the number of inputs; "
            'each object starts with "type": "article" or "teaser".'
        ),
        epilog=(
            "With no INPUT, standard input is read if it is not a terminal. "
            "Directories are searched recursively for "
            + ", ".join(DIRECTORY_SUFFIXES)
            + " files (hidden ones skipped); patterns such as 'data/*.html' or "
            "'data/**/*.md' are expanded. Exit status: 0 all inputs parsed, 1 some "
            "input or the output failed, 2 usage error. 'rfiparse warc --help': the "
            "articles of WARC files (a file named warc is given as ./warc)."
        ),
    )
    parser.add_argument(
        "inputs",
        nargs="*",
        metavar="INPUT",
        help="file, directory, glob pattern, or '-' (stdin; read when no INPUT is given "
        "and stdin is not a terminal)",
    )
    parser.add_argument(
        "--example", action="store_true", help="parse the sample record bundled with rfiparse"
    )
    parser.add_argument(
        "-f",
        "--format",
        choices=FORMATS,
        default="jsonl",
        help="output format (default: jsonl, one JSON object per line, also for a single "
        "input; json: one JSON array, indented)",
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
        help='keep only these top-level fields, in this order, after "type" (json, jsonl; '
        "absent ones are null)",
    )
    parser.add_argument(
        "--with-source",
        action="store_true",
        help='add "source": {"file": INPUT\'s path} last (null for stdin and --example; '
        "json, jsonl)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="FILE: write there, not to stdout; DIR/ (a trailing slash, or an existing "
        "directory): one file per input, DIR/<input name without suffix>.<jsonl|json|md|txt> "
        "(-2, -3... added to repeated names; stdin.*, example.*); '-': stdout",
    )
    parser.add_argument("--force", action="store_true", help="replace existing output files")
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
    add_run_options(parser)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    return parser


def _fields(parser: argparse.ArgumentParser, args: argparse.Namespace) -> tuple[str, ...] | None:
    for given, option in (
        (args.fields is not None, "--fields"),
        (args.with_source, "--with-source"),
    ):
        if given and args.format in ("markdown", "text"):
            parser.error(f"{option} applies to json and jsonl output, not {args.format}")
    if args.fields is None:
        return None
    names = [name.strip() for name in args.fields.split(",")]
    known = _known_fields()
    for name in names:
        if name not in known:
            parser.error(f"--fields: unknown field {name!r} (known: {', '.join(known)})")
    return tuple(dict.fromkeys(names))


def stdin_is_input(inputs: Sequence[str], *, example: bool, stdin: IO[Any] | None) -> bool:
    """Whether standard input is the input though no ``-`` names it.

    It is when no INPUT and no ``--example`` are given and standard input is
    there and not a terminal (a pipe, a file, ``/dev/null``): a terminal would
    wait for typing, so that ``rfiparse`` alone is a usage error.
    """
    if inputs or example or stdin is None:
        return False
    try:
        return not stdin.isatty()
    except (AttributeError, ValueError):  # no isatty, or closed
        return False


def _tasks(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[_Task]:
    arguments: list[str] = list(args.inputs)
    if not arguments and not args.example:
        if not stdin_is_input(arguments, example=False, stdin=sys.stdin):
            parser.error(
                "give at least one INPUT, '-', or --example (standard input is a terminal)"
            )
        arguments = ["-"]
    if arguments.count("-") > 1:
        parser.error("'-' (standard input) can be given once")
    inputs = _Inputs()
    if args.example:
        inputs.tasks.append(_Task(name=_EXAMPLE, data=example_record()))
    for argument in arguments:
        if argument == "-":
            limit = -1 if args.max_bytes is None else args.max_bytes + 1
            inputs.tasks.append(_Task(name=_STDIN, data=sys.stdin.buffer.read(limit)))
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
    """A tqdm bar on standard error, or nothing when it is not a terminal or not wanted."""

    def __init__(self, total: int, *, shown: bool) -> None:
        wanted = shown and total >= 2
        self._bar = progress_bar(total=total, unit="input") if wanted else None

    def error(self, name: str, message: str) -> None:
        """Report ``name`` and ``message`` on a line of standard error, escaped."""
        report(self._bar, name, message)

    def update(self) -> None:
        if self._bar is not None:
            self._bar.update(1)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


class _Totals:
    """The summary's numbers: what became of the inputs, and what was written."""

    def __init__(self, inputs: int) -> None:
        self.inputs = inputs
        self.parsed = self.refused = self.failed = 0
        self.articles = self.teasers = 0

    def add(self, outcome: _Outcome, *, written: bool) -> None:
        """Count one input; ``written``: its results (if any) were written."""
        if outcome.error is None and written:
            self.parsed += 1
        elif outcome.refused:
            self.refused += 1
        else:
            self.failed += 1
        if written:
            teasers = sum(isinstance(result, Teaser) for result in outcome.results)
            self.teasers += teasers
            self.articles += len(outcome.results) - teasers

    def summary(self, seconds: float) -> str:
        """The end-of-run line of standard error."""
        return summary(
            "rfiparse",
            counted(self.inputs, "input"),
            [f"{self.parsed:,} parsed", f"{self.refused:,} refused", f"{self.failed:,} failed"],
            [counted(self.articles, "article"), counted(self.teasers, "teaser")],
            seconds,
        )


def _write_all(
    tasks: Sequence[_Task],
    args: argparse.Namespace,
    output: _Files | _Stream,
    progress: _Progress,
    totals: _Totals,
) -> bool:
    """Parse and write every input; return whether all of them succeeded."""
    ok = True
    # Closed on the way out, whatever happens: the worker processes are stopped.
    with contextlib.closing(_outcomes(tasks, args.jobs)) as outcomes:
        for index, (task, outcome) in enumerate(outcomes):
            progress.update()
            written = outcome.error is None or bool(outcome.results)
            if written:
                source = {"file": task.path} if args.with_source else None
                try:
                    output.add(index, outcome.results, source)
                except _FileError as error:
                    progress.error(error.path, error.text)
                    written = ok = False
            totals.add(outcome, written=written)
            if outcome.error is not None:
                progress.error(outcome.name, outcome.error)
                ok = False
    output.close()
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
    destination = _destination(parser, args, tasks)

    started = time.perf_counter()
    handle: IO[bytes] | None = None
    try:
        if destination.directory is not None:
            os.makedirs(destination.directory, exist_ok=True)
        elif destination.path is not None:
            handle = _open(destination.path, force=destination.force)
    except OSError as error:
        target = destination.directory or destination.path or ""
        print(_message(target, error.strerror or str(error)), file=sys.stderr)
        return 1
    output: _Files | _Stream
    if destination.directory is not None:
        output = _Files(destination, args.format, fields)
    else:
        sink = _Sink(handle) if handle is not None else _Sink.stdout()
        output = _Stream(_Writer(sink, args.format, fields), sink)
    progress = _Progress(len(tasks), shown=not (args.quiet or args.no_progress))
    totals = _Totals(len(tasks))
    try:
        ok = _write_all(tasks, args, output, progress, totals)
        if handle is not None:
            handle.close()
    except BrokenPipeError:
        # The reader went away (`rfiparse … | head`): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except OSError as error:
        written_to = destination.path if handle is not None else None
        progress.error(written_to or "<stdout>", error.strerror or str(error))
        return 1
    except KeyboardInterrupt:
        return 130
    finally:
        progress.close()
        if handle is not None and not handle.closed:
            with contextlib.suppress(OSError):
                handle.close()
    if wants_summary(args):
        print(totals.summary(time.perf_counter() - started), file=sys.stderr)
    return 0 if ok else 1
