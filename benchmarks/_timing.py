"""Interleaved timing: every tool once per round, rounds in rotating order, medians.

Interleaving spreads any slow spell of a shared machine over every tool alike
instead of landing on whichever tool happened to run then. But a call made right
after another tool's runs with cold CPU caches and a churned allocator: a
sub-millisecond parse can take twice as long then. So each timed call is preceded by
untimed calls of the same tool on the same input (a few milliseconds' worth), and
every tool is timed as it runs in a batch of its own. ``gc`` stays on, as in real
use, and each call's result is dropped inside the timed window, so freeing it counts.
"""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from _inputs import Sample
from _peers import Tool

__all__ = ["Plan", "Timing", "time_sample"]

# Never more untimed calls than this before one timed call.
_MAX_REWARM_CALLS = 20


@dataclass(frozen=True)
class Plan:
    """How much timing to do on each input."""

    warmup: int
    """Untimed calls per tool before the rounds (the first also checks the tool works)."""
    min_rounds: int
    max_rounds: int
    budget_s: float
    """Rounds are added up to this much time per input, within the bounds above."""
    rewarm_ms: float
    """Before each timed call, untimed calls of the same tool on the same input, this
    many milliseconds' worth (at least one, at most 20); 0 for none."""


@dataclass
class Timing:
    """The times of every tool on one input."""

    sample: Sample
    times_ns: dict[str, list[int]] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    """Tool name to the exception it raised on this input."""
    empty: set[str] = field(default_factory=set)
    """Extractors that returned no body text for this input."""
    rounds: int = 0

    def median(self, tool: str) -> float | None:
        """The tool's median time in seconds, or ``None`` if it failed or was not run."""
        times = self.times_ns.get(tool)
        if not times or tool in self.failures:
            return None
        return statistics.median(times) / 1e9


def _describe(error: BaseException) -> str:
    message = " ".join(str(error).split())
    return f"{type(error).__name__}: {message[:160]}" if message else type(error).__name__


def _call_ns(tool: Tool, payload: Any, rewarm: int) -> int:
    """Call the tool ``rewarm`` times untimed, then once timed; return that call's time."""
    run = tool.run
    for _ in range(rewarm):
        run(payload)
    start = time.perf_counter_ns()
    run(payload)
    return time.perf_counter_ns() - start


def _gave_nothing(tool: Tool, result: Any) -> bool:
    """Whether an extractor's result holds no body text at all."""
    return (
        tool.kind == "peer" and tool.extract is not None and not tool.extract(result).body.strip()
    )


def _warm_up(
    tools: Sequence[Tool], payloads: dict[str, Any], timing: Timing, n: int
) -> dict[str, int]:
    """Run each tool ``n`` times untimed; return each working tool's last call time (ns).

    The first call's result is kept long enough to see whether it holds any text.
    """
    elapsed: dict[str, int] = {}
    for tool in tools:
        for index in range(n):
            try:
                start = time.perf_counter_ns()
                result = tool.run(payloads[tool.name])
                elapsed[tool.name] = time.perf_counter_ns() - start
                if index == 0 and _gave_nothing(tool, result):
                    timing.empty.add(tool.name)
                del result
            except Exception as error:  # a peer failing on an input is a result
                timing.failures[tool.name] = _describe(error)
                elapsed.pop(tool.name, None)
                break
    return elapsed


def _rewarm_calls(plan: Plan, call_ns: int) -> int:
    if plan.rewarm_ms <= 0:
        return 0
    wanted = math.ceil(plan.rewarm_ms * 1e6 / max(call_ns, 1))
    return max(1, min(_MAX_REWARM_CALLS, wanted))


def _rounds(plan: Plan, round_cost_ns: int) -> int:
    if round_cost_ns <= 0:
        return plan.max_rounds
    affordable = int(plan.budget_s * 1e9 / round_cost_ns)
    return max(plan.min_rounds, min(plan.max_rounds, affordable))


def time_sample(tools: Sequence[Tool], sample: Sample, plan: Plan) -> Timing:
    """Time every tool on ``sample``: warm-up, then interleaved rounds."""
    timing = Timing(sample=sample)
    payloads = {}
    for tool in tools:
        try:
            payloads[tool.name] = tool.prepare(sample)
        except Exception as error:  # a floor that cannot be built for this input
            timing.failures[tool.name] = _describe(error)
    ready = [tool for tool in tools if tool.name in payloads]
    elapsed = _warm_up(ready, payloads, timing, max(plan.warmup, 1))
    active = [tool for tool in tools if tool.name in elapsed]
    rewarm = {name: _rewarm_calls(plan, ns) for name, ns in elapsed.items()}
    timing.rounds = _rounds(plan, sum(ns * (1 + rewarm[name]) for name, ns in elapsed.items()))
    for tool in active:
        timing.times_ns[tool.name] = []
    for index in range(timing.rounds):
        shift = index % len(active) if active else 0
        for tool in active[shift:] + active[:shift]:
            if tool.name in timing.failures:
                continue
            try:
                ns = _call_ns(tool, payloads[tool.name], rewarm[tool.name])
            except Exception as error:  # a failure in a later round: keep it, stop timing
                timing.failures[tool.name] = _describe(error)
            else:
                timing.times_ns[tool.name].append(ns)
    return timing
