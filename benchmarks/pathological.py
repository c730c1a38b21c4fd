"""Time rfiparse on pathological inputs: time must grow linearly, and stay within budget.

Each case builds an input of about n bytes that targets one regular expression or
tree walk (long runs of spaces, quotes, '=' signs, nested tags, unclosed comments,
and every element kind a rule treats specially: scripts, players, frames, figures,
asides, lists, divs, spans, tables, article items and links, nested to libxml2's
256-level cap and flat), for ``parse()``, ``parse_listing()`` or ``parse_feed()``.

Without ``--check``, each case is timed at n, 2n, 4n and 8n and the ratios printed
(2 is linear, 4 quadratic). With ``--check``, each case is generated at ``--size``
bytes (1 MB) and at a half and a quarter of it, and the real 544 KB article page
(tests/fixtures/pages/page_cn_taiwan_defense_budget.html) is timed just before it, in the
same run. The check fails (exit status 1) when a case costs more than ``--budget``
(20) times what the page costs per byte or per element, whichever is larger (a
megabyte of ``<p>x</p>`` holds 125,000 elements, the page 904: dense input is
judged per element, each of which becomes output), or grows super-linearly (more
than ``--max-growth`` (8) times longer at full size than at a quarter of it; 4 is
linear, 16 quadratic). A growth-ratio check alone cannot see a rescan per nesting
level: the depth is capped, so it multiplies the cost by up to 256 at every size;
the budget does (``tests/test_bounded_time.py`` counts the visits per element).
Cases marked as refused must raise ``InputTooComplexError``, and fast.

    python benchmarks/pathological.py [--base 20000]
    python benchmarks/pathological.py --check [--size 1000000] [--only WORD]
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from _inputs import PAGE
from lxml import etree

import rfiparse

# libxml2 nests elements no deeper than 256 levels (<html> and <body> included).
DEPTH = 250


def _fill(prefix: str, unit: str | Callable[[int], str], suffix: str, n: int) -> str:
    """About ``n`` characters: ``prefix``, ``unit`` repeated, then ``suffix``.

    ``unit`` is a string, or a function of the repetition's index (0, 1, ...);
    it comes at least once.
    """
    room = max(n - len(prefix) - len(suffix), 1)
    if isinstance(unit, str):
        return prefix + unit * max(room // len(unit), 1) + suffix
    parts: list[str] = []
    size = 0
    for i in itertools.count():
        part = unit(i)
        parts.append(part)
        size += len(part)
        if size >= room:
            break
    return prefix + "".join(parts) + suffix


AUDIO = '<script data-media-id="1">{"sources":[{"url":"http://a.com/x.mp3"}]}</script>'
PLAYER = '<youtube-player source="https://www.youtube.com/embed/abcdefgh">'
FRAME = '<iframe src="https://www.youtube.com/embed/abcdefgh"></iframe>'
FIGURE = '<figure><img src="/a.jpg"><figcaption><span>c</span><span>d</span></figcaption></figure>'
AUTHOR = '<a href="/cn/作者/a/">a</a>'
PAGE_HEAD = '<html><head><meta property="og:type" content="article"></head><body>'
LISTING_HEAD = "<html><head></head><body>"


def _link(i: int) -> str:
    return f'<a href="/cn/x{i}">t</a>'


def _teaser(i: int) -> str:
    return (
        f'<div class="m-item-list-article" data-article-list><a href="/cn/20200101-x{i}">'
        '<h2>t</h2></a><div class="a-tag">s</div><picture><source srcset="/a.jpg 1w">'
        '<img src="/a.jpg"></picture><time datetime="2020-01-01T10:00:00Z">x</time></div>'
    )


def _feed(items: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        + items
        + "</channel></rss>"
    )


def _item(html: str) -> str:
    return (
        "<item><title>T</title><link>https://www.rfi.fr/cn/x/20200101-a</link>"
        f"<description><![CDATA[{html}]]></description></item>"
    )


@dataclass(frozen=True)
class Case:
    """One pathological input, as a function of its size."""

    build: Callable[[int], str]
    api: str = "parse"
    """``parse``, ``listing`` (parse_listing) or ``feed`` (parse_feed)."""
    refused: str | None = None
    """For input that must be refused with ``InputTooComplexError``: what refuses it."""


CASES: dict[str, Case] = {
    # Regular expressions and the parser's own limits.
    "front matter value of spaces": Case(lambda n: "---\ntitle: a" + " " * n + "x\n---\n<p>x</p>"),
    "markdown title line of ']('": Case(
        lambda n: "<!--1-->\n[" + "](" * (n // 2) + "\n------\n<p>x</p>"
    ),
    "record header of dashes": Case(lambda n: "<!--1-->\n[t](https://www.rfi.fr/cn/x)\n" + "-" * n),
    "glued attributes": Case(lambda n: "<div" + ' data-a=""' * (n // 10) + "><p>x</p></div>"),
    "'=\"' without closing quote": Case(lambda n: '<p a="' + "=" * n + "</p>"),
    "quotes and names": Case(lambda n: "<p>" + '="x"y' * (n // 5) + "</p>"),
    "unclosed script": Case(lambda n: "<p>x</p><script>" + "<script" * (n // 7)),
    "script closers without '>'": Case(lambda n: "<p>x</p><script>" + "</script " * (n // 9)),
    "date-like leaf divs": Case(
        lambda n: "<div>01/01/2020 - 10:00 </div>" * (n // 30) + "<p>x</p>"
    ),
    "deep nesting": Case(lambda n: "<div>" * (n // 5) + "<p>x</p>" + "</div>" * (n // 5)),
    "long URL host": Case(lambda n: '<p><a href="http://' + "a." * (n // 2) + ':">x</a></p>'),
    "long srcset": Case(
        lambda n: (
            '<div><figure><img srcset="'
            + "https://s.rfi.fr/a.jpg 1w," * (n // 25)
            + '"></figure><p>x</p></div>'
        )
    ),
    "many paragraphs": Case(lambda n: _fill("<div>", "<p>x</p>", "</div>", n)),
    "whitespace text": Case(lambda n: "<p>" + " \u3000\u00a0" * (n // 3) + "x</p>"),
    "attributes on one tag": Case(
        lambda n: _fill("<p ", lambda i: f'a{i}="v" ', ">x</p>", n),
        refused="the pre-parse check of _html.parse_html (parser hardening, wt-xmlfeed)",
    ),
    # Scripts and players.
    "audio scripts, flat": Case(lambda n: _fill("<div><p>x</p><div>", AUDIO, "</div></div>", n)),
    "audio scripts, duration last": Case(
        lambda n: _fill(
            "<div><p>x</p><div>", AUDIO, '<span class="a__duration">01:30</span></div></div>', n
        )
    ),
    "audio scripts, nested": Case(
        lambda n: _fill("<p>x</p>" + ("<div>" + AUDIO) * DEPTH, AUDIO, "", n)
    ),
    "video players, nested": Case(lambda n: _fill("<p>x</p><div>", PLAYER, "</div>", n)),
    "video players, flat, title last": Case(
        lambda n: _fill(
            '<p>x</p><div class="m-em-video">',
            PLAYER + "</youtube-player>",
            '<div class="m-em-video__title">T</div></div>',
            n,
        )
    ),
    "frames, flat": Case(lambda n: _fill("<p>x</p><div>", FRAME, "</div>", n)),
    "frames below deep divs": Case(lambda n: _fill("<p>x</p>" + "<div>" * DEPTH, FRAME, "", n)),
    # Figures.
    "figures, flat": Case(lambda n: _fill("<div><p>x</p>", FIGURE, "</div>", n)),
    "figures below deep divs": Case(
        lambda n: _fill("<div>" * (DEPTH - 10) + "<p>x</p>", FIGURE, "", n)
    ),
    "figures, nested": Case(
        lambda n: _fill("<p>x</p>" + "<figure>" * DEPTH, '<img src="/a.jpg">', "", n)
    ),
    "figures below a player": Case(
        lambda n: _fill(
            "<p>x</p><div>" + "<div>" * (DEPTH - 10) + PLAYER + "</youtube-player>",
            '<figure><img src="/a.jpg"></figure>',
            "",
            n,
        )
    ),
    # Asides and their items.
    "asides, nested, links": Case(lambda n: _fill("<p>x</p>" + "<aside>" * DEPTH, _link, "", n)),
    "asides, flat": Case(
        lambda n: _fill("<p>x</p>", lambda i: f"<aside><span>s</span>{_link(i)}</aside>", "", n)
    ),
    "article items nested in an aside": Case(
        lambda n: _fill(
            "<p>x</p><aside>" + "<div data-article-list>" * DEPTH,
            '<span></span><a href="/cn/x"></a>',
            "",
            n,
        )
    ),
    "article items, flat, in an aside": Case(
        lambda n: _fill(
            "<p>x</p><aside>",
            lambda i: f"<div data-article-list><span>s</span>{_link(i)}</div>",
            "</aside>",
            n,
        )
    ),
    "spans nested in an aside": Case(
        lambda n: _fill("<p>x</p><aside>" + "<span>" * DEPTH, "<i></i>", '<a href="/cn/x">t</a>', n)
    ),
    # Blocks of the body.
    "lists, nested": Case(
        lambda n: _fill("<p>x</p>" + "<ul><li>" * (DEPTH // 2), "<li>x</li>", "", n)
    ),
    "lists, flat": Case(lambda n: _fill("<p>x</p><ul>", "<li>x</li>", "</ul>", n)),
    "divs, nested, links": Case(
        lambda n: _fill("<p>x</p>" + "<div>" * DEPTH, '<p><a href="/cn/x">t</a></p>', "", n)
    ),
    "divs, nested, share links": Case(
        lambda n: _fill(
            "<p>x</p>" + "<div>" * DEPTH, '<a href="https://x.com/intent/x">t</a>', "", n
        )
    ),
    "divs, flat, author credits": Case(
        lambda n: _fill("<p>x</p>", "<div>" + AUTHOR + "</div>", "", n)
    ),
    "lone wrapper divs": Case(lambda n: _fill("<div>" * DEPTH, "<i>x</i>", "<aside></aside>", n)),
    "author links below a deep body": Case(
        lambda n: _fill(
            "<div>01/01/2020 - 10:00</div><div>" + "<div>" * DEPTH + "<p>x</p>", AUTHOR, "", n
        )
    ),
    "spans, nested": Case(lambda n: _fill("<p>" + "<span>" * DEPTH, "<span>x</span>", "", n)),
    "spans, flat": Case(lambda n: _fill("<p>", "<span>x</span>", "</p>", n)),
    "tables, nested": Case(
        lambda n: _fill("<p>x</p>" + "<table><tr><td>" * (DEPTH // 3), "<p>x</p>", "", n)
    ),
    "tables, flat": Case(lambda n: _fill("<p>x</p><table>", "<tr><td>x</td></tr>", "</table>", n)),
    "links, flat": Case(lambda n: _fill("<p>", _link, "</p>", n)),
    # Void elements that libxml2 opens as containers: their content is moved back.
    "embeds holding paragraphs, flat": Case(
        lambda n: _fill("<div><p>x</p>", "<embed src=x><p>y</p></embed>", "</div>", n)
    ),
    "sources, unclosed, in pictures": Case(
        lambda n: _fill("<div><p>x</p>", "<picture><source><source><img></picture>", "</div>", n)
    ),
    # Full pages.
    "page: author blocks, nested": Case(
        lambda n: _fill(
            PAGE_HEAD
            + '<h1 class="t-content__title">T</h1>'
            + '<div class="t-content__authors">' * DEPTH,
            AUTHOR,
            "",
            n,
        )
    ),
    "page: share blocks, nested": Case(
        lambda n: _fill(
            PAGE_HEAD
            + '<h1 class="t-content__title">T</h1>'
            + '<div class="t-content__shares">' * DEPTH,
            '<a href="https://x.com/intent/tweet?url=https://rfi.my/x">t</a>',
            "",
            n,
        )
    ),
    # Listings.
    "listing: items, nested": Case(
        lambda n: _fill(
            LISTING_HEAD + "<div data-article-list>" * DEPTH,
            lambda i: f'<a href="/cn/20200101-x{i}">t</a>',
            "",
            n,
        ),
        api="listing",
    ),
    "listing: items, flat": Case(lambda n: _fill(LISTING_HEAD, _teaser, "", n), api="listing"),
    "listing: one picture, many images": Case(
        lambda n: _fill(
            LISTING_HEAD
            + '<div data-article-list><a href="/cn/20200101-x"><h2>t</h2></a>'
            + "<picture>"
            + "<source></source>" * (n // 40),
            "<img>",
            "</picture></div>",
            n,
        ),
        api="listing",
    ),
    "listing: placeholder sources, many images": Case(
        # Every image is looked at (each names only the placeholder), each in a
        # picture of many sources: the sources' widest file is found once.
        lambda n: _fill(
            LISTING_HEAD
            + '<div data-article-list><a href="/cn/20200101-x"><h2>t</h2></a>'
            + "<picture>"
            + '<source srcset="https://static.rfi.fr/meta_og_twcards/a.jpg 10w"></source>'
            * (n // 120),
            '<img srcset="https://static.rfi.fr/meta_og_twcards/b.jpg 5w">',
            "</picture></div>",
            n,
        ),
        api="listing",
    ),
    "listing: headings nested in a link": Case(
        lambda n: _fill(
            LISTING_HEAD + '<div data-article-list><a href="/cn/20200101-x">' + "<h2>" * DEPTH,
            "<i></i>",
            "",
            n,
        ),
        api="listing",
    ),
    # Feeds.
    "feed: many entries": Case(
        lambda n: _feed(_fill("", _item("<p>x</p>" + AUDIO), "", n)), api="feed"
    ),
    "feed: one entry, nested asides": Case(
        lambda n: _feed(_item(_fill("<p>x</p>" + "<aside>" * DEPTH, _link, "", n))), api="feed"
    ),
    "feed: one entry, audio scripts": Case(
        lambda n: _feed(_item(_fill("<div><p>x</p><div>", AUDIO, "</div></div>", n))), api="feed"
    ),
}


def _call(api: str, text: str) -> BaseException | None:
    """Run ``api`` on ``text`` (without size limit); the ``RfiParseError`` it raised, if any."""
    try:
        if api == "listing":
            rfiparse.parse_listing(text, max_bytes=None)
        elif api == "feed":
            list(rfiparse.parse_feed(text, max_bytes=None))
        else:
            rfiparse.parse(text, max_bytes=None)
    except rfiparse.RfiParseError as error:
        return error
    return None


def _time(api: str, text: str, repeat: int = 3) -> float:
    """The best of ``repeat`` times of ``api`` on ``text``, in seconds."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        _call(api, text)
        best = min(best, time.perf_counter() - start)
    return best


def _versions() -> str:
    libxml2 = ".".join(map(str, etree.LIBXML_VERSION))
    lxml = ".".join(map(str, etree.LXML_VERSION))
    return f"Python {platform.python_version()}, lxml {lxml}, libxml2 {libxml2}"


def _growth(args: argparse.Namespace) -> None:
    sizes = [args.base * k for k in (1, 2, 4, 8)]
    print(_versions())
    print(f"{'case':40} " + " ".join(f"{s:>10,}" for s in sizes) + "   ratios")
    worst = 0.0
    for name, case in CASES.items():
        if case.refused is not None or args.only not in name:
            continue  # a refused case is left to --check: it must be refused, not timed
        times = [_time(case.api, case.build(size)) for size in sizes]
        ratios = [b / a if a > 0 else 0.0 for a, b in itertools.pairwise(times)]
        worst = max(worst, ratios[-1])
        print(
            f"{name:40} "
            + " ".join(f"{t * 1000:9.2f}ms" for t in times)
            + "   "
            + " ".join(f"{r:4.1f}" for r in ratios)
        )
    print(f"largest last ratio: {worst:.1f} (2 is linear, 4 quadratic)")


def _elements(api: str, text: str) -> int:
    """How many elements the input holds: HTML elements, and a feed's XML elements too."""
    if api != "feed":
        root = etree.fromstring(text.encode(), etree.HTMLParser())
        return sum(1 for _ in root.iter()) if root is not None else 0
    feed = etree.fromstring(text.encode(), etree.XMLParser(recover=True, huge_tree=True))
    count = 0
    for element in feed.iter():
        count += 1
        if element.text and "<" in element.text:
            count += _elements("parse", element.text)
    return count


@dataclass
class _Page:
    """The real page: its size, its elements, and its time when last measured."""

    data: bytes
    elements: int
    seconds: float = 0.0

    def measure(self) -> None:
        self.seconds = _time("parse", self.data.decode("utf-8"), repeat=3)

    def cost(self, size: int, elements: int) -> float:
        """What the page's costs would make of an input this large: seconds."""
        per_byte = self.seconds / len(self.data) * size
        per_element = self.seconds / self.elements * elements
        return max(per_byte, per_element)


@dataclass
class _Row:
    name: str
    api: str
    size: int
    elements: int
    times: list[float]
    page_cost: float
    """What the page's costs per byte and per element make of this input (the larger)."""
    verdict: str = "ok"

    @property
    def cost(self) -> float:
        """The case's time, in multiples of ``page_cost``."""
        return self.times[-1] / self.page_cost if self.page_cost > 0 else 0.0

    @property
    def growth(self) -> float:
        return self.times[-1] / self.times[0] if len(self.times) > 1 and self.times[0] else 0.0


def _check_case(name: str, case: Case, page: _Page, args: argparse.Namespace) -> _Row:
    """Time one case at a quarter of and at ``args.size``, beside the page."""
    page.measure()
    if case.refused is not None:
        # Probed small first: input the parser reads in quadratic time, if it is not
        # refused, would take minutes at full size.
        probe = case.build(args.size // 16)
        start = time.perf_counter()
        error = _call(case.api, probe)
        elapsed = time.perf_counter() - start
        if not isinstance(error, rfiparse.InputTooComplexError):
            size = len(probe.encode())
            return _Row(
                name, case.api, size, 0, [elapsed], page.cost(size, 0),
                f"FAIL: not refused (depends on {case.refused})",
            )  # fmt: skip
    small, full = case.build(args.size // 4), case.build(args.size)
    times = [_time(case.api, small, repeat=3), _time(case.api, full, repeat=2)]
    size, elements = len(full.encode()), _elements(case.api, full)
    row = _Row(name, case.api, size, elements, times, page.cost(size, elements))
    problems = []
    if case.refused is not None and not isinstance(
        _call(case.api, full), rfiparse.InputTooComplexError
    ):
        problems.append("not refused at full size")
    if row.cost > args.budget:
        problems.append(f"costs {row.cost:.1f}× the page's rate (budget {args.budget:g}×)")
    # Below ten times the page's time, timer noise outweighs any growth.
    if row.growth > args.max_growth and times[-1] > 10 * page.seconds:
        problems.append(f"grows {row.growth:.1f}× over 4× the size (at most {args.max_growth:g}×)")
    if problems:
        row.verdict = "FAIL: " + "; ".join(problems)
    elif case.refused is not None:
        row.verdict = "ok (refused)"
    return row


def _check(args: argparse.Namespace) -> int:
    data = PAGE.read_bytes()
    page = _Page(data, _elements("parse", data.decode("utf-8")))
    print(_versions())
    print(
        f"Budget: {args.budget:g}× what {PAGE.name} ({len(data):,} bytes, "
        f"{page.elements:,} elements, timed before each case) costs per byte or per "
        f"element, whichever gives more; time at full size at most {args.max_growth:g}× "
        "that at a quarter (4 is linear, 16 quadratic)."
    )
    header = (
        f"{'case':40} {'api':7} {'bytes':>10} {'elements':>9} {'n/4':>10} {'n':>10} "
        f"{'growth':>6} {'×page':>6}  verdict"
    )
    print(header)
    print("-" * len(header))
    started = time.perf_counter()
    failures = 0
    for name, case in CASES.items():
        if args.only not in name:
            continue
        row = _check_case(name, case, page, args)
        times = "".join(f"{t * 1000:8.1f}ms" for t in row.times).rjust(21)
        print(
            f"{name:40} {row.api:7} {row.size:>10,} {row.elements:>9,} {times} "
            f"{row.growth:6.1f} {row.cost:6.1f}  {row.verdict}",
            flush=True,
        )
        failures += row.verdict.startswith("FAIL")
    print(f"{failures} failing case(s); {time.perf_counter() - started:.0f} s in all")
    return 1 if failures else 0


def main() -> None:
    """``--check``: judge every case against the budget; else print the growth table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=int, default=20_000, help="the smallest size n")
    parser.add_argument("--check", action="store_true", help="judge every case (exit 1 on failure)")
    parser.add_argument("--size", type=int, default=1_000_000, help="--check: each case's size")
    parser.add_argument(
        "--budget", type=float, default=20.0, help="--check: × the page, per byte or element"
    )
    parser.add_argument("--max-growth", type=float, default=8.0, help="--check: t(n) ÷ t(n/4)")
    parser.add_argument("--only", default="", help="only the cases whose name holds this")
    args = parser.parse_args()
    if args.check:
        sys.exit(_check(args))
    with contextlib.suppress(KeyboardInterrupt):
        _growth(args)


if __name__ == "__main__":
    main()
