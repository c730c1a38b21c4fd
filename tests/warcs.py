"""WARC files built at test time, by hand, for the tests and benchmarks of ``rfiparse.warc``.

Records are written byte by byte from the WARC 1.1 standard (``WARC/1.1`` version
line, named fields, ``\\r\\n\\r\\n`` after each block) with ``gzip`` and ``zlib``
only, NOT with FastWARC, so that the reader is never checked against the library
it is built on. The one exception is ``compression="zstd"``: Python 3.11 has no
zstd codec, so those files are framed with FastWARC's ``ZstdWriter`` (one frame per
record); a test of them needs FastWARC anyway.

::

    records = [
        warcinfo_record(),
        warc_record(uri="https://www.rfi.fr/cn/…", body=page_bytes),
        revisit_record(uri="https://www.rfi.fr/cn/…"),
        warc_record(uri="https://example.com/", body=b"<p>x</p>"),
    ]
    spans = write_warc(tmp_path / "crawl.warc.gz", records)  # [(offset, length), …]

``fixture_documents()`` gives the real rfi.fr documents of ``tests/fixtures`` (the
full article pages and the section/home pages: what rfi.fr serves) as
``(url, bytes)`` pairs, ready to be served in a ``response`` record.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import re
import uuid
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

__all__ = [
    "FIXTURES",
    "Compression",
    "document_url",
    "fixture_documents",
    "request_record",
    "revisit_record",
    "synthetic_page",
    "warc_record",
    "warcinfo_record",
    "write_warc",
]

FIXTURES = Path(__file__).parent / "fixtures"

Compression = Literal["gzip", "none", "zstd"]

DEFAULT_DATE = "2024-01-02T03:04:05Z"
HTML_UTF8 = (("Content-Type", "text/html; charset=utf-8"),)

_REASONS = {
    200: "OK",
    206: "Partial Content",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    403: "Forbidden",
    404: "Not Found",
    500: "Internal Server Error",
}

_CANONICAL = re.compile(rb'<link rel="canonical" href="([^"]+)"')


def _record_id(*parts: str | bytes) -> str:
    """A deterministic ``<urn:uuid:…>`` for the record made of ``parts`` (same input, same id)."""
    digest = hashlib.sha1()
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return f"<urn:uuid:{uuid.UUID(bytes=digest.digest()[:16], version=5)}>"


def _sha1_label(data: bytes) -> str:
    """The ``sha1:<BASE32>`` digest label WARC writers put in ``WARC-Block-Digest``."""
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _chunked(data: bytes, size: int = 1000) -> bytes:
    """``data`` in HTTP/1.1 chunked transfer coding, ``size`` bytes a chunk, then the last chunk."""
    out = bytearray()
    for start in range(0, len(data), size):
        piece = data[start : start + size]
        out += b"%x\r\n" % len(piece) + piece + b"\r\n"
    out += b"0\r\n\r\n"
    return bytes(out)


def _encode_content(body: bytes, encoding: str | None) -> bytes:
    """``body`` in HTTP content coding ``encoding``: ``gzip``, ``deflate`` (zlib format), none."""
    if encoding is None:
        return body
    if encoding == "gzip":
        return gzip.compress(body, mtime=0)
    if encoding == "deflate":
        return zlib.compress(body)
    raise ValueError(f"unsupported content encoding {encoding!r}")


def _warc_headers(fields: Sequence[tuple[str, str]], block: bytes) -> bytes:
    """The ``WARC/1.1`` header of a record: ``fields`` in order, then ``Content-Length``."""
    lines = ["WARC/1.1", *(f"{name}: {value}" for name, value in fields)]
    lines.append(f"Content-Length: {len(block)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("utf-8")


def _record(fields: Sequence[tuple[str, str]], block: bytes) -> bytes:
    """One whole WARC record: header, block, and the two CRLFs that end every record."""
    return _warc_headers(fields, block) + block + b"\r\n\r\n"


def http_response(
    *,
    status: int = 200,
    http_headers: Iterable[tuple[str, str]] = HTML_UTF8,
    body: bytes = b"",
    chunked: bool = False,
    content_encoding: Literal["gzip", "deflate"] | None = None,
) -> bytes:
    """An HTTP/1.1 response message as a crawler records it: status line, headers, body.

    ``content_encoding`` compresses ``body`` (and adds ``Content-Encoding``);
    ``chunked`` then frames it (``Transfer-Encoding: chunked``, no ``Content-Length``);
    otherwise ``Content-Length`` states the (encoded) body's length.
    """
    payload = _encode_content(body, content_encoding)
    headers = list(http_headers)
    if content_encoding is not None:
        headers.append(("Content-Encoding", content_encoding))
    if chunked:
        headers.append(("Transfer-Encoding", "chunked"))
        payload = _chunked(payload)
    else:
        headers.append(("Content-Length", str(len(payload))))
    status_line = f"HTTP/1.1 {status} {_REASONS.get(status, 'Status')}"
    head = "\r\n".join([status_line, *(f"{name}: {value}" for name, value in headers)])
    return (head + "\r\n\r\n").encode("latin-1") + payload


def warc_record(
    *,
    type: str = "response",
    uri: str,
    date: str = DEFAULT_DATE,
    status: int = 200,
    http_headers: Iterable[tuple[str, str]] = HTML_UTF8,
    body: bytes = b"",
    truncated: str | None = None,
    extra_headers: Iterable[tuple[str, str]] = (),
    chunked: bool = False,
    gzip_body: bool = False,
    content_encoding: Literal["gzip", "deflate"] | None = None,
    block: bytes | None = None,
) -> bytes:
    """One WARC record holding an HTTP response (``type="response"``) for ``uri``.

    The block is the HTTP message ``http_response()`` builds from ``status``,
    ``http_headers``, ``body``, ``chunked`` and ``content_encoding`` (``gzip_body=True``
    is ``content_encoding="gzip"``), unless ``block`` gives it verbatim (a broken HTTP
    message, or a record of another type: ``resource``, ``metadata``). ``truncated``
    adds ``WARC-Truncated`` (``"length"``, ``"time"``, ``"disconnect"``,
    ``"unspecified"``): pass the body as it was cut. ``extra_headers`` are appended
    to the WARC header. Every record has a ``WARC-Record-ID`` and a correct
    ``WARC-Block-Digest``.
    """
    if block is None:
        block = http_response(
            status=status,
            http_headers=http_headers,
            body=body,
            chunked=chunked,
            content_encoding="gzip" if gzip_body else content_encoding,
        )
    if type in ("response", "request"):
        content_type = f"application/http; msgtype={type}"
    else:
        content_type = "application/octet-stream"
    fields = [
        ("WARC-Type", type),
        ("WARC-Record-ID", _record_id(type, uri, date, block)),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("Content-Type", content_type),
        ("WARC-Block-Digest", _sha1_label(block)),
    ]
    if truncated is not None:
        fields.append(("WARC-Truncated", truncated))
    fields.extend(extra_headers)
    return _record(fields, block)


def warcinfo_record(*, filename: str = "test.warc.gz", date: str = DEFAULT_DATE) -> bytes:
    """The ``warcinfo`` record that opens a crawler's WARC file (no target URI, no HTTP)."""
    block = (
        b"software: rfiparse tests/warcs.py\r\n"
        b"format: WARC File Format 1.1\r\n"
        b"conformsTo: https://iipc.github.io/warc-specifications/\r\n"
    )
    fields = [
        ("WARC-Type", "warcinfo"),
        ("WARC-Record-ID", _record_id("warcinfo", filename, date)),
        ("WARC-Date", date),
        ("WARC-Filename", filename),
        ("Content-Type", "application/warc-fields"),
    ]
    return _record(fields, block)


def request_record(*, uri: str, date: str = DEFAULT_DATE) -> bytes:
    """The ``request`` record a crawler writes before each response: a GET of ``uri``."""
    path = "/" + uri.split("://", 1)[-1].partition("/")[2]
    host = uri.split("://", 1)[-1].partition("/")[0]
    block = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: tests\r\n\r\n".encode()
    fields = [
        ("WARC-Type", "request"),
        ("WARC-Record-ID", _record_id("request", uri, date)),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("Content-Type", "application/http; msgtype=request"),
        ("WARC-Block-Digest", _sha1_label(block)),
    ]
    return _record(fields, block)


def revisit_record(
    *, uri: str, date: str = DEFAULT_DATE, refers_to_date: str = "2023-12-01T00:00:00Z"
) -> bytes:
    """A ``revisit`` record (identical-payload-digest profile): HTTP 200 headers, no body.

    The kind of record a re-crawl writes for an unchanged page; its HTTP status is
    200 and its target URI an rfi.fr one, so only its WARC-Type tells it apart.
    """
    block = http_response(status=200, body=b"")
    fields = [
        ("WARC-Type", "revisit"),
        ("WARC-Record-ID", _record_id("revisit", uri, date)),
        ("WARC-Date", date),
        ("WARC-Target-URI", uri),
        ("WARC-Profile", "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"),
        ("WARC-Refers-To-Target-URI", uri),
        ("WARC-Refers-To-Date", refers_to_date),
        ("WARC-Payload-Digest", _sha1_label(b"the original payload")),
        ("Content-Type", "application/http; msgtype=response"),
        ("WARC-Block-Digest", _sha1_label(block)),
    ]
    return _record(fields, block)


def _zstd_frames(records: Sequence[bytes]) -> list[bytes]:
    """Each record as its own zstd frame (FastWARC's ``ZstdWriter``: Python 3.11 has no zstd)."""
    import io

    from fastwarc.stream_io import ZstdWriter

    frames = []
    for record in records:
        sink = io.BytesIO()
        writer = ZstdWriter(sink, fsspec_args=False)
        writer.write(record)
        writer.close()
        frames.append(sink.getvalue())
    return frames


def write_warc(
    path: str | Path, records: Iterable[bytes], *, compression: Compression = "gzip"
) -> list[tuple[int, int]]:
    """Write ``records`` to ``path`` and return each one's ``(offset, length)`` in the file.

    ``gzip``: one gzip member per record, the way every crawler writes them (the
    offsets and lengths are those a Common Crawl URL index gives: a ``ByteRange``
    of one record). ``none``: the records back to back. ``zstd``: one zstd frame per
    record (needs FastWARC, see the module's docstring).
    """
    records = list(records)
    if compression == "gzip":
        pieces = [gzip.compress(record, mtime=0) for record in records]
    elif compression == "none":
        pieces = records
    elif compression == "zstd":
        pieces = _zstd_frames(records)
    else:
        raise ValueError(f"unknown compression {compression!r}")
    spans = []
    offset = 0
    with open(path, "wb") as out:
        for piece in pieces:
            out.write(piece)
            spans.append((offset, len(piece)))
            offset += len(piece)
    return spans


def document_url(html: bytes) -> str:
    """The canonical URL an rfi.fr page states (``<link rel="canonical">``): its target URI."""
    found = _CANONICAL.search(html)
    if found is None:
        raise ValueError("the page states no canonical URL")
    return found.group(1).decode("ascii")


def fixture_documents(*, listings: bool = True) -> list[tuple[str, bytes]]:
    """The real rfi.fr documents of ``tests/fixtures`` as ``(url, bytes)``, sorted by file name.

    The full article pages (``pages/``) and, with ``listings``, the section and home
    pages (``listings/``): the documents rfi.fr itself serves, each at the URL its
    canonical link states. Records and fragments are feed-archive text, not HTTP
    responses of rfi.fr; ``synthetic_page()`` makes more small pages where a test
    needs them.
    """
    folders = ["pages", "listings"] if listings else ["pages"]
    found = []
    for folder in folders:
        for path in sorted((FIXTURES / folder).glob("*.html")):
            data = path.read_bytes()
            found.append((document_url(data), data))
    return found


def synthetic_page(
    *,
    url: str = "https://www.rfi.fr/cn/中国/20240102-synthetic",
    headline: str = "合成的标题",
    paragraphs: Sequence[str] = ("第一段。", "第二段。"),
    meta_charset: str | None = "utf-8",
) -> str:
    """A minimal rfi.fr article page (headline, date, lead, body) as ``str``, to encode at will.

    ``meta_charset=None`` leaves the page without a ``<meta charset>``: only the HTTP
    header (or a BOM) can then say how its bytes are encoded.
    """
    meta = f'<meta charset="{meta_charset}">' if meta_charset is not None else ""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="zh-Hans"><head>{meta}<title>{headline} - RFI</title>'
        f'<link rel="canonical" href="{url}">'
        '<meta property="og:site_name" content="RFI - 法国国际广播电台">'
        f'</head><body><article class="t-content t-content--article">'
        f'<h1 class="t-content__title">{headline}</h1>'
        '<div class="t-content__dates"><time datetime="2024-01-02T10:00:00+01:00">'
        "02/01/2024 - 10:00</time></div>"
        f'<p class="t-content__chapo">导语。</p><div class="t-content__body">{body}</div>'
        "</article></body></html>"
    )
