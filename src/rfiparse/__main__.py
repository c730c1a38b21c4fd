"""``python -m rfiparse``: parse RFI records or fragments and print them as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib.resources import files

from ._parse import parse
from .errors import RfiParseError


def _example() -> bytes:
    return files("rfiparse").joinpath("_data/example_record.txt").read_bytes()


def main(argv: Sequence[str] | None = None) -> int:
    """Parse each input and write one JSON object per line to standard output."""
    parser = argparse.ArgumentParser(
        prog="python -m rfiparse",
        description="Parse RFI feed records or HTML fragments into JSON (one line each).",
    )
    parser.add_argument("paths", nargs="*", help="files to parse ('-' for standard input)")
    parser.add_argument(
        "--example", action="store_true", help="parse the sample record bundled with rfiparse"
    )
    parser.add_argument("--url", help="URL of the input, for inputs that carry none")
    args = parser.parse_args(argv)
    if not args.paths and not args.example:
        parser.error("give at least one file, '-', or --example")

    inputs: list[tuple[str, bytes]] = []
    if args.example:
        inputs.append(("<example>", _example()))
    failed = False
    for path in args.paths:
        try:
            if path == "-":
                inputs.append(("<stdin>", sys.stdin.buffer.read()))
            else:
                with open(path, "rb") as handle:
                    inputs.append((path, handle.read()))
        except OSError as error:
            print(f"rfiparse: {path}: {error.strerror or error}", file=sys.stderr)
            failed = True
    for name, data in inputs:
        try:
            article = parse(data, url=args.url)
        except RfiParseError as error:
            print(f"rfiparse: {name}: {error}", file=sys.stderr)
            failed = True
            continue
        print(json.dumps(article.to_dict(), ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
