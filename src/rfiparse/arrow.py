"""Articles as Arrow tables and Parquet datasets (extra ``rfiparse[parquet]``).

One Arrow schema, derived from the attrs model of ``rfiparse.model`` as
``to_dict()`` and the JSON Schema are (``_fields.field_hints()``): an attrs class
is a ``struct``, a tuple a ``list`` (never null, its items never null), ``str`` and
a ``Literal`` of strings ``string``, ``int`` ``int64``; a field is nullable exactly
where its hint allows ``None``. A datetime is two columns, so that no timezone
information is lost: ``<name>`` (``timestamp[us, tz=UTC]``, the instant) and
``<name>_utc_offset`` (``int32``, the seconds east of UTC the source stated:
``3600`` for ``+01:00``). Reading back gives the datetime in its own offset.

* ``arrow_schema()``: the schema; with ``source=True`` (the default) a nullable
  ``source`` struct (the WARC record the article came from) ends it.
* ``to_table()`` / ``from_table()``: articles (or ``rfiparse.warc.WarcResult`` s of
  kind ``"article"``) to one table and back to equal articles.
* ``write_parquet()`` / ``read_parquet()``: the same through a Parquet file, or a
  hive-partitioned directory (``edition=cn/month=2024-01/part-0.parquet``),
  written and read in bounded memory, batch by batch.

``pyarrow`` is imported only inside the functions that need it; without it they
raise ``ImportError`` naming the extra. ``python -m rfiparse.arrow`` rewrites the
schema's golden text (``rfiparse/schema/article.arrow.txt``); ``--check`` compares.
"""

from __future__ import annotations

import argparse
import collections
import functools
import itertools
import os
import sys
import types
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin

import attrs

from ._fields import field_hints
from .model import Article

if TYPE_CHECKING:  # pragma: no cover - typing only
    import pyarrow as pa

    from .warc import WarcResult

__all__ = [
    "OFFSET_SUFFIX",
    "PARTITION_KEYS",
    "SCHEMA_FILE",
    "arrow_schema",
    "from_table",
    "read_parquet",
    "render_schema",
    "to_table",
    "write_parquet",
]

OFFSET_SUFFIX = "_utc_offset"
"""The suffix of the ``int32`` column that holds a datetime column's UTC offset."""

PARTITION_KEYS = ("edition", "month")
"""The columns ``write_parquet(partition_by=...)`` may partition a dataset by."""

SCHEMA_FILE = Path(__file__).parent / "schema" / "article.arrow.txt"
"""The golden text of ``arrow_schema()`` (``render_schema()``), shipped with the package."""

_MISSING = "rfiparse.arrow needs pyarrow: pip install 'rfiparse[parquet]'"
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_LOCAL_EPOCH = datetime(1970, 1, 1)
_MICROSECOND = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_BATCH_SIZE = 1024
_COMPRESSION = "zstd"
# Hive partitioning names the directory of a null value thus (as Hive and Spark do).
_NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__"
_MONTH = "month"
# A partitioned write holds at most this many batches of rows in its buffers, and
# this many files open.
_BUFFERED_BATCHES = 8
_OPEN_FILES = 64


def _pyarrow() -> Any:
    """The ``pyarrow`` module, or ``ImportError`` naming the extra that installs it."""
    try:
        import pyarrow
    except ImportError as exc:
        raise ImportError(_MISSING) from exc
    return pyarrow


# -- the schema ---------------------------------------------------------------------


def arrow_schema(*, source: bool = True) -> pa.Schema:
    """The Arrow schema of ``to_table()``: one row per article.

    With ``source`` (the default), a last column ``source``: the WARC record the
    article was read from (``uri``, ``warc_date``, ``file``, ``offset``,
    ``truncated``, as ``rfiparse.warc.WarcResult`` holds them), null for an
    article given directly.
    """
    return _schema(source)


@functools.cache
def _schema(source: bool) -> pa.Schema:
    """``arrow_schema(source=source)``, built once."""
    pa = _pyarrow()
    fields = _struct_fields(Article)
    if source:
        fields.append(pa.field("source", _source_type(), nullable=True))
    return pa.schema(fields)


def _source_type() -> pa.DataType:
    """The ``source`` struct: where in which WARC file an article was found."""
    pa = _pyarrow()
    return pa.struct(
        [
            pa.field("uri", pa.string(), nullable=False),
            pa.field("warc_date", pa.timestamp("us", tz="UTC"), nullable=True),
            pa.field("file", pa.string(), nullable=True),
            pa.field("offset", pa.int64(), nullable=False),
            pa.field("truncated", pa.string(), nullable=True),
        ]
    )


def _optional(hint: Any) -> tuple[Any, bool]:
    """``(the hint without None, whether None is allowed)``: ``X | None`` gives ``(X, True)``."""
    if get_origin(hint) in (Union, types.UnionType):
        others = [arg for arg in get_args(hint) if arg is not type(None)]
        if len(others) != 1:  # pragma: no cover - the model has no such union
            raise NotImplementedError(f"no Arrow type for the union {hint!r}")
        return others[0], len(others) != len(get_args(hint))
    return hint, False


def _item(hint: Any) -> Any | None:
    """The item hint of ``tuple[X, ...]``, else ``None``."""
    args = get_args(hint)
    if get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _struct_fields(cls: type) -> list[pa.Field]:
    """The Arrow fields of the attrs class ``cls``: one per attrs field, two per datetime."""
    pa = _pyarrow()
    fields = []
    for name, hint in field_hints(cls):
        inner, nullable = _optional(hint)
        fields.append(pa.field(name, _arrow_type(inner), nullable=nullable))
        if inner is datetime:
            fields.append(pa.field(name + OFFSET_SUFFIX, pa.int32(), nullable=nullable))
    return fields


def _arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of a value of type ``hint`` (``None`` already taken off)."""
    pa = _pyarrow()
    if hint is str:
        return pa.string()
    if hint is int:
        return pa.int64()
    if hint is datetime:
        return pa.timestamp("us", tz="UTC")
    if isinstance(hint, type) and attrs.has(hint):
        return pa.struct(_struct_fields(hint))
    if get_origin(hint) is Literal and all(isinstance(arg, str) for arg in get_args(hint)):
        return pa.string()
    item = _item(hint)
    if item is not None:
        inner, nullable = _optional(item)
        return pa.list_(pa.field("item", _arrow_type(inner), nullable=nullable))
    raise NotImplementedError(f"no Arrow type for {hint!r}")


def render_schema(schema: pa.Schema) -> str:
    """A schema as stable text: one line per field, nested fields indented by two.

    ``name: type`` and `` not null`` where the field may not be null; a ``struct``
    or ``list`` names its kind only, its fields (a list's ``item``) follow indented.
    Unlike ``Schema.to_string()``, the text does not change with pyarrow's version.
    """
    lines: list[str] = []
    _render_fields(list(schema), 0, lines)
    return "\n".join(lines) + "\n"


def _render_fields(fields: Iterable[pa.Field], depth: int, lines: list[str]) -> None:
    pa = _pyarrow()
    for field in fields:
        kind = field.type
        if pa.types.is_struct(kind):
            shown, children = "struct", [kind.field(i) for i in range(kind.num_fields)]
        elif pa.types.is_list(kind):
            shown, children = "list", [kind.value_field]
        else:
            shown, children = str(kind), []
        null = "" if field.nullable else " not null"
        lines.append(f"{'  ' * depth}{field.name}: {shown}{null}")
        _render_fields(children, depth + 1, lines)


# -- articles to rows --------------------------------------------------------------


def _instant(value: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (no datetime is built: no overflow)."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"a naive datetime has no instant: {value!r}")
    return (value - _EPOCH) // _MICROSECOND


def _offset(value: datetime) -> int:
    """The UTC offset of an aware datetime, in whole seconds east of UTC."""
    offset = value.utcoffset()
    if offset is None:
        raise ValueError(f"a naive datetime has no UTC offset: {value!r}")
    if offset % _SECOND:
        raise ValueError(f"a UTC offset of a fraction of a second is not stored: {value!r}")
    return offset // _SECOND


def _row_expression(hint: Any, value: str, namespace: dict[str, Any]) -> list[str]:
    """The expressions of the Arrow values of ``value``, of type ``hint``: two for a datetime.

    A struct is a tuple of its fields' values, a list a list; a nested class's row
    function is put in ``namespace`` under the name the expression uses.
    """
    inner, nullable = _optional(hint)

    def guarded(expression: str) -> str:
        return f"(None if {value} is None else {expression})" if nullable else expression

    if inner is datetime:
        return [guarded(f"_instant({value})"), guarded(f"_offset({value})")]
    if isinstance(inner, type) and attrs.has(inner):
        function = f"_row{len(namespace)}_{inner.__name__}"
        namespace[function] = _row_function(inner)
        return [guarded(f"{function}({value})")]
    item = _item(inner)
    if item is not None:
        (written,) = _row_expression(item, "item", namespace)
        return [f"list({value})" if written == "item" else f"[{written} for item in {value}]"]
    return [value]


@functools.cache
def _row_function(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The function from an instance of ``cls`` to the tuple of its Arrow struct's values.

    Compiled once per class, as ``_fields.dict_writer()`` compiles ``to_dict()``.
    """
    namespace: dict[str, Any] = {"_instant": _instant, "_offset": _offset}
    values = [
        expression
        for name, hint in field_hints(cls)
        for expression in _row_expression(hint, f"self.{name}", namespace)
    ]
    source = f"def row(self):\n    return ({', '.join(values)},)\n"
    exec(compile(source, f"<Arrow row of {cls.__qualname__}>", "exec"), namespace)
    function: Callable[[Any], tuple[Any, ...]] = namespace["row"]
    return function


def _source_row(result: WarcResult) -> tuple[Any, ...]:
    """The ``source`` struct's values of a WARC result."""
    date = None if result.date is None else _instant(result.date)
    return (result.uri, date, result.file, result.offset, result.truncated)


def _split(item: Article | WarcResult) -> tuple[Article, WarcResult | None]:
    """The article of an item, and the WARC result it came in (``None`` for an article).

    :raises ValueError: a WARC result of another kind than ``"article"``.
    :raises TypeError: neither an article nor a WARC result.
    """
    if isinstance(item, Article):
        return item, None
    from .warc import WarcResult

    if not isinstance(item, WarcResult):
        raise TypeError(f"expected an Article or a WarcResult, got {type(item).__name__}")
    if item.kind != "article" or item.article is None:
        raise ValueError(
            f"a table holds articles only, not a WarcResult of kind {item.kind!r}"
            f" ({item.uri}): read the WARC with iter_articles(kinds=('article',))"
        )
    return item.article, item


def _batch(items: Iterable[Article | WarcResult], *, month: bool) -> pa.RecordBatch:
    """One record batch of ``arrow_schema()`` (and the ``month`` partition column if asked)."""
    pa = _pyarrow()
    row = _row_function(Article)
    rows: list[tuple[Any, ...]] = []
    months: list[str | None] = []
    for item in items:
        article, result = _split(item)
        rows.append((*row(article), None if result is None else _source_row(result)))
        if month:
            months.append(_month_of(article, result))
    schema = _schema(True)
    columns = list(zip(*rows, strict=True)) if rows else [() for _ in schema]
    arrays = [
        pa.array(column, type=field.type) for column, field in zip(columns, schema, strict=True)
    ]
    if month:
        arrays.append(pa.array(months, type=pa.string()))
        schema = schema.append(pa.field(_MONTH, pa.string()))
    return pa.RecordBatch.from_arrays(arrays, schema=schema)


def _month_of(article: Article, result: WarcResult | None) -> str | None:
    """``YYYY-MM`` of the publication date as the page shows it (its own offset).

    Else of the WARC record's date (in UTC), else ``None``.
    """
    moment = article.published
    if moment is None and result is not None and result.date is not None:
        moment = result.date.astimezone(timezone.utc)
    return None if moment is None else f"{moment.year:04d}-{moment.month:02d}"


def to_table(items: Iterable[Article | WarcResult]) -> pa.Table:
    """A table of ``arrow_schema()``: one row per article, in order.

    An ``Article`` gives a row whose ``source`` is null; a ``WarcResult`` of kind
    ``"article"`` its article's row with its ``source``. No input gives an empty
    table of the schema.

    :raises ValueError: a ``WarcResult`` of another kind (a table holds articles
        only), a naive datetime, or a UTC offset of a fraction of a second.
    :raises TypeError: an item neither an ``Article`` nor a ``WarcResult``.
    """
    pa = _pyarrow()
    batch = _batch(items, month=False)
    return pa.Table.from_batches([batch], schema=batch.schema)


# -- rows to articles --------------------------------------------------------------


def _datetime(instant: int, offset: int) -> datetime:
    """The aware datetime of an instant (microseconds since the epoch) at its UTC offset."""
    zone = timezone(timedelta(seconds=offset)) if offset else timezone.utc
    local = _LOCAL_EPOCH + timedelta(microseconds=instant + offset * 1_000_000)
    return local.replace(tzinfo=zone)


def _read_expression(hint: Any, value: str, offset: str, namespace: dict[str, Any]) -> str:
    """The expression of the model value of ``value`` (a struct read as a ``dict``)."""
    inner, nullable = _optional(hint)

    def guarded(expression: str) -> str:
        return f"(None if {value} is None else {expression})" if nullable else expression

    if inner is datetime:
        return guarded(f"_datetime({value}, {offset})")
    if isinstance(inner, type) and attrs.has(inner):
        function = f"_read{len(namespace)}_{inner.__name__}"
        namespace[function] = _read_function(inner)
        return guarded(f"{function}({value})")
    item = _item(inner)
    if item is not None:
        read = _read_expression(item, "item", "", namespace)
        return f"tuple({value})" if read == "item" else f"tuple([{read} for item in {value}])"
    return value


@functools.cache
def _read_function(cls: type) -> Callable[[dict[str, Any]], Any]:
    """The function from a struct of ``cls`` (a ``dict``, timestamps as ``int``) to ``cls``."""
    namespace: dict[str, Any] = {"_datetime": _datetime, "_cls": cls}
    arguments = ", ".join(
        f"{name}="
        + _read_expression(hint, f"row[{name!r}]", f"row[{name + OFFSET_SUFFIX!r}]", namespace)
        for name, hint in field_hints(cls)
    )
    source = f"def read(row):\n    return _cls({arguments})\n"
    exec(compile(source, f"<Arrow reader of {cls.__qualname__}>", "exec"), namespace)
    function: Callable[[dict[str, Any]], Any] = namespace["read"]
    return function


def _as_integers(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every timestamp, at any depth, read as its ``int64`` value."""
    pa = _pyarrow()
    if pa.types.is_timestamp(kind):
        return pa.int64()
    if pa.types.is_struct(kind):
        return pa.struct([_integer_field(kind.field(i)) for i in range(kind.num_fields)])
    if pa.types.is_list(kind):
        return pa.list_(_integer_field(kind.value_field))
    return kind


def _integer_field(field: pa.Field) -> pa.Field:
    return field.with_type(_as_integers(field.type))


def _articles_of(data: pa.Table | pa.RecordBatch) -> Iterator[Article]:
    """The articles of a table or batch that holds every column of the article schema.

    :raises ValueError: a column is missing or has another type than the schema's.
    """
    read = _read_function(Article)
    names = []
    arrays = []
    for field in _schema(False):
        index = data.schema.get_field_index(field.name)
        if index < 0:
            raise ValueError(f"no column {field.name!r}: not a table of rfiparse articles")
        column = _conformed(data.column(index), field)
        names.append(field.name)
        arrays.append(column.cast(_as_integers(_all_nullable(field.type))).to_pylist())
    for values in zip(*arrays, strict=True):
        yield read(dict(zip(names, values, strict=True)))


def _all_nullable(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every field of its structs and lists nullable, at any depth."""
    pa = _pyarrow()
    if pa.types.is_struct(kind):
        return pa.struct([pa.field(f.name, _all_nullable(f.type), nullable=True) for f in kind])
    if pa.types.is_list(kind):
        item = kind.value_field
        return pa.list_(pa.field(item.name, _all_nullable(item.type), nullable=True))
    return kind


def _conformed(column: Any, field: pa.Field) -> Any:
    """``column`` (an array or chunked array) as of the type of ``field``.

    Another writer's types are cast: Spark writes every field nullable, names a
    list's items ``element`` and may store instants as naive ``timestamp[ns]``.

    :raises ValueError: the column cannot be cast (a list where a string should be).
    """
    if column.type.equals(field.type):
        return column
    pa = _pyarrow()
    # Cast to the type with every nested field nullable: a writer that makes every
    # field nullable (Spark) leaves nulls in the fields of a null struct (an article
    # without ``image``), which a cast to non-nullable fields refuses, though the
    # rows are read without looking there.
    try:
        return column.cast(_all_nullable(field.type))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError) as exc:
        raise ValueError(
            f"column {field.name!r} is {column.type}, not {field.type} as rfiparse writes it"
            f" ({exc})"
        ) from None


def from_table(table: pa.Table | pa.RecordBatch) -> list[Article]:
    """The articles of a table of ``arrow_schema()`` (or of a batch), in row order.

    Each equals the article its row was written from, every datetime in its own
    UTC offset. Other columns (``source``, partition columns) are ignored; the
    values are taken as ``to_table()`` wrote them, not checked again.

    :raises ValueError: an article column is missing or of another type.
    """
    return list(_articles_of(table))


# -- Parquet -----------------------------------------------------------------------


def _batches(
    items: Iterable[Article | WarcResult], *, month: bool, batch_size: int
) -> Iterator[pa.RecordBatch]:
    """Record batches of ``batch_size`` items at most, built as the items come."""
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, batch_size)):
        yield _batch(chunk, month=month)


def write_parquet(
    items: Iterable[Article | WarcResult],
    path: str | os.PathLike[str],
    *,
    partition_by: Sequence[str] = (),
    batch_size: int = _BATCH_SIZE,
) -> None:
    """Write the articles of ``items`` as Parquet (zstd), ``batch_size`` at a time.

    Without ``partition_by``: one file at ``path`` (replaced if it exists), of
    ``arrow_schema()``. With ``partition_by`` (``("edition", "month")`` or one of
    them): a directory, hive style (``edition=cn/month=2024-01/part-0.parquet``),
    which must not exist or be empty. The partition columns are in the directory
    names, not in the files; ``month`` is ``YYYY-MM`` of ``published`` in its own
    offset (the date the page shows), else of the WARC record's date in UTC; a null
    value's directory is ``__HIVE_DEFAULT_PARTITION__`` (as Hive and Spark name it).

    Items are read ``batch_size`` at a time and each batch written before the next
    is read, so that an iterator of millions of results is never held in memory.

    :raises ValueError: as ``to_table()``; a ``partition_by`` other than those keys.
    :raises FileExistsError: a partitioned ``path`` that holds files already.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    unknown = [key for key in partition_by if key not in PARTITION_KEYS]
    if unknown or len(set(partition_by)) != len(partition_by):
        raise ValueError(
            f"partition_by takes distinct keys among {PARTITION_KEYS}, got {tuple(partition_by)}"
        )
    if partition_by:
        _write_dataset(items, Path(path), tuple(partition_by), batch_size)
    else:
        _write_file(items, Path(path), batch_size)


def _write_file(items: Iterable[Article | WarcResult], path: Path, batch_size: int) -> None:
    """One Parquet file: a row group per batch."""
    _pyarrow()
    import pyarrow.parquet as pq

    with pq.ParquetWriter(path, _schema(True), compression=_COMPRESSION) as writer:
        for batch in _batches(items, month=False, batch_size=batch_size):
            writer.write_batch(batch)


def _write_dataset(
    items: Iterable[Article | WarcResult], path: Path, keys: tuple[str, ...], batch_size: int
) -> None:
    """A hive-partitioned directory of Parquet files (see ``_Partitions``)."""
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise FileExistsError(f"{path} exists and is not an empty directory")
    partitions = _Partitions(path, keys, batch_size)
    try:
        for batch in _batches(items, month=_MONTH in keys, batch_size=batch_size):
            partitions.add(batch)
    finally:
        partitions.close()


class _Partitions:
    """The open files of a hive-partitioned directory being written, and their buffers.

    Each batch is split by the values of the partition ``keys``; the rows of a
    partition are buffered until ``batch_size`` of them are there, then written as
    one row group of its file (``key=value/.../part-0.parquet``). Memory stays
    bounded: when all buffers together hold more than ``_BUFFERED_BATCHES`` batches,
    the largest is written out, and at most ``_OPEN_FILES`` files are open (the
    least recently written is closed; its partition's next rows go to
    ``part-1.parquet``, and so on). Files hold every column but the keys.
    """

    def __init__(self, root: Path, keys: tuple[str, ...], batch_size: int) -> None:
        self._root = root
        self._keys = keys
        self._batch_size = batch_size
        self._schema = _pyarrow().schema([f for f in _schema(True) if f.name not in keys])
        self._buffers: dict[tuple[str | None, ...], list[pa.RecordBatch]] = {}
        self._buffered: dict[tuple[str | None, ...], int] = {}
        self._writers: collections.OrderedDict[tuple[str | None, ...], Any] = (
            collections.OrderedDict()
        )
        self._files: dict[tuple[str | None, ...], int] = {}

    def add(self, batch: pa.RecordBatch) -> None:
        """Buffer the rows of ``batch`` by partition, writing out what is full."""
        pa = _pyarrow()
        rows = pa.RecordBatch.from_arrays(
            [batch.column(name) for name in self._schema.names], schema=self._schema
        )
        values = [batch.column(key).to_pylist() for key in self._keys]
        groups: dict[tuple[str | None, ...], list[int]] = {}
        for index, partition in enumerate(zip(*values, strict=True)):
            groups.setdefault(partition, []).append(index)
        for partition, indices in groups.items():
            part = rows if len(groups) == 1 else rows.take(pa.array(indices, type=pa.int64()))
            self._buffers.setdefault(partition, []).append(part)
            self._buffered[partition] = self._buffered.get(partition, 0) + len(indices)
            if self._buffered[partition] >= self._batch_size:
                self._flush(partition)
        while sum(self._buffered.values()) > _BUFFERED_BATCHES * self._batch_size:
            self._flush(max(self._buffered, key=self._buffered.__getitem__))

    def _flush(self, partition: tuple[str | None, ...]) -> None:
        """Write the buffered rows of ``partition`` as one row group."""
        pa = _pyarrow()
        table = pa.Table.from_batches(self._buffers.pop(partition), schema=self._schema)
        del self._buffered[partition]
        self._writer(partition).write_table(table, row_group_size=table.num_rows)

    def _writer(self, partition: tuple[str | None, ...]) -> Any:
        """The open file of ``partition``, opened (and another closed) if need be."""
        writer = self._writers.get(partition)
        if writer is not None:
            self._writers.move_to_end(partition)
            return writer
        _pyarrow()
        import pyarrow.parquet as pq

        if len(self._writers) >= _OPEN_FILES:
            self._writers.popitem(last=False)[1].close()
        number = self._files.get(partition, 0)
        self._files[partition] = number + 1
        directory = self._root.joinpath(
            *(f"{key}={_segment(value)}" for key, value in zip(self._keys, partition, strict=True))
        )
        directory.mkdir(parents=True, exist_ok=True)
        writer = pq.ParquetWriter(
            directory / f"part-{number}.parquet", self._schema, compression=_COMPRESSION
        )
        self._writers[partition] = writer
        return writer

    def close(self) -> None:
        """Write every buffer out and close every file."""
        try:
            for partition in list(self._buffers):
                self._flush(partition)
        finally:
            while self._writers:
                self._writers.popitem(last=False)[1].close()


def _segment(value: str | None) -> str:
    """A partition value as a directory name: percent-encoded, as pyarrow reads it back."""
    return _NULL_PARTITION if value is None else urllib.parse.quote(value, safe="")


def read_parquet(
    path: str | os.PathLike[str], *, batch_size: int = _BATCH_SIZE
) -> Iterator[Article]:
    """The articles of a Parquet file or of a directory ``write_parquet()`` wrote.

    A directory is read hive style: ``edition`` comes back from its directory
    names (``__HIVE_DEFAULT_PARTITION__`` as null), ``month`` and ``source`` are
    left out. Articles are read ``batch_size`` at a time; a directory's come in
    the order of its files, not the order they were written in.

    The file or directory is opened by the call; its articles are read as the
    iterator is.

    :raises FileNotFoundError: no file or directory at ``path``.
    :raises ValueError: the data lacks a column of ``arrow_schema()`` or has it in
        another type (raised by the iterator).
    """
    pa = _pyarrow()
    import pyarrow.dataset as ds

    partitioning = None
    if Path(path).is_dir():
        keys = _partition_keys(Path(path))
        partitioning = ds.HivePartitioning(
            pa.schema([(key, pa.string()) for key in keys]), null_fallback=_NULL_PARTITION
        )
    dataset = ds.dataset(os.fspath(path), format="parquet", partitioning=partitioning)
    columns = [name for name in _schema(False).names if name in dataset.schema.names]
    return _read_batches(dataset.to_batches(columns=columns, batch_size=batch_size))


def _read_batches(batches: Iterable[pa.RecordBatch]) -> Iterator[Article]:
    """The articles of record batches, one batch converted at a time."""
    for batch in batches:
        yield from _articles_of(batch)


def _partition_keys(root: Path) -> list[str]:
    """The hive partition keys of a directory: the ``key=`` of the directories above its first file.

    Names starting with ``.`` or ``_`` are left out, as pyarrow's discovery leaves
    them (Spark's ``_SUCCESS``, ``.crc`` files, a writer's hidden directory). Every
    value is then read as a string (pyarrow would read ``edition=12`` as a number).
    """
    for directory, subdirectories, files in os.walk(root):
        subdirectories[:] = sorted(name for name in subdirectories if not _hidden(name))
        if any(not _hidden(name) for name in files):
            parts = Path(directory).relative_to(root).parts
            return [part.partition("=")[0] for part in parts if "=" in part]
    return []


def _hidden(name: str) -> bool:
    """Whether a dataset reader skips a file or directory of this name."""
    return name.startswith((".", "_"))


# -- the golden text ---------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Write ``arrow_schema()``'s text into ``SCHEMA_FILE`` (or, with ``--check``, compare)."""
    parser = argparse.ArgumentParser(
        prog="python -m rfiparse.arrow",
        description="Regenerate rfiparse/schema/article.arrow.txt, the Arrow schema's text.",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args(argv)
    text = render_schema(arrow_schema())
    current = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else None
    if current == text:
        return 0
    if args.check:
        print(f"out of date: {SCHEMA_FILE} (run python -m rfiparse.arrow)", file=sys.stderr)
        return 1
    SCHEMA_FILE.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {SCHEMA_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
