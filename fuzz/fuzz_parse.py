"""Coverage-guided fuzzer for rfiparse's three entry points.

Usage::

    python fuzz/fuzz_parse.py --seconds 300 [--corpus-dir DIR] [--engine auto|atheris|hypothesis]

Every input goes to :func:`rfiparse.parse`, :func:`rfiparse.parse_listing` and
:func:`rfiparse.parse_feed` (the iterator consumed), once as ``bytes`` and once
decoded to ``str`` (UTF-8, undecodable bytes kept as lone surrogates). Each call
must return a result or raise an :class:`rfiparse.RfiParseError`; every Article
must pass ``tests/invariants.py`` and every Teaser the same text, URL and time
checks. Anything else is a crash.

The engine is atheris (libFuzzer) when it is installed, else Hypothesis with a
large budget. The run is seeded with ``tests/fixtures`` (recursively, so the
regressions too) and ``../shared/corpus`` when present, stops by itself after
``--seconds``, and prints one summary line. Each distinct crash is minimised and
written to ``tests/fixtures/regressions/<short-hash>.bin``; the exit status is
then 1.

With atheris the fuzzing runs in a child process (this script with ``--worker``)
so that a native crash, a time-out or an out-of-memory kill is caught too: the
parent restarts the child for the rest of the time. New coverage-increasing
inputs go to ``--corpus-dir`` (a temporary folder by default).
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rfiparse

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
REGRESSIONS = FIXTURES / "regressions"
CORPUS = ROOT.parent / "shared" / "corpus"
SRC = ROOT / "src" / "rfiparse"

sys.path.insert(0, str(TESTS))
_invariants = importlib.import_module("invariants")

# The frames of a traceback that name a crash: the library's and the invariants'.
_OWN_FILES = (str(SRC), str(TESTS / "invariants.py"))


# The property under test ---------------------------------------------------------------


CALLS: tuple[tuple[str, Callable[[str | bytes], None]], ...] = tuple(_invariants.CHECKS.items())


@dataclass(frozen=True)
class Crash:
    """One contract violation: which call, on which form of the input, and why."""

    call: str
    form: str
    error: BaseException
    signature: str

    def describe(self) -> str:
        """The traceback of the crash, as text."""
        lines = traceback.format_exception(type(self.error), self.error, self.error.__traceback__)
        return "".join(lines)


def signature(call: str, error: BaseException) -> str:
    """A name for the bug behind ``error``: the call, the type and the innermost own frames."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if f.filename.startswith(_OWN_FILES)]
    where = ";".join(f"{Path(f.filename).name}:{f.name}:{f.lineno}" for f in own[-3:])
    if not own and frames:
        last = frames[-1]
        where = f"{Path(last.filename).name}:{last.name}:{last.lineno}"
    return f"{call}|{type(error).__name__}|{where}"


def decoded(data: bytes) -> str:
    """``data`` as a ``str``: UTF-8, each undecodable byte kept as a lone surrogate."""
    return data.decode("utf-8", "surrogateescape")


def check(data: bytes) -> Crash | None:
    """Run ``data`` through every call, as bytes and as str; the first violation, if any."""
    forms: tuple[tuple[str, str | bytes], ...] = (("bytes", data), ("str", decoded(data)))
    for call, run in CALLS:
        for form, value in forms:
            try:
                run(value)
            except rfiparse.RfiParseError:
                pass
            except KeyboardInterrupt:
                raise
            except BaseException as error:  # anything else breaks the contract
                return Crash(call, form, error, signature(call, error))
    return None


# Seeds, minimisation, reporting ---------------------------------------------------------


def seed_dirs(extra: Iterable[Path] = ()) -> list[Path]:
    """The folders whose files seed the fuzzer: fixtures (recursively) and the shared corpus."""
    dirs = [FIXTURES]
    if CORPUS.is_dir():
        dirs.append(CORPUS)
    dirs.extend(d for d in extra if d.is_dir())
    return dirs


def seed_files(dirs: Iterable[Path]) -> list[Path]:
    """Every file under ``dirs``, sorted, each once."""
    found = {p.resolve() for d in dirs for p in d.rglob("*") if p.is_file()}
    return sorted(found)


def minimise(data: bytes, still_fails: Callable[[bytes], bool], budget: float) -> bytes:
    """A smaller input on which ``still_fails`` still holds: delta debugging, lines then bytes.

    Stops after ``budget`` seconds with the smallest input found so far.
    """
    deadline = time.monotonic() + budget

    def ddmin(units: list[bytes]) -> list[bytes]:
        granularity = 2
        while len(units) >= 2 and time.monotonic() < deadline:
            size = max(1, len(units) // granularity)
            chunks = [units[i : i + size] for i in range(0, len(units), size)]
            reduced = False
            for index in range(len(chunks)):
                if time.monotonic() >= deadline:
                    break
                rest = [u for j, c in enumerate(chunks) if j != index for u in c]
                if still_fails(b"".join(rest)):
                    units = rest
                    granularity = max(granularity - 1, 2)
                    reduced = True
                    break
            if not reduced:
                if granularity >= len(units):
                    break
                granularity = min(granularity * 2, len(units))
        return units

    best = data
    if still_fails(b""):
        return b""
    lines = ddmin(best.splitlines(keepends=True))
    best = b"".join(lines)
    # Tags and text runs, then single bytes.
    tokens = ddmin(re.findall(rb"<[^<>]*>|[^<]+|<", best))
    best = b"".join(tokens)
    if len(best) <= 4096:
        best = b"".join(ddmin([bytes([b]) for b in best]))
    return best


def short_hash(data: bytes) -> str:
    """The name of a regression file: the first 12 hex digits of the input's SHA-256."""
    return hashlib.sha256(data).hexdigest()[:12]


@dataclass
class Report:
    """What a run found: its executions, and one minimised input per distinct crash."""

    executions: int = 0
    crashes: dict[str, Path] = field(default_factory=dict)
    details: dict[str, str] = field(default_factory=dict)


def save_crash(report: Report, data: bytes, *, budget: float, label: str | None = None) -> None:
    """Minimise a crashing input, write it to ``tests/fixtures/regressions/`` and print it.

    ``label`` names crashes that cannot be reproduced in this process (a native crash,
    a time-out): those are saved as they are.
    """
    crash = check(data) if label is None else None
    if label is None and crash is None:
        label = "not reproduced in-process (flaky or state-dependent)"
    if crash is not None:
        sig = crash.signature
        if sig in report.crashes:
            return

        def still_fails(candidate: bytes) -> bool:
            found = check(candidate)
            return found is not None and found.signature == sig

        data = minimise(data, still_fails, budget)
        crash = check(data)
        assert crash is not None
        detail = f"{crash.call}({crash.form}) raised:\n{crash.describe()}"
    else:
        sig = f"{label}|{short_hash(data)}"
        detail = label or ""
    REGRESSIONS.mkdir(parents=True, exist_ok=True)
    path = REGRESSIONS / f"{short_hash(data)}.bin"
    path.write_bytes(data)
    report.crashes[sig] = path
    report.details[sig] = detail
    rel = path.relative_to(ROOT)
    print(f"CRASH {sig}\n  input ({len(data)} bytes): {rel}\n  data: {data[:400]!r}", flush=True)
    print("  " + detail.replace("\n", "\n  "), flush=True)


def summary(engine: str, report: Report, seconds: float) -> str:
    """The final line of a run."""
    return (
        f"fuzz_parse: engine={engine} executions={report.executions} "
        f"seconds={seconds:.1f} crashes={len(report.crashes)}"
    )


def run_seeds(report: Report, dirs: Iterable[Path], budget: float) -> None:
    """Run every seed file, whole, before fuzzing (the fuzzers cut long inputs)."""
    for path in seed_files(dirs):
        data = path.read_bytes()
        report.executions += 1
        if check(data) is not None:
            save_crash(report, data, budget=budget)


# Pieces of RFI markup, records and feeds: libFuzzer's dictionary, Hypothesis's alphabet.
_TOKENS = [
    b"<div>", b"</div>", b"<p>", b"</p>", b"<strong>", b"</strong>", b"<aside>", b"</aside>",
    b'<a href="/cn/x">', b"</a>", b"<h2>", b"</h2>", b"<figure>", b"<figcaption>", b"<span>",
    b'<img src="https://s.rfi.fr/a.jpg">', b'<div class="t-content__body">', b"<html><head>",
    b"19/11/2023 - 15:34", b"<!--1700405102000-->\n", b"[t](https://www.rfi.fr/cn/x)\n------\n",
    b'<?xml version="1.0" encoding="gb18030"?>', b"<feed xmlns=\"http://www.w3.org/2005/Atom\">",
    b"<entry>", b"</entry>", b"<rss><channel><item>", b"<link>", b"&amp;", b"&#0;", b"\x00",
    b"\xef\xbb\xbf", b"\xff\xfe", b"\xe4\xb8\xad", b"\xd6\xd0", b"\xe9", b"<", b">", b'"', b"=",
]  # fmt: skip

# Small inputs of each shape, so that mutation starts from short documents too.
_SMALL_SEEDS = [
    b"<!--1700405102000-->\n[T](https://www.rfi.fr/cn/x)\n------\n<div>19/11/2023 - 15:34</div>"
    b"<p><strong>L</strong></p><div><p>B</p></div>",
    b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>T</title>'
    b'<link href="https://www.rfi.fr/cn/x"/><content type="html">&lt;p&gt;B&lt;/p&gt;</content>'
    b"</entry></feed>",
    b"<rss><channel><item><title>T</title><link>https://www.rfi.fr/cn/x</link>"
    b"<description>&lt;p&gt;B&lt;/p&gt;</description></item></channel></rss>",
    b'<!DOCTYPE html><html><head><link rel="canonical" href="https://www.rfi.fr/cn/"></head>'
    b'<body><div class="m-item-list-article"><a href="/cn/x/20231119-y"><h2>T</h2></a></div>'
    b"</body></html>",
]


def _dict_entry(token: bytes) -> str:
    """``token`` as one line of a libFuzzer dictionary."""
    body = "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\x{b:02x}" for b in token)
    return f'"{body}"'


# atheris (libFuzzer) -----------------------------------------------------------------------


def load_atheris() -> types.ModuleType | None:
    """The atheris module, or ``None`` where it is not installed or does not load."""
    try:
        return importlib.import_module("atheris")
    except ImportError:
        return None


def worker_main(findings: Path, libfuzzer_args: list[str]) -> None:
    """The child process: instrument rfiparse and fuzz under libFuzzer.

    Each Python-level crash is written to ``findings`` (the smallest input per
    signature) and fuzzing goes on, so one run can find several bugs; native
    crashes, time-outs and memory blow-ups end the process through libFuzzer.
    """
    atheris = load_atheris()
    if atheris is None:
        sys.exit("atheris is not installed")
    own = [
        obj
        for obj in gc.get_objects()
        if isinstance(obj, types.FunctionType)
        and (obj.__module__ or "").startswith("rfiparse")
        and isinstance(obj.__code__, types.CodeType)
    ]
    for function in own:
        atheris.instrument_func(function)
    smallest: dict[str, int] = {}

    def test_one_input(data: bytes) -> None:
        crash = check(data)
        if crash is None:
            return
        known = smallest.get(crash.signature)
        if known is not None and known <= len(data):
            return
        smallest[crash.signature] = len(data)
        name = hashlib.sha256(crash.signature.encode()).hexdigest()[:16]
        (findings / f"{name}.bin").write_bytes(data)
        sys.stderr.write(f"FINDING {crash.signature} ({len(data)} bytes)\n")

    atheris.Setup([sys.argv[0], *libfuzzer_args], test_one_input)
    atheris.Fuzz()


_DONE = re.compile(r"stat::number_of_executed_units:\s*(\d+)|Done (\d+) runs")
_STATUS = re.compile(r"^#(\d+)\s", re.MULTILINE)
_ARTIFACT = re.compile(r"Test unit written to (\S+)")


def _executions(log: str) -> int:
    done = _DONE.findall(log)
    if done:
        return max(int(a or b) for a, b in done)
    status = _STATUS.findall(log)
    return int(status[-1]) if status else 0


def run_atheris(args: argparse.Namespace, report: Report, deadline: float) -> None:
    """Fuzz with atheris in child processes until ``deadline``."""
    work = Path(args.corpus_dir) if args.corpus_dir else Path(tempfile.mkdtemp(prefix="fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="fuzz-findings-"))
    findings = scratch / "findings"
    artifacts = scratch / "artifacts"
    findings.mkdir()
    artifacts.mkdir()
    log_path = scratch / "libfuzzer.log"
    small = scratch / "seeds"
    small.mkdir()
    for data in _SMALL_SEEDS:
        (small / short_hash(data)).write_bytes(data)
    dictionary = scratch / "tokens.dict"
    dictionary.write_text("\n".join(_dict_entry(t) for t in _TOKENS) + "\n")
    try:
        while (remaining := int(deadline - time.monotonic())) >= 2:
            command = [
                sys.executable,
                str(Path(__file__).resolve()),
                "--worker",
                str(findings),
                "--",
                f"-max_total_time={remaining}",
                f"-timeout={args.timeout}",
                f"-rss_limit_mb={args.rss_limit_mb}",
                f"-max_len={args.max_len}",
                f"-artifact_prefix={artifacts}/",
                f"-dict={dictionary}",
                "-print_final_stats=1",
                str(work),
                str(small),
                *(str(d) for d in seed_dirs()),
            ]
            with log_path.open("w") as log:
                try:
                    child = subprocess.run(
                        command,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        timeout=remaining + args.timeout + 120,
                        check=False,
                    )
                    code = child.returncode
                except subprocess.TimeoutExpired:
                    code = -1
            text = log_path.read_text(errors="replace")
            if args.verbose:
                sys.stderr.write(text)
            report.executions += _executions(text)
            written = [Path(p) for p in _ARTIFACT.findall(text)]
            for artifact in written:
                # Python exceptions are all caught in the child, so an artifact is a native
                # crash, a time-out or a memory blow-up: running it here could take this
                # process down too, so it is saved as it is.
                kind = artifact.name.split("-", 1)[0]
                save_crash(report, artifact.read_bytes(), budget=0, label=f"libFuzzer {kind}")
            if code != 0 and not written:
                tail = "\n".join(text.splitlines()[-30:])
                raise RuntimeError(f"the fuzzing process failed (exit {code}):\n{tail}")
        for path in sorted(findings.iterdir()):
            save_crash(report, path.read_bytes(), budget=args.minimise_seconds)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not args.corpus_dir:
            shutil.rmtree(work, ignore_errors=True)


# Hypothesis fallback -------------------------------------------------------------------------


def run_hypothesis(args: argparse.Namespace, report: Report, deadline: float) -> None:
    """Fuzz with Hypothesis in batches until ``deadline``; it shrinks what it finds."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    extra = [Path(args.corpus_dir)] if args.corpus_dir else []
    seeds = [p.read_bytes() for p in seed_files(seed_dirs(extra))]
    seeds = [s[: args.max_len] for s in seeds] + _SMALL_SEEDS

    @st.composite
    def mutated(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(1, 8))):
            op = draw(st.sampled_from(["cut", "delete", "dup", "insert", "splice"]))
            if not data and op != "insert":
                op = "insert"
            at = draw(st.integers(0, len(data)))
            span = draw(st.integers(0, max(0, min(400, len(data) - at))))
            if op == "cut":
                del data[at:]
            elif op == "delete":
                del data[at : at + span]
            elif op == "dup":
                data[at:at] = data[at : at + span]
            elif op == "insert":
                data[at:at] = draw(st.sampled_from(_TOKENS) | st.binary(max_size=8))
            else:
                other = draw(st.sampled_from(seeds))
                start = draw(st.integers(0, len(other)))
                data[at:at] = other[start : start + span]
        return bytes(data)

    inputs = st.one_of(
        mutated(),
        st.lists(st.sampled_from(_TOKENS) | st.binary(max_size=6), max_size=80).map(b"".join),
        st.binary(max_size=512),
        st.text(max_size=256).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )
    known: set[str] = set(report.crashes)
    last: dict[str, bytes] = {}

    @settings(
        max_examples=args.batch,
        deadline=None,
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        phases=[Phase.generate, Phase.shrink],
        report_multiple_bugs=False,
    )
    @given(inputs)
    def one(data: bytes) -> None:
        if time.monotonic() >= deadline:
            return  # out of time: the rest of the batch runs nothing
        report.executions += 1
        crash = check(data)
        if crash is None or crash.signature in known:
            return
        last[crash.signature] = data
        raise AssertionError(crash.signature)

    while time.monotonic() < deadline:
        last.clear()
        try:
            one()
        except Exception:  # a new crash, shrunk by Hypothesis (or a flaky one)
            for sig, data in last.items():
                if sig not in known:
                    known.add(sig)
                    save_crash(report, data, budget=args.minimise_seconds)


# Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz")
    parser.add_argument("--corpus-dir", help="folder for the inputs that add coverage (kept)")
    parser.add_argument("--engine", choices=["auto", "atheris", "hypothesis"], default="auto")
    parser.add_argument("--max-len", type=int, default=8192, help="longest fuzzed input")
    parser.add_argument("--timeout", type=int, default=20, help="seconds one input may take")
    parser.add_argument("--rss-limit-mb", type=int, default=4096)
    parser.add_argument("--minimise-seconds", type=float, default=60.0, help="per crash")
    parser.add_argument("--batch", type=int, default=2000, help="Hypothesis examples a batch")
    parser.add_argument("--verbose", action="store_true", help="show libFuzzer's output")
    parser.add_argument("--worker", metavar="FINDINGS", help=argparse.SUPPRESS)
    parser.add_argument("libfuzzer", nargs="*", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the fuzzer; 0 when it found nothing, 1 when it found a crash."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.worker:
        worker_main(Path(args.worker), args.libfuzzer)
        return 0
    start = time.monotonic()
    deadline = start + args.seconds
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if load_atheris() is not None else "hypothesis"
    elif engine == "atheris" and load_atheris() is None:
        print("atheris is not installed: use --engine hypothesis", file=sys.stderr)
        return 2
    if args.corpus_dir:
        Path(args.corpus_dir).mkdir(parents=True, exist_ok=True)
    report = Report()
    extra = [Path(args.corpus_dir)] if args.corpus_dir else []
    run_seeds(report, seed_dirs(extra), budget=args.minimise_seconds)
    if engine == "atheris":
        run_atheris(args, report, deadline)
    else:
        run_hypothesis(args, report, deadline)
    print(summary(engine, report, time.monotonic() - start), flush=True)
    return 1 if report.crashes else 0


if __name__ == "__main__":
    sys.exit(main())
