"""Benchmark rfiparse: speed against lxml and peer extractors, and accuracy on the fixtures.

Full mode writes ``docs/performance.md``, ``docs/performance.png`` and
``docs/accuracy.md``; ``--quick`` runs every part briefly and writes into a temporary
directory (never into ``docs/``), to prove the script works. Not part of the test
suite: no timing decides the exit status. It exits 1 when rfiparse fails on a fixture
or disagrees with a golden file, or when a measurement cannot be made; a peer raising
on an input is recorded as that peer's failure, not the script's.

    python benchmarks/bench.py [--quick] [--output-dir DIR] [--no-peers]
        [--only {speed,accuracy}] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _accuracy import accuracy_markdown, evaluate, input_variants
from _inputs import REPO, Sample, corpus_samples, fixture_samples, golden_cases, scaled_seed
from _instructions import count_instructions
from _machine import describe, peak_rss
from _peers import (
    CORRECT_PARSE,
    NETWORK_ATTEMPTS,
    ORACLE,
    Tool,
    floor_tools,
    forbid_network,
    load_peers,
    rfiparse_tool,
)
from _report import PLOT_NAME, console_targets, performance_markdown, plot
from _results import SpeedResults, targets
from _timing import Plan, Timing, time_sample

import rfiparse

DOCS = REPO / "docs"
PROBE = Path(__file__).with_name("_probe.py")


@dataclass(frozen=True)
class Mode:
    """How much to measure."""

    quick: bool
    plan: Plan
    scales: tuple[int, ...]
    records: int
    """Records per run for throughput, memory and ``parse_many``."""
    repeats: int
    """Timed runs of each of those."""
    ratio_rounds: int
    """Interleaved rounds of the one-core throughput ratio to ``lxml.html``."""
    instruction_calls: dict[str, int]
    """Calls per input counted by callgrind, by shape (``page``, ``seed``, ``records``)."""

    def describe_plan(self) -> str:
        """The timing protocol in words, for the report."""
        plan = self.plan
        return (
            f"{plan.warmup} untimed warm-up call(s) per tool and input, then interleaved "
            f"rounds: each round times every tool once on the input, the order rotating "
            f"from round to round, as many rounds as fit in {plan.budget_s:g} s per input "
            f"(at least {plan.min_rounds}, at most {plan.max_rounds}). Each timed call "
            f"comes right after untimed calls of the same tool on the same input, "
            f"{plan.rewarm_ms:g} ms' worth (at least one, at most 20): a call made just "
            f"after another tool's finds the CPU caches cold, which can double the time of "
            f"a sub-millisecond parse, while in a batch each tool runs after itself."
        )


FULL = Mode(
    quick=False,
    plan=Plan(warmup=2, min_rounds=15, max_rounds=200, budget_s=4.0, rewarm_ms=5.0),
    scales=(1, 2, 5, 10, 20, 50, 100),
    records=10_000,
    repeats=3,
    ratio_rounds=15,
    instruction_calls={"page": 3, "seed": 20, "records": 3},
)
QUICK = Mode(
    quick=True,
    plan=Plan(warmup=1, min_rounds=2, max_rounds=3, budget_s=0.01, rewarm_ms=0.5),
    scales=(1, 10),
    records=200,
    repeats=1,
    ratio_rounds=2,
    instruction_calls={"seed": 2},
)
# In quick mode the peers are timed on these inputs only (every other input still
# goes through rfiparse and the lxml floors).
_QUICK_PEER_INPUTS = {"page_cn_taiwan_defense_budget", "record_2023_seed", "seed ×1", "seed ×10"}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a brief run that checks the script")
    parser.add_argument(
        "--output-dir",
        type=Path,
        help="where to write the pages (default: docs/; quick: a temp dir)",
    )
    parser.add_argument("--no-peers", action="store_true", help="measure rfiparse and lxml only")
    parser.add_argument("--only", choices=("speed", "accuracy"), help="run one part only")
    parser.add_argument(
        "--corpus", type=Path, help="a directory of further feed-archive records to time"
    )
    return parser.parse_args(argv)


def _output_dir(args: argparse.Namespace) -> Path:
    if args.output_dir is not None:
        directory: Path = args.output_dir
    elif args.quick:
        directory = Path(tempfile.mkdtemp(prefix="rfiparse-bench-"))
    else:
        directory = DOCS
    if args.quick and directory.resolve() == DOCS.resolve():
        raise SystemExit("bench.py: --quick never writes into docs/; choose another --output-dir")
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def _check_synthetic(samples: Sequence[Sample], problems: list[str]) -> None:
    """Each scaled record must parse to k times the seed's paragraphs."""
    base = next(s for s in samples if s.scale == 1)
    per_copy = len(rfiparse.parse(base.data).paragraphs)
    for sample in samples:
        got = len(rfiparse.parse(sample.data).paragraphs)
        if got != per_copy * (sample.scale or 1):
            problems.append(
                f"{sample.name}: {got} paragraphs, expected {per_copy} × {sample.scale}"
            )


def _time_all(
    tools: Sequence[Tool], samples: Sequence[Sample], mode: Mode, problems: list[str]
) -> list[Timing]:
    """Time the tools on every sample, printing one line per sample."""
    timings = []
    for sample in samples:
        chosen = [
            t
            for t in tools
            if t.kind != "peer" or not mode.quick or sample.name in _QUICK_PEER_INPUTS
        ]
        timing = time_sample(chosen, sample, mode.plan)
        for name in ("rfiparse", CORRECT_PARSE, ORACLE):
            if name in timing.failures:
                problems.append(f"{name} failed on {sample.name}: {timing.failures[name]}")
        mine, floor = timing.median("rfiparse"), timing.median("lxml.html")
        oracle = timing.median(ORACLE)
        ratio = f"{mine / floor:5.2f}× lxml" if mine and floor else "    —    "
        ratio += f" {mine / oracle:5.2f}× oracle" if mine and oracle else "      —      "
        failed = f"  failed: {', '.join(sorted(timing.failures))}" if timing.failures else ""
        shown = f"{mine * 1000:8.3f} ms" if mine else "     —     "
        print(f"  {sample.name[:44]:44} {shown}  {ratio}  ({timing.rounds} rounds){failed}")
        timings.append(timing)
    return timings


def _run_probe(mode: Mode, problems: list[str]) -> dict[str, Any] | None:
    """Run ``_probe.py`` in a fresh interpreter and return what it measured."""
    command = [sys.executable, str(PROBE), "--records", str(mode.records)]
    command += ["--repeats", str(mode.repeats), "--rounds", str(mode.ratio_rounds)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        problems.append(f"the probe process failed:\n{completed.stderr.strip()}")
        return None
    probe: dict[str, Any] = json.loads(completed.stdout)
    if not probe["parse_many"]["available"]:
        print("  rfiparse.parse_many() is missing: its row is skipped")
    return probe


def _speed(
    tools: Sequence[Tool],
    skipped: dict[str, str],
    mode: Mode,
    corpus: Path | None,
    problems: list[str],
) -> SpeedResults:
    synthetic = scaled_seed(mode.scales)
    _check_synthetic(synthetic, problems)
    print("Timing the fixtures (rfiparse median, ratios to lxml.html and to the oracle):")
    results = SpeedResults(
        tools=list(tools),
        skipped=skipped,
        fixtures=_time_all(tools, fixture_samples(), mode, problems),
        synthetic=_time_all(tools, synthetic, mode, problems),
        corpus=_time_all(tools, corpus_samples(corpus), mode, problems) if corpus else [],
        quick=mode.quick,
    )
    print(f"Throughput, memory and parse_many in a fresh process ({mode.records:,} records)...")
    results.probe = _run_probe(mode, problems)
    print("Instructions per call (callgrind)...")
    try:
        results.instructions = count_instructions(mode.instruction_calls)
    except RuntimeError as error:
        problems.append(f"counting instructions failed: {error}")
    if results.instructions is None:
        print("  valgrind is not installed: instructions not counted")
    for count in results.instructions or []:
        counts = ", ".join(f"{tool} {n / 1e6:.2f} M" for tool, n in count.per_call.items())
        print(f"  {count.shape:8} {counts}")
    results.peak_rss_mb = peak_rss()[0]
    return results


def _write(path: Path, text: str) -> None:
    """Write a page; a line starting ``>>>`` is escaped (pytest collects docs/*.md as doctests)."""
    lines = [
        line.replace(">", "&gt;", 1) if line.lstrip().startswith(">>>") else line
        for line in text.split("\n")
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    print(f"Wrote {path}")


def _keep_warc_section(page: str, path: Path) -> str:
    """``page`` and, at its end, the section ``benchmarks/warc.py`` wrote into ``path``, if any."""
    begin, end = "<!-- benchmarks/warc.py: begin -->", "<!-- benchmarks/warc.py: end -->"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin not in old or end not in old:
        return page
    section = begin + old.split(begin, 1)[1].split(end, 1)[0] + end
    return page.rstrip("\n") + "\n\n" + section + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return the exit status."""
    args = _arguments(argv)
    started = time.perf_counter()
    forbid_network()
    mode = QUICK if args.quick else FULL
    output = _output_dir(args)
    command = " ".join(
        ["python benchmarks/bench.py", *(argv if argv is not None else sys.argv[1:])]
    )

    tools = [rfiparse_tool(), *floor_tools()]
    skipped = {"peers": "--no-peers was given"} if args.no_peers else {}
    if not args.no_peers:
        peers, skipped = load_peers()
        tools += peers
        for name, why in skipped.items():
            print(f"Skipping {name}: {why}")
    machine = describe({t.name: t.version for t in tools if t.kind == "peer"})
    print(f"lxml {machine['lxml']}, libxml2 {machine['libxml2']}: every ratio depends on them")
    problems: list[str] = []

    if args.only in (None, "speed"):
        results = _speed(tools, skipped, mode, args.corpus, problems)
        items = targets(results)
        with_plot = plot(results, output / PLOT_NAME)
        if not with_plot:
            print("matplotlib is not installed: no plot")
        page = performance_markdown(
            results,
            items,
            machine,
            command=command,
            plan_text=mode.describe_plan(),
            quick_records=QUICK.records,
            with_plot=with_plot,
        )
        _write(output / "performance.md", _keep_warc_section(page, output / "performance.md"))
        print(console_targets(items, mode.quick))

    if args.only in (None, "accuracy"):
        print("Accuracy on the golden fixtures...")
        cases = golden_cases()
        accuracy = evaluate(tools, cases)
        problems += [f"rfiparse differs from a golden file: {m}" for m in accuracy.mismatches]
        variants = input_variants(tools, cases, limit=3 if mode.quick else None)
        page = accuracy_markdown(
            accuracy, variants, machine, command=command, skipped=skipped, quick=mode.quick
        )
        _write(output / "accuracy.md", page)

    if NETWORK_ATTEMPTS:
        print(f"Refused {len(NETWORK_ATTEMPTS)} network connection(s): {NETWORK_ATTEMPTS[:3]}")
    print(f"Done in {time.perf_counter() - started:.1f} s.")
    for problem in problems:
        print(f"FAILURE: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
