"""Write a DRAFT expectation ``<name>.json`` beside a new fixture input.

Usage, from the repository root::

    python tests/draft_expected.py tests/fixtures/records/record_2025_new.md
    python tests/draft_expected.py some/where/input.html --kind page [--force]

The JSON holds what rfiparse returns for the input *today*, in the form the golden
tests read for its kind (the whole ``to_dict()`` for records, fragments and pages; a
summary for listings and feeds: see ``tests/fixtures/README.md``), under a top-level
``"_draft"`` key. The golden tests refuse a JSON that still carries that key
(``goldens.Case.load``): a person must check every value against the input, correct
what the parser gets wrong, and then delete the key. A draft saves typing; it is not
an expectation until then.

The kind is read from the folder the input is in (``records/`` …), else from its
name's prefix (``record_`` …), unless ``--kind`` names it. An existing JSON is never
overwritten without ``--force``.

This script lives beside ``goldens.py`` (the layout it writes into) rather than in a
``scripts/`` folder: it imports it without path tricks, mypy checks it with the
tests, and it ships with the tests that run it in the source distribution.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import rfiparse
from goldens import ARTICLE_KINDS, DRAFT_KEY, EXPECTED_SUFFIX, KINDS, Kind, kind_of

__all__ = ["draft", "draft_marker", "main"]

# How many teasers a listing's summary shows in full at each end.
_LISTING_FIRST = 3
_LISTING_LAST = 2


def draft_marker() -> str:
    """The value of the draft key: who wrote the JSON, from which rfiparse, what to do."""
    return (
        f"written by tests/draft_expected.py from rfiparse {rfiparse.__version__}; "
        "review every value against the input, then delete this key"
    )


def _listing_summary(data: bytes) -> dict[str, Any]:
    """What ``test_listing.py`` compares: the count, the first and last teasers in full."""
    teasers = [teaser.to_dict() for teaser in rfiparse.parse_listing(data)]
    first, last = teasers[:_LISTING_FIRST], teasers[-_LISTING_LAST:]
    return {"count": len(teasers), "first": first, "last": last, "at": {}}


def _feed_summary(data: bytes) -> dict[str, Any]:
    """What ``test_feed.py`` compares: the count, every URL, the first and last in full."""
    articles = list(rfiparse.parse_feed(data))
    positions = sorted({0, len(articles) - 1}) if articles else []
    return {
        "count": len(articles),
        "urls": [article.url for article in articles],
        "articles": [{"position": i, "article": articles[i].to_dict()} for i in positions],
    }


def draft(kind: Kind, data: bytes) -> dict[str, Any]:
    """The draft expectation of an input of ``kind``: the marker first, then the values.

    :raises rfiparse.RfiParseError: rfiparse refuses the input.
    """
    if kind in ARTICLE_KINDS:
        values = rfiparse.parse(data).to_dict()
    elif kind == "listing":
        values = _listing_summary(data)
    else:
        values = _feed_summary(data)
    return {DRAFT_KEY: draft_marker(), **values}


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, read."""
    parser = argparse.ArgumentParser(
        prog="draft_expected.py", description=__doc__.split("\n\n")[0] if __doc__ else None
    )
    parser.add_argument("input", type=Path, help="the new fixture input")
    parser.add_argument("--kind", choices=KINDS, help="default: from its folder, else its name")
    parser.add_argument("--force", action="store_true", help="overwrite an existing JSON")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the draft; 0 when written, 1 when refused (the reason on stderr), 2 on usage."""
    args = _arguments(argv)
    path: Path = args.input
    kind: Kind | None = args.kind or kind_of(path)
    if kind is None:
        print(
            f"{path}: neither its folder nor its name says its kind: give --kind", file=sys.stderr
        )
        return 2
    target = path.with_suffix(EXPECTED_SUFFIX)
    if target.exists() and not args.force:
        print(f"{target} exists: not overwritten (--force to overwrite it)", file=sys.stderr)
        return 1
    try:
        expected = draft(kind, path.read_bytes())
    except (OSError, rfiparse.RfiParseError) as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1
    target.write_text(json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote a DRAFT {kind} expectation: {target}")
    print(f"review every value against {path.name}, correct it, then delete its {DRAFT_KEY!r} key")
    return 0


if __name__ == "__main__":
    sys.exit(main())
