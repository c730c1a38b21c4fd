"""Throughput, latency, memory growth and ``parse_many``, in a fresh process.

``bench.py`` runs this script in a subprocess that imports rfiparse and nothing of
the peers, so that the figures describe a process doing only this work. It prints
one JSON object on stdout.

    python benchmarks/_probe.py --records 10000 --repeats 3 --rounds 15
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from typing import Any

import lxml.html
from _inputs import SEED, fixture_samples
from _machine import peak_rss
from _peers import forbid_network

import rfiparse

__all__ = ["main"]


def _stream_ns(inputs: Sequence[bytes]) -> int:
    """Parse every input in turn, dropping each result; return the wall time."""
    parse = rfiparse.parse
    start = time.perf_counter_ns()
    for data in inputs:
        parse(data)
    return time.perf_counter_ns() - start


def _latencies_ns(inputs: Sequence[bytes]) -> list[int]:
    parse = rfiparse.parse
    clock = time.perf_counter_ns
    times = []
    for data in inputs:
        start = clock()
        parse(data)
        times.append(clock() - start)
    return times


def _floor_stream_ns(inputs: Sequence[bytes]) -> int:
    """``lxml.html.fromstring()`` of every input in turn, each tree dropped; the wall time."""
    fromstring = lxml.html.fromstring
    start = time.perf_counter_ns()
    for data in inputs:
        fromstring(data)
    return time.perf_counter_ns() - start


# Records per round of the throughput ratio: enough for a round to take a second.
_RATIO_RECORDS = 2000


def _throughput_ratio(inputs: Sequence[bytes], rounds: int) -> dict[str, Any]:
    """Rfiparse's records/s over ``lxml.html.fromstring``'s, on the same inputs, interleaved.

    Each round streams the same records (the first ``_RATIO_RECORDS`` of ``inputs``)
    through both, the order alternating from round to round; the ratio is taken per
    round, and its median is reported.
    """
    part = inputs[:_RATIO_RECORDS]
    ratios = []
    for index in range(rounds):
        if index % 2:
            floor, mine = _floor_stream_ns(part), _stream_ns(part)
        else:
            mine, floor = _stream_ns(part), _floor_stream_ns(part)
        ratios.append(floor / mine)
    return {"ratio": statistics.median(ratios), "rounds": rounds, "records": len(part)}


def _cpu_s() -> float:
    """CPU time (user and system) of this process and of its children that have ended."""
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def _percentile(sorted_values: Sequence[int], share: float) -> float:
    index = min(len(sorted_values) - 1, round(share * (len(sorted_values) - 1)))
    return sorted_values[index] / 1e6


def _rate(n: int, bytes_total: int, times_ns: Sequence[int]) -> dict[str, float]:
    median_s = statistics.median(times_ns) / 1e9
    return {
        "seconds": median_s,
        "records_per_s": n / median_s,
        "mb_per_s": bytes_total / 1e6 / median_s,
        "runs": len(times_ns),
    }


def _parse_all(inputs: Sequence[bytes]) -> None:
    for data in inputs:
        rfiparse.parse(data)


def _split_ns(inputs: Sequence[bytes]) -> int:
    """Two processes that share nothing parse one half each; return the wall time.

    No input or result crosses between them: the time is what two cores of this
    machine do with this work, the most that any split of it into two processes
    could gain (the cores share caches and, on a virtual machine, a host).
    """
    half = len(inputs) // 2
    start = time.perf_counter_ns()
    processes = [
        multiprocessing.Process(target=_parse_all, args=(part,))
        for part in (inputs[:half], inputs[half:])
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a parsing process failed with exit code {process.exitcode}")
    return time.perf_counter_ns() - start


def _parse_many(inputs: Sequence[bytes], reference: Sequence[Any], repeats: int) -> dict[str, Any]:
    """Time ``list(parse_many(inputs, workers=w))`` for w = 1 and 2, checking the results.

    Beside them, the machine's own ceiling: the same work split between two
    processes that exchange nothing (``_split_ns``).
    """
    if not hasattr(rfiparse, "parse_many"):
        return {"available": False}
    result: dict[str, Any] = {"available": True}
    times: dict[int, list[int]] = {1: [], 2: []}
    cpu: dict[int, list[float]] = {1: [], 2: []}
    split: list[int] = []
    # Interleaved (1, 2, split, 1, 2, split, ...): the speed of a shared machine drifts
    # by tens of percent within a minute, which would bias runs made one kind after
    # the other.
    for _ in range(repeats):
        for workers in (1, 2):
            cpu_start = _cpu_s()
            start = time.perf_counter_ns()
            articles = list(rfiparse.parse_many(inputs, workers=workers))
            times[workers].append(time.perf_counter_ns() - start)
            # The workers have been joined (their pool shut down): their CPU is counted.
            cpu[workers].append(_cpu_s() - cpu_start)
            if articles != list(reference):
                raise AssertionError(f"parse_many(workers={workers}) differs from parse()")
            del articles
        split.append(_split_ns(inputs))
    size = sum(map(len, inputs))
    for workers, runs in times.items():
        result[f"workers_{workers}"] = _rate(len(inputs), size, runs)
    result["split"] = _rate(len(inputs), size, split)
    result["speedup"] = result["workers_1"]["seconds"] / result["workers_2"]["seconds"]
    result["speedup_best"] = min(times[1]) / min(times[2])
    result["ceiling"] = result["workers_1"]["seconds"] / result["split"]["seconds"]
    result["of_ceiling"] = result["split"]["seconds"] / result["workers_2"]["seconds"]
    result["cpu_s"] = {str(w): statistics.median(runs) for w, runs in cpu.items()}
    result["cpu_ratio"] = result["cpu_s"]["2"] / result["cpu_s"]["1"]
    return result


def measure(n: int, repeats: int, rounds: int) -> dict[str, Any]:
    """Every figure of this probe, for ``n`` records and ``repeats`` timed runs each.

    ``rounds``: the interleaved rounds of the throughput ratio to ``lxml.html``.
    """
    records = [s.data for s in fixture_samples({"record"})]
    seed = SEED.read_bytes()
    cycled = list(itertools.islice(itertools.cycle(records), n))
    repeated = [seed] * n
    for data in [*records, seed, seed, seed]:  # warm-up: every record once
        rfiparse.parse(data)
        lxml.html.fromstring(data)

    rss_before, source = peak_rss()
    first = _stream_ns(cycled)
    rss_after, _ = peak_rss()
    cycled_times = [first, *(_stream_ns(cycled) for _ in range(repeats - 1))]
    seed_times = [_stream_ns(repeated) for _ in range(repeats)]
    latencies = sorted(_latencies_ns(cycled))
    ratio = _throughput_ratio(cycled, rounds)

    reference = [rfiparse.parse(data) for data in cycled]
    return {
        "n": n,
        "distinct_records": len(records),
        "memory": {"before_mb": rss_before, "after_mb": rss_after, "source": source},
        "cycled": _rate(n, sum(map(len, cycled)), cycled_times),
        "seed": _rate(n, len(seed) * n, seed_times),
        "versus_lxml": ratio,
        "latency_ms": {
            "p50": _percentile(latencies, 0.50),
            "p95": _percentile(latencies, 0.95),
            "p99": _percentile(latencies, 0.99),
            "max": latencies[-1] / 1e6,
        },
        "parse_many": _parse_many(cycled, reference, repeats),
        "peak_rss_mb": peak_rss()[0],
    }


def main() -> None:
    """Print the probe's figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="records per run")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs of each kind")
    parser.add_argument(
        "--rounds", type=int, default=15, help="interleaved rounds of the ratio to lxml.html"
    )
    args = parser.parse_args()
    forbid_network()
    json.dump(measure(args.records, max(args.repeats, 1), max(args.rounds, 1)), sys.stdout)


if __name__ == "__main__":
    main()
