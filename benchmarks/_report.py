"""``performance.md`` and ``performance.png`` from the speed results.

The page is generated: every number on it comes from one run of ``bench.py``.
Lines never start with ``>>>`` (the docs are collected as doctests), and the only
link is to the plot beside the page (the docs site is built with ``--strict``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from _peers import CORRECT_PARSE, ORACLE, Tool
from _results import (
    FLOOR,
    SUBJECT,
    Group,
    SpeedResults,
    Target,
    group_median,
    group_ratio,
    records_set,
    with_text,
)
from _timing import Timing

__all__ = ["console_targets", "performance_markdown", "plot"]

PLOT_NAME = "performance.png"
# lxml.etree gets its own column only where it differs from lxml.html by more than this.
_NOTABLE = 0.15


def _ms(seconds: float | None) -> str:
    """A time in milliseconds with three significant digits (``—`` when absent)."""
    if seconds is None:
        return "—"
    ms = seconds * 1000
    if ms >= 100:
        return f"{ms:,.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    if ms >= 1:
        return f"{ms:.2f} ms"
    return f"{ms:.3f} ms"


def _times(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.2f}×" if value < 10 else f"{value:,.0f}×"


def _size(n_bytes: float) -> str:
    if n_bytes >= 100_000:
        return f"{n_bytes / 1000:,.0f} KB"
    return f"{n_bytes / 1000:.1f} KB"


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], indent: str = "", *, text: bool = False
) -> list[str]:
    """A Markdown table: first column left, the others right-aligned (all left if ``text``)."""
    aligns = ["---"] * len(header) if text else ["---"] + ["--:"] * (len(header) - 1)
    lines = [f"{indent}| " + " | ".join(header) + " |", f"{indent}| " + " | ".join(aligns) + " |"]
    lines += [f"{indent}| " + " | ".join(row) + " |" for row in rows]
    return lines


def _cell(timings: Sequence[Timing], tool: str) -> str:
    """A median time; ``failed`` if the tool raised, ``†`` if it returned no text."""
    if len(timings) == 1 and tool in timings[0].failures:
        return "failed"
    mark = "†" if len(timings) == 1 and tool in timings[0].empty else ""
    return _ms(group_median(timings, tool)) + mark


def _show_etree(groups: Sequence[Group]) -> bool:
    for group in groups:
        ratio = group_ratio(group.timings, "lxml.etree", FLOOR)
        if ratio is not None and abs(ratio - 1) > _NOTABLE:
            return True
    return False


def _time_columns(results: SpeedResults, show_etree: bool) -> list[str]:
    names = [SUBJECT, FLOOR] + (["lxml.etree"] if show_etree else [])
    return names + [CORRECT_PARSE, ORACLE] + [peer.name for peer in results.peers]


# The ratios to the floors, beside the times: (numerator, denominator).
_FLOOR_RATIOS = (
    (SUBJECT, FLOOR),
    (CORRECT_PARSE, FLOOR),
    (SUBJECT, CORRECT_PARSE),
    (SUBJECT, ORACLE),
)


def _floor_ratio_cells(timings: Sequence[Timing]) -> list[str]:
    return [_times(group_ratio(timings, top, bottom)) for top, bottom in _FLOOR_RATIOS]


def _summary_table(results: SpeedResults, groups: Sequence[Group]) -> list[str]:
    show_etree = _show_etree(groups)
    columns = _time_columns(results, show_etree)
    header = ["Input", "Size", *columns, *(f"{top} ÷ {bottom}" for top, bottom in _FLOOR_RATIOS)]
    header += [f"{peer.name} ÷ {SUBJECT}" for peer in results.peers]
    rows = []
    for group in groups:
        sizes = sorted(len(t.sample.data) for t in group.timings)
        row = [group.label, _size(sizes[len(sizes) // 2])]
        row += [_cell(group.timings, name) for name in columns]
        row += _floor_ratio_cells(group.timings)
        row += [
            _times(group_ratio(with_text(group.timings, p.name), p.name, SUBJECT))
            for p in results.peers
        ]
        rows.append(row)
    return _table(header, rows)


def versions_line(machine: dict[str, str]) -> str:
    """The lxml and libxml2 versions every ratio here depends on, as a sentence."""
    return (
        f"Measured with lxml {machine.get('lxml', '?')} and libxml2 "
        f"{machine.get('libxml2', '?')}: an older libxml2 parses the page's HTML5 markup "
        "differently and at another speed, which moves every ratio to lxml (issue 17 "
        "measured the page's rfiparse ÷ lxml.html at 1.8× on libxml2 2.14, 1.1× on an "
        "older one)."
    )


def _groups(results: SpeedResults) -> list[Group]:
    records, fragments = results.shape("record"), results.shape("fragment")
    groups = [Group(f"Full page (`{t.sample.name}`)", [t]) for t in results.shape("page")]
    seed = results.named("record_2023_seed")
    if seed is not None:
        groups.append(Group("Seed record (`record_2023_seed`)", [seed]))
    groups += [
        Group(f"Records, median of {len(records)}", records),
        Group(f"Fragments, median of {len(fragments)}", fragments),
        Group(
            f"Records and fragments, median of {len(records) + len(fragments)}", records + fragments
        ),
    ]
    if results.corpus:
        groups.append(
            Group(f"Shared-corpus records, median of {len(results.corpus)}", results.corpus)
        )
    return [g for g in groups if g.timings]


def _target_rows(items: Sequence[Target]) -> list[list[str]]:
    rows = []
    for target in items:
        if target.measured is None:
            measured = "not measured"
        elif target.unit == "/s":
            measured = f"{target.measured:,.0f}/s"
        elif target.unit == " MB":
            measured = f"{target.measured:.1f} MB"
        else:
            measured = f"{target.measured:.2f}×"
        goal = f"{target.sense} {target.goal:,g}{target.unit}".replace("<=", "≤").replace(">=", "≥")
        met = {True: "met", False: "**not met**", None: "not measured"}[target.met]
        rows.append([target.what, measured, goal, met])
    return rows


def console_targets(items: Sequence[Target], quick: bool) -> str:
    """The targets as plain lines for the terminal."""
    note = "  (quick run: indicative only, not judged)" if quick else ""
    lines = [f"Targets{note}:"]
    for what, measured, goal, met in _target_rows(items):
        lines.append(f"  {what}: {measured} (target {goal}): {met.strip('*')}")
    return "\n".join(lines)


def _scaling_table(results: SpeedResults) -> list[str]:
    columns = [SUBJECT, FLOOR] + [peer.name for peer in results.peers]
    header = ["Input", "Size", *columns, f"{SUBJECT} vs ×1"]
    base = next((t.median(SUBJECT) for t in results.synthetic if t.sample.scale == 1), None)
    rows = []
    for timing in results.synthetic:
        row = [timing.sample.name, _size(len(timing.sample.data))]
        row += [_cell([timing], name) for name in columns]
        mine = timing.median(SUBJECT)
        row.append(_times(mine / base) if mine is not None and base else "—")
        rows.append(row)
    return _table(header, rows)


def _rate_row(run: str, rate: dict[str, float]) -> list[str]:
    """A row of the throughput table: the run, its median time, records/s and MB/s."""
    return [
        run,
        f"{rate['seconds']:.2f} s",
        f"{rate['records_per_s']:,.0f}/s",
        f"{rate['mb_per_s']:.1f} MB/s",
    ]


def _probe_section(results: SpeedResults) -> list[str]:
    probe = results.probe
    if probe is None:
        return ["The probe process failed; see the console output of the run."]
    n, distinct = probe["n"], probe["distinct_records"]
    latency, memory = probe["latency_ms"], probe["memory"]
    rows = [
        _rate_row(
            f"`parse()`, {n:,} records cycling the {distinct} record fixtures", probe["cycled"]
        ),
        _rate_row(f"`parse()`, the seed record {n:,} times", probe["seed"]),
    ]
    many = probe["parse_many"]
    if many.get("available"):
        for workers in (1, 2):
            rows.append(
                _rate_row(
                    f"`list(parse_many(records, workers={workers}))`, the same {n:,} records",
                    many[f"workers_{workers}"],
                )
            )
        if "split" in many:
            rows.append(
                _rate_row(
                    f"Two processes sharing nothing, `parse()` on half the {n:,} records each",
                    many["split"],
                )
            )
    lines = _table(["Run", "Median time", "Records", "Input"], rows)
    if not many.get("available"):
        lines += ["", "`rfiparse.parse_many()` does not exist in this version: not measured."]
    else:
        lines += [
            "",
            f"`parse_many` speed-up with 2 workers: {many['speedup']:.2f}× (medians; "
            f"{many['speedup_best']:.2f}× between the best runs). The runs alternate "
            "between one and two workers. `workers=1` parses in the calling process, "
            "with nothing pickled. With two workers, each input and result crosses "
            "between processes, and the parent process shares the two cores with "
            "the workers.",
        ]
        if "ceiling" in many:
            lines += [
                "",
                f"The machine's own ceiling for this work: two processes that exchange "
                f"nothing, each parsing half the records, take 1 ÷ {many['ceiling']:.2f} "
                f"of the time of one process doing it all (medians, timed in the same "
                f"alternation). No split into two processes can gain more here; "
                f"`parse_many` reaches {many['speedup'] / many['ceiling']:.0%} of it. "
                "The two cores share caches and, on a virtual machine, a host: that "
                "ceiling moves from run to run.",
            ]
        if "cpu_s" in many:
            cpu = many["cpu_s"]
            lines += [
                "",
                f"CPU time of a run (user and system, the calling process and its worker "
                f"processes, read with `resource.getrusage()` for itself and for its "
                f"children once they have been joined), medians: {cpu['1']:.2f} s with one "
                f"worker, {cpu['2']:.2f} s with two ({many['cpu_ratio']:.2f}×): what "
                "pickling the records and articles, and the workers' own start, add to "
                "the parsing.",
            ]
    versus = probe.get("versus_lxml")
    if versus is not None:
        lines += [
            "",
            f"One core, against lxml's own throughput: over {versus['rounds']} interleaved "
            f"rounds, each streaming the same {versus['records']:,} cycled records through "
            f"`parse()` and through `lxml.html.fromstring()` (in alternating order), "
            f"rfiparse's records/s are {versus['ratio']:.2f}× lxml.html's (the median of "
            "the per-round ratios).",
        ]
    lines += [
        "",
        f"Latency of one `parse()` over the {n:,} cycled records: "
        f"median {latency['p50']:.3f} ms, p95 {latency['p95']:.3f} ms, "
        f"p99 {latency['p99']:.3f} ms, maximum {latency['max']:.3f} ms.",
        "",
        f"Resident-memory high-water mark of the probe process ({memory['source']}): "
        f"{memory['before_mb']:.1f} MB after the warm-up, {memory['after_mb']:.1f} MB after "
        f"streaming {n:,} records through `parse()`: "
        f"{memory['after_mb'] - memory['before_mb']:+.1f} MB.",
    ]
    return lines


_SHAPE_NAMES = {
    "page": "Full page (`page_cn_taiwan_defense_budget`)",
    "seed": "Seed record (`record_2023_seed`)",
    "records": "Records (every record fixture in turn)",
}


_INSTRUCTION_TOOLS = (SUBJECT, FLOOR, CORRECT_PARSE, ORACLE)


def _instruction_section(results: SpeedResults, machine: dict[str, str]) -> list[str]:
    """Instructions per call: the ratios that shared-machine noise does not move."""
    counts = results.instructions
    if counts is None:
        return ["valgrind is not installed on this machine: instructions were not counted."]
    rows = []
    for count in counts:
        row = [_SHAPE_NAMES.get(count.shape, count.shape)]
        row += [
            f"{count.per_call[t] / 1e6:.2f} M" if t in count.per_call else "—"
            for t in _INSTRUCTION_TOOLS
        ]
        row += [_times(count.ratio(top, bottom)) for top, bottom in _FLOOR_RATIOS]
        rows.append(row)
    header = ["Input", *_INSTRUCTION_TOOLS, *(f"{top} ÷ {bottom}" for top, bottom in _FLOOR_RATIOS)]
    return [
        "Instructions executed per call, counted by valgrind's callgrind "
        "(`benchmarks/_instructions.py`): the same count on every run, whatever else the "
        "machine is doing, where the times above move by tens of percent from one run "
        "to the next. Each count is a callgrind run of a script making the calls, less "
        "a run that reads the same inputs, prepares the floors and warms up the same way "
        "without them. Instructions are not time: Python's interpreter does less per "
        "cycle than libxml2's parser, so rfiparse's share of the time is larger than its "
        "share of the instructions.",
        "",
        *_table(header, rows),
        "",
        versions_line(machine),
    ]


def _detail_section(results: SpeedResults) -> list[str]:
    columns = [SUBJECT, FLOOR, "lxml.etree", CORRECT_PARSE, ORACLE]
    columns += [peer.name for peer in results.peers]
    header = ["Input", "Size", "Rounds", *columns]
    header += [f"{top} ÷ {bottom}" for top, bottom in _FLOOR_RATIOS]
    rows = []
    for timing in [*results.fixtures, *results.corpus]:
        row = [f"`{timing.sample.name}`", _size(len(timing.sample.data)), str(timing.rounds)]
        row += [_cell([timing], name) for name in columns]
        row += _floor_ratio_cells([timing])
        rows.append(row)
    return ['??? note "Median time on every input"', "", *_table(header, rows, "    ")]


# What the three floors are (the tools' table at the end gives their exact settings).
_FLOORS_TEXT = [
    "Three floors beside rfiparse, each timed in the same rounds:",
    "",
    "- **lxml.html**: `lxml.html.fromstring(data)`, the input's bytes as they are. A "
    "record declares no charset, so libxml2 reads its bytes as ISO-8859-1 (its text is "
    "garbled), and `lxml.html` builds its own element classes: not the parse rfiparse "
    "makes, and a dearer one.",
    "- **correct parse**: the parse rfiparse makes, of the bytes it hands to libxml2 "
    "(a record's HTML after its header, its glued tags repaired; a page less what the "
    'parser cuts from it) with its own `HTMLParser(encoding="utf-8", …)`, captured '
    "from one `parse()` of the input before the timing (`benchmarks/_floors.py`). "
    "Decoding, the header split and the cuts are not in it.",
    "- **oracle**: the same `Article` as `rfiparse.parse()`, built with every decision "
    "already known (`benchmarks/_oracle.py`). For each input, code is generated that "
    "makes the correct parse of the input's known byte ranges, reaches each element it "
    "needs by a path of child indices found from `parse()`'s own output, reads each "
    "value's text, tail or attribute once (a value spread over several text nodes is "
    "their join; one inside a longer string, a slice of it: a record's header line, a "
    "percent-decoded URL, a player's JSON), and cleans the text, normalises the URLs, "
    "parses the dates with rfiparse's own helpers and builds the attrs objects. Only "
    "*where* each value stands is precomputed, never a value: each is read from the "
    "input in the timed call, from the first place it is found (which may be another "
    "place than the one rfiparse reads it from: the same read). The script checks that "
    "the oracle's article equals `parse()`'s on every input it times, and fails "
    "otherwise. `rfiparse ÷ oracle` is what the rules cost: finding where things are.",
]


def _empty_lines(results: SpeedResults) -> list[str]:
    """A note for every peer that returned no body text on some inputs."""
    timings = [*results.fixtures, *results.synthetic, *results.corpus]
    lines = []
    for peer in results.peers:
        ran = [t for t in timings if t.median(peer.name) is not None]
        empty = [t.sample.name for t in ran if peer.name in t.empty]
        if empty:
            names = ", ".join(f"`{name}`" for name in empty)
            lines.append(
                f"- † {peer.name} returned no body text on {len(empty)} of the {len(ran)} "
                f"inputs it ran on ({names}): there its time is that of giving up."
            )
    return lines


def _failure_lines(results: SpeedResults) -> list[str]:
    lines = []
    for timing in [*results.fixtures, *results.synthetic, *results.corpus]:
        for tool, error in sorted(timing.failures.items()):
            lines.append(f"- {tool} on `{timing.sample.name}`: `{error}`")
    return lines or ["None: every tool measured ran on every input without raising."]


def _tool_rows(tools: Sequence[Tool]) -> list[list[str]]:
    return [[t.name, t.version, t.given, t.settings] for t in tools]


# What benchmarks/pathological.py --check does (it runs in CI, not here).
_HOSTILE_SECTION = [
    "## Hostile input",
    "",
    (
        "`python benchmarks/pathological.py --check`, run by CI, times `parse()`, "
        "`parse_listing()` and `parse_feed()` on some fifty hostile shapes, each generated at"
        " 1 MB and at a quarter of that: runs that target a regular expression (spaces, "
        "quotes, `=` signs, dashes, unclosed scripts), and every element kind a rule treats "
        "specially (scripts, YouTube players, audio players, frames, figures, asides, article"
        " items, lists, divs, spans, tables, links, author and share blocks, headings), "
        "nested to libxml2's 256-level cap and flat. The real 544 KB page "
        "(`page_cn_taiwan_defense_budget`) is timed before each shape, in the same run. A "
        "shape fails the check when it costs more than 20 times what the page costs for as "
        "many bytes or as many elements, whichever is more (the page has 904 elements: a "
        "megabyte of `<p>x</p>` has 125,000, each of which becomes a paragraph), or when its "
        "time grows more than 8 times from a quarter of the size to the whole (4 is linear, "
        "16 quadratic). The growth ratio alone cannot see a rule that rescans a subtree once "
        "per nesting level: libxml2 caps the depth, so such a rescan multiplies the time by "
        "up to 256 at every size; the absolute budget sees it. Input that libxml2 itself "
        "reads in quadratic time (a tag with thousands of attributes) must be refused with "
        "`InputTooComplexError`, fast. The script prints the versions of lxml and libxml2 and"
        " a table of every shape; without `--check` it prints the times at n, 2n, 4n and 8n "
        "instead."
    ),
]


def _how_section(
    results: SpeedResults, plan_text: str, command: str, quick_records: int
) -> list[str]:
    lines = [
        "## How it was measured",
        "",
        "- **Inputs** (all from `tests/fixtures/`, read into memory as bytes before any "
        "timing): the full article page `page_cn_taiwan_defense_budget.html`, every "
        "feed-archive record `record_*.md|txt`, every bare fragment `fragment_*.html`, and "
        "synthetic records: the seed record with its body paragraphs repeated k times "
        "(header, lead, share block and related links kept once; the script checks that "
        "`parse()` returns k times the seed's paragraphs). With `--corpus DIR`, the "
        "feed-archive records (`*.md`, `*.txt`) of that directory too (the project's "
        "shared corpus): the records targets are then judged on them.",
        "- **What each tool is given**: rfiparse and the lxml floors get the bytes. The "
        "peers get `str` (decoded once, outside the timing: their own APIs take text, and "
        "their decoding is not charged to them); records and pages as they are, bare "
        'fragments wrapped in `<html><head><meta charset="utf-8"></head><body>…</body></html>`. '
        "Where the input states its own URL (a record's header line, a page's canonical "
        "link) the peers are given it too. Nothing is fetched: every Internet connection "
        "is refused by the script, and the peers are configured not to try.",
        f"- **Timing**: {plan_text} `time.perf_counter_ns()` around each single call, "
        "`gc` left on, the result dropped inside the timed window. The table shows the "
        "median of the rounds; over several inputs, the median of the per-input medians. "
        "Every ratio is taken per input from the same run, then its median over the "
        "inputs is shown. Each tool sees the same input many times, so whatever it "
        "caches from call to call helps it (trafilatura and htmldate keep "
        "`functools.lru_cache`s of text and date helpers); the throughput runs below "
        "cycle through all the record fixtures.",
        "- **Throughput, latency, memory, `parse_many`**: measured in a fresh Python "
        "process that imports rfiparse and none of the peers (`benchmarks/_probe.py`). "
        "After a warm-up of one parse of every record, the resident-memory high-water "
        "mark is read, the records are streamed through `parse()` (each result dropped), "
        "and it is read again. On Linux the mark is `VmHWM` of `/proc/self/status`: "
        "`resource.getrusage(RUSAGE_SELF).ru_maxrss` would be the same for a process "
        "started from a shell, but a subprocess inherits its parent's peak in "
        "`ru_maxrss` (the kernel keeps it across `exec`), which would hide any growth "
        "below the benchmark process's own size; elsewhere `ru_maxrss` is used. Throughput is the "
        "median wall time of several such runs. `parse_many` is timed from the call to "
        "the end of `list(...)`, so starting its worker processes is included; its output "
        "is checked against `parse()`. The two-process ceiling starts two plain "
        "`multiprocessing.Process`es that each parse half the records with `parse()` and "
        "send nothing back, timed from their start to their end. The CPU time of a "
        "`parse_many` run is `resource.getrusage()`'s user and system time of the "
        "process and of its children (counted once they have been joined, as the pool's "
        "workers are when the call returns). The one-core ratio to lxml.html streams the "
        "same cycled records through `parse()` and `lxml.html.fromstring()` in "
        "alternating order, round after round, in that process.",
        f"- **Peak RSS** of the main benchmark process (all tools loaded): "
        f"{results.peak_rss_mb:.0f} MB.",
        "",
        "The tools, their versions, and the settings they were run with:",
        "",
        *_table(["Tool", "Version", "Given", "Settings"], _tool_rows(results.tools), text=True),
    ]
    if results.skipped:
        lines += ["", "Not measured:", ""]
        lines += [f"- {name}: {why}" for name, why in sorted(results.skipped.items())]
    lines += [
        "",
        "## Reproduce",
        "",
        "From the repository's root, in a virtual environment:",
        "",
        "```sh",
        'python -m pip install -e ".[bench]"',
        command,
        "```",
        "",
        f"`--quick` runs everything briefly (a few rounds, {quick_records} records) into a "
        "temporary directory, to check the script, not to measure.",
    ]
    return lines


def performance_markdown(
    results: SpeedResults,
    items: Sequence[Target],
    machine: dict[str, str],
    *,
    command: str,
    plan_text: str,
    quick_records: int,
    with_plot: bool,
) -> str:
    """The whole ``performance.md`` page."""
    groups = _groups(results)
    page = results.shape("page")
    seed = results.named("record_2023_seed")
    lines = [
        "# Performance",
        "",
        "<!-- Generated by benchmarks/bench.py: change the script, not this page. -->",
        "",
    ]
    if results.quick:
        lines += [
            '!!! warning "Quick run"',
            "    Produced by `bench.py --quick`: a few rounds only. It shows that the "
            "benchmark runs; its numbers are not measurements to rely on.",
            "",
        ]
    lines += [
        f"How long `rfiparse.parse()` takes, against three floors (lxml's parse of the "
        f"same bytes, the parse rfiparse itself makes, and an oracle that builds the same "
        f"article with every decision known) and against {len(results.peers)} "
        f"general-purpose article extractors, measured on {machine['CPU']} "
        f"({machine['Date']}). One full rfi.fr page: {_ms(group_median(page, SUBJECT))} "
        f"({_times(group_ratio(page, SUBJECT, FLOOR))} lxml's parse, "
        f"{_times(group_ratio(page, SUBJECT, ORACLE))} the oracle's); the seed feed record: "
        f"{_ms(seed.median(SUBJECT) if seed else None)} "
        f"({_times(group_ratio([seed], SUBJECT, FLOOR) if seed else None)}, "
        f"{_times(group_ratio([seed], SUBJECT, ORACLE) if seed else None)}).",
        "",
        "## Targets",
        "",
        "The goals of issue 17, each measured in this run and shown as it came out, met "
        "or not. Every ratio is of two things measured in the same run: times are "
        "medians of interleaved rounds (at least 15 on a full run), instructions are "
        "callgrind's counts. The records targets are judged on "
        f"the {records_set(results)[0]}.",
        "",
        *_table(["Target", "Measured", "Goal", "Result"], _target_rows(items), text=True),
        "",
        versions_line(machine),
        "",
        "## Median time per input",
        "",
        *_FLOORS_TEXT,
        "",
        "Columns `X ÷ rfiparse` say how many times longer X takes than rfiparse on the "
        "same input, counted only on the inputs where X returned body text (see the † "
        "notes below); `rfiparse ÷ lxml.html` how many times the bare lxml parse "
        "rfiparse costs, `rfiparse ÷ oracle` how many times the oracle floor: what the "
        "rules cost.",
        "",
        *_summary_table(results, groups),
        "",
        versions_line(machine),
    ]
    if not results.corpus:
        lines += [
            "",
            "No shared corpus was given (`--corpus DIR`, a directory of feed-archive "
            "records): the records targets are judged on the record fixtures.",
        ]
    if not _show_etree(groups):
        lines += [
            "",
            "`lxml.etree.fromstring(data, HTMLParser())`, the other floor, is within "
            f"{_NOTABLE:.0%} of `lxml.html.fromstring(data)` on every row, so it has no "
            "column here (it is in the table of every input below).",
        ]
    empty = _empty_lines(results)
    if empty:
        lines += ["", *empty]
    lines += ["", *_detail_section(results), "", "## Instructions per call", ""]
    lines += [*_instruction_section(results, machine), "", "## Scaling with input size", ""]
    lines += [
        "The seed record with its body repeated k times. Time should grow in proportion to "
        "the body; the fixed part (header, share block, related links) makes the small "
        "sizes cost a little more than their share.",
        "",
        *_scaling_table(results),
    ]
    if with_plot:
        lines += [
            "",
            f"![Median time against input size, log-log, for every tool over the scaled "
            f"records, with the full page marked]({PLOT_NAME})",
        ]
    lines += ["", *_HOSTILE_SECTION]
    lines += [
        "",
        "## Throughput, latency and memory",
        "",
        *_probe_section(results),
        "",
        "## Failures",
        "",
        "A peer raising on an input is recorded, not fatal; the input then has no time for it.",
        "",
        *_failure_lines(results),
        "",
        "## Machine",
        "",
        *_table(["", ""], ([k, v] for k, v in machine.items()), text=True),
        "",
        *_how_section(results, plan_text, command, quick_records),
    ]
    return "\n".join(lines) + "\n"


def plot(results: SpeedResults, path: Path) -> bool:
    """Draw median time against input size (log-log); ``False`` without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axes = plt.subplots(figsize=(8, 5.5), dpi=110)
    page = results.shape("page")
    for tool in results.tools:
        points = [(len(t.sample.data), m) for t in results.synthetic if (m := t.median(tool.name))]
        if not points:
            continue
        xs, ys = zip(*points, strict=True)
        (line,) = axes.plot(xs, ys, marker="o", markersize=3, label=tool.name)
        for timing in page:
            median = timing.median(tool.name)
            if median is not None:
                axes.plot(
                    len(timing.sample.data),
                    median,
                    marker="*",
                    markersize=13,
                    color=line.get_color(),
                    linestyle="none",
                )
    for timing in page:
        axes.axvline(len(timing.sample.data), color="grey", linewidth=0.6, linestyle=":")
        axes.annotate(
            "full page ★",
            (len(timing.sample.data), 0.02),
            xycoords=("data", "axes fraction"),
            xytext=(-4, 0),
            textcoords="offset points",
            horizontalalignment="right",
            fontsize=8,
            color="grey",
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("input size (bytes)")
    axes.set_ylabel("median time per document (s)")
    scales = [t.sample.scale for t in results.synthetic if t.sample.scale]
    span = f"×{min(scales)} to ×{max(scales)}" if scales else ""
    axes.set_title(f"The seed record scaled {span} (lines) and the full page (★)")
    axes.grid(True, which="both", linewidth=0.3)
    axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True
