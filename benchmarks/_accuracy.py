"""Accuracy on the golden fixtures: rfiparse and the peers, field by field.

Each golden fixture (``tests/fixtures/{records,fragments,pages}/<name>.{md,txt,html}``
beside ``<name>.json``) states what ``rfiparse.parse(input).to_dict()`` must be, read
off the input by hand. Every tool's output is mapped onto those fields (see ``_peers``)
and compared.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from _inputs import GoldenCase, Shape
from _peers import FIELDS, Extraction, Tool, rewrapped

import rfiparse

__all__ = [
    "AccuracyResult",
    "Outcome",
    "Variant",
    "accuracy_markdown",
    "evaluate",
    "input_variants",
    "rfiparse_mismatches",
]

PARIS = ZoneInfo("Europe/Paris")
_RFI_BASE = "https://www.rfi.fr/"
_SENTENCE_END = re.compile(r"(?<=[。！？!?；;])|(?<=\.)\s+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
# The rendition segments of RFI media URLs: /w:1280/ (width) and /p:16x9/ (aspect ratio).
_RENDITION = re.compile(r"/(?:w:\d+|p:\d+x\d+)(?=/)")


@dataclass(frozen=True)
class Outcome:
    """One tool on one fixture: which fields are right, and how much body text it kept."""

    right: dict[str, bool]
    """Field name to whether it is exactly right (fields the tool provides only)."""
    date_only: bool = False
    """``published`` is right as a day: the tool gave no time."""
    other_size: bool = False
    """``image`` is right as a picture: the tool gave another rendition of it."""
    empty: bool = False
    """The tool returned no body text at all."""
    recall_chars: tuple[int, int] = (0, 0)
    """Expected paragraph characters found in the tool's text, and their total."""
    error: str | None = None
    """The exception the tool raised on this input, if it did."""


@dataclass
class AccuracyResult:
    """Every tool's outcome on every golden fixture."""

    tools: list[Tool]
    cases: list[GoldenCase]
    outcomes: dict[str, list[Outcome]] = field(default_factory=dict)
    """Tool name to one outcome per case, in case order."""
    mismatches: list[str] = field(default_factory=list)
    """rfiparse's differences from the golden JSON (there must be none)."""


def normalise(text: str | None) -> str:
    """NFC, every run of whitespace one space, stripped: the text contract's spacing."""
    return " ".join(unicodedata.normalize("NFC", text).split()) if text else ""


def blocks(text: str) -> list[str]:
    """A tool's body text as its non-empty lines, each normalised."""
    return [line for line in map(normalise, text.splitlines()) if line]


def url_key(url: str | None, base: str) -> str | None:
    """A URL in the form the golden files write it, for a fair string comparison.

    Entities decoded, resolved against the article's URL, ``https`` and a single
    ``/`` after the host for ``rfi.fr`` hosts, non-ASCII characters percent-encoded
    as UTF-8: the purely representational parts of rfiparse's URL contract.
    """
    if not url or not url.strip():
        return None
    parts = urlsplit(urljoin(base, html.unescape(url.strip())))
    scheme = parts.scheme
    if (parts.hostname or "").endswith("rfi.fr") and scheme == "http":
        scheme = "https"
    path = re.sub(r"^/+", "/", parts.path)
    joined = urlunsplit((scheme, parts.netloc, path, parts.query, parts.fragment))
    return _NON_ASCII.sub(lambda m: quote(m.group(), safe=""), joined)


def _published_right(expected: str | None, got: datetime | date | None) -> tuple[bool, bool]:
    """Whether ``got`` matches, and whether it was compared as a day only.

    An aware datetime must be the same instant. A date (or a naive datetime at
    exactly midnight, which is how dateutil-based peers return a bare date) must be
    the Paris-local day of the expected instant. Any other naive datetime must equal the
    expected wall-clock time, in Paris or in the offset the expected value states.
    """
    if expected is None or got is None:
        return expected is None and got is None, False
    instant = datetime.fromisoformat(expected)
    paris = instant.astimezone(PARIS)
    if isinstance(got, datetime):
        if got.tzinfo is not None and got.utcoffset() is not None:
            return got == instant, False
        if got.time() != time(0):
            naive = {paris.replace(tzinfo=None), instant.replace(tzinfo=None)}
            return got in naive, False
        got = got.date()
    return got == paris.date(), True


def _image_right(expected: str | None, got: str | None, base: str) -> tuple[bool, bool]:
    """Whether the image is right, and whether only as another rendition of the picture.

    RFI serves each picture at several widths and aspect ratios, named in the path
    (``…/w:1024/p:16x9/file.jpg``); a page's ``og:image`` is often another width than
    the one shown in the article.
    """
    want, have = url_key(expected, base), url_key(got, base)
    if want == have:
        return True, False
    if want is None or have is None:
        return False, False
    same = _RENDITION.sub("", want) == _RENDITION.sub("", have)
    return same, same


def _expected_blocks(expected: dict[str, Any]) -> list[str]:
    texts = [expected["lead"], *(p["text"] for p in expected["paragraphs"])]
    return [normalise(t) for t in texts if t]


def _recall(expected: dict[str, Any], body: str) -> tuple[int, int]:
    """Characters of the expected paragraphs found in ``body``, sentence by sentence.

    Whitespace is ignored on both sides; a sentence counts if it appears verbatim.
    """
    haystack = "".join(unicodedata.normalize("NFC", body).split())
    found = total = 0
    for paragraph in expected["paragraphs"]:
        for sentence in _SENTENCE_END.split(unicodedata.normalize("NFC", paragraph["text"])):
            needle = "".join(sentence.split())
            total += len(needle)
            if needle and needle in haystack:
                found += len(needle)
    return found, total


def _compare(expected: dict[str, Any], got: Extraction, tool: Tool) -> Outcome:
    base = expected["url"] or _RFI_BASE
    published, date_only = _published_right(expected["published"], got.published)
    image, other_size = _image_right(
        expected["image"]["url"] if expected["image"] else None, got.image, base
    )
    checks = {
        "headline": normalise(expected["headline"]) == normalise(got.headline),
        "lead": normalise(expected["lead"]) == normalise(got.lead),
        "published": published,
        "image": image,
        "authors": {normalise(a["name"]) for a in expected["authors"]}
        == {normalise(a) for a in got.authors if normalise(a)},
        "body": _expected_blocks(expected) == blocks(got.body),
        "related": {url_key(r["url"], base) for r in expected["related"]}
        == {url_key(u, base) for u in got.related},
    }
    return Outcome(
        right={f: checks[f] for f in FIELDS if f in tool.provides},
        date_only=date_only and published,
        other_size=other_size,
        recall_chars=_recall(expected, got.body),
        empty=not got.body.strip(),
    )


def _failed(expected: dict[str, Any], tool: Tool, error: Exception) -> Outcome:
    total = _recall(expected, "")[1]
    right = {f: False for f in FIELDS if f in tool.provides}
    message = " ".join(f"{type(error).__name__}: {error}".split())[:200]
    return Outcome(right=right, recall_chars=(0, total), empty=True, error=message)


def _outcome(tool: Tool, case: GoldenCase) -> Outcome:
    if tool.extract is None:
        raise ValueError(f"{tool.name} has no mapping onto the article's fields")
    try:
        result = tool.run(tool.prepare(case.sample))
        extraction = tool.extract(result)
    except Exception as error:  # a peer failing on an input is a result
        if tool.kind == "subject":
            raise
        return _failed(case.expected, tool, error)
    return _compare(case.expected, extraction, tool)


def rfiparse_mismatches(cases: Sequence[GoldenCase]) -> list[str]:
    """Every key where ``rfiparse.parse(input).to_dict()`` differs from the golden JSON."""
    problems = []
    for case in cases:
        got = rfiparse.parse(case.sample.data).to_dict()
        for key in sorted(set(got) | set(case.expected)):
            if got.get(key) != case.expected.get(key):
                problems.append(f"{case.sample.name}: `{key}` differs")
    return problems


def evaluate(
    tools: Sequence[Tool], cases: Sequence[GoldenCase], *, check_rfiparse: bool = True
) -> AccuracyResult:
    """Run every tool on every golden fixture and compare field by field.

    With ``check_rfiparse``, also list every difference between rfiparse's whole
    ``to_dict()`` and the golden JSON.
    """
    result = AccuracyResult(tools=[t for t in tools if t.extract], cases=list(cases))
    for tool in result.tools:
        result.outcomes[tool.name] = [_outcome(tool, case) for case in cases]
    if check_rfiparse:
        result.mismatches = rfiparse_mismatches(cases)
    subject = result.outcomes.get("rfiparse")
    for case, outcome in zip(cases, subject or [], strict=subject is not None):
        wrong = [f for f, ok in outcome.right.items() if not ok]
        if wrong:
            result.mismatches.append(f"{case.sample.name}: field comparison failed on {wrong}")
    return result


@dataclass(frozen=True)
class Variant:
    """The peers on part of the fixtures, given their input another way."""

    title: str
    result: AccuracyResult


def input_variants(
    tools: Sequence[Tool], cases: Sequence[GoldenCase], limit: int | None = None
) -> list[Variant]:
    """The peers on the records wrapped in a document, and on the fragments unwrapped.

    ``limit`` keeps only the first few cases of each shape (for a quick run).
    """
    peers = [t for t in tools if t.kind == "peer"]
    records = [c for c in cases if c.sample.shape == "record"][:limit]
    fragments = [c for c in cases if c.sample.shape == "fragment"][:limit]
    if not peers:
        return []
    wrapped = [rewrapped(p, ("record", "fragment")) for p in peers]
    unwrapped = [rewrapped(p, ()) for p in peers]
    return [
        Variant(
            'Records wrapped in `<html><head><meta charset="utf-8"></head><body>…</body></html>`',
            evaluate(wrapped, records, check_rfiparse=False),
        ),
        Variant(
            "Fragments given as they are, not wrapped",
            evaluate(unwrapped, fragments, check_rfiparse=False),
        ),
    ]


# -- the page ----------------------------------------------------------------------

_FIELD_TITLES = {
    "headline": "Headline",
    "lead": "Lead",
    "published": "Published",
    "image": "Main image URL",
    "authors": "Authors",
    "body": "Body text (exact)",
    "related": "Related links",
}
_SHAPES: tuple[tuple[Shape, str], ...] = (
    ("record", "feed-archive records"),
    ("fragment", "bare fragments"),
    ("page", "full article page"),
)
_WRAPPER = '`<html><head><meta charset="utf-8"></head><body>…</body></html>`'

_MAPPINGS = {
    "rfiparse": "the `Article` itself: `headline`, `lead`, `published`, `image.url`, the "
    "names of `authors`, `lead` then every paragraph's `text` one per line, the URLs of "
    "`related`.",
    "trafilatura": "`title`; `description` as the lead (its documented summary field: on "
    "a page, the `og:description`); `date` (a day, `YYYY-MM-DD`: trafilatura gives no "
    "time); `image`; `author` split on `;`; `text` (one block per line). No related links.",
    "newspaper4k": "`title`; `meta_description` as the lead; `publish_date`; `top_image` "
    "(with image fetching off, the page's meta image); `authors`; `text` (blocks separated "
    "by blank lines). No related links.",
    "readability-lxml": "`short_title()` (`[no-title]` counts as none); the text of "
    "`summary()` with one line per block element (`<p>`, `<div>`, `<li>`, headings…) and "
    "`<br>` as a space. No lead, date, image, authors or related links.",
    "goose3": "`title`; `meta_description` as the lead; `publish_datetime_utc`, else "
    "`publish_date`; `opengraph['image']` (goose3 picks a `top_image` only by downloading "
    "images, which is off); `authors`; `cleaned_text` (blocks separated by blank lines). "
    "No related links (goose3's `links` are the links inside the body).",
}

_RULES = [
    "- **Exactly right** means equal after the text contract's spacing rules (Unicode "
    "NFC, every run of whitespace one space, stripped) for text; as a set for authors "
    "(names) and related links (URLs); as an ordered list of blocks for the body. Where "
    "the expected value is none or empty, a tool is right only if it also gives none or "
    "nothing. A field a tool has no output for is *not provided* and not counted.",
    "- **URLs** (main image, related links) are compared after resolving them against "
    "the article's URL, decoding entities, and applying the representational parts of "
    "the URL contract to both sides: `https` and one `/` after the host for `rfi.fr`, "
    "non-ASCII characters percent-encoded. A main image that is the expected picture at "
    "another of RFI's renditions (another `/w:…/` width or `/p:…/` ratio in the path, "
    "typically the page's `og:image`) counts as right, and is counted separately "
    "(`at another size`).",
    "- **Published**: an aware datetime must be the same instant. A day without a time "
    "(trafilatura's `YYYY-MM-DD` always; a naive datetime at exactly midnight, which is "
    "what newspaper4k and goose3 return when their source states only a date) is right "
    "if it is the Paris-local day of the expected instant; such answers carry less "
    "information and are counted separately (`by day only`). Any other naive datetime "
    "must equal the expected wall-clock time, in Paris or in the offset the expected "
    "value states.",
    "- **Body text (exact)**: the expected lead followed by every expected paragraph, "
    "against the tool's body text split into lines, empty lines dropped. Headings and "
    "list items are blocks like paragraphs; a headline, date line or caption in the "
    "tool's text makes it wrong.",
    "- **Body text recall**: the share of the expected paragraphs' characters (lead "
    "excluded, whitespace ignored) found in the tool's body text, sentence by sentence: "
    "a sentence counts if it appears verbatim. Pooled over the fixtures, so long "
    "articles weigh more. It forgives extra text and other block boundaries, which the "
    "exact comparison does not.",
]


def _share(outcomes: Sequence[Outcome], name: str, tool: Tool) -> str:
    if name not in tool.provides:
        return "not provided"
    right = [o for o in outcomes if o.right.get(name)]
    cell = f"{len(right)}/{len(outcomes)} ({len(right) / len(outcomes):.0%})"
    days = sum(o.date_only for o in right) if name == "published" else 0
    sizes = sum(o.other_size for o in right) if name == "image" else 0
    if days:
        cell += f", {days} by day only"
    if sizes:
        cell += f", {sizes} at another size"
    return cell


def _recall_cell(outcomes: Sequence[Outcome]) -> str:
    found = sum(o.recall_chars[0] for o in outcomes)
    total = sum(o.recall_chars[1] for o in outcomes)
    return f"{found / total:.1%}" if total else "—"


def _field_table(result: AccuracyResult, indices: Sequence[int], indent: str = "") -> list[str]:
    header = ["Tool", *(_FIELD_TITLES[f] for f in FIELDS), "Body text recall"]
    lines = [
        indent + "| " + " | ".join(header) + " |",
        indent + "| " + " | ".join(["---"] + ["--:"] * (len(header) - 1)) + " |",
    ]
    for tool in result.tools:
        outcomes = [result.outcomes[tool.name][i] for i in indices]
        cells = [_share(outcomes, f, tool) for f in FIELDS] + [_recall_cell(outcomes)]
        lines.append(indent + f"| {tool.name} | " + " | ".join(cells) + " |")
    return lines


def _indices(result: AccuracyResult, shape: str | None = None) -> list[int]:
    return [i for i, c in enumerate(result.cases) if shape is None or c.sample.shape == shape]


def _empty_lines(result: AccuracyResult) -> list[str]:
    """A sentence for every tool that returned no body text where there is some."""
    with_body = [i for i, c in enumerate(result.cases) if c.expected["paragraphs"]]
    lines = []
    for tool in result.tools:
        empty = [i for i in with_body if result.outcomes[tool.name][i].empty]
        if empty:
            lines.append(
                f"{tool.name} returned no body text at all on {len(empty)} of the "
                f"{len(with_body)} fixtures that have body paragraphs."
            )
    return [" ".join(lines), ""] if lines else []


def _shape_section(result: AccuracyResult) -> list[str]:
    lines = ['??? note "The same, by input shape"', ""]
    for shape, label in _SHAPES:
        indices = _indices(result, shape)
        if indices:
            title = label[0].upper() + label[1:]
            lines += [f"    **{title}** ({len(indices)}):", ""]
            lines += [*_field_table(result, indices, "    "), ""]
    return lines


def _variant_section(variants: Sequence[Variant]) -> list[str]:
    lines = []
    for variant in variants:
        indices = _indices(variant.result)
        lines += [
            f"**{variant.title}** ({len(indices)}):",
            "",
            *_field_table(variant.result, indices),
            "",
        ]
    return lines


def _inputs_section(result: AccuracyResult, variants: Sequence[Variant]) -> list[str]:
    lines = [
        "## Inputs",
        "",
        "Feed-archive records are not HTML documents: a line `<!--epoch-->`, a Markdown "
        "link `[headline](url)`, a line `------`, then an HTML fragment (some with Jekyll "
        "front matter before). The peers are given them as they are (decoded to `str`), "
        "as anyone running them over the archive would, with the record's URL as their "
        "`url` argument. The full page is given as it is, with its canonical URL. Bare "
        f"fragments are wrapped in {_WRAPPER} for the peers (rfiparse reads them "
        "unwrapped), and get no URL, as rfiparse gets none.",
    ]
    if variants:
        lines += [
            "",
            "Whether that choice matters: the peers again, on the records wrapped in the "
            "same document, and on the fragments not wrapped (compare with the tables by "
            "input shape above).",
            "",
            *_variant_section(variants),
        ]
    return lines


def _per_fixture(result: AccuracyResult) -> list[str]:
    header = ["Fixture", *(t.name for t in result.tools)]
    lines = [
        '??? note "Fields each tool gets wrong, fixture by fixture"',
        "",
        "    | " + " | ".join(header) + " |",
        "    | " + " | ".join(["---"] * len(header)) + " |",
    ]
    for index, case in enumerate(result.cases):
        cells = []
        for tool in result.tools:
            outcome = result.outcomes[tool.name][index]
            wrong = ", ".join(f for f, ok in outcome.right.items() if not ok) or "all right"
            if outcome.error:
                wrong = "raised an exception"
            elif outcome.empty and case.expected["paragraphs"]:
                wrong = f"no text; {wrong}"
            cells.append(wrong)
        lines.append(f"    | `{case.sample.name}` | " + " | ".join(cells) + " |")
    return lines


def _mismatch_lines(result: AccuracyResult) -> list[str]:
    if result.mismatches:
        return [
            "**Mismatches** (the test suite should have caught these):",
            "",
            *(f"- {m}" for m in result.mismatches),
        ]
    return [
        f"`rfiparse.parse(input).to_dict()` equals the golden JSON on all "
        f"{len(result.cases)} fixtures, every key (as `tests/test_fixtures.py` requires)."
    ]


def _failure_lines(results: Sequence[AccuracyResult]) -> list[str]:
    lines = [
        f"- {tool.name} on `{case.sample.name}`: `{outcome.error}`"
        for result in results
        for tool in result.tools
        for case, outcome in zip(result.cases, result.outcomes[tool.name], strict=True)
        if outcome.error
    ]
    return lines or ["None: every tool ran on every fixture without raising."]


def accuracy_markdown(
    result: AccuracyResult,
    variants: Sequence[Variant],
    machine: dict[str, str],
    *,
    command: str,
    skipped: dict[str, str],
    quick: bool,
) -> str:
    """The whole ``accuracy.md`` page."""
    shapes = [c.sample.shape for c in result.cases]
    counts = ", ".join(f"{shapes.count(s)} {label}" for s, label in _SHAPES)
    lines = [
        "# Accuracy",
        "",
        "<!-- Generated by benchmarks/bench.py: change the script, not this page. -->",
        "",
    ]
    if quick:
        lines += ['!!! warning "Quick run"', "    Produced by `bench.py --quick`.", ""]
    lines += [
        f"How often each tool gets each field exactly right, over the {len(result.cases)} "
        f"golden fixtures of `tests/fixtures/` ({counts}; all from rfi.fr's Chinese "
        "edition, 2020 to 2025). Their expected values were read off the inputs by hand "
        "(see `tests/fixtures/README.md`); the peers are general-purpose article "
        "extractors, run with the settings that suit these inputs best.",
        "",
        *_field_table(result, _indices(result)),
        "",
    ]
    lines += [
        *_empty_lines(result),
        *_shape_section(result),
        "## rfiparse against the golden files",
        "",
        *_mismatch_lines(result),
        "",
        *_inputs_section(result, variants),
        "",
        "## Comparison rules",
        "",
        *_RULES,
        "",
        "## How each peer was mapped",
        "",
        *(
            f"- **{t.name}** {t.version}: {_MAPPINGS.get(t.name, '')} Run as: {t.settings}."
            for t in result.tools
        ),
    ]
    if skipped:
        lines += ["", "Not compared:", "", *(f"- {k}: {v}" for k, v in sorted(skipped.items()))]
    lines += [
        "",
        "## Failures",
        "",
        *_failure_lines([result, *(v.result for v in variants)]),
        "",
        *_per_fixture(result),
        "",
        "## Reproduce",
        "",
        f"Measured {machine['Date']} with rfiparse {machine['rfiparse']}, "
        f"{machine['Python']}, lxml {machine['lxml']}. From the repository's root:",
        "",
        "```sh",
        'python -m pip install -e ".[bench]"',
        command,
        "```",
    ]
    return "\n".join(lines) + "\n"
