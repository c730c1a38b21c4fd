"""The one reader of the JSON a page carries: bounded in size, depth and numbers, and typed.

Pages hold JSON in three places: JSON-LD scripts, the data of RFI's audio player
(``<script data-media-id>``) and the ``data-image-dataset`` of lazy images. All
of it is read by :func:`read_json`, and its values are converted by the
``json_*`` accessors below, so that no value of the page can raise out of the
parser (``RecursionError`` from deep nesting, ``ValueError`` from a number of
5,000 digits) or cost more than linear time.

The rules:

* Text longer than :data:`MAX_JSON_CHARS` characters, nested deeper than
  :data:`MAX_JSON_DEPTH` arrays and objects, or not valid JSON reads as ``None``
  (absent), checked before any of it is decoded.
* A number that cannot be a page's value reads as ``null`` where it stands, the
  rest of the document being kept: an integer of more than
  :data:`MAX_NUMBER_CHARS` characters, a real number that overflows (``1e999``)
  or is that long, and the non-JSON constants ``NaN``, ``Infinity``,
  ``-Infinity`` that Python's decoder would otherwise accept.
* Of duplicate keys in one object, the last wins (as in browsers' ``JSON.parse``).
"""

from __future__ import annotations

import json
import math
import re
from typing import Final

__all__ = [
    "MAX_JSON_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_NUMBER_CHARS",
    "json_count",
    "json_items",
    "json_object",
    "json_str",
    "nests_too_deep",
    "read_json",
]

MAX_JSON_CHARS: Final = 1_000_000
"""The longest JSON text read (characters); RFI's JSON-LD is about 6,000."""

MAX_JSON_DEPTH: Final = 32
"""The deepest nesting of arrays and objects read; RFI's JSON nests 5 deep at most."""

MAX_NUMBER_CHARS: Final = 40
"""The longest number read (characters, sign and exponent included)."""

# A JSON string, escapes included; one left open runs to the end of the text.
# Every alternative consumes at least one character and the closing quote is
# optional, so a match never backtracks: the scan is linear.
_STRING: Final = re.compile(r'"(?:[^"\\]+|\\[\s\S]?)*"?')
_NOT_BRACKET: Final = re.compile(r"[^\[\]{}]+")
_PARENTHESES: Final = str.maketrans("[{]}", "(())")


def nests_too_deep(text: str) -> bool:
    """Whether ``text`` nests arrays or objects deeper than the limit, or leaves one open.

    Only text that is not valid JSON leaves one open. Linear: the brackets
    outside strings, as ``()``, lose their innermost pairs at most
    :data:`MAX_JSON_DEPTH` times (each ``str.replace`` at C speed); a ``(`` left
    was nested deeper, or never closed. Where the brackets disagree with the
    decoder's reading, the text is not valid JSON, and the decoder stops there,
    before any deeper nesting.
    """
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:  # too few to nest deeper
        return False
    nesting = _NOT_BRACKET.sub("", _STRING.sub("", text)).translate(_PARENTHESES)
    for _ in range(MAX_JSON_DEPTH):
        inner = nesting.replace("()", "")
        if len(inner) == len(nesting):
            break
        nesting = inner
    return "(" in nesting


def _int(digits: str) -> int | None:
    """An integer literal of the JSON text, or ``None`` (JSON ``null``) when it is too long."""
    return int(digits) if len(digits) <= MAX_NUMBER_CHARS else None


def _float(literal: str) -> float | None:
    """A real-number literal, or ``None`` when it is too long or not finite (``1e999``)."""
    if len(literal) > MAX_NUMBER_CHARS:
        return None
    value = float(literal)
    return value if math.isfinite(value) else None


def _constant(name: str) -> None:
    """``NaN``, ``Infinity`` and ``-Infinity`` are not JSON: they read as ``null``."""
    return None


# Made once, as json.loads() makes its default decoder: it holds no state between calls.
_DECODER: Final = json.JSONDecoder(parse_int=_int, parse_float=_float, parse_constant=_constant)


def read_json(text: str | None) -> object | None:
    """The value of a JSON text read from the page, or ``None`` where it is unusable.

    ``None`` for no text, text longer than :data:`MAX_JSON_CHARS`, nesting deeper
    than :data:`MAX_JSON_DEPTH` (checked before decoding, on every Python
    version) and invalid JSON. Numbers beyond the module's limits read as
    ``null`` in place. Never raises.
    """
    if text is None or len(text) > MAX_JSON_CHARS or nests_too_deep(text):
        return None
    try:
        value: object = _DECODER.decode(text)
    except ValueError:  # json.JSONDecodeError: not valid JSON
        return None
    return value


def json_object(value: object) -> dict[str, object] | None:
    """``value`` if it is a JSON object, else ``None``."""
    return value if isinstance(value, dict) else None


def json_items(value: object) -> list[object]:
    """The items of a JSON array, or ``value`` alone (JSON-LD's "one or many"), or none."""
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def json_str(value: object) -> str | None:
    """``value`` if it is a JSON string, else ``None`` (a number is not taken for text)."""
    return value if isinstance(value, str) else None


def json_count(value: object, *, max_digits: int) -> int | None:
    """A count (zero or more) of at most ``max_digits`` digits, or ``None``.

    A JSON integer (not ``true``/``false``, not ``2.0``), or a string of ASCII
    digits alone between blanks (``" 740 "``). Anything else is ``None``:
    signs, other scripts' digits (``"٣"``, ``"²"``, which ``str.isdigit()``
    accepts), fractions, exponents and longer numbers.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 <= value < 10**max_digits else None
    if isinstance(value, str):
        digits = value.strip()
        if 0 < len(digits) <= max_digits and digits.isascii() and digits.isdigit():
            return int(digits)
    return None
