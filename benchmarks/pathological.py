"""Time rfiparse on pathological inputs of growing size: time must grow linearly.

Each case builds an input of size n that targets one regular expression or tree
walk (long runs of spaces, quotes, '=' signs, nested tags, unclosed comments...)
and times parse() at n, 2n, 4n and 8n. A linear cost shows ratios near 2 between
successive sizes; a quadratic one near 4. Not part of the test suite.

    python benchmarks/pathological.py [--base 20000]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import time
from collections.abc import Callable

import rfiparse

CASES: dict[str, Callable[[int], str]] = {
    "front matter value of spaces": lambda n: "---\ntitle: a" + " " * n + "x\n---\n<p>x</p>",
    "markdown title line of ']('": lambda n: "<!--1-->\n[" + "](" * n + "\n------\n<p>x</p>",
    "record header of dashes": lambda n: "<!--1-->\n[t](https://www.rfi.fr/cn/x)\n" + "-" * n,
    "glued attributes": lambda n: "<div" + ' data-a=""' * (n // 10) + "><p>x</p></div>",
    "'=\"' without closing quote": lambda n: '<p a="' + "=" * n + "</p>",
    "quotes and names": lambda n: "<p>" + '="x"y' * (n // 5) + "</p>",
    "unclosed script": lambda n: "<p>x</p><script>" + "<script" * (n // 7),
    "script closers without '>'": lambda n: "<p>x</p><script>" + "</script " * (n // 9),
    "date-like leaf divs": lambda n: "<div>01/01/2020 - 10:00 </div>" * (n // 30) + "<p>x</p>",
    "deep nesting": lambda n: "<div>" * (n // 5) + "<p>x</p>" + "</div>" * (n // 5),
    "long URL host": lambda n: '<p><a href="http://' + "a." * (n // 2) + ':">x</a></p>',
    "long srcset": lambda n: (
        '<div><figure><img srcset="' + "https://s.rfi.fr/a.jpg 1w," * (n // 25) + '"></figure>'
        "<p>x</p></div>"
    ),
    "many paragraphs": lambda n: "<div>" + "<p>x</p>" * (n // 8) + "</div>",
    "whitespace text": lambda n: "<p>" + " \u3000\u00a0" * (n // 3) + "x</p>",
}


def _time(text: str, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        with contextlib.suppress(rfiparse.RfiParseError):
            rfiparse.parse(text, max_bytes=None)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    """Print, for each case, the time at n, 2n, 4n, 8n and the ratios between them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=20_000, help="the smallest size n")
    args = parser.parse_args()
    sizes = [args.base * k for k in (1, 2, 4, 8)]
    print(f"{'case':32} " + " ".join(f"{s:>10,}" for s in sizes) + "   ratios")
    worst = 0.0
    for name, build in CASES.items():
        times = [_time(build(size)) for size in sizes]
        ratios = [b / a if a > 0 else 0.0 for a, b in itertools.pairwise(times)]
        worst = max(worst, ratios[-1])
        print(
            f"{name:32} "
            + " ".join(f"{t * 1000:9.2f}ms" for t in times)
            + "   "
            + " ".join(f"{r:4.1f}" for r in ratios)
        )
    print(f"largest last ratio: {worst:.1f} (2 is linear, 4 quadratic)")


if __name__ == "__main__":
    main()
