"""The exceptions ``rfiparse`` raises for input it cannot turn into an article.

Every one derives from ``RfiParseError``, so one ``except RfiParseError``
covers all bad input. A wrong argument *type* (neither ``str`` nor ``bytes``) is
a programming error and raises the built-in ``TypeError`` instead.

::

    RfiParseError
    ├── NotAnArticleError          no RFI article in the input
    │   ├── ForeignSiteError       the input's own URL is on another publisher's host
    │   └── ListingPageError       a section or home page: parse_listing() reads it
    ├── InputTooLargeError         larger than max_bytes
    ├── InputTooComplexError       a shape the parser cannot read whole in bounded time
    ├── IncompleteFeedError        a feed damaged past repair; carries what was read
    └── WorkerCrashedError         parse_many(): the process parsing the input died
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .model import Article

__all__ = [
    "ForeignSiteError",
    "IncompleteFeedError",
    "InputTooComplexError",
    "InputTooLargeError",
    "ListingPageError",
    "NotAnArticleError",
    "RfiParseError",
    "WorkerCrashedError",
]


class RfiParseError(ValueError):
    """Base class of every error raised for input that is not a parsable RFI article."""


class NotAnArticleError(RfiParseError):
    """The input holds no RFI article: neither a headline nor any body content."""


class ForeignSiteError(NotAnArticleError):
    """The input's own URL is on a host that is not RFI's: another publisher's document.

    ``host`` is that host (``"www.bbc.com"``). Nothing of the document was extracted.
    """

    def __init__(self, message: str, *, host: str) -> None:
        super().__init__(message)
        self.host = host
        """The host of the document's own URL (``"www.bbc.com"``)."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild_foreign_site_error, (str(self), self.host)


def _rebuild_foreign_site_error(message: str, host: str) -> ForeignSiteError:
    return ForeignSiteError(message, host=host)


class ListingPageError(NotAnArticleError):
    """``parse()``: the input is a section or home page (a list of teasers), not an article.

    ``rfiparse.parse_listing()`` reads it. Another publisher's page is refused as
    such first (``ForeignSiteError``, or ``NotAnArticleError`` for another site's name).
    """


class InputTooLargeError(RfiParseError):
    """The input is larger than the ``max_bytes`` limit; nothing of it was parsed."""


class InputTooComplexError(RfiParseError):
    """The input cannot be parsed whole in bounded time; nothing of it was returned.

    For example a start tag with more than 256 attributes (which libxml2 reads in
    quadratic time), a single text node, attribute value or comment longer than
    libxml2's 10,000,000-byte limit, or elements nested more than 256 deep (past
    either limit the parser would silently drop the rest of the document).
    """


class IncompleteFeedError(RfiParseError):
    """A feed is damaged past repair: some of its entries could not be read.

    ``articles`` holds the RFI articles of the entries that *could* be read, in
    feed order, so that a caller may keep them knowingly.
    """

    def __init__(self, message: str, *, articles: tuple[Article, ...] = ()) -> None:
        super().__init__(message)
        self.articles = articles
        """The RFI articles of the entries that could be read, in feed order."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild_incomplete_feed_error, (str(self), self.articles)


def _rebuild_incomplete_feed_error(
    message: str, articles: tuple[Article, ...]
) -> IncompleteFeedError:
    return IncompleteFeedError(message, articles=articles)


class WorkerCrashedError(RfiParseError):
    """``parse_many()``: the worker process parsing this input died, twice.

    The input was retried once in a fresh process; the process died again (killed
    by a signal, the out-of-memory killer, a crash in a C library). The batch goes on.
    """
