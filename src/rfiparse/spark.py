"""Articles from WARC files on Apache Spark (extra ``rfiparse[spark]``).

Built as ``commoncrawl/cc-pyspark`` builds its jobs: the driver holds only a list
of WARC files (or of records), each Spark task opens its own files and reads them
with ``rfiparse.warc.iter_articles()``, and the articles come back as Arrow record
batches (``DataFrame.mapInArrow``) of the one schema of ``rfiparse.arrow``. No data
passes through the driver; there is no distribution layer of rfiparse's own.

* ``read_warcs(spark, paths)``: the articles of whole WARC files, one file per
  task by default.
* ``read_warc_records(spark, ranges)``: the articles of single records, each read
  alone from its byte range, as a Common Crawl URL-index query names them
  (``warc_filename``, ``warc_record_offset``, ``warc_record_length``).
* ``spark_schema()``: the Spark schema of both, ``rfiparse.arrow.arrow_schema()``
  converted (a datetime is a ``timestamp``, an instant, plus its ``int`` UTC offset
  in seconds).
* ``month_column()``: the ``month`` partition value, ``YYYY-MM``, computed in Spark
  exactly as ``rfiparse.arrow.write_parquet()`` computes it.

A local path (or a ``file://`` URL) is opened directly; any other URL (``s3://``,
``hdfs://``, ``https://``, ...) through ``fsspec``, whose file system for that
scheme must be installed where the tasks run (``s3fs``, ``aiohttp``; HDFS through
pyarrow). PySpark, pyarrow and fsspec are imported only inside the functions that
need them; without them those functions raise ``ImportError`` naming the extra.
"""

from __future__ import annotations

import functools
import io
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, BinaryIO
from urllib.parse import urlsplit
from urllib.request import url2pathname

import attrs

from ._arguments import DEFAULT_MAX_BYTES, check_count, check_max_bytes
from .warc import ByteRange, WarcResult, _check_editions, iter_articles

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pyarrow as pa
    from pyspark.sql import Column, DataFrame, SparkSession
    from pyspark.sql.types import StructType

__all__ = [
    "BATCH_SIZE",
    "CC_INDEX_COLUMNS",
    "COMMON_CRAWL_PREFIX",
    "MAX_PARTITIONS",
    "month_column",
    "read_warc_records",
    "read_warcs",
    "spark_schema",
]

BATCH_SIZE = 256
"""Articles per Arrow record batch a task hands to Spark (its memory stays bounded)."""

MAX_PARTITIONS = 10_000
"""``read_warcs()``: at most this many partitions by default (one file per partition below)."""

COMMON_CRAWL_PREFIX = "https://data.commoncrawl.org/"
"""Where Common Crawl's files are served over HTTPS; ``s3://commoncrawl/`` on AWS."""

CC_INDEX_COLUMNS = ("warc_filename", "warc_record_offset", "warc_record_length")
"""The columns of Common Crawl's columnar URL index that locate one WARC record."""

_MISSING = "rfiparse.spark needs PySpark, pyarrow and fsspec: pip install 'rfiparse[spark]'"
_SCHEME_SEPARATOR = "://"


def _require() -> None:
    """Import the extra's modules, or raise ``ImportError`` naming the extra."""
    try:
        import fsspec  # noqa: F401
        import pyarrow  # noqa: F401
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise ImportError(_MISSING) from exc


def spark_schema() -> StructType:
    """The Spark schema of the DataFrames of this module: ``arrow_schema()`` converted.

    Structs stay structs, lists arrays, nullability as the model states it; a
    ``timestamp[us, tz=UTC]`` becomes a ``timestamp`` (an instant: Spark shows it
    in the session's time zone, the source's offset is the ``*_utc_offset`` column).
    """
    _require()
    from pyspark.sql.pandas.types import from_arrow_schema

    from .arrow import arrow_schema

    return from_arrow_schema(arrow_schema(), prefer_timestamp_ntz=False)


@attrs.frozen(kw_only=True)
class _Options:
    """What every task passes to ``iter_articles()``."""

    editions: frozenset[str] | None
    max_bytes: int | None


def _options(editions: Iterable[str] | None, max_bytes: int | None) -> _Options:
    """The options of ``iter_articles()``, checked on the driver as it checks them.

    (In a task, a bad option would fail late, every task, in a worker's traceback.)

    :raises TypeError: ``editions`` is a string, ``max_bytes`` neither int nor None.
    :raises ValueError: an unknown edition code.
    """
    check_max_bytes(max_bytes)
    return _Options(editions=_check_editions(editions), max_bytes=max_bytes)


def read_warcs(
    spark: SparkSession,
    paths: Sequence[str | os.PathLike[str]],
    *,
    editions: Iterable[str] | None = None,
    partitions: int | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> DataFrame:
    """The rfi.fr articles of WARC files, one row each, of ``spark_schema()``.

    Each task reads whole files (gzip, zstd or uncompressed) with
    ``rfiparse.warc.iter_articles()``: ``response`` records of rfi.fr with HTTP
    200, every other record skipped; a page that is not an article, or that
    ``parse()`` refuses, gives no row. ``source`` tells where each article was
    found; its ``file`` is the path as given here. ``editions`` keeps only the
    URLs of those editions (``{"fr", "cn"}``); ``max_bytes`` bounds an HTTP body
    as in ``iter_articles()``.

    ``paths`` become ``partitions`` partitions (by default one file per partition,
    at most ``MAX_PARTITIONS``), spread evenly, in order. The DataFrame is lazy:
    the files are read when an action runs, by the tasks, each file opened as
    ``_open()`` says (a file that cannot be opened or read fails its task).

    :raises TypeError: ``paths`` is one path instead of a sequence of them, or an
        option of the wrong type.
    :raises ValueError: an unknown edition, or ``partitions`` below 1.
    :raises ImportError: PySpark, pyarrow or fsspec is missing.
    """
    _require()
    if isinstance(paths, str | bytes | os.PathLike):
        raise TypeError(f"paths is a sequence of paths, not one path: [{paths!r}]")
    names = tuple(os.fspath(path) for path in paths)
    options = _options(editions, max_bytes)
    check_count(partitions, name="partitions", allow_none=True)
    if partitions is None:
        partitions = max(1, min(len(names), MAX_PARTITIONS))
    # A DataFrame of the paths' indexes: spark.range() puts ids 0..n-1 in n partitions
    # exactly, one each (a DataFrame of the path strings would be spread by hashing),
    # and it exists on Spark Connect too. The names travel with the function.
    indexes = spark.range(0, len(names), 1, partitions)
    task = functools.partial(_read_paths, names, options)
    return indexes.mapInArrow(task, spark_schema())


def read_warc_records(
    spark: SparkSession,
    ranges: DataFrame | Iterable[ByteRange],
    *,
    editions: Iterable[str] | None = None,
    url_prefix: str = COMMON_CRAWL_PREFIX,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> DataFrame:
    """The rfi.fr articles of single WARC records, each read alone, of ``spark_schema()``.

    ``ranges`` is a DataFrame with Common Crawl's URL-index columns
    ``warc_filename``, ``warc_record_offset`` and ``warc_record_length`` (other
    columns are ignored), or ``ByteRange`` s (their ``path`` taken as the file
    name). Each record is read from ``url_prefix + warc_filename``: by default
    Common Crawl's HTTPS server (on AWS, ``url_prefix="s3://commoncrawl/"``; for
    paths or URLs that are whole already, ``url_prefix=""``). Reading them is the
    point of the call: the tasks fetch exactly those byte ranges, one request each.

    Rows come out as ``read_warcs()`` gives them, in the order of ``ranges``
    within each partition; ``source.file`` is the ``warc_filename`` as given (as
    the index names it), ``source.offset`` the record's offset in that file.

    ``editions`` and ``max_bytes`` are as in ``read_warcs()``.

    :raises ValueError: a column of ``CC_INDEX_COLUMNS`` is missing, or an
        unknown edition.
    :raises TypeError: an option of the wrong type.
    :raises ImportError: PySpark, pyarrow or fsspec is missing.
    """
    _require()
    from pyspark.sql import DataFrame

    options = _options(editions, max_bytes)
    if isinstance(ranges, DataFrame):
        missing = [name for name in CC_INDEX_COLUMNS if name not in ranges.columns]
        if missing:
            raise ValueError(f"ranges has no column {missing}: it needs {list(CC_INDEX_COLUMNS)}")
        name, offset, length = CC_INDEX_COLUMNS
        frame = ranges.select(
            ranges[name].cast("string"), ranges[offset].cast("long"), ranges[length].cast("long")
        )
    else:
        rows = [(os.fspath(item.path), item.offset, item.length) for item in ranges]
        frame = spark.createDataFrame(
            rows, "warc_filename string, warc_record_offset long, warc_record_length long"
        )
    task = functools.partial(_read_ranges, url_prefix, options)
    return frame.mapInArrow(task, spark_schema())


def month_column() -> Column:
    """The ``month`` column of ``rfiparse.arrow.write_parquet()``'s partitions, in Spark.

    ``YYYY-MM`` of ``published`` as the page shows it (in its own UTC offset),
    else of the WARC record's date (``source.warc_date``) in UTC, else null; it
    does not depend on the session's time zone. For
    ``df.withColumn("month", month_column()).write.partitionBy("edition", "month")``.
    """
    _require()
    from pyspark.sql import functions as func

    micros_a_day = 86_400_000_000

    def day(micros: Column) -> Column:
        return func.date_from_unix_date(func.floor(micros / micros_a_day).cast("int"))

    shown = day(
        func.unix_micros("published") + func.col("published_utc_offset").cast("long") * 1_000_000
    )
    crawled = day(func.unix_micros(func.col("source.warc_date")))
    date = func.coalesce(shown, crawled)
    return func.when(
        date.isNotNull(), func.format_string("%04d-%02d", func.year(date), func.month(date))
    )


# -- what the tasks run ---------------------------------------------------------------


def _read_paths(
    names: tuple[str, ...], options: _Options, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """A task of ``read_warcs()``: the article batches of the files whose indexes it is given."""
    for batch in batches:
        for index in batch.column(0).to_pylist():
            name = names[index]
            with _open(name) as stream:
                results = _articles(stream, options)
                yield from _record_batches(attrs.evolve(result, file=name) for result in results)


def _read_ranges(
    url_prefix: str, options: _Options, batches: Iterator[pa.RecordBatch]
) -> Iterator[pa.RecordBatch]:
    """A task of ``read_warc_records()``: the article batches of the ranges it is given."""
    for batch in batches:
        names, offsets, lengths = (batch.column(i).to_pylist() for i in range(3))
        results = itertools.chain.from_iterable(
            _range_results(name, url_prefix, offset, length, options)
            for name, offset, length in zip(names, offsets, lengths, strict=True)
        )
        yield from _record_batches(results)


def _range_results(
    name: str, url_prefix: str, offset: int, length: int, options: _Options
) -> Iterator[WarcResult]:
    """The results of the one record at ``offset`` (``length`` bytes) of ``url_prefix + name``.

    A local file is read as a ``ByteRange``; a remote one by one ranged read of
    exactly those bytes (never the whole file). ``file`` is ``name`` as given and
    ``offset`` the record's offset in that file.
    """
    location = url_prefix + name
    local = _local_path(location)
    if local is not None:
        record = ByteRange(path=local, offset=offset, length=length)
        for result in _articles(record, options):
            yield attrs.evolve(result, file=name)
        return
    data = _read_remote_range(location, offset, length)
    for result in _articles(io.BytesIO(data), options):
        yield attrs.evolve(result, file=name, offset=offset + result.offset)


def _articles(source: BinaryIO | ByteRange, options: _Options) -> Iterator[WarcResult]:
    """``iter_articles()`` of ``source`` with the job's options: its articles."""
    return iter_articles(source, editions=options.editions, max_bytes=options.max_bytes)


def _record_batches(results: Iterable[WarcResult]) -> Iterator[pa.RecordBatch]:
    """Arrow record batches of ``rfiparse.arrow.to_table()``, ``BATCH_SIZE`` articles at most.

    Each batch is built only when the previous one has been taken: a task holds at
    most ``BATCH_SIZE`` articles, however large its files.
    """
    from .arrow import to_table

    iterator = iter(results)
    while chunk := list(itertools.islice(iterator, BATCH_SIZE)):
        yield from to_table(chunk).to_batches()


def _local_path(location: str) -> str | None:
    r"""The local path ``location`` names (a path, or a ``file://`` URL), else ``None``.

    A path holds no ``://``; a Windows drive letter (``C:\\``) is no URL scheme.
    """
    if _SCHEME_SEPARATOR not in location:
        return location
    parts = urlsplit(location)
    if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
        return url2pathname(parts.path)
    return None


def _open(location: str) -> AbstractContextManager[BinaryIO]:
    """``location`` opened for binary reading: directly if local, else through ``fsspec``.

    ``fsspec`` picks the file system of the URL's scheme (``s3://`` needs ``s3fs``,
    ``https://`` ``aiohttp``, ``hdfs://`` pyarrow's HDFS client): it must be
    installed where the tasks run.
    """
    local = _local_path(location)
    if local is not None:
        return open(local, "rb")
    import fsspec

    opened: AbstractContextManager[BinaryIO] = fsspec.open(location, "rb")
    return opened


def _read_remote_range(location: str, offset: int, length: int) -> bytes:
    """The ``length`` bytes at ``offset`` of the remote file ``location`` (one ranged read)."""
    import fsspec

    filesystem, path = fsspec.core.url_to_fs(location)
    data: Any = filesystem.cat_file(path, start=offset, end=offset + length)
    return bytes(data)
