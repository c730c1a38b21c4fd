"""Text normalisation shared by every extractor."""

from __future__ import annotations

import re

__all__ = ["clean_optional", "clean_text", "strip_invalid_chars"]

# Characters that cannot stand in an HTML tree: C0 controls other than tab,
# newline, form feed and carriage return, lone surrogates, the two non-characters.
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Collapse every run of whitespace (Unicode included) to one space and trim."""
    return " ".join(text.split())


def clean_optional(text: str | None) -> str | None:
    """``clean_text()``, mapping an empty result (or ``None``) to ``None``."""
    if text is None:
        return None
    return " ".join(text.split()) or None


def strip_invalid_chars(text: str) -> str:
    """Drop characters that no HTML tree can hold (NUL, other C0 controls, surrogates)."""
    return _INVALID_CHARS.sub("", text)
