"""What both commands, ``rfiparse`` and ``rfiparse warc``, share.

Escaping, option values, the options that say what standard error shows
(``--quiet``, ``--no-progress``, ``--summary``) and the end-of-run summary line.
"""

from __future__ import annotations

import argparse
import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any

from ._batch import default_workers

__all__ = [
    "UNSAFE_IN_JSON",
    "UNSAFE_IN_TEXT",
    "add_run_options",
    "counted",
    "escape",
    "jobs",
    "json_escape",
    "max_bytes",
    "message",
    "progress_bar",
    "report",
    "shown",
    "summary",
    "wants_summary",
]

_SIZE = re.compile(r"(\d+)\s*([kmg]?)i?b?", re.I)
# What a terminal obeys rather than shows, escaped in what is printed: the C0 and
# C1 controls and DEL (ESC and CSI start commands), the bidi embeddings, overrides
# and isolates (they reorder the text after them), lone surrogates (the
# undecodable bytes of a file name). Text keeps its line breaks and tabs; JSON
# escapes the C0 controls itself.
_UNSAFE_ON_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
UNSAFE_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def escape(match: re.Match[str]) -> str:
    r"""A character as Python writes it in a string: ``\n``, ``\x9b``, ``\u202e``."""
    character = match.group()
    if character in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_escape(match: re.Match[str]) -> str:
    r"""A character as a JSON escape, ``\u009b``: the same string to any JSON reader."""
    return f"\\u{ord(match.group()):04x}"


def shown(text: str) -> str:
    """``text`` on one line of a terminal: every control character escaped."""
    return _UNSAFE_ON_A_LINE.sub(escape, text)


def message(name: str, text: str) -> str:
    """The line that reports an input on standard error: ``rfiparse: <name>: <message>``."""
    return f"rfiparse: {shown(name)}: {shown(text)}"


def max_bytes(text: str) -> int | None:
    """The value of ``--max-bytes``: a size in bytes, K, M or G, or ``none`` (no limit)."""
    if text.strip().lower() == "none":
        return None
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (e.g. 16M, 500000, none)")
    power = " kmg".index(match.group(2).lower() or " ")
    return int(match.group(1)) << (10 * power)


def jobs(text: str) -> int:
    """The value of ``--jobs``: a number of processes, ``0`` for one per usable CPU."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (one per CPU) or more")
    return value or default_workers()


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """Add the options, the same in both commands, that say what standard error shows.

    ``-q``/``--quiet`` (no progress bar, no summary) and ``--summary`` (the summary
    even off a terminal) exclude each other; ``--no-progress`` leaves the bar out only.
    """
    shown = parser.add_mutually_exclusive_group()
    shown.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    shown.add_argument(
        "--summary",
        action="store_true",
        help="write the end-of-run summary to standard error even when it is not a terminal",
    )
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (the summary stays)"
    )


def _stderr_is_a_terminal() -> bool:
    isatty = getattr(sys.stderr, "isatty", None)
    return bool(isatty is not None and isatty())


def wants_summary(args: argparse.Namespace) -> bool:
    """Whether the run ends with its summary: ``--summary``, or stderr a terminal and not quiet."""
    return bool(args.summary) or (not args.quiet and _stderr_is_a_terminal())


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """``1 input``, ``2 inputs``, ``1,402 articles``: a count and its noun, agreed."""
    return f"{number:,} {noun if number == 1 else plural or noun + 's'}"


def summary(
    command: str, total: str, outcomes: Sequence[str], found: Sequence[str], seconds: float
) -> str:
    """The end-of-run line of both commands: ``<command>: <total>: <outcomes>; <found>; <s> s``.

    ``total`` counts the inputs (``3 inputs``, ``2 WARC files``), ``outcomes`` what
    became of them (``2 parsed, 1 failed``), ``found`` what they held.
    """
    return f"{command}: {total}: {', '.join(outcomes)}; {', '.join(found)}; {seconds:.1f} s"


def progress_bar(**options: Any) -> Any | None:
    """A tqdm bar on standard error (``options`` passed to it), or ``None``.

    ``None`` where standard error is not a terminal, or where tqdm is not installed:
    the bar is the optional extra ``rfiparse[cli]``, and the commands work without it.
    """
    if not _stderr_is_a_terminal():
        return None
    try:
        tqdm = importlib.import_module("tqdm")
    except ImportError:
        return None
    tqdm.tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked
    return tqdm.tqdm(file=sys.stderr, dynamic_ncols=True, **options)


def report(bar: Any | None, name: str, text: str) -> None:
    """Report ``name`` and ``text`` on a line of standard error, above ``bar`` if any."""
    line = message(name, text)
    if bar is None:
        print(line, file=sys.stderr)
    else:
        bar.write(line, file=sys.stderr)
