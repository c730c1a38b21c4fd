"""``rfiparse.warc.iter_articles()``: WARC files built here (``tests/warcs.py``), read back.

Every WARC is written by hand in ``tmp_path`` from the real pages of
``tests/fixtures`` and small synthetic ones; nothing is fetched.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import pickle
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rfiparse
from rfiparse import ForeignSiteError, InputTooLargeError, ListingPageError
from rfiparse._warcbody import read_body

pytest.importorskip("fastwarc", reason="rfiparse.warc needs the warc extra (FastWARC)")

from rfiparse import warc
from rfiparse.warc import (
    ByteRange,
    HttpMessageError,
    ResultKind,
    WarcCounts,
    WarcFormatError,
    WarcResult,
    iter_articles,
)
from warcs import (
    FIXTURES,
    fixture_documents,
    request_record,
    revisit_record,
    synthetic_page,
    warc_record,
    warcinfo_record,
    write_warc,
)

DOCUMENTS = fixture_documents()
PAGE_URL, PAGE = DOCUMENTS[0]
LISTING_URL, LISTING = next((url, data) for url, data in DOCUMENTS if url.endswith("/cn/"))
SYNTHETIC_URL = "https://www.rfi.fr/cn/中国/20240102-synthetic"
FOREIGN_URL = "https://www.example.com/news/1"
ALL_KINDS = ("article", "listing", "feed", "refused", "error")


def _write(tmp_path: Path, records: Sequence[bytes], *, compression: Any = "gzip") -> Path:
    """A WARC of ``records`` in ``tmp_path`` (its offsets are not needed)."""
    path = tmp_path / f"test.warc{'.gz' if compression == 'gzip' else ''}"
    write_warc(path, records, compression=compression)
    return path


def _read(source: Any, **options: Any) -> list[WarcResult]:
    return list(iter_articles(source, **options))


def _one(tmp_path: Path, record: bytes, **options: Any) -> WarcResult:
    """The one result of a WARC holding ``record`` alone."""
    (result,) = _read(_write(tmp_path, [record]), **options)
    return result


def _gb18030_page() -> bytes:
    """A synthetic page in GB18030 that declares no charset: only HTTP can say it."""
    return synthetic_page(url=SYNTHETIC_URL, meta_charset=None).encode("gb18030")


# --- compressions and sources ------------------------------------------------


def test_a_gzip_warc_gives_the_article_of_its_page(tmp_path: Path) -> None:
    path = _write(tmp_path, [warcinfo_record(), warc_record(uri=PAGE_URL, body=PAGE)])
    (result,) = _read(path)
    assert result.kind == "article"
    assert result.article == rfiparse.parse(PAGE, url=PAGE_URL)


def test_an_uncompressed_warc_gives_what_its_gzip_twin_gives(tmp_path: Path) -> None:
    records = [warcinfo_record(), warc_record(uri=PAGE_URL, body=PAGE)]
    write_warc(tmp_path / "a.warc.gz", records)
    write_warc(tmp_path / "a.warc", records, compression="none")
    gzipped = _read(tmp_path / "a.warc.gz")
    plain = _read(tmp_path / "a.warc")
    assert [r.article for r in plain] == [r.article for r in gzipped]
    assert len(plain) == 1


def test_a_zstd_warc_gives_what_its_gzip_twin_gives(tmp_path: Path) -> None:
    records = [warcinfo_record(), warc_record(uri=PAGE_URL, body=PAGE)]
    write_warc(tmp_path / "a.warc.gz", records)
    write_warc(tmp_path / "a.warc.zst", records, compression="zstd")
    zstd = _read(tmp_path / "a.warc.zst")
    assert [r.article for r in zstd] == [r.article for r in _read(tmp_path / "a.warc.gz")]
    assert len(zstd) == 1


def test_a_byte_range_reads_the_one_record_it_names(tmp_path: Path) -> None:
    records = [
        warcinfo_record(),
        warc_record(uri=PAGE_URL, body=PAGE),
        warc_record(uri=SYNTHETIC_URL, body=synthetic_page(url=SYNTHETIC_URL).encode()),
        warc_record(uri=PAGE_URL, body=PAGE),
    ]
    spans = write_warc(tmp_path / "a.warc.gz", records)
    offset, length = spans[2]
    counts = WarcCounts()
    (result,) = _read(
        ByteRange(path=tmp_path / "a.warc.gz", offset=offset, length=length), counts=counts
    )
    assert (result.uri, result.offset, counts.records) == (SYNTHETIC_URL, offset, 1)


def test_a_binary_stream_is_read_and_named_by_its_name(tmp_path: Path) -> None:
    path = _write(tmp_path, [warc_record(uri=PAGE_URL, body=PAGE)])
    with open(path, "rb") as stream:
        (result,) = _read(stream)
        assert not stream.closed
    assert (result.kind, result.file) == ("article", str(path))


def test_a_stream_without_a_name_or_position_is_read(tmp_path: Path) -> None:
    """A pipe-like stream (no ``tell()``): FastWARC 2.0.1 panics on one, so it is wrapped."""

    class Pipe:
        def __init__(self, data: bytes) -> None:
            self._data = io.BytesIO(data)

        def read(self, size: int = -1) -> bytes:
            return self._data.read(size)

    path = _write(tmp_path, [warcinfo_record(), warc_record(uri=PAGE_URL, body=PAGE)])
    spans = write_warc(
        tmp_path / "b.warc.gz", [warcinfo_record(), warc_record(uri=PAGE_URL, body=PAGE)]
    )
    (result,) = _read(Pipe(path.read_bytes()))
    assert (result.kind, result.file, result.offset) == ("article", None, spans[1][0])


@pytest.mark.parametrize("source", [42, b"a.warc.gz", None])
def test_a_source_that_is_no_path_range_or_stream_is_a_type_error_at_the_call(
    source: object,
) -> None:
    with pytest.raises(TypeError, match="source must be"):
        iter_articles(source)  # type: ignore[arg-type]


@pytest.mark.parametrize(("offset", "length"), [(-1, 10), (0, -1)])
def test_a_byte_range_with_a_negative_offset_or_length_is_a_value_error(
    offset: int, length: int
) -> None:
    with pytest.raises(ValueError, match="must be >= 0"):
        ByteRange(path="a.warc.gz", offset=offset, length=length)


def test_a_path_is_given_back_as_the_str_it_names(tmp_path: Path) -> None:
    path = _write(tmp_path, [warc_record(uri=PAGE_URL, body=PAGE)])
    (result,) = _read(path)
    assert result.file == str(path)


# --- which records are read ----------------------------------------------------


@pytest.fixture
def parsed_urls(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The ``url=`` of every ``parse()`` call that ``rfiparse.warc`` makes."""
    calls: list[str | None] = []
    real = rfiparse.parse

    def spy(html: str | bytes, *, url: str | None = None, max_bytes: int | None = None) -> Any:
        calls.append(url)
        return real(html, url=url, max_bytes=max_bytes)

    monkeypatch.setattr(warc, "parse", spy)
    return calls


@pytest.mark.parametrize(
    "uri",
    [
        FOREIGN_URL,
        "https://rfi.my/abc",  # RFI's short links, not pages
        "https://notrfi.fr/cn/x",
        "https://www.rfi.fr.example.com/cn/x",
    ],
)
def test_another_hosts_page_is_skipped_unparsed(
    tmp_path: Path, uri: str, parsed_urls: list[str | None]
) -> None:
    counts = WarcCounts()
    results = _read(
        _write(tmp_path, [warc_record(uri=uri, body=PAGE)]), kinds=ALL_KINDS, counts=counts
    )
    assert (results, parsed_urls, counts.records, counts.responses) == ([], [], 1, 0)


def test_a_subdomain_of_rfi_fr_is_read(tmp_path: Path) -> None:
    uri = "https://amp.rfi.fr/cn/中国/20240102-synthetic"
    result = _one(tmp_path, warc_record(uri=uri, body=synthetic_page(url=uri).encode()))
    assert result.kind == "article"


def test_a_revisit_record_is_skipped(tmp_path: Path, parsed_urls: list[str | None]) -> None:
    counts = WarcCounts()
    path = _write(tmp_path, [revisit_record(uri=PAGE_URL)])
    assert _read(path, kinds=ALL_KINDS, counts=counts) == []
    assert (parsed_urls, counts.records, counts.responses) == ([], 1, 0)


def test_request_and_warcinfo_records_are_counted_and_skipped(tmp_path: Path) -> None:
    counts = WarcCounts()
    path = _write(tmp_path, [warcinfo_record(), request_record(uri=PAGE_URL)])
    assert _read(path, kinds=ALL_KINDS, counts=counts) == []
    assert (counts.records, counts.responses) == (2, 0)


@pytest.mark.parametrize("status", [301, 404, 500])
def test_a_response_that_is_not_200_is_skipped_unparsed(
    tmp_path: Path, status: int, parsed_urls: list[str | None]
) -> None:
    counts = WarcCounts()
    path = _write(tmp_path, [warc_record(uri=PAGE_URL, status=status, body=PAGE)])
    assert _read(path, kinds=ALL_KINDS, counts=counts) == []
    assert (parsed_urls, counts.responses, counts.skipped_status) == ([], 1, 1)


@pytest.mark.parametrize("content_type", ["image/jpeg", "text/css", "application/json"])
def test_a_response_of_another_media_type_is_skipped_unparsed(
    tmp_path: Path, content_type: str, parsed_urls: list[str | None]
) -> None:
    counts = WarcCounts()
    record = warc_record(uri=PAGE_URL, http_headers=(("Content-Type", content_type),), body=PAGE)
    assert _read(_write(tmp_path, [record]), kinds=ALL_KINDS, counts=counts) == []
    assert (parsed_urls, counts.skipped_type) == ([], 1)


def test_an_xhtml_response_is_read_as_a_page(tmp_path: Path) -> None:
    headers = (("Content-Type", "application/xhtml+xml; charset=utf-8"),)
    result = _one(tmp_path, warc_record(uri=PAGE_URL, http_headers=headers, body=PAGE))
    assert result.article == rfiparse.parse(PAGE, url=PAGE_URL)


def test_a_warc_1_0_target_uri_in_angle_brackets_is_read(tmp_path: Path) -> None:
    record = warc_record(uri=f"<{PAGE_URL}>", body=PAGE)
    assert _one(tmp_path, record).uri == PAGE_URL


# --- HTTP bodies -----------------------------------------------------------------


def test_a_truncated_record_is_marked_and_parsed_from_what_it_holds(tmp_path: Path) -> None:
    cut = PAGE[: len(PAGE) // 2]
    counts = WarcCounts()
    (result,) = _read(
        _write(tmp_path, [warc_record(uri=PAGE_URL, body=cut, truncated="length")]),
        counts=counts,
    )
    assert (result.truncated, counts.truncated) == ("length", 1)
    assert result.article == rfiparse.parse(cut, url=PAGE_URL)


def test_a_truncated_chunked_gzip_body_is_parsed_from_what_it_holds(tmp_path: Path) -> None:
    whole = warc_record(uri=PAGE_URL, body=PAGE, chunked=True, gzip_body=True)
    cut = whole[: len(whole) // 2]
    block = cut.partition(b"\r\n\r\n")[2]  # the HTTP message, cut
    record = warc_record(uri=PAGE_URL, block=block, truncated="length")
    result = _one(tmp_path, record, kinds=ALL_KINDS)
    assert (result.kind, result.truncated) == ("article", "length")
    assert result.article is not None
    assert result.article.headline


def test_http_headers_ending_in_lf_alone_are_read(tmp_path: Path) -> None:
    block = b"HTTP/1.1 200 OK\nContent-Type: text/html; charset=utf-8\n\n" + PAGE
    result = _one(tmp_path, warc_record(uri=PAGE_URL, block=block))
    assert result.article == rfiparse.parse(PAGE, url=PAGE_URL)


def test_http_headers_too_long_to_read_are_an_error_result_and_the_iteration_goes_on(
    tmp_path: Path,
) -> None:
    block = b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 200_000 + b"\r\n\r\n" + PAGE
    records = [warc_record(uri=PAGE_URL, block=block), warc_record(uri=PAGE_URL, body=PAGE)]
    bad, good = _read(_write(tmp_path, records), kinds=ALL_KINDS)
    assert (bad.kind, type(bad.error), good.kind) == ("error", HttpMessageError, "article")


def test_a_record_not_marked_truncated_has_no_truncation(tmp_path: Path) -> None:
    assert _one(tmp_path, warc_record(uri=PAGE_URL, body=PAGE)).truncated is None


@pytest.mark.parametrize(
    "coding",
    [
        {"chunked": True},
        {"gzip_body": True},
        {"chunked": True, "gzip_body": True},
        {"content_encoding": "deflate"},
        {"chunked": True, "content_encoding": "deflate"},
    ],
    ids=["chunked", "gzip", "chunked-gzip", "deflate", "chunked-deflate"],
)
def test_an_encoded_body_gives_the_article_of_the_plain_body(
    tmp_path: Path, coding: dict[str, Any]
) -> None:
    result = _one(tmp_path, warc_record(uri=PAGE_URL, body=PAGE, **coding))
    assert result.article == rfiparse.parse(PAGE, url=PAGE_URL)


def test_a_chunked_gzip_body_does_not_hide_the_records_after_it(tmp_path: Path) -> None:
    """FastWARC 2.0.1's auto_decode loses them; the reader decodes bodies itself."""
    records = [
        warc_record(uri=LISTING_URL, body=LISTING, chunked=True, gzip_body=True),
        warc_record(uri=PAGE_URL, body=PAGE),
    ]
    counts = WarcCounts()
    results = _read(_write(tmp_path, records), counts=counts, kinds=ALL_KINDS)
    assert [r.uri for r in results] == [LISTING_URL, PAGE_URL]
    assert counts.records == 2


def test_a_raw_deflate_body_is_read_too(tmp_path: Path) -> None:
    import zlib

    compressor = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw = compressor.compress(PAGE) + compressor.flush()
    headers = (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "deflate"))
    result = _one(tmp_path, warc_record(uri=PAGE_URL, http_headers=headers, body=raw))
    assert result.article == rfiparse.parse(PAGE, url=PAGE_URL)


def test_a_brotli_body_gives_the_article_of_the_plain_body(tmp_path: Path) -> None:
    brotli = pytest.importorskip("brotli")
    headers = (("Content-Type", "text/html; charset=utf-8"), ("Content-Encoding", "br"))
    record = warc_record(uri=PAGE_URL, http_headers=headers, body=brotli.compress(PAGE))
    assert _one(tmp_path, record).article == rfiparse.parse(PAGE, url=PAGE_URL)


class _Trickle:
    """A reader giving at most ``step`` bytes a read: every block boundary is tried."""

    def __init__(self, data: bytes, step: int) -> None:
        self._data = io.BytesIO(data)
        self._step = step

    def read(self, size: int = -1, /) -> bytes:
        return self._data.read(min(size, self._step) if size >= 0 else self._step)


def _chunked(data: bytes, size: int) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


@pytest.mark.parametrize("step", [1, 2, 3, 7])
def test_a_chunked_body_read_in_small_pieces_is_decoded_whole(step: int) -> None:
    data = bytes(range(256)) * 3
    body = read_body(
        _Trickle(_chunked(data, 5), step),
        transfer_encoding="chunked",
        content_encoding=None,
        max_bytes=None,
    )
    assert body == data


def test_chunk_extensions_and_trailers_are_dropped() -> None:
    raw = b"5;name=value\r\nhello\r\n6\r\n world\r\n0\r\nTrailer: x\r\n\r\n"
    body = read_body(
        io.BytesIO(raw), transfer_encoding="chunked", content_encoding=None, max_bytes=None
    )
    assert body == b"hello world"


@pytest.mark.parametrize(
    ("raw", "codings"),
    [
        (b"zz\r\nhello\r\n0\r\n\r\n", {"transfer_encoding": "chunked"}),
        (b"5\r\nhelloXX5\r\nworld\r\n0\r\n\r\n", {"transfer_encoding": "chunked"}),
        (b"5\r\nhello\r\n", {"transfer_encoding": "chunked"}),
        (b"not gzip at all", {"content_encoding": "gzip"}),
        (gzip.compress(b"hello" * 1000)[:-20], {"content_encoding": "gzip"}),
        (b"hello", {"content_encoding": "compress"}),
    ],
    ids=[
        "size-not-hex",
        "no-crlf-after-data",
        "no-last-chunk",
        "not-gzip",
        "cut-gzip",
        "unsupported",
    ],
)
def test_a_broken_body_is_an_http_body_error(raw: bytes, codings: dict[str, str]) -> None:
    arguments: dict[str, Any] = {"transfer_encoding": None, "content_encoding": None, **codings}
    with pytest.raises(HttpMessageError):
        read_body(io.BytesIO(raw), max_bytes=None, **arguments)


def test_a_broken_gzip_body_is_an_error_result_and_the_iteration_goes_on(
    tmp_path: Path,
) -> None:
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    records = [
        warc_record(uri=PAGE_URL, http_headers=headers, body=b"<p>not gzip</p>"),
        warc_record(uri=PAGE_URL, body=PAGE),
    ]
    counts = WarcCounts()
    bad, good = _read(_write(tmp_path, records), kinds=ALL_KINDS, counts=counts)
    assert (bad.kind, type(bad.error), good.kind) == ("error", HttpMessageError, "article")
    assert counts.errors == 1


def test_a_body_larger_than_max_bytes_is_an_error_result(tmp_path: Path) -> None:
    result = _one(
        tmp_path, warc_record(uri=PAGE_URL, body=PAGE), kinds=ALL_KINDS, max_bytes=len(PAGE) - 1
    )
    assert (result.kind, type(result.error)) == ("error", InputTooLargeError)


def test_a_body_of_exactly_max_bytes_is_read(tmp_path: Path) -> None:
    result = _one(tmp_path, warc_record(uri=PAGE_URL, body=PAGE), max_bytes=len(PAGE))
    assert result.kind == "article"


def test_a_small_gzip_body_inflating_past_max_bytes_is_an_error_result(tmp_path: Path) -> None:
    bomb = b"<p>" + b"a" * 5_000_000
    record = warc_record(uri=PAGE_URL, body=bomb, gzip_body=True)
    assert len(record) < 50_000
    result = _one(tmp_path, record, kinds=ALL_KINDS, max_bytes=100_000)
    assert (result.kind, type(result.error)) == ("error", InputTooLargeError)


def test_read_body_stops_just_past_the_limit() -> None:
    """A 5 MB body is not read whole to find it is over a 1,000-byte limit."""
    reader = io.BytesIO(b"a" * 5_000_000)
    with pytest.raises(InputTooLargeError):
        read_body(reader, transfer_encoding=None, content_encoding=None, max_bytes=1000)
    assert reader.tell() <= 64 * 1024


# --- charsets ----------------------------------------------------------------------


def test_the_http_charset_decodes_a_page_that_declares_none(tmp_path: Path) -> None:
    headers = (("Content-Type", "text/html; charset=GBK"),)
    record = warc_record(uri=SYNTHETIC_URL, http_headers=headers, body=_gb18030_page())
    article = _one(tmp_path, record).article
    assert article is not None
    assert (article.headline, article.paragraphs[0].text) == ("合成的标题", "第一段。")


def test_the_http_charset_beats_the_pages_meta(tmp_path: Path) -> None:
    page = synthetic_page(url=SYNTHETIC_URL, meta_charset="windows-1252").encode("utf-8")
    headers = (("Content-Type", 'text/html; charset="utf-8"'),)
    article = _one(
        tmp_path, warc_record(uri=SYNTHETIC_URL, http_headers=headers, body=page)
    ).article
    assert article is not None
    assert article.headline == "合成的标题"


def test_a_bom_beats_the_http_charset(tmp_path: Path) -> None:
    page = b"\xef\xbb\xbf" + synthetic_page(url=SYNTHETIC_URL, meta_charset=None).encode()
    headers = (("Content-Type", "text/html; charset=gbk"),)
    article = _one(
        tmp_path, warc_record(uri=SYNTHETIC_URL, http_headers=headers, body=page)
    ).article
    assert article is not None
    assert article.headline == "合成的标题"


@pytest.mark.parametrize("content_type", ["text/html; charset=x-no-such-label", "text/html"])
def test_without_a_known_http_charset_the_page_is_read_as_parse_reads_it(
    tmp_path: Path, content_type: str
) -> None:
    page = synthetic_page(url=SYNTHETIC_URL, meta_charset="gb18030").encode("gb18030")
    record = warc_record(
        uri=SYNTHETIC_URL, http_headers=(("Content-Type", content_type),), body=page
    )
    article = _one(tmp_path, record).article
    assert article == rfiparse.parse(page, url=SYNTHETIC_URL)
    assert article is not None
    assert article.headline == "合成的标题"


# --- kinds -------------------------------------------------------------------------


def test_a_listing_page_gives_its_teasers_when_asked(tmp_path: Path) -> None:
    result = _one(tmp_path, warc_record(uri=LISTING_URL, body=LISTING), kinds=("listing",))
    assert result.kind == "listing"
    assert result.teasers == rfiparse.parse_listing(LISTING, url=LISTING_URL)
    assert result.teasers


def test_a_listing_not_asked_for_is_counted_and_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parse_listing() called")

    monkeypatch.setattr(warc, "parse_listing", refuse)
    counts = WarcCounts()
    assert (
        _read(_write(tmp_path, [warc_record(uri=LISTING_URL, body=LISTING)]), counts=counts) == []
    )
    assert counts.listings == 1


def test_another_publishers_page_on_an_rfi_uri_is_refused(tmp_path: Path) -> None:
    body = (FIXTURES / "foreign" / "page_bbc_article.html").read_bytes()
    result = _one(tmp_path, warc_record(uri=PAGE_URL, body=body), kinds=("refused",))
    assert (result.kind, type(result.error)) == ("refused", ForeignSiteError)


@pytest.mark.parametrize(
    "uri",
    # A feed's own URL is not used (its entries name theirs): one that is no URL refuses nothing.
    ["https://www.rfi.fr/cn/rss", "https://www.rfi.fr:99999/cn/rss"],
    ids=["its-uri", "its-uri-no-url"],
)
def test_a_feed_is_read_when_asked(tmp_path: Path, uri: str) -> None:
    feed = (FIXTURES / "feeds" / "feed_atom_2020_07_20.xml").read_bytes()
    headers = (("Content-Type", "application/atom+xml; charset=utf-8"),)
    record = warc_record(uri=uri, http_headers=headers, body=feed)
    result = _one(tmp_path, record, kinds=("feed",))
    assert result.kind == "feed"
    assert result.entries == tuple(rfiparse.parse_feed(feed))
    assert len(result.entries) == 6


def test_a_feed_not_asked_for_is_skipped_unread(tmp_path: Path) -> None:
    feed = (FIXTURES / "feeds" / "feed_atom_2020_07_20.xml").read_bytes()
    headers = (("Content-Type", "application/atom+xml"),)
    record = warc_record(uri="https://www.rfi.fr/cn/rss", http_headers=headers, body=feed)
    counts = WarcCounts()
    assert _read(_write(tmp_path, [record]), counts=counts) == []
    assert (counts.feeds, counts.skipped_type) == (0, 1)


def test_only_the_kinds_asked_for_are_yielded(tmp_path: Path) -> None:
    records = [warc_record(uri=PAGE_URL, body=PAGE), warc_record(uri=LISTING_URL, body=LISTING)]
    path = _write(tmp_path, records)
    assert [r.kind for r in _read(path)] == ["article"]
    assert [r.kind for r in _read(path, kinds=("listing",))] == ["listing"]
    assert [r.kind for r in _read(path, kinds=ALL_KINDS)] == ["article", "listing"]


def test_an_unknown_kind_is_a_value_error_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'page'"):
        iter_articles(tmp_path / "does-not-exist.warc.gz", kinds=("page",))  # type: ignore[arg-type]


# --- editions ------------------------------------------------------------------------


def test_the_editions_filter_keeps_only_those_editions_unparsed_others(
    tmp_path: Path, parsed_urls: list[str | None]
) -> None:
    en_url = "https://www.rfi.fr/en/france/20240102-synthetic"
    records = [
        warc_record(uri=PAGE_URL, body=PAGE),
        warc_record(uri=en_url, body=synthetic_page(url=en_url).encode()),
    ]
    counts = WarcCounts()
    results = _read(_write(tmp_path, records), editions={"en"}, counts=counts)
    assert [r.uri for r in results] == [en_url]
    assert (parsed_urls, counts.skipped_edition) == ([en_url], 1)


def test_an_unknown_edition_is_a_value_error_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'xx'"):
        iter_articles(tmp_path / "does-not-exist.warc.gz", editions=("cn", "xx"))


def test_editions_as_one_string_is_a_type_error(tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        iter_articles(tmp_path / "does-not-exist.warc.gz", editions="cn")


# --- what each result carries ----------------------------------------------------------


def _mixed_records() -> list[bytes]:
    return [
        warcinfo_record(),
        request_record(uri=PAGE_URL),
        warc_record(uri=PAGE_URL, body=PAGE),
        revisit_record(uri=PAGE_URL),
        warc_record(uri=FOREIGN_URL, body=b"<p>elsewhere</p>"),
        warc_record(uri=LISTING_URL, body=LISTING, chunked=True, gzip_body=True),
        warc_record(uri=PAGE_URL, status=404, body=b"gone"),
        warc_record(
            uri="https://www.rfi.fr/a.png",
            http_headers=(("Content-Type", "image/png"),),
            body=b"\x89PNG",
        ),
        warc_record(
            uri=SYNTHETIC_URL,
            body=synthetic_page(url=SYNTHETIC_URL).encode(),
            date="2023-06-30T22:15:00Z",
        ),
    ]


@pytest.mark.parametrize("compression", ["gzip", "none", "zstd"])
def test_offsets_are_where_the_records_start(tmp_path: Path, compression: Any) -> None:
    spans = write_warc(tmp_path / "a.warc", _mixed_records(), compression=compression)
    results = _read(tmp_path / "a.warc", kinds=ALL_KINDS)
    assert [r.offset for r in results] == [spans[2][0], spans[5][0], spans[8][0]]


def test_dates_are_aware_utc(tmp_path: Path) -> None:
    results = _read(_write(tmp_path, _mixed_records()), kinds=ALL_KINDS)
    assert results[-1].date == datetime(2023, 6, 30, 22, 15, tzinfo=timezone.utc)
    assert all(r.date is not None and r.date.utcoffset() is not None for r in results)


def test_counts_add_up_over_a_mixed_file(tmp_path: Path) -> None:
    counts = WarcCounts()
    _read(_write(tmp_path, _mixed_records()), counts=counts)
    assert counts == WarcCounts(
        records=9, responses=5, articles=2, listings=1, skipped_status=1, skipped_type=1
    )


def test_counts_run_on_over_several_calls(tmp_path: Path) -> None:
    counts = WarcCounts()
    path = _write(tmp_path, _mixed_records())
    _read(path, counts=counts)
    _read(path, counts=counts)
    assert (counts.records, counts.articles) == (18, 4)


@pytest.mark.parametrize(("url", "body"), DOCUMENTS, ids=[u[-40:] for u, _ in DOCUMENTS])
def test_every_fixture_document_gives_what_parse_gives(
    tmp_path: Path, url: str, body: bytes
) -> None:
    result = _one(tmp_path, warc_record(uri=url, body=body), kinds=ALL_KINDS)
    try:
        expected = rfiparse.parse(body, url=url)
    except ListingPageError:
        assert result.teasers == rfiparse.parse_listing(body, url=url)
    else:
        assert result.article == expected


def test_results_and_errors_pickle(tmp_path: Path) -> None:
    """Results cross process boundaries (``rfiparse warc --jobs``)."""
    headers = (("Content-Type", "text/html"), ("Content-Encoding", "gzip"))
    records = [
        warc_record(uri=PAGE_URL, body=PAGE),
        warc_record(uri=PAGE_URL, http_headers=headers, body=b"x"),
    ]
    results = _read(_write(tmp_path, records), kinds=ALL_KINDS)
    copies = pickle.loads(pickle.dumps(results))
    assert [r.article for r in copies] == [r.article for r in results]
    assert str(copies[1].error) == str(results[1].error)
    error = WarcFormatError("broken", file="a.warc.gz", offset=12)
    copy = pickle.loads(pickle.dumps(error))
    assert (str(copy), copy.file, copy.offset) == ("broken", "a.warc.gz", 12)


# --- broken files -------------------------------------------------------------------------


@pytest.mark.parametrize("compression", ["gzip", "none"])
def test_garbage_after_the_records_raises_warc_format_error_after_them(
    tmp_path: Path, compression: Any
) -> None:
    path = tmp_path / "a.warc"
    spans = write_warc(path, [warc_record(uri=PAGE_URL, body=PAGE)] * 2, compression=compression)
    with open(path, "ab") as out:
        out.write(b"this is no WARC record\r\n\r\n" * 10)
    iterator = iter_articles(path)
    assert [next(iterator).offset, next(iterator).offset] == [spans[0][0], spans[1][0]]
    with pytest.raises(WarcFormatError) as raised:
        next(iterator)
    assert (raised.value.file, raised.value.offset) == (str(path), spans[1][0])


def test_a_file_that_is_no_warc_raises_warc_format_error(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(PAGE)
    with pytest.raises(WarcFormatError, match=r"page\.html"):
        _read(path)


def test_an_empty_file_gives_nothing(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    assert _read(path) == []


# --- the optional dependency -----------------------------------------------------------------


def test_without_fastwarc_the_call_raises_import_error_naming_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "fastwarc", None)
    monkeypatch.setitem(sys.modules, "fastwarc.warc", None)
    with pytest.raises(ImportError, match=r"pip install 'rfiparse\[warc\]'"):
        iter_articles(tmp_path / "a.warc.gz")


def test_the_module_imports_without_fastwarc() -> None:
    """In a fresh interpreter, so that this process's ``rfiparse.warc`` stays the one imported."""
    code = (
        "import sys; sys.modules['fastwarc'] = None; sys.modules['fastwarc.warc'] = None\n"
        "import rfiparse.warc\n"
        "assert callable(rfiparse.warc.iter_articles)\n"
    )
    source = Path(rfiparse.__file__).parents[1]
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONPATH": str(source)},
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()


@pytest.mark.parametrize(
    "uri",
    ["https://www.rfi.fr:99999/cn/x", "https://ww w.rfi.fr/cn/x", "https://\ufffdww.rfi.fr/cn/x"],
    ids=["port-past-65535", "space-in-host", "replacement-character-in-host"],
)
def test_a_target_uri_on_rfi_that_is_no_url_is_an_error_result_and_the_iteration_goes_on(
    tmp_path: Path, uri: str
) -> None:
    records = [warc_record(uri=uri, body=PAGE), warc_record(uri=PAGE_URL, body=PAGE)]
    counts = WarcCounts()
    bad, good = _read(_write(tmp_path, records), kinds=ALL_KINDS, counts=counts)
    assert (bad.kind, type(bad.error), bad.uri, good.kind) == (
        "error",
        rfiparse.RfiParseError,
        uri,
        "article",
    )
    assert "WARC-Target-URI" in str(bad.error)
    assert counts.errors == 1


# --- any damage to a file -------------------------------------------------------

_RECORD = "<div>01/02/2024 - 10:00</div><p><strong>Chapô.</strong></p><div><p>Texte.</p></div>"
_FEED = (
    '<?xml version="1.0"?><rss><channel><item><title>t</title>'
    "<link>https://www.rfi.fr/cn/a</link><description>&lt;p&gt;&lt;strong&gt;x&lt;/strong&gt;"
    "&lt;/p&gt;</description></item></channel></rss>"
)
_DAMAGED_RECORDS = [
    warcinfo_record(),
    warc_record(uri=SYNTHETIC_URL, body=synthetic_page(url=SYNTHETIC_URL).encode()),
    warc_record(uri=SYNTHETIC_URL + "-1", body=_RECORD.encode(), chunked=True),
    warc_record(uri=SYNTHETIC_URL + "-2", body=_RECORD.encode(), gzip_body=True),
    warc_record(uri=SYNTHETIC_URL + "-3", body=_RECORD.encode()[:40], truncated="length"),
    revisit_record(uri=SYNTHETIC_URL),
    request_record(uri=SYNTHETIC_URL),
    warc_record(
        uri="https://www.rfi.fr/cn/rss",
        body=_FEED.encode(),
        http_headers=(("Content-Type", "application/rss+xml"),),
    ),
]
_DAMAGED_BASES = {
    "uncompressed": b"".join(_DAMAGED_RECORDS),
    "gzip": b"".join(gzip.compress(record, mtime=0) for record in _DAMAGED_RECORDS),
}
# What a damaged or hostile file holds: framing, lengths, codings, odd header values.
_DAMAGE = [
    b"\r\n", b"\r\n\r\n", b"\x00", b"\xff", b":", b" ", b"0\r\n\r\n", b"ffffffffffffffff\r\n",
    b"WARC/1.1\r\n", b"WARC-Type: response\r\n", b"HTTP/1.1 200 OK\r\n",
    b"Content-Length: 999999999\r\n", b"Content-Length: -1\r\n",
    b"Transfer-Encoding: chunked\r\n", b"Content-Encoding: gzip\r\n", b"Content-Encoding: br\r\n",
    b"Content-Type: text/html; charset=utf-16\r\n", b"charset=x-user-defined",
    b"WARC-Truncated: length\r\n", b"WARC-Date: 9999-99-99T99:99:99Z\r\n",
    b"WARC-Target-URI: http://[\r\n", b"WARC-Target-URI: https://www.rfi.fr:99999/cn/x\r\n",
    b"\x1f\x8b\x08\x00", b"\x28\xb5\x2f\xfd",
]  # fmt: skip
# What a URI on rfi.fr can become (in the target URI of an uncompressed file).
_ODD_ORIGINS = [
    b"https://www.rfi.fr:99999", b"https://ww w.rfi.fr", b"https://\xef\xbf\xbdww.rfi.fr",
    b"http://[", b"https://www.rfi.fr.", b"HTTPS://WWW.RFI.FR", b"ftp://www.rfi.fr",
    b"//www.rfi.fr",
]  # fmt: skip


def _damaged(data: bytes, draw: st.DataObject) -> bytes:
    damaged = bytearray(data)
    for _ in range(draw.draw(st.integers(1, 6), label="damages")):
        if not damaged:
            break
        where = draw.draw(st.integers(0, len(damaged) - 1), label="where")
        action = draw.draw(
            st.sampled_from(["byte", "delete", "insert", "truncate", "repeat", "origin"]),
            label="action",
        )
        if action == "origin":
            origin = damaged.find(b"https://www.rfi.fr", where)
            if origin >= 0:
                odd = draw.draw(st.sampled_from(_ODD_ORIGINS), label="origin")
                damaged[origin : origin + len(b"https://www.rfi.fr")] = odd
        elif action == "byte":
            damaged[where] = draw.draw(st.integers(0, 255), label="byte")
        elif action == "delete":
            del damaged[where : where + draw.draw(st.integers(1, 200), label="length")]
        elif action == "insert":
            damaged[where:where] = draw.draw(st.sampled_from(_DAMAGE), label="damage")
        elif action == "truncate":
            del damaged[where:]
        else:  # repeat
            length = draw.draw(st.integers(1, 300), label="length")
            damaged[where:where] = damaged[where : where + length]
    return bytes(damaged)


@given(st.sampled_from(sorted(_DAMAGED_BASES)), st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_a_damaged_file_gives_results_then_at_most_a_warc_format_error(
    base: str, data: st.DataObject
) -> None:
    damaged = _damaged(_DAMAGED_BASES[base], data)
    results: list[WarcResult] = []
    with contextlib.suppress(WarcFormatError):
        # extend() keeps the results read before the error.
        results.extend(iter_articles(io.BytesIO(damaged), kinds=get_args(ResultKind)))
    for result in results:
        assert result.kind in ALL_KINDS
        assert (result.error is None) == (result.kind in ("article", "listing", "feed"))
