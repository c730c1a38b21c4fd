"""Text normalisation shared by every extractor."""

from __future__ import annotations

import re

__all__ = ["clean_optional", "clean_text", "is_clean_text", "strip_invalid_chars"]

# Characters that cannot stand in an HTML tree: C0 controls other than tab,
# newline, form feed and carriage return, lone surrogates, the two non-characters.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Collapse every run of whitespace (Unicode included) to one space and trim.

    Characters that no HTML tree can hold (see ``strip_invalid_chars()``) are
    dropped too. The tree keeps those that reach it: they are taken out here, from
    each string that leaves it, rather than from the whole input before parsing.
    """
    text = " ".join(text.split())
    if text.isprintable():  # the common case: no control or other invisible character
        return text
    return " ".join(_INVALID_CHARS.sub("", text).split())


def clean_optional(text: str | None) -> str | None:
    """``clean_text()``, mapping an empty result (or ``None``) to ``None``."""
    if text is None:
        return None
    return clean_text(text) or None


def is_clean_text(text: str) -> bool:
    """Whether ``text`` is under the text contract: ``clean_text()`` leaves it as it is, not empty.

    That is one line, trimmed, every whitespace run a single space, and no character
    no HTML tree can hold (what ``rfiparse.parse()`` guarantees of every text field).
    """
    return bool(text) and clean_text(text) == text


def strip_invalid_chars(text: str) -> str:
    """Drop characters that no HTML tree can hold (NUL, other C0 controls, surrogates)."""
    if text.isprintable():  # none of them is printable
        return text
    return _INVALID_CHARS.sub("", text)
