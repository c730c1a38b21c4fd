"""``parse_many()``: the same results as ``parse()``, in order, errors in place, streaming."""

from __future__ import annotations

import itertools
import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rfiparse
from goldens import fixture, inputs
from rfiparse import Article, RfiParseError, WorkerCrashedError, _batch, parse, parse_many
from rfiparse._batch import auto_workers, imap_ordered

RECORDS = [path for path in inputs("record") if path.suffix == ".md"]
BAD: list[str | bytes] = [
    b"",
    "plain text, no markup",
    "<html><head><title>x</title></head></html>",
    "<p></p>",
]


def _inputs() -> list[str | bytes]:
    """Real records as bytes and str, a real page, and bad inputs, interleaved."""
    good: list[str | bytes] = [path.read_bytes() for path in RECORDS]
    good[::2] = [data.decode() for data in good[::2] if isinstance(data, bytes)]
    good.append(fixture("page_cn_taiwan_defense_budget.html").read_bytes())
    mixed: list[str | bytes] = []
    for index, item in enumerate(good):
        mixed.append(item)
        if index % 4 == 0:
            mixed.append(BAD[(index // 4) % len(BAD)])
    return mixed


def _expected(item: str | bytes) -> Article | RfiParseError:
    try:
        return parse(item)
    except RfiParseError as error:
        return error


def _same(result: Article | RfiParseError, expected: Article | RfiParseError) -> bool:
    if isinstance(expected, RfiParseError):
        return type(result) is type(expected) and str(result) == str(expected)
    return result == expected


@pytest.mark.parametrize("workers", [1, 2])
def test_results_equal_parse_in_input_order(workers: int) -> None:
    inputs = _inputs()
    results = list(parse_many(inputs, workers=workers, chunksize=3))
    assert len(results) == len(inputs)
    for result, item in zip(results, inputs, strict=True):
        assert _same(result, _expected(item))


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_inputs_yield_their_error_in_place(workers: int) -> None:
    good = RECORDS[0].read_bytes()
    results = list(parse_many([good, b"", good, "plain text"], workers=workers, chunksize=1))
    assert isinstance(results[0], Article)
    assert isinstance(results[1], rfiparse.NotAnArticleError)
    assert isinstance(results[2], Article)
    assert isinstance(results[3], rfiparse.NotAnArticleError)


@pytest.mark.parametrize("workers", [1, 2])
def test_max_bytes_applies_to_every_input(workers: int) -> None:
    results = list(
        parse_many(["<p>short</p>", "<p>" + "x" * 100 + "</p>"], workers=workers, max_bytes=50)
    )
    assert isinstance(results[0], Article)
    assert isinstance(results[1], rfiparse.InputTooLargeError)


@pytest.mark.parametrize("workers", [1, 2])
def test_no_inputs_give_no_results(workers: int) -> None:
    assert list(parse_many([], workers=workers)) == []


@pytest.mark.parametrize("position", [1, 5, 9])  # in this process's chunks and the others'
def test_an_error_mid_chunk_comes_after_the_results_before_it(position: int) -> None:
    inputs: list[object] = [f"<p>{number}</p>" for number in range(12)]
    inputs[position] = 3
    results = parse_many(inputs, workers=2, chunksize=4)  # type: ignore[arg-type]
    before = list(itertools.islice(results, position))
    assert [r.paragraphs[0].text for r in before if isinstance(r, Article)] == [
        str(number) for number in range(position)
    ]
    with pytest.raises(TypeError, match="str or bytes"):
        next(results)


def test_input_of_wrong_type_raises_type_error_at_its_place() -> None:
    results = parse_many(["<p>first</p>", 3, "<p>never reached</p>"], workers=2, chunksize=1)  # type: ignore[list-item]
    first = next(results)
    assert isinstance(first, Article)
    with pytest.raises(TypeError, match="str or bytes"):
        next(results)


@pytest.mark.usefixtures("two_cpus")  # workers=None: two, as on this machine
@pytest.mark.parametrize("workers", [1, 2, None])
def test_reads_inputs_lazily_with_bounded_read_ahead(workers: int | None) -> None:
    pulled = 0

    def endless() -> Iterator[str]:
        nonlocal pulled
        for number in itertools.count():
            pulled += 1
            yield f"<p>Paragraph {number}.</p>"

    chunksize = 4
    results = parse_many(endless(), workers=workers, chunksize=chunksize)
    taken = list(itertools.islice(results, 10))
    results.close()  # type: ignore[attr-defined]
    assert [article.paragraphs[0].text for article in taken if isinstance(article, Article)] == [
        f"Paragraph {number}." for number in range(10)
    ]
    assert pulled <= 10 + 2 * (workers or 2) * chunksize


def test_runs_under_the_spawn_start_method() -> None:
    """Everything sent to a worker pickles, and a worker needs no state of the parent."""
    inputs = [path.read_bytes() for path in RECORDS[:3]]
    context = multiprocessing.get_context("spawn")
    results = list(parse_many(inputs, workers=2, chunksize=1, mp_context=context))
    assert results == [parse(item) for item in inputs]


@pytest.mark.parametrize(
    ("workers", "error"), [(0, ValueError), (-1, ValueError), ("2", TypeError), (True, TypeError)]
)
def test_rejects_a_bad_worker_count(workers: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="workers"):
        parse_many([], workers=workers)  # type: ignore[arg-type]


@pytest.mark.parametrize(("chunksize", "error"), [(0, ValueError), (1.5, TypeError)])
def test_rejects_a_bad_chunk_size(chunksize: object, error: type[Exception]) -> None:
    with pytest.raises(error, match="chunksize"):
        parse_many([], workers=1, chunksize=chunksize)  # type: ignore[arg-type]


def test_default_worker_count_is_the_usable_cpus() -> None:
    results = list(parse_many(["<p>a</p>", "<p>b</p>"]))
    assert [r.paragraphs[0].text for r in results if isinstance(r, Article)] == ["a", "b"]


# workers=None: never slower than workers=1 (the rule is auto_workers() and the small-input cut)


@pytest.mark.parametrize("cpus", [1, 0])
def test_auto_workers_parses_in_this_process_below_two_usable_cpus(cpus: int) -> None:
    assert auto_workers(cpus) == 1


@pytest.mark.parametrize(
    ("cpus", "workers"), [(2, 2), (3, 3), (8, 8), (61, 61), (64, 61), (512, 61)]
)
def test_auto_workers_is_one_per_usable_cpu_up_to_the_pool_limit(cpus: int, workers: int) -> None:
    assert auto_workers(cpus) == workers


class _NoPool:
    """Stands for ``_batch._executor``: counts the pools asked for, and refuses or makes them."""

    def __init__(self, *, allow: bool) -> None:
        self.allow = allow
        self.started = 0
        self._real = _batch._executor

    def __call__(self, workers: int, mp_context: multiprocessing.context.BaseContext | None) -> Any:
        self.started += 1
        if not self.allow:
            raise AssertionError("a process pool was started")
        return self._real(workers, mp_context)


@pytest.fixture
def two_cpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """``parse_many(workers=None)`` sees two usable CPUs, whatever this machine has."""
    monkeypatch.setattr(_batch, "default_workers", lambda: 2)


def _paragraphs(count: int) -> list[str]:
    return [f"<p>{number}</p>" for number in range(count)]


def _texts(results: list[Article | RfiParseError]) -> list[str]:
    return [r.paragraphs[0].text for r in results if isinstance(r, Article)]


@pytest.mark.usefixtures("two_cpus")
@pytest.mark.parametrize("count", [0, 1, 7, 15])  # within 2 workers x 2 chunks x 4 items
def test_default_workers_parse_inputs_within_the_first_read_ahead_in_this_process(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    monkeypatch.setattr(_batch, "_executor", _NoPool(allow=False))
    results = list(parse_many(_paragraphs(count), chunksize=4))
    assert _texts(results) == [str(number) for number in range(count)]


@pytest.mark.usefixtures("two_cpus")
@pytest.mark.parametrize("count", [16, 17, 40])  # the first read-ahead full: more may follow
def test_default_workers_start_the_pool_beyond_the_first_read_ahead(
    monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    pool = _NoPool(allow=True)
    monkeypatch.setattr(_batch, "_executor", pool)
    results = list(parse_many(_paragraphs(count), chunksize=4))
    assert _texts(results) == [str(number) for number in range(count)]
    assert pool.started == 1


@pytest.mark.usefixtures("two_cpus")
def test_explicit_workers_start_the_pool_for_few_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    pool = _NoPool(allow=True)
    monkeypatch.setattr(_batch, "_executor", pool)
    assert _texts(list(parse_many(_paragraphs(3), workers=2))) == ["0", "1", "2"]
    assert pool.started == 1


def test_default_workers_on_one_usable_cpu_never_start_a_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_batch, "default_workers", lambda: 1)
    monkeypatch.setattr(_batch, "_executor", _NoPool(allow=False))
    results = list(parse_many(_paragraphs(300), chunksize=4))
    assert _texts(results) == [str(number) for number in range(300)]


@pytest.mark.usefixtures("two_cpus")
def test_default_workers_in_this_process_keep_the_iterator_failure_after_the_results() -> None:
    results = parse_many(_paragraphs_then_failure(5), chunksize=4)
    got: list[Article | RfiParseError] = []
    with pytest.raises(RuntimeError, match="the input source failed"):
        got.extend(results)
    assert _texts(got) == ["0", "1", "2", "3", "4"]


@pytest.mark.usefixtures("two_cpus")
def test_default_workers_in_this_process_raise_a_bad_input_at_its_place() -> None:
    results = parse_many(["<p>first</p>", 3, "<p>never reached</p>"], chunksize=4)  # type: ignore[list-item]
    assert isinstance(next(results), Article)
    with pytest.raises(TypeError, match="str or bytes"):
        next(results)


@given(st.lists(st.one_of(st.text(max_size=200), st.binary(max_size=200)), max_size=8))
def test_in_process_results_equal_parse_for_any_inputs(inputs: list[str | bytes]) -> None:
    results = list(parse_many(inputs, workers=1))
    assert len(results) == len(inputs)
    for result, item in zip(results, inputs, strict=True):
        assert _same(result, _expected(item))


# Failures around the work: the input iterator, the worker processes


def _paragraphs_then_failure(count: int) -> Iterator[str]:
    """``count`` one-paragraph inputs, then the iterator itself fails."""
    for number in range(count):
        yield f"<p>{number}</p>"
    raise RuntimeError("the input source failed")


@pytest.mark.parametrize(("workers", "chunksize"), [(1, 4), (2, 4), (2, 1), (2, 64)])
def test_every_input_read_before_the_iterator_fails_gets_its_result(
    workers: int, chunksize: int
) -> None:
    results = parse_many(_paragraphs_then_failure(150), workers=workers, chunksize=chunksize)
    got: list[Article | RfiParseError] = []
    with pytest.raises(RuntimeError, match="the input source failed"):
        got.extend(results)
    assert [r.paragraphs[0].text for r in got if isinstance(r, Article)] == [
        str(number) for number in range(150)
    ]
    assert len(got) == 150


def test_an_error_of_the_function_comes_before_a_later_failure_of_the_iterator() -> None:
    def inputs() -> Iterator[object]:
        yield "<p>first</p>"
        yield 3
        yield "<p>third</p>"
        raise RuntimeError("the input source failed")

    results = parse_many(inputs(), workers=2, chunksize=2)  # type: ignore[arg-type]
    assert isinstance(next(results), Article)
    with pytest.raises(TypeError, match="str or bytes"):
        next(results)


KILL = "kill this worker"


def _upper_or_die(item: str) -> str:
    """The item in capitals; the process running it is killed (SIGKILL) on ``KILL``."""
    if item == KILL:
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


def _die_the_first_time(item: str) -> str:
    """The item in capitals; its process is killed the first time a ``die:<path>`` item runs.

    ``<path>`` is created on that first run, so that a retry in another process succeeds.
    """
    if item.startswith("die:"):
        try:
            os.close(os.open(item[4:], os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return "RETRIED"
        os.kill(os.getpid(), signal.SIGKILL)
    return item.upper()


needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL here")


@needs_sigkill
@pytest.mark.parametrize("position", [0, 7, 25, 39])  # first chunk, mid-window, later, last
def test_an_input_that_kills_its_worker_twice_yields_worker_crashed_in_its_place(
    position: int,
) -> None:
    items = [f"item {number}" for number in range(40)]
    items[position] = KILL
    results = list(imap_ordered(_upper_or_die, items, workers=2, chunksize=3))
    assert len(results) == len(items)
    crashed = results[position]
    assert isinstance(crashed, WorkerCrashedError)
    assert isinstance(crashed, RfiParseError)
    others = results[:position] + results[position + 1 :]
    assert others == [item.upper() for item in items if item != KILL]


@needs_sigkill
def test_several_killers_each_yield_their_own_error_and_the_batch_goes_on() -> None:
    items = [KILL if number % 9 == 4 else f"item {number}" for number in range(50)]
    results = list(imap_ordered(_upper_or_die, items, workers=2, chunksize=2))
    for result, item in zip(results, items, strict=True):
        if item == KILL:
            assert isinstance(result, WorkerCrashedError)
        else:
            assert result == item.upper()


@needs_sigkill
def test_an_input_whose_worker_dies_once_is_retried_in_a_fresh_process(tmp_path: Path) -> None:
    items = [f"item {number}" for number in range(20)]
    items[5] = f"die:{tmp_path / 'marker'}"
    results = list(imap_ordered(_die_the_first_time, items, workers=2, chunksize=4))
    assert results[5] == "RETRIED"
    assert results[:5] + results[6:] == [item.upper() for item in items[:5] + items[6:]]


@needs_sigkill
def test_a_worker_death_keeps_the_iterator_failure_after_every_result() -> None:
    def inputs() -> Iterator[str]:
        for number in range(30):
            yield KILL if number == 12 else f"item {number}"
        raise RuntimeError("the input source failed")

    results = imap_ordered(_upper_or_die, inputs(), workers=2, chunksize=4)
    got: list[str | WorkerCrashedError] = []
    with pytest.raises(RuntimeError, match="the input source failed"):
        got.extend(results)
    assert len(got) == 30
    assert isinstance(got[12], WorkerCrashedError)


@needs_sigkill
def test_a_worker_death_is_recovered_under_the_spawn_start_method() -> None:
    """The fresh pools are started by the method asked for, and need no state of the parent."""
    items = ["one", KILL, "three"]
    context = multiprocessing.get_context("spawn")
    results = list(imap_ordered(_upper_or_die, items, workers=2, chunksize=1, mp_context=context))
    assert results[0::2] == ["ONE", "THREE"]
    assert isinstance(results[1], WorkerCrashedError)
