"""Articles from web archives: ``rfiparse.warc.iter_articles()`` (extra ``rfiparse[warc]``).

``iter_articles(source)`` reads a WARC file (gzip-compressed one member per record,
zstd-compressed, or uncompressed) with FastWARC and yields a ``WarcResult`` for each
``response`` record of an rfi.fr page: its target URI, WARC date, file and offset,
and what ``rfiparse`` made of it (an ``Article``, a listing's teasers, a feed's
articles, or the ``RfiParseError`` that refused it). Every other record (another
host's page, a ``request``, a ``revisit``, an image) is skipped from its headers,
its body never read. The iteration never stops on a bad record; it stops, with a
``WarcFormatError``, only when the file itself cannot be read any further.

FastWARC is imported only when ``iter_articles()`` is called: this module imports
without it, and the call raises ``ImportError`` naming the extra to install.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Collection, Iterable, Iterator
from contextlib import ExitStack
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, BinaryIO, Literal, get_args
from urllib.parse import urlsplit

import attrs

from ._arguments import DEFAULT_MAX_BYTES, check_max_bytes, check_url
from ._editions import EDITIONS, is_rfi_host, url_parts
from ._encoding import bom_encoding, encoding_of
from ._feed import parse_feed
from ._listing import parse_listing
from ._parse import parse
from ._warcbody import HttpMessageError, http_charset, media_type, read_body
from .errors import (
    IncompleteFeedError,
    InputTooLargeError,
    ListingPageError,
    NotAnArticleError,
    RfiParseError,
)
from .model import Article, Teaser

if TYPE_CHECKING:  # pragma: no cover - typing only
    from fastwarc.warc import ArchiveIterator, WarcRecord

__all__ = [
    "ByteRange",
    "HttpMessageError",
    "ResultKind",
    "WarcCounts",
    "WarcFormatError",
    "WarcResult",
    "iter_articles",
]

ResultKind = Literal["article", "listing", "feed", "refused", "error"]
"""What a kept ``response`` record gave (see ``WarcResult.kind``)."""

_KINDS: frozenset[str] = frozenset(get_args(ResultKind))

_PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml"})
"""Media types read as pages (``parse()``, then ``parse_listing()``). A response
without a ``Content-Type`` is read as a page too."""

_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/xml", "text/xml"}
)
"""Media types read as feeds (``parse_feed()``), when ``"feed"`` is asked for."""

_TRUNCATED = "WARC-Truncated"
_TARGET = "WARC-Target-URI"
_RFI_MARK = "rfi.fr"
"""Every rfi.fr URI holds this (lower-cased): a cheap test before the URI is split."""

_MISSING_EXTRA = "rfiparse.warc needs FastWARC: install the extra with pip install 'rfiparse[warc]'"


class WarcFormatError(RfiParseError):
    """The WARC file itself cannot be read past some point: garbage, a broken gzip member.

    Raised by the iteration of ``iter_articles()`` after every record before that
    point was yielded. ``file`` is the file's name (``None`` for an unnamed
    stream); ``offset`` is where the last record read started (``None`` when
    none could be read).
    """

    def __init__(self, message: str, *, file: str | None, offset: int | None) -> None:
        super().__init__(message)
        self.file = file
        """The WARC file's name as given, or ``None`` for an unnamed stream."""
        self.offset = offset
        """Where the last record read started, or ``None`` when none could be read."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild_warc_format_error, (str(self), self.file, self.offset)


def _rebuild_warc_format_error(message: str, file: str | None, offset: int | None) -> Any:
    return WarcFormatError(message, file=file, offset=offset)


@attrs.frozen(kw_only=True)
class ByteRange:
    """One record of a WARC file, as the Common Crawl URL index names it.

    ``offset`` and ``length`` are the record's (its gzip member's) place in the
    file at ``path``, in bytes.

    :raises ValueError: ``offset`` or ``length`` is negative.
    """

    path: str | os.PathLike[str]
    """The WARC file (a local path)."""
    offset: int = attrs.field(validator=attrs.validators.ge(0))
    """Where the record starts in the file (its gzip member's start in a gzip WARC), in bytes."""
    length: int = attrs.field(validator=attrs.validators.ge(0))
    """The record's length in the file (its gzip member's, in a gzip WARC), in bytes."""


@attrs.frozen(kw_only=True)
class WarcResult:
    """What one rfi.fr ``response`` record of a WARC file gave.

    ``kind`` says which of ``article`` (``kind="article"``), ``teasers``
    (``"listing"``), ``entries`` (``"feed"``) or ``error`` (``"refused"``: a
    ``NotAnArticleError``; ``"error"``: any other ``RfiParseError``) holds it. A
    damaged feed is an ``"error"`` whose ``entries`` hold what could be read.
    """

    uri: str
    """The record's ``WARC-Target-URI``."""
    date: datetime | None
    """The record's ``WARC-Date``, an aware UTC datetime; ``None`` if it has none."""
    file: str | None
    """The WARC file's name as given (a path), the stream's ``name``, else ``None``."""
    offset: int
    """Where the record starts in the file (its gzip member's start in a gzip WARC)."""
    kind: ResultKind
    """What the record gave: ``"article"``, ``"listing"``, ``"feed"``,
    ``"refused"`` or ``"error"``."""
    article: Article | None = None
    """The article, for ``kind="article"``; else ``None``."""
    teasers: tuple[Teaser, ...] = ()
    """The section or home page's teasers, in page order, for ``kind="listing"``."""
    entries: tuple[Article, ...] = ()
    """The feed's RFI articles, in feed order, for ``kind="feed"``; for a damaged
    feed (``kind="error"``), the articles that could be read."""
    error: RfiParseError | None = None
    """Why the record gave no article, for ``kind="refused"`` and ``"error"``."""
    truncated: str | None = None
    """The record's ``WARC-Truncated`` reason (``"length"``, ``"time"``,
    ``"disconnect"``, ``"unspecified"``), else ``None``: what was parsed is what
    the crawler kept of the page."""


@attrs.define(kw_only=True)
class WarcCounts:
    """Running counts of one or more ``iter_articles()`` calls, for summaries.

    Every record is counted in ``records``; every ``response`` record of an rfi.fr
    host in ``responses``, then in exactly one of the others: skipped before its
    body was read (``skipped_status``, ``skipped_type``, ``skipped_edition``), or
    read and counted by what it gave, whether or not that kind was asked for.
    ``truncated`` counts the read ones marked ``WARC-Truncated`` (also counted by kind).
    """

    records: int = 0
    """WARC records read, of every type and host."""
    responses: int = 0
    """``response`` records of rfi.fr or a subdomain."""
    articles: int = 0
    """Responses read that gave an article."""
    listings: int = 0
    """Responses read that were a section or home page."""
    feeds: int = 0
    """Responses read that were an RSS or Atom feed."""
    refused: int = 0
    """Responses read that are no RFI article (``NotAnArticleError``)."""
    errors: int = 0
    """Responses that could not be read or parsed (any other ``RfiParseError``)."""
    skipped_status: int = 0
    """rfi.fr responses whose HTTP status is not 200 (redirects, 404s): not read."""
    skipped_type: int = 0
    """rfi.fr 200 responses of a media type not read: images, scripts, styles, JSON,
    and feeds unless ``"feed"`` is asked for."""
    skipped_edition: int = 0
    """rfi.fr 200 responses of an edition not in ``editions``: not read."""
    truncated: int = 0
    """Read responses marked ``WARC-Truncated``."""


@attrs.frozen
class _Options:
    """What ``iter_articles()`` was asked for, checked."""

    editions: frozenset[str] | None
    kinds: frozenset[str]
    max_bytes: int | None


@attrs.frozen(kw_only=True)
class _Outcome:
    """What a record's body gave: the content fields of its ``WarcResult``."""

    kind: ResultKind
    article: Article | None = None
    teasers: tuple[Teaser, ...] = ()
    entries: tuple[Article, ...] = ()
    error: RfiParseError | None = None


_COUNTED_AS: dict[ResultKind, str] = {
    "article": "articles",
    "listing": "listings",
    "feed": "feeds",
    "refused": "refused",
    "error": "errors",
}
"""The ``WarcCounts`` field that counts each kind of result."""


def _fastwarc() -> tuple[type[ArchiveIterator], Any]:
    """FastWARC's ``ArchiveIterator`` and ``WarcRecordType``.

    :raises ImportError: FastWARC is not installed; the message names the extra.
    """
    try:
        from fastwarc.warc import ArchiveIterator, WarcRecordType
    except ImportError as error:
        raise ImportError(_MISSING_EXTRA, name=error.name) from error
    return ArchiveIterator, WarcRecordType


def _check_editions(editions: Iterable[str] | None) -> frozenset[str] | None:
    """The edition codes asked for, checked against ``EDITIONS``.

    :raises TypeError: ``editions`` is a ``str`` (not a collection of codes).
    :raises ValueError: a code names no edition.
    """
    if editions is None:
        return None
    return _known_names(editions, EDITIONS, name="editions", what="edition code")


def _known_names(
    values: Iterable[str], known: Collection[str], *, name: str, what: str
) -> frozenset[str]:
    """``values`` as a set, each of them among ``known``.

    :raises TypeError: ``values`` is a ``str`` (not a collection of names).
    :raises ValueError: a value is not among ``known``.
    """
    if isinstance(values, str | bytes):
        raise TypeError(f"{name} must be a collection of {what}s, not a string")
    asked = frozenset(values)
    unknown = sorted(value for value in asked if value not in known)
    if unknown:
        raise ValueError(
            f"unknown {what}(s) {', '.join(map(repr, unknown))}; known: {', '.join(sorted(known))}"
        )
    return asked


def _check_source(source: object) -> None:
    """:raises TypeError: ``source`` is no path, ``ByteRange`` or stream with ``read()``."""
    if not isinstance(source, str | os.PathLike | ByteRange) and not callable(
        getattr(source, "read", None)
    ):
        raise TypeError(
            f"source must be a path, a ByteRange or a binary stream, not {type(source).__name__}"
        )


def _check_kinds(kinds: Iterable[str]) -> frozenset[str]:
    """The result kinds asked for.

    :raises TypeError: ``kinds`` is a ``str``.
    :raises ValueError: a kind is none of ``ResultKind``.
    """
    return _known_names(kinds, _KINDS, name="kinds", what="result kind")


class _Reader:
    """A binary stream as FastWARC reads it: ``read(n)``, and a ``tell()`` that never fails.

    FastWARC asks ``tell()`` once, for the position its record offsets start from,
    and panics when it fails (a pipe, a socket); here it is the wrapped stream's
    position when it has one, else 0, plus what was read since. ``limit`` ends the
    stream after that many bytes: the one record of a ``ByteRange``.
    """

    def __init__(self, stream: BinaryIO, *, limit: int | None = None) -> None:
        self._stream = stream
        self._left = limit
        try:
            self._position = stream.tell()
        except (OSError, AttributeError, ValueError):
            self._position = 0

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes (all that is left, if negative), no more than the limit."""
        if self._left is not None:
            size = self._left if size < 0 else min(size, self._left)
        data = self._stream.read(size)
        self._position += len(data)
        if self._left is not None:
            self._left -= len(data)
        return data

    def tell(self) -> int:
        """The position in the wrapped stream (what was read from it, if it cannot tell)."""
        return self._position

    def seek(self, offset: int, whence: int = 0, /) -> int:
        """Not supported: FastWARC reads forward only."""
        raise io.UnsupportedOperation("seek")

    def close(self) -> None:
        """Nothing: the caller's stream stays open; the files opened here are closed here."""


def _stream_name(stream: object) -> str | None:
    """A stream's file name, when it has one (``open()``'s ``name``), else ``None``."""
    name = getattr(stream, "name", None)
    return name if isinstance(name, str) else os.fsdecode(name) if isinstance(name, bytes) else None


def _host(uri: str) -> str | None:
    """The lower-case host of a target URI, without port or trailing dot, else ``None``."""
    try:
        host = urlsplit(uri).hostname
    except ValueError:
        return None
    return host.rstrip(".") if host else None


def _target(record: WarcRecord) -> str | None:
    """The record's target URI, without the ``<>`` some WARC/1.0 writers put around it."""
    uri = record.headers.get(_TARGET)
    if uri is None:
        return None
    return uri.strip().removeprefix("<").removesuffix(">")


def _is_rfi(uri: str) -> bool:
    """Whether ``uri`` is on rfi.fr or a subdomain of it (``rfi.my`` short links are not)."""
    if _RFI_MARK not in uri.lower():
        return False
    host = _host(uri)
    return host is not None and is_rfi_host(host)


def _in_editions(uri: str, editions: frozenset[str] | None) -> bool:
    """Whether the edition the URI's first path segment names is asked for (all, if ``None``)."""
    if editions is None:
        return True
    edition = url_parts(uri)[0]
    return edition is not None and edition.code in editions


def _aware_utc(value: datetime | None) -> datetime | None:
    """A WARC date as an aware UTC datetime (a naive one is UTC, as WARC dates are)."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _document(body: bytes, content_type: str | None) -> str | bytes:
    """The body as ``parse()`` should get it: decoded with the HTTP charset, else as bytes.

    A byte-order mark wins over the HTTP charset (the Encoding Standard's order), and
    ``parse()`` reads it from the bytes; without an HTTP charset, or with a label the
    Encoding Standard does not know, ``parse()`` detects the charset from the bytes
    (``<meta charset>``, else UTF-8). When the HTTP charset is the one ``parse()``
    would detect, the bytes are passed as they are: the same text, parsed faster.
    """
    if bom_encoding(body) is not None:
        return body
    codec = http_charset(content_type)
    if codec is None or codecs.lookup(codec).name == codecs.lookup(encoding_of(body)).name:
        return body
    return body.decode(codec, errors="replace")


def _read_page(document: str | bytes, uri: str, options: _Options) -> _Outcome:
    """What ``parse()`` (then ``parse_listing()`` for a listing asked for) makes of a page."""
    try:
        return _Outcome(kind="article", article=parse(document, url=uri, max_bytes=None))
    except ListingPageError:
        if "listing" not in options.kinds:
            return _Outcome(kind="listing")  # counted, not read
        try:
            teasers = parse_listing(document, url=uri, max_bytes=None)
        except NotAnArticleError as error:
            return _Outcome(kind="refused", error=error)
        except RfiParseError as error:
            return _Outcome(kind="error", error=error)
        return _Outcome(kind="listing", teasers=teasers)
    except NotAnArticleError as error:
        return _Outcome(kind="refused", error=error)
    except RfiParseError as error:
        return _Outcome(kind="error", error=error)


def _read_feed(document: str | bytes) -> _Outcome:
    """What ``parse_feed()`` makes of a feed: its articles, or the error, with what was read."""
    entries: list[Article] = []
    try:
        entries.extend(parse_feed(document, max_bytes=None))
    except IncompleteFeedError as error:
        return _Outcome(kind="error", error=error, entries=error.articles)
    except NotAnArticleError as error:
        return _Outcome(kind="refused", error=error, entries=tuple(entries))
    except RfiParseError as error:
        return _Outcome(kind="error", error=error, entries=tuple(entries))
    return _Outcome(kind="feed", entries=tuple(entries))


def _read_response(
    record: WarcRecord, uri: str, options: _Options, counts: WarcCounts
) -> _Outcome | None:
    """What an rfi.fr ``response`` record gives, or ``None`` if it is skipped unread.

    The HTTP status, the media type and the URI's edition are checked before the
    body is read; the body is read with its codings undone, at most ``max_bytes``.
    """
    try:
        record.parse_http(quirks_mode=True)  # quirks: headers ending in LF alone are read too
    except OSError as error:
        return _Outcome(
            kind="error", error=HttpMessageError(f"the HTTP headers cannot be read: {error}")
        )
    http = record.http_headers
    if http is None or http.status_code != 200:
        counts.skipped_status += 1
        return None
    content_type = http.get("Content-Type")
    kind = media_type(content_type)
    is_feed = kind in _FEED_TYPES
    if not (kind is None or kind in _PAGE_TYPES or (is_feed and "feed" in options.kinds)):
        counts.skipped_type += 1
        return None
    if not _in_editions(uri, options.editions):
        counts.skipped_edition += 1
        return None
    if not is_feed:
        # On rfi.fr by its host name, yet perhaps no URL (a port past 65535, a space or
        # U+FFFD in the host): parse()'s own check of its url= argument says. The page's
        # URL unknown, it is not read. (A feed's own URL is not used: its entries name theirs.)
        try:
            check_url(uri)
        except ValueError as error:
            message = f"the record's WARC-Target-URI cannot be the page's URL: {error}"
            return _Outcome(kind="error", error=RfiParseError(message))
    reader = record.reader
    assert reader is not None  # a record being iterated has one
    try:
        body = read_body(
            reader,
            transfer_encoding=http.get("Transfer-Encoding"),
            content_encoding=http.get("Content-Encoding"),
            max_bytes=options.max_bytes,
            lenient=record.headers.get(_TRUNCATED) is not None,
        )
    except (InputTooLargeError, HttpMessageError) as error:
        return _Outcome(kind="error", error=error)
    document = _document(body, content_type)
    return _read_feed(document) if is_feed else _read_page(document, uri, options)


def _records(iterator: ArchiveIterator, file: str | None) -> Iterator[WarcRecord]:
    """The records of ``iterator``; an unreadable rest of the file raises ``WarcFormatError``."""
    last: int | None = None
    records = iter(iterator)
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except OSError as error:
            where = f"after the record at offset {last}" if last is not None else "at its start"
            raise WarcFormatError(
                f"{file or 'the WARC stream'}: not readable as WARC {where}: {error}",
                file=file,
                offset=last,
            ) from error
        last = record.stream_pos
        yield record


def _results(
    stream: _Reader, file: str | None, options: _Options, counts: WarcCounts
) -> Iterator[WarcResult]:
    """The results of the records of ``stream``, a stream of ``file``."""
    archive_iterator, record_type = _fastwarc()
    iterator = archive_iterator(
        stream,
        record_types=record_type.any_type,
        parse_http=False,
        fsspec_args=False,
    )
    response = record_type.response
    for record in _records(iterator, file):
        counts.records += 1
        if record.record_type != response:
            continue
        uri = _target(record)
        if uri is None or not _is_rfi(uri):
            continue
        counts.responses += 1
        try:
            outcome = _read_response(record, uri, options, counts)
        except OSError as error:  # the record's bytes cannot be read: the file is broken
            raise WarcFormatError(
                f"{file or 'the WARC stream'}: the record at offset "
                f"{record.stream_pos} cannot be read: {error}",
                file=file,
                offset=record.stream_pos,
            ) from error
        if outcome is None:
            continue
        field = _COUNTED_AS[outcome.kind]
        setattr(counts, field, getattr(counts, field) + 1)
        truncated = record.headers.get(_TRUNCATED)
        if truncated is not None:
            counts.truncated += 1
        if outcome.kind not in options.kinds:
            continue
        yield WarcResult(
            uri=uri,
            date=_aware_utc(record.record_date),
            file=file,
            offset=record.stream_pos,
            kind=outcome.kind,
            article=outcome.article,
            teasers=outcome.teasers,
            entries=outcome.entries,
            error=outcome.error,
            truncated=truncated,
        )


def _source_results(
    source: str | os.PathLike[str] | BinaryIO | ByteRange,
    options: _Options,
    counts: WarcCounts,
) -> Iterator[WarcResult]:
    """Open ``source`` (a local path, a range of one, or the caller's stream) and read it."""
    with ExitStack() as stack:
        if isinstance(source, ByteRange):
            file: str | None = os.fspath(source.path)
            whole: BinaryIO = stack.enter_context(open(source.path, "rb"))
            whole.seek(source.offset)
            stream = _Reader(whole, limit=source.length)
        elif isinstance(source, str | os.PathLike):
            file = os.fspath(source)
            stream = _Reader(stack.enter_context(open(source, "rb")))
        else:
            file = _stream_name(source)
            stream = _Reader(source)
        yield from _results(stream, file, options, counts)


def iter_articles(
    source: str | os.PathLike[str] | BinaryIO | ByteRange,
    *,
    editions: Iterable[str] | None = None,
    kinds: Iterable[ResultKind] = ("article",),
    counts: WarcCounts | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> Iterator[WarcResult]:
    """The rfi.fr pages of a WARC file, parsed, in file order.

    ``source`` is a path (a local file), a binary stream the caller opened (a
    remote file, through fsspec or boto3: this function opens nothing but a local
    path, and fetches nothing), or a ``ByteRange`` (one record of a local file, as
    the Common Crawl URL index gives it). The WARC may be gzip-compressed (one
    member per record), zstd-compressed or uncompressed: that is detected.

    Kept: ``response`` records whose target host is ``rfi.fr`` or a subdomain, with
    HTTP status 200, of type ``text/html`` or ``application/xhtml+xml`` (or none
    stated), and RSS/Atom/XML feeds when ``"feed"`` is in ``kinds``. Every other
    record is skipped from its headers, its body unread (``request``, ``revisit``,
    ``metadata``, other hosts, redirects, images...). ``editions`` (codes such as
    ``{"fr", "cn"}``) keeps only the URLs under those editions, before parsing.

    The HTTP body is decoded (``Transfer-Encoding: chunked``; ``Content-Encoding``
    gzip, deflate, br) and read up to ``max_bytes`` (``None``: no limit): a larger
    body is an ``"error"`` result holding ``InputTooLargeError``, read no further.
    Its charset: a byte-order mark, else the HTTP ``Content-Type`` charset, else
    what ``parse()`` detects (``<meta charset>``, else UTF-8); an HTTP charset label
    that the Encoding Standard does not know is ignored. The page goes to
    ``parse(page, url=<target URI>)``.

    Each kept record gives a ``WarcResult`` of one kind: ``"article"``,
    ``"listing"`` (its ``parse_listing()`` teasers), ``"feed"`` (its
    ``parse_feed()`` articles), ``"refused"`` (a ``NotAnArticleError``) or
    ``"error"`` (any other ``RfiParseError``, including ``HttpMessageError`` for a
    broken HTTP body or unreadable HTTP headers, and an ``RfiParseError`` for a
    page whose target URI is on rfi.fr but no URL, such as a port past 65535: its
    body is not read, since the page's own URL is unknown). Only the kinds in ``kinds`` are
    yielded, but all are counted; a listing not asked for is not read by
    ``parse_listing()``. A record marked ``WARC-Truncated`` is read from what it
    holds, its reason in ``truncated``. A bad record never stops the iteration.

    ``counts``, if given, is updated as the records are read (``WarcCounts``).

    The arguments are checked at the call, before anything is read; the file is
    opened when the iteration starts.

    :raises ImportError: FastWARC is not installed (``pip install 'rfiparse[warc]'``).
    :raises TypeError: ``source`` is none of the three, ``editions`` or ``kinds`` is a
        string, or ``max_bytes`` is not an ``int`` or ``None``.
    :raises ValueError: an edition code or a kind is unknown.
    :raises WarcFormatError: (from the iteration) the file cannot be read past some
        point (garbage, a broken gzip member), after the records before it were
        yielded. A file cut in the middle of its last record ends the iteration
        before that record, without an error: FastWARC does not report it.
    :raises OSError: (from the iteration) a path cannot be opened.
    """
    options = _Options(
        editions=_check_editions(editions), kinds=_check_kinds(kinds), max_bytes=max_bytes
    )
    check_max_bytes(max_bytes)
    _check_source(source)
    _fastwarc()
    return _source_results(source, options, counts if counts is not None else WarcCounts())
