"""Instructions per call, counted by valgrind's callgrind: a figure noise cannot move.

On a shared virtual machine, times drift by tens of percent within minutes, and
the ratio of two tools' times with them. The number of instructions a call executes
does not drift: callgrind gives the same count for the same program, inputs and
environment, whatever else the machine is doing. Each count here is one callgrind
run of this script making the calls, less one run that reads the same inputs and
warms up the same way but makes none; ``PYTHONHASHSEED`` is fixed for both.

Instructions are not time: Python's interpreter runs fewer instructions per cycle
than libxml2's parser, so rfiparse's share of the time is larger than its share of
the instructions. The page shows both.

    python benchmarks/_instructions.py WORKER TOOL SHAPE CALLS ORACLES.json   (run by bench.py)

TOOL is ``rfiparse``, ``lxml.html``, ``correct parse``, ``oracle`` or ``none``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import lxml.html
from _floors import capture, correct_parse
from _inputs import PAGE, SEED, fixture_samples
from _oracle import compile_oracle, plan
from _peers import CORRECT_PARSE, ORACLE

import rfiparse

__all__ = ["InstructionCount", "count_instructions"]

TOOLS = ("rfiparse", "lxml.html", CORRECT_PARSE, ORACLE)
_TOTAL = re.compile(r"I\s+refs:\s+([\d,]+)")


@dataclass(frozen=True)
class InstructionCount:
    """Instructions per call of each tool on one shape of input."""

    shape: str
    per_call: dict[str, float]
    """Tool name to instructions per call (averaged over the inputs)."""

    def ratio(self, numerator: str = "rfiparse", denominator: str = "lxml.html") -> float | None:
        """The ratio of one tool's count to another's (by default, rfiparse's to lxml.html's)."""
        top, bottom = self.per_call.get(numerator), self.per_call.get(denominator)
        return top / bottom if top and bottom else None


def _inputs(shape: str) -> list[bytes]:
    if shape == "page":
        return [PAGE.read_bytes()]
    if shape == "seed":
        return [SEED.read_bytes()]
    return [s.data for s in fixture_samples({"record"})]


def _calls(data: bytes, oracle_source: str) -> dict[str, Callable[[], object]]:
    """Each tool's call on ``data``, the floors prepared.

    The oracle's code (``oracle_source``) was planned, and checked, by the process
    that started this one: planning under callgrind would take minutes.
    """
    steps = capture(data)
    oracle = compile_oracle(oracle_source, steps[-1].parser)
    return {
        "rfiparse": lambda: rfiparse.parse(data),
        "lxml.html": lambda: lxml.html.fromstring(data),
        CORRECT_PARSE: lambda: correct_parse(steps),
        ORACLE: lambda: oracle(data),
    }


def _worker(tool: str, shape: str, calls: int, sources: Path) -> None:
    """Prepare and warm up every tool on every input, then call ``tool`` ``calls`` times on each.

    ``sources`` is a JSON file of the oracles' code, one per input. The run without
    calls (``none``) prepares and warms up alike, so that the difference is the
    calls alone.
    """
    oracles = json.loads(sources.read_text(encoding="utf-8"))
    prepared = [_calls(data, source) for data, source in zip(_inputs(shape), oracles, strict=True)]
    for tools in prepared:
        for call in tools.values():
            call()
    if tool == "none":
        return
    chosen = [tools[tool] for tools in prepared]
    for _ in range(calls):
        for call in chosen:
            call()


def _callgrind_total(args: Sequence[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="rfiparse-callgrind-") as directory:
        completed = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(directory) / 'callgrind.out'}",
                sys.executable,
                __file__,
                *args,
            ],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    found = _TOTAL.search(completed.stderr)
    if completed.returncode != 0 or found is None:
        raise RuntimeError(f"callgrind failed: {completed.stderr.strip()[-500:]}")
    return int(found.group(1).replace(",", ""))


def count_instructions(calls: dict[str, int]) -> list[InstructionCount] | None:
    """Instructions per call of every tool of ``TOOLS`` on each shape; ``None`` without valgrind.

    ``calls`` maps each shape to count (``page``, ``seed``, ``records``) to the calls
    made per input of it.
    """
    if shutil.which("valgrind") is None:
        return None
    counts = []
    with tempfile.TemporaryDirectory(prefix="rfiparse-oracles-") as directory:
        for shape, n in calls.items():
            inputs = _inputs(shape)
            sources = Path(directory) / f"{shape}.json"
            sources.write_text(json.dumps([plan(data).source for data in inputs]), "utf-8")
            base = _callgrind_total(["WORKER", "none", shape, str(n), str(sources)])
            per_call = {
                tool: (_callgrind_total(["WORKER", tool, shape, str(n), str(sources)]) - base)
                / (n * len(inputs))
                for tool in TOOLS
            }
            counts.append(InstructionCount(shape=shape, per_call=per_call))
    return counts


if __name__ == "__main__":
    if len(sys.argv) != 6 or sys.argv[1] != "WORKER":
        raise SystemExit(__doc__)
    _worker(sys.argv[2], sys.argv[3], int(sys.argv[4]), Path(sys.argv[5]))
