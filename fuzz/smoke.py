"""Smoke run: real documents through all three functions, then a stream of mutated records.

Usage::

    python fuzz/smoke.py [-n 100000] [--seed 0] [--jobs J] [--save DIR] [--dump INDEX]

First every document of ``../shared/corpus`` (when present) and ``tests/fixtures``
goes to :func:`rfiparse.parse`, :func:`rfiparse.parse_listing` and
:func:`rfiparse.parse_feed` (the iterator consumed), as bytes and as UTF-8 text.
Then ``-n`` synthetic records, each a real record mutated by a seeded generator
(truncation at tag boundaries, attributes glued to their tags, duplicated and
deleted blocks, wrong nesting, corrupted record headers, stray entities, and mixed
encodings such as a GB18030 or Latin-1 paragraph spliced as bytes into UTF-8), go
to :func:`rfiparse.parse`.

Each call must give a result (whose Articles pass ``tests/invariants.py``) or an
:class:`rfiparse.RfiParseError`. The run prints the counts of results and refusals
per function and the wall time, and exits 1 if anything else happened. Record
``i`` depends only on ``--seed`` and ``i``, so a run is the same whatever
``--jobs``, and ``--dump i`` writes record ``i`` to stdout to reproduce a failure.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import multiprocessing
import os
import random
import re
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import rfiparse

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"

sys.path.insert(0, str(TESTS))
_invariants = importlib.import_module("invariants")

DOCUMENT_SUFFIXES = (".md", ".txt", ".html", ".xml", ".bin")
NOT_DOCUMENTS = ("README.md",)
# Records to mutate: feed-archive records and article fragments, not whole pages.
RECORD_LIMIT = 100_000


# The three calls and their checks ----------------------------------------------------------


CALLS: dict[str, Callable[[str | bytes], None]] = _invariants.CHECKS


@dataclass
class Tally:
    """Counts per function, and the failures (anything but a result or a refusal)."""

    results: Counter[str] = field(default_factory=Counter)
    refusals: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failed: Counter[str] = field(default_factory=Counter)

    def run(self, call: str, value: str | bytes, label: str) -> bool:
        """Run one call; count it; ``False`` when it broke the contract."""
        try:
            CALLS[call](value)
        except rfiparse.RfiParseError:
            self.refusals[call] += 1
            return True
        except KeyboardInterrupt:
            raise
        except BaseException as error:  # anything else breaks the contract
            self.failed[call] += 1
            if len(self.failures) < 20:
                where = "".join(traceback.format_exception(type(error), error, None)).strip()
                self.failures.append(f"{label}: {call}({type(value).__name__}): {where}")
            return False
        self.results[call] += 1
        return True

    def add(self, other: Tally) -> None:
        """Add another tally's counts to this one."""
        self.results.update(other.results)
        self.refusals.update(other.refusals)
        self.failed.update(other.failed)
        self.failures.extend(other.failures[: max(0, 20 - len(self.failures))])


# Documents ---------------------------------------------------------------------------------


def documents() -> list[Path]:
    """The real documents: the shared corpus (when present), then the fixtures, each once."""
    roots = [CORPUS, FIXTURES] if CORPUS.is_dir() else [FIXTURES]
    seen: set[str] = set()
    found: list[Path] = []
    for root in roots:
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.suffix not in DOCUMENT_SUFFIXES:
                continue
            if path.name in NOT_DOCUMENTS:
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                found.append(path)
    return found


def base_records(paths: Iterable[Path]) -> list[str]:
    """The records and fragments that the synthetic stream mutates (no pages, feeds, lists)."""
    records: list[str] = []
    for path in paths:
        if path.suffix not in (".md", ".txt", ".html") or path.stat().st_size > RECORD_LIMIT:
            continue
        text = path.read_bytes().decode("utf-8", "replace")
        if "<html" in text[:2000].lower():
            continue
        records.append(text)
    return records


# Mutations ---------------------------------------------------------------------------------

_TAG = re.compile(r"<[^<>]*>")
_OPEN = re.compile(r"<(div|p|aside|figure|ul|ol|li|h2|h3|strong|em|a|span|blockquote|section)\b")
_CLOSE = re.compile(r"</[a-zA-Z0-9]+\s*>")
_GLUE_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)\s+(?=[a-zA-Z-]+=)")
_GLUE_ATTR = re.compile(r"([\"'])\s+(?=[a-zA-Z-]+=)")
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL)
_HEADER = re.compile(r"^\[(.*)\]\((.*)\)$", re.MULTILINE)
_EPOCH = re.compile(r"<!--\s*\d+\s*-->")
_DATE = re.compile(r"\d\d/\d\d/\d{4} - \d\d:\d\d")

_FRENCH = "L'Élysée « réagit » : café, été, œuvre à Paris — 15 % de hausse, ½ déçu."
_CHINESE = "中国外交部发言人表示，双方将保持深入沟通。臺灣國防預算"
_NOISE = [
    "&#0;", "&#xD800;", "&#1114112;", "&#x110000;", "&nbsp;", "&bogus;", "&amp", "&#",
    "\x00", "\x0b", "\x0c", "\x1f", "\x7f", "\x85", "\u2028", "\u200b", "\ufeff", "\ufffe",
    "\u3000", "\U0001f600", "<!--", "-->", "<![CDATA[", "]]>", "<?xml ?>", "<!DOCTYPE x>",
    "<script>", "</script>", "<style>", "<br/>", "<img>", '<img src="">', "<a href>",
    '<a href="javascript:alert(1)">', '<a href="//evil.example/x">', '<a href="http://[::1">',
    '<img src="https://s.rfi.fr/a b.jpg" width="-1" height="1e9">', "<time datetime=\"x\">",
    '<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"x"}</script>',
    '<script type="application/json">{"sources":[{"url":1}]}</script>', "<p>", "</p>",
    "<div>", "</div>", "<aside>", "</aside>", "<strong>", "<h2>", "<figure>", "<figcaption>",
]  # fmt: skip
_HEADER_URLS = [
    "", "javascript:alert(1)", "//www.rfi.fr/cn/x", "http://[::1", "http://a b/c",
    "https://www.rfi.fr/cn/%ZZ", "https://www.rfi.fr/xx/yy/zz", "http://www.rfi.fr//cn/中国/x",
    "https://user:pw@www.rfi.fr:99999/cn/x", "https://" + "a" * 300 + ".fr/x", "ftp://rfi.fr/x",
    "https://www.rfi.fr/cn/专栏检索/特别节目/", "https://www.rfi.fr/tw/",
]  # fmt: skip
_DATES = ["31/02/2023 - 25:61", "00/00/0000 - 00:00", "29/02/2023 - 12:00", "31/03/2024 - 02:30"]
_EPOCHS = ["<!--99999999999999999999-->", "<!---1-->", "<!--0-->", "<!--1e3-->", "<!---->"]


def _tag_bounds(text: str) -> list[int]:
    """Offsets where a tag starts or ends."""
    bounds = [0, len(text)]
    for match in _TAG.finditer(text):
        bounds.append(match.start())
        bounds.append(match.end())
    return bounds


def _block(rng: random.Random, text: str) -> tuple[int, int] | None:
    """A random element's span: an opening tag to the first matching close after it."""
    opens = list(_OPEN.finditer(text))
    if not opens:
        return None
    start = rng.choice(opens)
    close = text.find(f"</{start.group(1)}>", start.end())
    if close < 0:
        return None
    return start.start(), close + len(start.group(1)) + 3


def truncate(rng: random.Random, text: str) -> str:
    """Cut the record at a tag boundary (now and then inside a tag)."""
    at = rng.choice(_tag_bounds(text))
    if rng.random() < 0.2:
        at = min(len(text), at + rng.randint(1, 12))
    return text[:at]


def glue(rng: random.Random, text: str) -> str:
    """Glue attributes to their tag name (``<divclass=``) or to each other (``"a"b=``)."""
    rate = rng.choice([0.1, 0.5, 1.0])
    pattern, replacement = rng.choice([(_GLUE_TAG, r"<\1"), (_GLUE_ATTR, r"\1")])
    return pattern.sub(lambda m: m.expand(replacement) if rng.random() < rate else m[0], text)


def duplicate(rng: random.Random, text: str) -> str:
    """Repeat a block, in place or at another tag boundary."""
    span = _block(rng, text)
    if span is None:
        return text
    piece = text[span[0] : span[1]]
    at = span[1] if rng.random() < 0.5 else rng.choice(_tag_bounds(text))
    return text[:at] + piece * rng.randint(1, 3) + text[at:]


def delete(rng: random.Random, text: str) -> str:
    """Delete a block, or the text between two tag boundaries."""
    span = _block(rng, text)
    if span is None or rng.random() < 0.3:
        a, b = sorted(rng.sample(_tag_bounds(text), 2)) if len(text) > 1 else (0, 0)
        span = (a, b)
    return text[: span[0]] + text[span[1] :]


def misnest(rng: random.Random, text: str) -> str:
    """Break the nesting: swap, drop, add or move closing tags; open what never closes."""
    closes = list(_CLOSE.finditer(text))
    how = rng.randrange(6)
    if how == 0 and len(closes) >= 2:  # swap two closing tags
        i = rng.randrange(len(closes) - 1)
        a, b = closes[i], closes[i + 1]
        return text[: a.start()] + b[0] + text[a.end() : b.start()] + a[0] + text[b.end() :]
    if how == 1 and closes:  # drop a closing tag
        c = rng.choice(closes)
        return text[: c.start()] + text[c.end() :]
    if how == 2 and closes:  # move a closing tag earlier
        c = rng.choice(closes)
        at = rng.choice([b for b in _tag_bounds(text) if b <= c.start()] or [0])
        return text[:at] + c[0] + text[at : c.start()] + text[c.end() :]
    if how == 3:  # stray closing or unclosed opening tags
        at = rng.choice(_tag_bounds(text))
        tag = rng.choice(["div", "p", "aside", "strong", "a", "figure", "li", "html", "body"])
        piece = f"</{tag}>" if rng.random() < 0.5 else f"<{tag}>"
        return text[:at] + piece * rng.randint(1, 4) + text[at:]
    if how == 4:  # a block inside itself: <p> in <p>, <a> in <a>
        span = _block(rng, text)
        if span is None:
            return text
        piece = text[span[0] : span[1]]
        inner = _OPEN.match(piece)
        cut = piece.find(">", inner.end() if inner else 0) + 1
        return text[: span[0]] + piece[:cut] + piece + piece[cut:] + text[span[1] :]
    # deep nesting
    depth = rng.choice([50, 300, 1000, 3000])
    tag = rng.choice(["div", "p", "strong", "a", "span", "aside", "li"])
    at = rng.choice(_tag_bounds(text))
    closing = f"</{tag}>" * depth if rng.random() < 0.5 else ""
    return text[:at] + f"<{tag}>" * depth + "x" + closing + text[at:]


def corrupt_header(rng: random.Random, text: str) -> str:
    """Damage the record header: headline, URL, epoch comment or date line."""
    how = rng.randrange(5)
    if how == 0:
        url = rng.choice(_HEADER_URLS)
        return _HEADER.sub(lambda m: f"[{m[1]}]({url})", text, count=1)
    if how == 1:
        title = rng.choice(
            ["", " ", "[[x]]", "a](b) - RFI", "\u3000\u3000", "x - 要闻解说", "&lt;"]
        )
        return _HEADER.sub(lambda m: f"[{title}]({m[2]})", text, count=1)
    if how == 2:
        return _HEADER.sub(lambda m: rng.choice([f"[{m[1]}]({m[2]}", f"{m[1]}]({m[2]})"]), text)
    if how == 3:
        return _EPOCH.sub(rng.choice(_EPOCHS), text, count=1)
    return _DATE.sub(rng.choice(_DATES), text, count=1)


def noise(rng: random.Random, text: str) -> str:
    """Insert stray entities, control characters and markup at tag boundaries."""
    bounds = _tag_bounds(text)
    for _ in range(rng.randint(1, 5)):
        at = rng.choice(bounds)
        text = text[:at] + rng.choice(_NOISE) + text[at:]
    return text


def crossover(rng: random.Random, text: str, other: str) -> str:
    """Splice a block of another record in at a tag boundary."""
    span = _block(rng, other)
    if span is None:
        return text
    at = rng.choice(_tag_bounds(text))
    return text[:at] + other[span[0] : span[1]] + text[at:]


STRUCTURAL: list[Callable[[random.Random, str], str]] = [
    truncate,
    glue,
    duplicate,
    delete,
    misnest,
    corrupt_header,
    noise,
]


def encode(rng: random.Random, text: str) -> tuple[bytes, str]:
    """The record as bytes: UTF-8, with now and then other encodings spliced in or over."""
    how = rng.randrange(10)
    data = text.encode("utf-8", "surrogatepass")
    if how <= 3:
        return data, "utf-8"
    if how <= 6:  # one paragraph (or a sample text) in another encoding, spliced as bytes
        encoding = rng.choice(["gb18030", "big5", "latin-1", "cp1252", "shift_jis", "utf-16-le"])
        paragraphs = list(_PARAGRAPH.finditer(text))
        if paragraphs and encoding in ("gb18030", "big5", "shift_jis", "utf-16-le"):
            match = rng.choice(paragraphs)
            piece = match[1].encode(encoding, "replace")
            start = len(text[: match.start(1)].encode("utf-8", "surrogatepass"))
            end = len(text[: match.end(1)].encode("utf-8", "surrogatepass"))
            return data[:start] + piece + data[end:], f"utf-8+{encoding} paragraph"
        sample = (_FRENCH if encoding in ("latin-1", "cp1252") else _CHINESE).encode(
            encoding, "replace"
        )
        at = rng.choice(_tag_bounds(text))
        at = len(text[:at].encode("utf-8", "surrogatepass"))
        return data[:at] + b"<p>" + sample + b"</p>" + data[at:], f"utf-8+{encoding} splice"
    if how == 7:  # the whole record in another encoding, declared rightly, wrongly or not
        encoding = rng.choice(["gb18030", "big5", "utf-16", "utf-16-be", "cp1252"])
        declared = rng.choice([encoding, "utf-8", "latin-1", "x-bogus", None])
        meta = f'<meta charset="{declared}">' if declared else ""
        return (meta + text).encode(encoding, "replace"), f"{encoding} as {declared}"
    if how == 8:  # byte-order marks, right and wrong
        bom = rng.choice([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf" * 2])
        return bom + data, f"bom {bom!r}"
    # truncated inside a multi-byte character
    cut = rng.randrange(len(data) + 1)
    while 0 < cut < len(data) and data[cut] & 0xC0 == 0x80 and rng.random() < 0.9:
        cut += 1
    return data[: max(0, cut - 1)], "utf-8 cut mid-character"


def synthetic(records: list[str], seed: int, index: int) -> tuple[str | bytes, str]:
    """Record ``index`` of the stream, and what was done to it; it depends on nothing else."""
    rng = random.Random(f"{seed}:{index}")
    text = rng.choice(records)
    ops: list[str] = []
    for _ in range(rng.choice([1, 1, 2, 2, 3, 4])):
        if rng.random() < 0.1:
            text = crossover(rng, text, rng.choice(records))
            ops.append("crossover")
        else:
            mutation = rng.choice(STRUCTURAL)
            text = mutation(rng, text)
            ops.append(mutation.__name__)
    data, how = encode(rng, text)
    ops.append(how)
    form = rng.random()
    if form < 0.1:
        return data.decode("utf-8", "surrogateescape"), " ".join([*ops, "as str+surrogates"])
    if form < 0.15:
        return data.decode("latin-1"), " ".join([*ops, "as str latin-1"])
    return data, " ".join(ops)


# Running -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One slice of the synthetic stream."""

    seed: int
    start: int
    stop: int
    save: str | None


_RECORDS: list[str] = []


def _init(records: list[str]) -> None:
    _RECORDS[:] = records


def run_slice(job: Job) -> Tally:
    """Parse records ``job.start`` to ``job.stop`` of the stream."""
    tally = Tally()
    for index in range(job.start, job.stop):
        value, ops = synthetic(_RECORDS, job.seed, index)
        if not tally.run("parse", value, f"record {index} [{ops}]") and job.save:
            data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
            name = hashlib.sha256(data).hexdigest()[:12]
            Path(job.save, f"{name}.bin").write_bytes(data)
    return tally


def run_documents(paths: list[Path]) -> Tally:
    """Every real document through the three functions, as bytes and as text."""
    tally = Tally()
    for path in paths:
        data = path.read_bytes()
        base = ROOT if path.is_relative_to(ROOT) else ROOT.parent
        label = str(path.relative_to(base) if path.is_relative_to(base) else path)
        for call in CALLS:
            for value in (data, data.decode("utf-8", "surrogateescape")):
                tally.run(call, value, label)
    return tally


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, default=100_000, help="synthetic records")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes")
    parser.add_argument("--save", help="folder for the inputs of failed records")
    parser.add_argument("--dump", type=int, metavar="INDEX", help="write record INDEX, exit")
    return parser.parse_args(argv)


def _print_counts(title: str, tally: Tally, calls: Iterable[str]) -> None:
    print(title)
    for call in calls:
        print(
            f"  {call:<14} results={tally.results[call]:>7}  refusals={tally.refusals[call]:>7}"
            f"  failures={tally.failed[call]}"
        )


def main(argv: list[str] | None = None) -> int:
    """Run the smoke test; 0 when every call gave a result or a refusal."""
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    paths = documents()
    records = base_records(paths)
    if args.dump is not None:
        value, ops = synthetic(records, args.seed, args.dump)
        print(ops, file=sys.stderr)
        data = value if isinstance(value, bytes) else value.encode("utf-8", "surrogatepass")
        sys.stdout.buffer.write(data)
        return 0
    if args.save:
        Path(args.save).mkdir(parents=True, exist_ok=True)

    real = run_documents(paths)
    real_time = time.perf_counter() - started
    _print_counts(f"real documents: {len(paths)} files, as bytes and as str", real, CALLS)
    print(f"  time {real_time:.1f} s")

    stream_start = time.perf_counter()
    size = max(1, min(2000, args.records // max(1, args.jobs * 8)))
    jobs = [
        Job(args.seed, start, min(start + size, args.records), args.save)
        for start in range(0, args.records, size)
    ]
    stream = Tally()
    if args.jobs > 1 and len(jobs) > 1:
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        with context.Pool(args.jobs, initializer=_init, initargs=(records,)) as pool:
            for tally in pool.imap(run_slice, jobs):
                stream.add(tally)
    else:
        _init(records)
        for job in jobs:
            stream.add(run_slice(job))
    stream_time = time.perf_counter() - stream_start
    _print_counts(
        f"synthetic records: {args.records} mutations of {len(records)} records "
        f"(seed {args.seed}, {args.jobs} jobs)",
        stream,
        ["parse"],
    )
    print(f"  time {stream_time:.1f} s ({args.records / max(stream_time, 1e-9):.0f} records/s)")

    failures = real.failures + stream.failures
    failed = sum(real.failed.values()) + sum(stream.failed.values())
    for failure in failures:
        print(f"FAILURE {failure}")
    total = time.perf_counter() - started
    print(f"smoke: {failed} failures, wall time {total:.1f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
