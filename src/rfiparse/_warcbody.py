"""The HTTP body of a WARC ``response`` record: its codings undone, its charset read.

A crawler records the bytes the server sent: the body may be framed in chunks
(``Transfer-Encoding: chunked``) and compressed (``Content-Encoding: gzip``,
``deflate``, ``br``). ``read_body()`` undoes both while it reads, a block at a time,
so that memory stays bounded by the size limit whatever the record holds (a
compressed body that would inflate past the limit is stopped there). Common Crawl
stores bodies already decoded and renames those headers (``X-Crawler-Content-Encoding``),
so its records go through unchanged.

Nothing here imports FastWARC: the body is read from any object with ``read(n)``.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterator
from typing import Protocol

from ._encoding import _encoding
from .errors import InputTooLargeError, RfiParseError

__all__ = ["HttpMessageError", "http_charset", "media_type", "read_body"]

_BLOCK = 64 * 1024
"""Bytes read from the record at a time."""

_MAX_CHUNK_LINE = 4096
"""The longest chunk-size line read (size, extensions): longer is a broken body."""

_CHUNK_LINE_TOO_LONG = "broken chunked HTTP body: a chunk-size line too long"
_CHUNK_SIZE = re.compile(rb"[ \t]*([0-9A-Fa-f]+)[ \t]*(?:;[^\r\n]*)?\r?\n")
_CHARSET = re.compile(r';\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))', re.IGNORECASE)
_UTF16 = {"utf-16be": "utf-16-be", "utf-16le": "utf-16-le", "utf-16": "utf-16-le"}
"""The Encoding Standard's UTF-16 labels: in an HTTP header (not in a ``<meta>``,
which ``_encoding`` reads) they mean UTF-16."""


class HttpMessageError(RfiParseError):
    """The HTTP message of a record cannot be read: its headers, or its body's codings.

    Headers longer than FastWARC's limit; a broken chunked framing or compressed
    stream; an unsupported coding (``compress``), or ``br`` without the ``brotli``
    package.
    """


class _Readable(Protocol):
    def read(self, size: int = ..., /) -> bytes: ...


def media_type(content_type: str | None) -> str | None:
    """The lower-case media type of a ``Content-Type`` value (``text/html``), else ``None``."""
    if content_type is None:
        return None
    kind = content_type.partition(";")[0].strip().lower()
    return kind or None


def http_charset(content_type: str | None) -> str | None:
    """The Python codec of the ``charset`` a ``Content-Type`` value names, else ``None``.

    Labels are the Encoding Standard's, read with the codecs ``parse()`` uses for a
    ``<meta charset>`` (``gbk`` as GB18030, ``iso-8859-1`` as windows-1252), but
    UTF-16 labels mean UTF-16 here. ``None`` for no charset and for a label the
    Standard does not know (``utf-7``): the caller then lets ``parse()`` detect it.
    """
    if content_type is None:
        return None
    found = _CHARSET.search(content_type)
    if found is None:
        return None
    label = (found.group(1) if found.group(1) is not None else found.group(2)).strip().lower()
    if label in _UTF16:
        return _UTF16[label]
    return _encoding(label.encode("latin-1", errors="replace")) or None


def _codings(value: str | None) -> list[str]:
    """The codings a ``Transfer-Encoding`` or ``Content-Encoding`` value lists, in order applied."""
    if value is None:
        return []
    return [c.strip().lower() for c in value.split(",") if c.strip() not in ("", "identity")]


def _dechunk(blocks: Iterator[bytes], *, lenient: bool) -> Iterator[bytes]:
    """The data of a chunked body whose raw bytes arrive in ``blocks``; trailers are dropped.

    Linear in the body's size however small its chunks: each block is walked with
    an index and sliced once per chunk, never copied per chunk.

    :raises HttpMessageError: a chunk-size line is not one, a chunk's data is not
        followed by a line break, or (unless ``lenient``, for a record the crawler
        marked truncated) the body ends before its last chunk.
    """
    pending = b""
    remaining = 0  # bytes of the current chunk's data still to pass on
    after_data = False  # the line break that ends a chunk's data comes next
    for block in blocks:
        pending += block
        pos = 0
        while pos < len(pending):
            if remaining:
                piece = pending[pos : pos + remaining]
                pos += len(piece)
                remaining -= len(piece)
                after_data = remaining == 0
                yield piece
            elif after_data:
                if pending.startswith(b"\r\n", pos):
                    pos += 2
                elif pending.startswith(b"\n", pos):
                    pos += 1
                elif pos == len(pending) - 1 and pending.endswith(b"\r"):
                    break  # the rest of the line break is in the next block
                else:
                    raise HttpMessageError("broken chunked HTTP body: no line break after a chunk")
                after_data = False
            else:
                line_end = pending.find(b"\n", pos, pos + _MAX_CHUNK_LINE)
                if line_end < 0:
                    if len(pending) - pos >= _MAX_CHUNK_LINE:
                        raise HttpMessageError(
                            "broken chunked HTTP body: a chunk-size line too long"
                        )
                    break
                size = _CHUNK_SIZE.fullmatch(pending, pos, line_end + 1)
                if size is None:
                    raise HttpMessageError("broken chunked HTTP body: a chunk-size line is not hex")
                pos = line_end + 1
                remaining = int(size.group(1), 16)
                if remaining == 0:
                    return  # the last chunk: what follows are trailers
        pending = pending[pos:]
    if not lenient:
        raise HttpMessageError("broken chunked HTTP body: it ends before its last chunk")


def _zlib_decoder(coding: str, first: bytes) -> zlib._Decompress:
    """A decompressor for ``gzip``, or ``deflate``: zlib format, or the raw deflate some send."""
    if coding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    is_zlib = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    return zlib.decompressobj(zlib.MAX_WBITS if is_zlib or len(first) < 2 else -zlib.MAX_WBITS)


def _inflate(blocks: Iterator[bytes], coding: str, *, limit: int, lenient: bool) -> Iterator[bytes]:
    """The data of ``blocks`` compressed with ``coding``, at most ``limit`` bytes of it at a time.

    Each call to the decompressor gives at most ``limit`` bytes, so a small input
    that inflates hugely never fills memory: the caller stops once past its limit.

    :raises HttpMessageError: the data is not in ``coding``, or (unless ``lenient``)
        ends before the compressed stream does.
    """
    decoder: zlib._Decompress | None = None
    for block in blocks:
        if decoder is None:
            decoder = _zlib_decoder(coding, block)
        data = block
        while True:  # until the block is consumed and no output is pending
            try:
                out = decoder.decompress(data, limit)
            except zlib.error as error:
                raise HttpMessageError(f"broken {coding} HTTP body: {error}") from None
            data = decoder.unconsumed_tail
            if out:
                yield out
            if decoder.eof:
                return  # what follows the stream (a second gzip member, junk) is left
            if not out and not data:
                break
    if decoder is not None and not decoder.eof and not lenient:
        raise HttpMessageError(f"broken {coding} HTTP body: it ends before its compressed data")


def _unbrotli(blocks: Iterator[bytes], *, limit: int, lenient: bool) -> Iterator[bytes]:
    """The data of ``blocks`` compressed with Brotli (``br``), at most ``limit`` bytes at a time.

    :raises HttpMessageError: ``brotli`` is not installed, or the data is not Brotli.
    """
    try:
        import brotli
    except ImportError:
        raise HttpMessageError(
            "a br-encoded HTTP body needs the brotli package (a dependency of FastWARC)"
        ) from None
    decoder = brotli.Decompressor()
    try:
        for block in blocks:
            out = decoder.process(block, output_buffer_limit=limit)
            while out:  # drain what the block gives, a bounded piece at a time
                yield out
                if decoder.is_finished():
                    return
                out = decoder.process(b"", output_buffer_limit=limit)
    except brotli.error as error:
        raise HttpMessageError(f"broken br HTTP body: {error}") from None
    if not decoder.is_finished() and not lenient:
        raise HttpMessageError("broken br HTTP body: it ends before its compressed data")


def _raw_blocks(reader: _Readable) -> Iterator[bytes]:
    """The bytes of ``reader``, a block at a time, up to its end."""
    while block := reader.read(_BLOCK):
        yield block


_Decoder = Callable[[Iterator[bytes]], Iterator[bytes]]


def _decoder(coding: str, *, limit: int, lenient: bool) -> _Decoder:
    """The decoder of one content (or non-chunked transfer) coding.

    :raises HttpMessageError: ``coding`` is none that this module decodes.
    """
    if coding in ("gzip", "x-gzip", "deflate"):
        return lambda blocks: _inflate(blocks, coding, limit=limit, lenient=lenient)
    if coding == "br":
        return lambda blocks: _unbrotli(blocks, limit=limit, lenient=lenient)
    raise HttpMessageError(f"unsupported HTTP coding {coding!r}")


def read_body(
    reader: _Readable,
    *,
    transfer_encoding: str | None,
    content_encoding: str | None,
    max_bytes: int | None,
    lenient: bool = False,
) -> bytes:
    """The body of an HTTP response read from ``reader``, its transfer and content codings undone.

    Codings are undone in the reverse order of their listing, as HTTP applies them
    in order. ``lenient`` (a record marked ``WARC-Truncated``) keeps what a cut body
    holds instead of refusing it.

    :raises InputTooLargeError: the decoded body holds more than ``max_bytes``
        bytes; reading stopped just past the limit.
    :raises HttpMessageError: a coding is broken or unsupported (see ``HttpMessageError``).
    """
    limit = _BLOCK if max_bytes is None else max(1, min(_BLOCK, max_bytes + 1))
    transfer = _codings(transfer_encoding)
    chunked = bool(transfer) and transfer[-1] == "chunked"
    others = transfer[:-1] if chunked else transfer
    codings = others[::-1] + _codings(content_encoding)[::-1]
    decoders = [_decoder(coding, limit=limit, lenient=lenient) for coding in codings]
    blocks = _raw_blocks(reader)
    if chunked:
        blocks = _dechunk(blocks, lenient=lenient)
    for decode in decoders:
        blocks = decode(blocks)
    out = bytearray()
    for block in blocks:
        out += block
        if max_bytes is not None and len(out) > max_bytes:
            raise InputTooLargeError(
                f"the HTTP body holds more than {max_bytes:,} bytes (max_bytes); nothing was parsed"
            )
    return bytes(out)
