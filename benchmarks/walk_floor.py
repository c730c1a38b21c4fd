"""A reference for the speed targets: how close to lxml's parse a Python walk of its tree gets.

Not an extractor: for each record and fragment fixture it times, interleaved,
three things on the same bytes:

- ``lxml``: ``lxml.html.fromstring(data)``, the floor of ``benchmarks/bench.py``;
- ``walk``: ``lxml.etree.fromstring(data, HTMLParser())`` (the same tree without
  ``lxml.html``'s element classes, which cost a Python call per element visited,
  as rfiparse parses), then one Python pass over every element that reads its
  tag, text and tail, the ``href`` and text of links and the ``src`` of images, and
  builds the result objects a naive extractor would (a ``Paragraph`` per
  ``<p>``/``<h2>``, a ``RelatedLink`` per link, an ``Image`` for the first
  ``<img>``, one ``Article``). No header, date, URL normalisation, repair of glued
  tags, no other attribute and no decision ``parse()`` makes: roughly the least that
  an extractor reading the whole tree from Python can pay;
- ``parse``: ``rfiparse.parse(data)``.

It prints each one's median time and its ratio to ``lxml``, per input and as the
median over the inputs. Not part of the test suite; timings are printed, never judged.

    python benchmarks/walk_floor.py [--rounds 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

import lxml.etree
import lxml.html
from _inputs import Sample, fixture_samples

import rfiparse
from rfiparse.model import Article, Image, Paragraph, RelatedLink

_PARAGRAPH_TAGS = frozenset({"p", "h2"})
_PARSER = lxml.etree.HTMLParser()


def _walk(data: bytes) -> Article:
    """Parse, read every element once from Python and build the objects (see above)."""
    root = lxml.etree.fromstring(data, _PARSER)
    paragraphs = []
    related = []
    image = None
    for element in root.iter():
        tag = element.tag
        text = element.text
        _ = element.tail
        if tag in _PARAGRAPH_TAGS and text and text.strip():
            paragraphs.append(Paragraph(text=" ".join(text.split())))
        elif tag == "a":
            href = element.get("href")
            title = " ".join("".join(element.itertext()).split())
            if href and title:
                related.append(RelatedLink(title=title, url=href))
        elif tag == "img" and image is None:
            src = element.get("src")
            image = Image(url=src) if src else None
    return Article(paragraphs=tuple(paragraphs), related=tuple(related), image=image)


def _batch_us(call: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        call()
    return (time.perf_counter() - start) / calls * 1e6


def _medians(sample: Sample, rounds: int) -> dict[str, float]:
    """Each tool's median time in microseconds: ``rounds`` interleaved batches of 50 calls."""
    data = sample.data
    tools: dict[str, Callable[[], object]] = {
        "lxml": lambda: lxml.html.fromstring(data),
        "walk": lambda: _walk(data),
        "parse": lambda: rfiparse.parse(data),
    }
    for call in tools.values():  # warm up
        _batch_us(call, 20)
    times: dict[str, list[float]] = {name: [] for name in tools}
    for round_ in range(rounds):
        names = list(tools)
        names = names[round_ % 3 :] + names[: round_ % 3]  # rotate who goes first
        for name in names:
            times[name].append(_batch_us(tools[name], 50))
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print each input's median times and ratios to lxml, then their medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="interleaved rounds per input")
    args = parser.parse_args()
    if args.rounds < 1:
        parser.error("--rounds must be at least 1")
    samples = fixture_samples({"record", "fragment"})
    print(f"{'input':44} {'lxml':>8} {'walk':>8} {'parse':>8} {'walk÷lxml':>10} {'parse÷lxml':>11}")
    walk_ratios, parse_ratios = [], []
    for sample in samples:
        median = _medians(sample, args.rounds)
        walk_ratios.append(median["walk"] / median["lxml"])
        parse_ratios.append(median["parse"] / median["lxml"])
        print(
            f"{sample.name:44} {median['lxml']:6.0f}µs {median['walk']:6.0f}µs "
            f"{median['parse']:6.0f}µs {walk_ratios[-1]:9.2f}× {parse_ratios[-1]:10.2f}×"
        )
    print(
        f"median over {len(samples)} inputs: walk {statistics.median(walk_ratios):.2f}× lxml, "
        f"parse {statistics.median(parse_ratios):.2f}× lxml"
    )


if __name__ == "__main__":
    main()
