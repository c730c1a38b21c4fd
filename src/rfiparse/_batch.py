"""``parse_many()``: many inputs, in order, across processes, in bounded memory."""

from __future__ import annotations

import collections
import functools
import itertools
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import Generic, TypeVar

from ._arguments import DEFAULT_MAX_BYTES, check_count, check_max_bytes
from ._parse import parse
from .errors import RfiParseError, WorkerCrashedError
from .model import Article

__all__ = ["auto_workers", "default_workers", "imap_ordered", "parse_many"]

_T = TypeVar("_T")
_R = TypeVar("_R")

DEFAULT_CHUNKSIZE = 64
_MAX_WORKERS = 61  # the limit of ProcessPoolExecutor on Windows
_PREFETCH = 2  # chunks read ahead per worker: one being parsed, one waiting
_CRASHED = (
    "the worker process parsing this input died, and died again when the input was "
    "retried alone in a fresh process (killed by a signal or the out-of-memory killer, "
    "or a crash in a C library)"
)

# What a chunk gives: its results, in order, up to the first exception of the
# function, and that exception. A result may be the WorkerCrashedError of an item
# whose process died twice.
_Done = tuple[list["_R | WorkerCrashedError"], BaseException | None]


def _apply(function: Callable[[_T], _R], chunk: list[_T]) -> _Done[_R]:
    """``function`` over a chunk, in a worker: the results up to the first exception, and it."""
    results: list[_R | WorkerCrashedError] = []
    for item in chunk:
        try:
            results.append(function(item))
        except Exception as error:
            return results, error
    return results, None


class _Chunks(Generic[_T]):
    """The items of an iterable in chunks; a failure of the iterable is kept, not raised.

    The items read before the iterable raised make the last chunk; the exception
    is then in ``failure``, for the caller to raise once their results are out.
    ``ended`` tells whether the iterable has been read to its end (or its failure):
    a chunk came out short or empty.
    """

    def __init__(self, items: Iterable[_T], size: int) -> None:
        self._iterator = iter(items)
        self._size = size
        self.failure: Exception | None = None
        self.ended = False

    def take(self, count: int) -> Iterator[list[_T]]:
        """Up to ``count`` more chunks, each of ``size`` items but the last one."""
        for _ in range(count):
            chunk: list[_T] = []
            if self.failure is None:
                try:
                    chunk.extend(itertools.islice(self._iterator, self._size))
                except Exception as error:  # the caller's iterable: raised after the results
                    self.failure = error
            if len(chunk) < self._size:
                self.ended = True
            if not chunk:
                return
            yield chunk


def _executor(workers: int, mp_context: BaseContext | None) -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=min(workers, _MAX_WORKERS), mp_context=mp_context)


def _submit(
    executor: ProcessPoolExecutor, task: Callable[[list[_T]], _Done[_R]], chunk: list[_T]
) -> Future[_Done[_R]]:
    """``task(chunk)`` in ``executor``; a pool already broken gives a future that failed so."""
    try:
        return executor.submit(task, chunk)
    except BrokenProcessPool as error:
        failed: Future[_Done[_R]] = Future()
        failed.set_exception(error)
        return failed


def _broken(future: Future[_Done[_R]]) -> bool:
    """Whether the chunk of ``future`` was lost with its pool (waits for it to finish)."""
    return isinstance(future.exception(), BrokenProcessPool)


def _done(outcome: _Done[_R]) -> Future[_Done[_R]]:
    """A future that already holds ``outcome``."""
    future: Future[_Done[_R]] = Future()
    future.set_result(outcome)
    return future


def _run_alone(
    task: Callable[[list[_T]], _Done[_R]],
    items: list[_T],
    *,
    workers: int,
    mp_context: BaseContext | None,
) -> list[_Done[_R]]:
    """``task([item])`` for each item, each alone in a process; a death is the item's own.

    ``workers`` one-process pools run one item each at a time, so that a process
    that dies was running that one item: the item gets a ``WorkerCrashedError``,
    its pool is replaced, and the others go on. Returns the outcomes in item order.
    """
    outcomes: list[_Done[_R]] = [([], None)] * len(items)
    queue = iter(enumerate(items))
    pools: list[ProcessPoolExecutor] = []
    running: dict[Future[_Done[_R]], tuple[int, int]] = {}  # future: item index, pool index

    def start(slot: int) -> None:
        for index, item in itertools.islice(queue, 1):
            running[_submit(pools[slot], task, [item])] = (index, slot)

    try:
        for slot in range(min(workers, len(items))):
            pools.append(_executor(1, mp_context))
            start(slot)
        while running:
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                index, slot = running.pop(future)
                try:
                    outcomes[index] = future.result()
                except BrokenProcessPool:
                    outcomes[index] = ([WorkerCrashedError(_CRASHED)], None)
                    pools[slot].shutdown(wait=True)
                    pools[slot] = _executor(1, mp_context)
                start(slot)
    finally:
        for pool in pools:
            pool.shutdown(wait=True, cancel_futures=True)
    return outcomes


def _recover(
    task: Callable[[list[_T]], _Done[_R]],
    window: list[tuple[list[_T], Future[_Done[_R]]]],
    *,
    workers: int,
    mp_context: BaseContext | None,
) -> list[tuple[list[_T], Future[_Done[_R]]]]:
    """The window of chunks of a pool that broke, each with a future that holds its outcome.

    A chunk that was parsed before the pool broke keeps its outcome. The items of
    the others (lost with the pool) are run again, each alone in a fresh process
    (``_run_alone()``); a chunk's outcome is then put back together from theirs,
    up to its first exception as ``_apply()`` gives it.
    """
    lost = [chunk for chunk, future in window if _broken(future)]
    retried = iter(
        _run_alone(
            task,
            [item for chunk in lost for item in chunk],
            workers=workers,
            mp_context=mp_context,
        )
    )
    recovered = []
    for chunk, future in window:
        if not _broken(future):
            recovered.append((chunk, future))
            continue
        results: list[_R | WorkerCrashedError] = []
        error: BaseException | None = None
        for item_results, item_error in itertools.islice(retried, len(chunk)):
            if error is None:
                results.extend(item_results)
                error = item_error
        recovered.append((chunk, _done((results, error))))
    return recovered


def imap_ordered(
    function: Callable[[_T], _R],
    items: Iterable[_T],
    *,
    workers: int,
    chunksize: int = DEFAULT_CHUNKSIZE,
    mp_context: BaseContext | None = None,
    small_in_process: bool = False,
) -> Generator[_R | WorkerCrashedError, None, None]:
    """``map(function, items)``, lazily, in order, in ``workers`` processes.

    At most ``workers * 2`` chunks of ``chunksize`` items are read ahead at a time, so
    memory stays bounded however long ``items`` is, and ``items`` is read only as
    fast as results are consumed. With one worker nothing leaves this process.
    Closing the iterator early cancels what has not started and stops the workers.

    With ``small_in_process``, items that end within that first read-ahead (fewer
    than ``workers * 2 * chunksize``) are mapped in this process, as with one
    worker: too few to repay starting the pool and pickling every item and result.

    An exception raised by ``function`` is raised here, at its item's place, after
    the results of the items before it. An exception raised by ``items`` itself is
    raised after the results of every item read before it.

    When a worker process dies, the pool is replaced and the items it lost are
    run again, each alone in a fresh process: an item whose process dies again
    gets a ``WorkerCrashedError`` in its place, and the others their result.
    """
    if workers <= 1:
        yield from map(function, items)
        return
    chunks = _Chunks(items, chunksize)
    first = list(chunks.take(workers * _PREFETCH))
    if small_in_process and chunks.ended:
        for chunk in first:
            yield from map(function, chunk)
        if chunks.failure is not None:
            raise chunks.failure
        return
    task = functools.partial(_apply, function)
    # Each chunk with its future: the chunk is kept to run its items again if the pool dies.
    pending: collections.deque[tuple[list[_T], Future[_Done[_R]]]] = collections.deque()
    executor = _executor(workers, mp_context)
    try:
        for chunk in first:
            pending.append((chunk, _submit(executor, task, chunk)))
        while pending:
            if _broken(pending[0][1]):
                executor.shutdown(wait=True, cancel_futures=True)
                window = list(pending)
                pending.clear()
                pending.extend(_recover(task, window, workers=workers, mp_context=mp_context))
                executor = _executor(workers, mp_context)
            results, error = pending.popleft()[1].result()
            yield from results
            if error is not None:
                raise error
            # Refilled only once the chunk is consumed: the read-ahead stays bounded.
            for chunk in chunks.take(1):
                pending.append((chunk, _submit(executor, task, chunk)))
        if chunks.failure is not None:
            raise chunks.failure
    finally:
        executor.shutdown(wait=True, cancel_futures=True)


def _parse_or_error(html: str | bytes, *, max_bytes: int | None) -> Article | RfiParseError:
    try:
        return parse(html, max_bytes=max_bytes)
    except RfiParseError as error:
        return error


def default_workers() -> int:
    """The CPUs this process may run on: one worker per CPU (the CLI's ``--jobs 0``).

    ``os.process_cpu_count()`` where it exists (Python 3.13: the affinity, and the
    ``PYTHON_CPU_COUNT`` override), else the affinity, else every CPU.
    """
    process_cpu_count: Callable[[], int | None] | None = getattr(os, "process_cpu_count", None)
    if process_cpu_count is not None:  # pragma: no cover - Python 3.13 and later
        return process_cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity


def auto_workers(cpus: int) -> int:
    """The pool size of ``parse_many(workers=None)`` on ``cpus`` usable CPUs.

    One (this process, nothing pickled) below two CPUs: a pool would add the
    pickling of every input and result and a parent process competing for the one
    CPU, and gain nothing. Else one worker per CPU, up to the pool's limit (61,
    Windows'): each worker is a CPU's worth of parsing, and the parent's share
    (unpickling the results, under a tenth of a parse each) fits beside them.
    ``parse_many()`` also parses in this process an input that ends within the
    pool's first read-ahead (``imap_ordered(small_in_process=True)``).
    """
    return 1 if cpus < 2 else min(cpus, _MAX_WORKERS)


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
    ``bytes``) is raised when its place is reached, and ends the batch. An
    exception raised by ``inputs`` itself is raised once every input read before it
    has yielded its result.

    With several workers, a worker process that dies (killed by a signal or the
    out-of-memory killer) does not end the batch: the inputs it took with it are
    parsed again, each alone in a fresh process, and an input whose process dies
    again yields a ``WorkerCrashedError`` in its place. (With ``workers=1`` the
    parsing process is this one.)

    It streams: ``inputs`` may be a generator of any length; it is read ahead by at
    most ``2 * workers * chunksize`` items, and results are yielded as soon as
    the input they belong to, and every input before it, is parsed.

    ``workers`` is the number of processes, ``1`` to parse in this process (no
    pool, nothing pickled). ``None`` gives one worker per CPU this process may run
    on (:func:`os.process_cpu_count` on Python 3.13, honouring ``PYTHON_CPU_COUNT``;
    else the CPU affinity), but parses in this process, as ``1``, where a pool
    cannot pay for itself: with a single such CPU, and for inputs that end within
    the pool's first read-ahead (fewer than ``2 * workers * chunksize``, read before
    the first result). With several workers, inputs and results travel between
    processes by pickling; ``chunksize`` inputs go at a time, and ``mp_context`` is passed to
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
    :raises TypeError: ``workers``, ``chunksize`` or ``max_bytes`` is not an ``int``
        (``workers`` and ``max_bytes`` may be ``None``), at the call; an input is
        neither ``str`` nor ``bytes``, when it is reached.
    """
    check_count(workers, name="workers", allow_none=True)
    check_count(chunksize, name="chunksize")
    check_max_bytes(max_bytes)
    chosen = auto_workers(default_workers()) if workers is None else workers
    function = functools.partial(_parse_or_error, max_bytes=max_bytes)
    return imap_ordered(
        function,
        inputs,
        workers=chosen,
        chunksize=chunksize,
        mp_context=mp_context,
        small_in_process=workers is None,
    )
