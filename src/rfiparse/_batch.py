"""``parse_many()``: many inputs, in order, across processes, in bounded memory."""

from __future__ import annotations

import collections
import functools
import itertools
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import TypeVar

from ._encoding import DEFAULT_MAX_BYTES
from ._parse import parse
from .errors import RfiParseError
from .model import Article

__all__ = ["default_workers", "imap_ordered", "parse_many"]

_T = TypeVar("_T")
_R = TypeVar("_R")

DEFAULT_CHUNKSIZE = 64
_MAX_WORKERS = 61  # the limit of ProcessPoolExecutor on Windows
_PREFETCH = 2  # chunks read ahead per worker: one being parsed, one waiting


def _apply(function: Callable[[_T], _R], chunk: list[_T]) -> tuple[list[_R], BaseException | None]:
    """``function`` over a chunk, in a worker: the results up to the first exception, and it."""
    results = []
    for item in chunk:
        try:
            results.append(function(item))
        except Exception as error:
            return results, error
    return results, None


def imap_ordered(
    function: Callable[[_T], _R],
    items: Iterable[_T],
    *,
    workers: int,
    chunksize: int = DEFAULT_CHUNKSIZE,
    mp_context: BaseContext | None = None,
) -> Generator[_R, None, None]:
    """``map(function, items)``, lazily, in order, in ``workers`` processes.

    At most ``workers * 2`` chunks of ``chunksize`` items are read ahead at a time, so
    memory stays bounded however long ``items`` is, and ``items`` is read only as
    fast as results are consumed. With one worker nothing leaves this process.
    Closing the iterator early cancels what has not started and stops the workers.
    An exception raised by ``function`` is raised here, at its item's place, after
    the results of the items before it.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    iterator = iter(items)
    chunks = iter(lambda: list(itertools.islice(iterator, chunksize)), [])
    task = functools.partial(_apply, function)
    pending: collections.deque[Future[tuple[list[_R], BaseException | None]]]
    pending = collections.deque()
    executor = ProcessPoolExecutor(max_workers=min(workers, _MAX_WORKERS), mp_context=mp_context)
    try:
        for chunk in itertools.islice(chunks, workers * _PREFETCH):
            pending.append(executor.submit(task, chunk))
        while pending:
            results, error = pending.popleft().result()
            yield from results
            if error is not None:
                raise error
            # Refilled only once the chunk is consumed: the read-ahead stays bounded.
            for chunk in itertools.islice(chunks, 1):
                pending.append(executor.submit(task, chunk))
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _parse_or_error(html: str | bytes, *, max_bytes: int | None) -> Article | RfiParseError:
    try:
        return parse(html, max_bytes=max_bytes)
    except RfiParseError as error:
        return error


def default_workers() -> int:
    """One worker per CPU this process may run on (its affinity), else per CPU."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def parse_many(
    inputs: Iterable[str | bytes],
    *,
    workers: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    chunksize: int = DEFAULT_CHUNKSIZE,
    mp_context: BaseContext | None = None,
) -> Iterator[Article | RfiParseError]:
    """Parse many inputs with ``parse()``; yield one result per input, in input order.

    A result is the input's ``Article``, or the ``RfiParseError`` that ``parse()``
    raised for it: a bad input takes its place in the output and the batch goes
    on. Any other exception (a ``TypeError`` for an input that is neither ``str`` nor
    ``bytes``) is raised when its place is reached, and ends the batch.

    It streams: ``inputs`` may be a generator of any length; it is read ahead by at
    most ``2 * workers * chunksize`` items, and results are yielded as soon as
    the input they belong to, and every input before it, is parsed.

    ``workers`` is the number of processes: ``None`` for one per CPU this process
    may run on, ``1`` to parse in this process (no pool, nothing pickled). With
    several workers, inputs and results travel between processes by pickling;
    ``chunksize`` inputs go at a time, and ``mp_context`` is passed to
    :class:`concurrent.futures.ProcessPoolExecutor` (``None``: Python's default start
    method). As with any process pool started by the *spawn* or *forkserver*
    methods, a script that calls this must guard its entry point with
    ``if __name__ == "__main__":``. Closing the returned iterator early stops the
    workers.

    ``max_bytes`` is passed to ``parse()`` for every input.

    >>> import rfiparse
    >>> for result in rfiparse.parse_many(["<p>One.</p>", b"", "<p>Two.</p>"], workers=1):
    ...     print(repr(result) if isinstance(result, Exception) else result.paragraphs[0].text)
    One.
    NotAnArticleError('the input is empty: no headline and no article body')
    Two.

    :raises ValueError: ``workers`` or ``chunksize`` is less than 1.
    :raises TypeError: an input is neither ``str`` nor ``bytes`` (when it is reached).
    """
    if workers is None:
        workers = default_workers()
    if isinstance(workers, bool) or not isinstance(workers, int):
        raise TypeError(f"workers must be an int or None, not {type(workers).__name__}")
    if isinstance(chunksize, bool) or not isinstance(chunksize, int):
        raise TypeError(f"chunksize must be an int, not {type(chunksize).__name__}")
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    if chunksize < 1:
        raise ValueError(f"chunksize must be at least 1, not {chunksize}")
    function = functools.partial(_parse_or_error, max_bytes=max_bytes)
    return imap_ordered(
        function, inputs, workers=workers, chunksize=chunksize, mp_context=mp_context
    )
