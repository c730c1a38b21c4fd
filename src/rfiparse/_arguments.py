"""The checks of the public functions' arguments: the one place each is written.

``parse()``, ``parse_listing()``, ``parse_feed()``, ``detect()`` and ``parse_many()``
(and the command line, through them) check their arguments here, before any work:
a wrong type is the built-in ``TypeError`` (a programming error), an input larger
than ``max_bytes`` is ``InputTooLargeError`` (bad input).
"""

from __future__ import annotations

from ._encoding import decode_bytes
from ._urls import normalize_url
from .errors import InputTooLargeError

__all__ = [
    "DEFAULT_MAX_BYTES",
    "check_count",
    "check_input",
    "check_max_bytes",
    "check_size",
    "check_url",
    "input_text",
]

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""The default input limit: 16 MiB, thirty times rfi.fr's largest page (a home page,
about 0.8 MB). Pass ``max_bytes=None`` to lift it."""


def _is_int(value: object) -> bool:
    """Whether ``value`` is an ``int`` proper (``True`` and ``False`` are not counts)."""
    return isinstance(value, int) and not isinstance(value, bool)


def check_max_bytes(max_bytes: object) -> None:
    """:raises TypeError: ``max_bytes`` is neither an ``int`` nor ``None``."""
    if max_bytes is not None and not _is_int(max_bytes):
        raise TypeError(f"max_bytes must be an int or None, not {type(max_bytes).__name__}")


def check_count(value: object, *, name: str, allow_none: bool = False) -> None:
    """Check a count option (``workers``, ``chunksize``): an ``int`` of at least 1.

    :raises TypeError: ``value`` is not an ``int`` (nor ``None``, with ``allow_none``).
    :raises ValueError: ``value`` is less than 1.
    """
    if value is None and allow_none:
        return
    if not _is_int(value):
        kind = "an int or None" if allow_none else "an int"
        raise TypeError(f"{name} must be {kind}, not {type(value).__name__}")
    assert isinstance(value, int)  # checked above
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")


def check_size(data: str | bytes, max_bytes: int | None) -> None:
    """Refuse input larger than ``max_bytes`` (``str`` counts its UTF-8 bytes), before any work.

    :raises InputTooLargeError: the input is larger than the limit.
    """
    if max_bytes is None:
        return
    size = len(data)
    if isinstance(data, str) and size <= max_bytes < size * 4:
        # Only a string that might exceed the limit is measured in UTF-8 bytes.
        size = len(data.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        raise InputTooLargeError(
            f"the input holds more than {max_bytes:,} bytes (max_bytes); nothing was parsed"
        )


def check_url(url: object) -> None:
    """Check a ``url=`` argument: ``None``, or an absolute http(s) URL with a host.

    :raises TypeError: ``url`` is neither ``str`` nor ``None``.
    :raises ValueError: ``url`` is a string that is no absolute http(s) URL
        (``"not a url"``, ``"/fr/x"``, ``"ftp://host/x"``, ``"https://"``), which
        would otherwise be ignored without a word.
    """
    if url is None:
        return
    if not isinstance(url, str):
        raise TypeError(f"url must be a str or None, not {type(url).__name__}")
    if normalize_url(url, None) is None:
        shown = url if len(url) <= 80 else url[:80] + "..."
        raise ValueError(f"url must be an absolute http or https URL, not {shown!r}")


def check_input(html: object, url: object, *, caller: str, max_bytes: object) -> None:
    """Check a public function's input and options before any work.

    ``url`` is ``None`` for a function that takes none (``parse_feed()``, ``detect()``).

    :raises TypeError: ``html`` is neither ``str`` nor ``bytes``, ``url`` is
        neither ``str`` nor ``None``, or ``max_bytes`` is not an ``int`` or ``None``.
    :raises ValueError: ``url`` is not an absolute http(s) URL (the caller's
        mistake, not the document's: a plain ``ValueError``, never an ``RfiParseError``).
    :raises InputTooLargeError: ``html`` is larger than ``max_bytes``.
    """
    check_url(url)
    check_max_bytes(max_bytes)
    if not isinstance(html, (bytes, str)):
        raise TypeError(f"{caller}() takes str or bytes, not {type(html).__name__}")
    assert max_bytes is None or isinstance(max_bytes, int)  # checked above
    check_size(html, max_bytes)


def input_text(html: object, url: object, *, caller: str, max_bytes: object) -> str:
    """The text of a public function's ``html`` argument, after ``check_input()``."""
    check_input(html, url, caller=caller, max_bytes=max_bytes)
    assert isinstance(html, (bytes, str))  # checked above
    return decode_bytes(html) if isinstance(html, bytes) else html
