"""The speed results, their summaries over groups of inputs, and the targets."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from _instructions import InstructionCount
from _peers import Tool
from _timing import Timing

__all__ = [
    "Group",
    "SpeedResults",
    "Target",
    "group_median",
    "group_ratio",
    "records_set",
    "targets",
    "with_text",
]

SUBJECT = "rfiparse"
FLOOR = "lxml.html"
TRAFILATURA = "trafilatura"


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


def with_text(timings: Sequence[Timing], tool: str) -> list[Timing]:
    """The inputs on which ``tool`` ran and returned body text.

    An extractor that gave up on an input, returning nothing, is not compared there:
    its time is that of giving up.
    """
    return [t for t in timings if t.median(tool) is not None and tool not in t.empty]


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


def records_set(results: SpeedResults) -> tuple[str, list[Timing]]:
    """The records the records targets are judged on, and their name.

    The shared corpus's records where the run was given them (``--corpus``), else
    the record fixtures of ``tests/fixtures``.
    """
    if results.corpus:
        return f"shared-corpus records, median of {len(results.corpus)}", results.corpus
    records = results.shape("record")
    return f"record fixtures, median of {len(records)}", records


def _instruction_ratio(
    results: SpeedResults, shape: str, numerator: str = SUBJECT, denominator: str = FLOOR
) -> float | None:
    for count in results.instructions or []:
        if count.shape == shape:
            return count.ratio(numerator, denominator)
    return None


def _trafilatura_label(timings: Sequence[Timing], what: str) -> str:
    ran = [t for t in timings if t.median(TRAFILATURA) is not None]
    return (
        f"{what}, where trafilatura returns text ({len(with_text(ran, TRAFILATURA))} of "
        f"{len(ran)}): trafilatura ÷ rfiparse"
    )


def targets(results: SpeedResults) -> list[Target]:
    """The speed and memory targets of issue 17, each with its value measured in this run."""
    page = results.shape("page")
    label, records = records_set(results)
    n = int(_probe(results, "n") or 0)
    rounds = int(_probe(results, "versus_lxml", "rounds") or 0)
    part = int(_probe(results, "versus_lxml", "records") or 0)
    return [
        Target(
            "Full page: rfiparse ÷ lxml.html, time",
            group_ratio(page, SUBJECT, FLOOR),
            1.3,
            "<=",
            "×",
        ),
        Target(
            "Full page: rfiparse ÷ lxml.html, instructions",
            _instruction_ratio(results, "page"),
            0.9,
            "<=",
            "×",
        ),
        Target(
            f"Records ({label}): rfiparse ÷ lxml.html, time",
            group_ratio(records, SUBJECT, FLOOR),
            3.0,
            "<=",
            "×",
        ),
        Target(
            "Records (every record fixture in turn): rfiparse ÷ lxml.html, instructions",
            _instruction_ratio(results, "records"),
            2.0,
            "<=",
            "×",
        ),
        Target(
            f"Records ({label}): rfiparse ÷ oracle floor, time",
            group_ratio(records, SUBJECT, "oracle"),
            1.5,
            "<=",
            "×",
        ),
        Target(
            f"One core, {part:,} records cycling the record fixtures: rfiparse's records/s "
            f"÷ lxml.html's (median of {rounds} interleaved rounds)",
            _probe(results, "versus_lxml", "ratio"),
            0.33,
            ">=",
            "×",
        ),
        Target(
            _trafilatura_label(page, "Full page"),
            group_ratio(with_text(page, TRAFILATURA), TRAFILATURA, SUBJECT),
            14,
            ">=",
            "×",
        ),
        Target(
            _trafilatura_label(records, f"Records ({label.split(',')[0]})"),
            group_ratio(with_text(records, TRAFILATURA), TRAFILATURA, SUBJECT),
            22,
            ">=",
            "×",
        ),
        Target(
            f"parse_many(workers=2), {n:,} records: speed ÷ the two-process ceiling's",
            _probe(results, "parse_many", "of_ceiling"),
            0.85,
            ">=",
            "×",
        ),
        Target(
            f"parse_many, {n:,} records: CPU time with two workers ÷ with one",
            _probe(results, "parse_many", "cpu_ratio"),
            1.15,
            "<=",
            "×",
        ),
        Target(
            f"Peak memory growth over {n:,} parses (fresh process)",
            _memory_growth(results),
            20,
            "<",
            " MB",
        ),
        Target("Linearity: time(seed ×10) ÷ time(seed ×1)", _linearity(results), 12, "<=", "×"),
    ]
