"""The exceptions ``rfiparse.parse()`` raises for input it cannot turn into an article.

Every one derives from ``RfiParseError``, so one ``except RfiParseError``
covers all bad input. A wrong argument *type* (neither ``str`` nor ``bytes``) is
a programming error and raises the built-in ``TypeError`` instead.
"""

from __future__ import annotations

__all__ = ["InputTooLargeError", "NotAnArticleError", "RfiParseError"]


class RfiParseError(ValueError):
    """Base class of every error raised for input that is not a parsable RFI article."""


class NotAnArticleError(RfiParseError):
    """The input holds no RFI article: neither a headline nor any body content."""


class InputTooLargeError(RfiParseError):
    """The input is larger than the ``max_bytes`` limit; nothing of it was parsed."""
