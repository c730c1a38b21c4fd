"""The benchmark inputs: the repository's fixtures, read into memory as bytes.

Everything comes from ``tests/fixtures/`` (found through the tests' loader,
``tests/goldens.py``) so that a fresh clone reproduces the published figures; a
directory of further feed-archive records (the project's shared corpus) may be added
on request. Synthetic records scale the seed record's body.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = [
    "FIXTURES",
    "PAGE",
    "REPO",
    "SEED",
    "GoldenCase",
    "Sample",
    "Shape",
    "corpus_samples",
    "fixture_samples",
    "golden_cases",
    "peer_html",
    "scaled_seed",
]

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
_goldens = importlib.import_module("goldens")  # the fixtures' layout and loader
FIXTURES: Path = _goldens.FIXTURES
SEED: Path = _goldens.SEED
PAGE: Path = _goldens.fixture("page_cn_taiwan_defense_budget.html")

Shape = Literal["page", "record", "fragment", "synthetic", "corpus"]

# The header line of a feed-archive record: [headline](url).
_RECORD_URL = re.compile(rb"^\[.*\]\((\S+)\)[ \t]*\r?$", re.MULTILINE)
_CANONICAL = re.compile(rb'<link\s+rel="canonical"\s+href="([^"]+)"', re.IGNORECASE)
# The seed's body: the paragraphs between the lead and the self-promotion blocks.
_FRAGMENTS: tuple[Shape, ...] = ("fragment",)
_SEED_BODY = re.compile(rb"</strong></p><div>((?:<p>.*?</p>)+)<div data-selfpromo", re.DOTALL)


@dataclass(frozen=True)
class Sample:
    """One benchmark input, held in memory."""

    name: str
    """The fixture's file stem (``record_2023_seed``), or ``seed ×10`` for a synthetic one."""

    shape: Shape
    """What kind of input it is: a full page, a record, a bare fragment, a scaled
    synthetic record, or a record of the shared corpus."""

    data: bytes
    """The input exactly as stored (UTF-8)."""

    scale: int | None = None
    """For synthetic records: how many times the seed's body paragraphs are repeated."""

    @property
    def text(self) -> str:
        """The input decoded as UTF-8 (what the peers are given)."""
        return self.data.decode("utf-8", errors="replace")

    @property
    def url(self) -> str | None:
        """The URL the input itself states (record header line, page canonical link)."""
        pattern = _CANONICAL if self.shape == "page" else _RECORD_URL
        match = pattern.search(self.data)
        return match.group(1).decode("utf-8", errors="replace") if match else None


@dataclass(frozen=True)
class GoldenCase:
    """A golden fixture: the input and the ``Article.to_dict()`` it must parse to."""

    sample: Sample
    expected: dict[str, Any]


def _shape_of(path: Path) -> Shape:
    kind = _goldens.kind_of(path)
    return kind if kind in ("page", "fragment") else "record"


def _sample(path: Path, shape: Shape | None = None) -> Sample:
    return Sample(name=path.stem, shape=shape or _shape_of(path), data=path.read_bytes())


def _records(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in {".md", ".txt"})


def _real(path: Path) -> bool:
    """Whether a fixture is a real RFI document, not a hand-written ``synthetic_*`` case.

    The synthetic cases test one rule each on a few lines of markup: timing them, or
    scoring the peers on them, would mix hand-made inputs into what the pages
    present as measurements on real documents.
    """
    return not path.name.startswith("synthetic_")


def fixture_samples(shapes: Collection[Shape] | None = None) -> list[Sample]:
    """The page, every real record (``record_*.md|txt``) and real fragment of the fixtures.

    With ``shapes``, only the fixtures of those shapes are read.
    """
    paths = [PAGE, *_goldens.inputs("record"), *_goldens.inputs("fragment")]
    return [_sample(p) for p in paths if _real(p) and (shapes is None or _shape_of(p) in shapes)]


def corpus_samples(directory: Path) -> list[Sample]:
    """The feed-archive records (``*.md``, ``*.txt``) of a corpus directory."""
    paths = [p for p in _records(directory) if p.name.lower() != "readme.md"]
    return [_sample(path, "corpus") for path in paths]


def scaled_seed(scales: Iterable[int]) -> list[Sample]:
    """The seed record with its body paragraphs repeated k times, for each k.

    Everything else (header, lead, share block, related links) is kept once, so
    ``parse()`` must return k times the seed's paragraphs.

    :raises ValueError: the seed no longer has the body this function expects.
    """
    seed = SEED.read_bytes()
    match = _SEED_BODY.search(seed)
    if match is None:
        raise ValueError(f"{SEED.name}: no body paragraphs found between lead and self-promotion")
    head, body, tail = seed[: match.start(1)], match.group(1), seed[match.end(1) :]
    return [
        Sample(name=f"seed ×{k}", shape="synthetic", data=head + body * k + tail, scale=k)
        for k in scales
    ]


def golden_cases() -> list[GoldenCase]:
    """Every real record, fragment and page fixture with its ``<name>.json`` expectation."""
    return [
        GoldenCase(sample=_sample(case.input_path), expected=case.load())
        for case in _goldens.cases(*_goldens.ARTICLE_KINDS)
        if _real(case.input_path)
    ]


def peer_html(sample: Sample, wrap: Collection[Shape] = _FRAGMENTS) -> str:
    """The input as the peers get it: decoded, wrapped in a document if its shape is in ``wrap``.

    By default pages and records are passed as they are, and a bare fragment is put in
    ``<html><head><meta charset="utf-8"></head><body>…</body></html>``, as any caller
    would before handing it to a tool built for web pages.
    """
    if sample.shape not in wrap:
        return sample.text
    return f'<html><head><meta charset="utf-8"></head><body>{sample.text}</body></html>'
