"""The speed results, their summaries over groups of inputs, and the targets."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from _instructions import InstructionCount
from _peers import Tool
from _timing import Timing

__all__ = ["Group", "SpeedResults", "Target", "group_median", "group_ratio", "targets"]

SUBJECT = "rfiparse"
FLOOR = "lxml.html"


@dataclass
class SpeedResults:
    """Everything the speed benchmark measured."""

    tools: list[Tool]
    skipped: dict[str, str]
    """Peers not measured, with the reason."""
    fixtures: list[Timing]
    """The page, the records and the fragments of ``tests/fixtures``."""
    synthetic: list[Timing]
    corpus: list[Timing] = field(default_factory=list)
    probe: dict[str, Any] | None = None
    """What ``_probe.py`` printed, or ``None`` if it failed."""
    instructions: list[InstructionCount] | None = None
    """Instructions per call by shape, or ``None`` where valgrind is missing."""
    peak_rss_mb: float = 0.0
    quick: bool = False

    def shape(self, shape: str) -> list[Timing]:
        """The fixture timings of one shape (``page``, ``record``, ``fragment``)."""
        return [t for t in self.fixtures if t.sample.shape == shape]

    def named(self, name: str) -> Timing | None:
        """The timing of the fixture with this name, if it was measured."""
        return next((t for t in self.fixtures if t.sample.name == name), None)

    @property
    def peers(self) -> list[Tool]:
        """The peer extractors measured."""
        return [t for t in self.tools if t.kind == "peer"]


@dataclass(frozen=True)
class Group:
    """A row of the summary table: one input, or the median over several."""

    label: str
    timings: Sequence[Timing]


def group_median(timings: Sequence[Timing], tool: str) -> float | None:
    """The median over inputs of the tool's median time (s); ``None`` if never measured."""
    values = [m for t in timings if (m := t.median(tool)) is not None]
    return statistics.median(values) if values else None


def group_ratio(timings: Sequence[Timing], numerator: str, denominator: str) -> float | None:
    """The median over inputs of the per-input ratio of two tools' median times."""
    ratios = []
    for timing in timings:
        top, bottom = timing.median(numerator), timing.median(denominator)
        if top is not None and bottom:
            ratios.append(top / bottom)
    return statistics.median(ratios) if ratios else None


@dataclass(frozen=True)
class Target:
    """A stated goal, what was measured against it, and whether it is met."""

    what: str
    measured: float | None
    goal: float
    sense: Literal["<=", ">=", "<"]
    unit: str

    @property
    def met(self) -> bool | None:
        """Whether the measured value meets the goal; ``None`` when it was not measured."""
        if self.measured is None:
            return None
        if self.sense == "<=":
            return self.measured <= self.goal
        if self.sense == "<":
            return self.measured < self.goal
        return self.measured >= self.goal


def _probe(results: SpeedResults, *keys: str) -> float | None:
    value: Any = results.probe
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def _linearity(results: SpeedResults) -> float | None:
    by_scale = {t.sample.scale: t.median(SUBJECT) for t in results.synthetic}
    one, ten = by_scale.get(1), by_scale.get(10)
    return ten / one if one and ten else None


def _memory_growth(results: SpeedResults) -> float | None:
    before = _probe(results, "memory", "before_mb")
    after = _probe(results, "memory", "after_mb")
    return after - before if before is not None and after is not None else None


def targets(results: SpeedResults) -> list[Target]:
    """The project's speed and memory targets, each with its measured value."""
    page = results.shape("page")
    records = results.shape("record")
    small = records + results.shape("fragment")
    seed = [t for t in records if t.sample.name == "record_2023_seed"]
    n = int(_probe(results, "n") or 0)
    return [
        Target(
            "Full page: rfiparse ÷ lxml.html", group_ratio(page, SUBJECT, FLOOR), 1.5, "<=", "×"
        ),
        Target(
            f"Records and fragments (median of {len(small)}): rfiparse ÷ lxml.html",
            group_ratio(small, SUBJECT, FLOOR),
            2.5,
            "<=",
            "×",
        ),
        Target(
            "Seed record: rfiparse ÷ lxml.html", group_ratio(seed, SUBJECT, FLOOR), 2.5, "<=", "×"
        ),
        Target(
            "Full page: trafilatura ÷ rfiparse",
            group_ratio(page, "trafilatura", SUBJECT),
            10,
            ">=",
            "×",
        ),
        Target(
            f"Records (median of {len(records)}): trafilatura ÷ rfiparse",
            group_ratio(records, "trafilatura", SUBJECT),
            25,
            ">=",
            "×",
        ),
        Target(
            f"One core, {n:,} parses cycling the record fixtures: records/s",
            _probe(results, "cycled", "records_per_s"),
            5000,
            ">=",
            "/s",
        ),
        Target(
            f"One core, {n:,} parses of the seed record: records/s",
            _probe(results, "seed", "records_per_s"),
            5000,
            ">=",
            "/s",
        ),
        Target(
            f"Peak memory growth over {n:,} parses (fresh process)",
            _memory_growth(results),
            20,
            "<",
            " MB",
        ),
        Target("Linearity: time(seed ×10) ÷ time(seed ×1)", _linearity(results), 12, "<=", "×"),
        Target(
            f"parse_many, {n:,} records: workers=1 time ÷ workers=2 time",
            _probe(results, "parse_many", "speedup"),
            1.7,
            ">=",
            "×",
        ),
    ]
