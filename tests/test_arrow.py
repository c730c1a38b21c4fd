"""rfiparse.arrow: the Arrow schema, tables and Parquet datasets of articles.

The golden text of the schema is ``src/rfiparse/schema/article.arrow.txt``; after a
change of the model, regenerate it with ``python -m rfiparse.arrow`` (and the JSON
Schemas with ``python -m rfiparse._schema``).
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Union, get_args, get_origin

import attrs
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rfiparse
import strategies
from goldens import ARTICLE_KINDS, SEED, Case, cases
from rfiparse import Article, article_schema, parse
from rfiparse import arrow as rfiarrow
from rfiparse._fields import field_hints
from rfiparse.arrow import (
    OFFSET_SUFFIX,
    SCHEMA_FILE,
    arrow_schema,
    from_table,
    read_parquet,
    render_schema,
    to_table,
    write_parquet,
)
from rfiparse.warc import WarcResult

_ARTICLE_CASES = cases(*ARTICLE_KINDS)
_PLUS_EIGHT = timezone(timedelta(hours=8))
_WARC_DATE = datetime(2024, 3, 5, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def seed() -> Article:
    return parse(SEED.read_bytes())


def _same(left: Article, right: Article) -> bool:
    """Equal, every datetime in the same UTC offset too (``==`` compares instants only)."""
    return left == right and left.to_dict() == right.to_dict()


def _result(article: Article, *, kind: Any = "article", **extra: Any) -> WarcResult:
    fields: dict[str, Any] = {
        "uri": article.url or "https://www.rfi.fr/cn/x",
        "date": _WARC_DATE,
        "file": "crawl.warc.gz",
        "offset": 1234,
        "kind": kind,
        "article": article if kind == "article" else None,
        **extra,
    }
    return WarcResult(**fields)


def _at(article: Article, published: datetime | None, **extra: Any) -> Article:
    return attrs.evolve(article, published=published, **extra)


# -- the schema ----------------------------------------------------------------------


def test_schema_equals_its_golden_text() -> None:
    assert render_schema(arrow_schema()) == SCHEMA_FILE.read_text(encoding="utf-8"), (
        "the model changed: regenerate the golden text with python -m rfiparse.arrow"
    )


def test_regeneration_command_finds_the_golden_text_up_to_date() -> None:
    assert rfiarrow.main(["--check"]) == 0


def _optional(hint: Any) -> tuple[Any, bool]:
    if get_origin(hint) in (Union, types.UnionType):
        others = [arg for arg in get_args(hint) if arg is not type(None)]
        return others[0], True
    return hint, False


def _check_against_model(cls: type, struct: pa.StructType, path: str) -> None:
    """Every attrs field of ``cls`` is a field of ``struct``, nullable iff ``| None``."""
    expected: list[str] = []
    for name, hint in field_hints(cls):
        inner, nullable = _optional(hint)
        field = struct.field(name)
        assert field.nullable == nullable, f"{path}{name}"
        expected.append(name)
        if inner is datetime:
            assert pa.types.is_timestamp(field.type), f"{path}{name}"
            assert field.type.tz == "UTC", f"{path}{name}"
            offset = struct.field(name + OFFSET_SUFFIX)
            assert offset.type == pa.int32(), f"{path}{name}"
            assert offset.nullable == nullable, f"{path}{name}"
            expected.append(name + OFFSET_SUFFIX)
        elif isinstance(inner, type) and attrs.has(inner):
            _check_against_model(inner, field.type, f"{path}{name}.")
        elif get_origin(inner) is tuple:
            assert pa.types.is_list(field.type), f"{path}{name}"
            assert not field.type.value_field.nullable, f"{path}{name}"
            item = get_args(inner)[0]
            if attrs.has(item):
                _check_against_model(item, field.type.value_type, f"{path}{name}[].")
    assert [struct.field(i).name for i in range(struct.num_fields)] == expected, path


def test_schema_has_every_model_field_nullable_where_the_model_allows_none() -> None:
    schema = arrow_schema(source=False)
    _check_against_model(Article, pa.struct(list(schema)), "")


_JSON_TYPES = {"string": pa.types.is_string, "integer": pa.types.is_int64}


def _check_against_json_schema(
    node: dict[str, Any], struct: pa.StructType, defs: dict[str, Any], path: str
) -> None:
    """Each property is a field of ``struct``, nullable iff the property allows null."""
    properties = node["properties"]
    assert set(node["required"]) == set(properties)
    own = [struct.field(i).name for i in range(struct.num_fields)]
    assert [name for name in own if not name.endswith(OFFSET_SUFFIX)] == list(properties), path
    for name, schema in properties.items():
        field = struct.field(name)
        options = schema.get("anyOf", [schema])
        values = [option for option in options if option.get("type") != "null"]
        assert field.nullable == (len(values) < len(options)), f"{path}{name}"
        (value,) = values
        _check_type(value, field.type, defs, f"{path}{name}")


def _check_type(value: dict[str, Any], kind: pa.DataType, defs: dict[str, Any], path: str) -> None:
    if "$ref" in value:
        assert pa.types.is_struct(kind), path
        _check_against_json_schema(defs[value["$ref"].rsplit("/", 1)[1]], kind, defs, path + ".")
    elif value["type"] == "array":
        assert pa.types.is_list(kind), path
        _check_type(value["items"], kind.value_type, defs, path + "[]")
    elif value.get("format") == "date-time":
        assert pa.types.is_timestamp(kind), path
    else:
        assert _JSON_TYPES[value["type"]](kind), path


def test_schema_agrees_with_the_json_schema() -> None:
    json_schema = article_schema()
    struct = pa.struct(list(arrow_schema(source=False)))
    _check_against_json_schema(json_schema, struct, json_schema["$defs"], "")


def test_source_column_ends_the_schema_and_is_nullable() -> None:
    field = arrow_schema().field("source")
    assert arrow_schema().names[-1] == "source"
    assert field.nullable
    assert [field.type.field(i).name for i in range(field.type.num_fields)] == [
        "uri",
        "warc_date",
        "file",
        "offset",
        "truncated",
    ]
    assert "source" not in arrow_schema(source=False).names


# -- tables --------------------------------------------------------------------------


@pytest.mark.parametrize("case", _ARTICLE_CASES, ids=lambda case: case.name)
def test_fixture_article_comes_back_equal(case: Case) -> None:
    article = parse(case.read())
    (back,) = from_table(to_table([article]))
    assert _same(back, article)


@settings(max_examples=150, deadline=None)
@given(st.lists(strategies.articles() | strategies.page_articles(), max_size=4))
def test_generated_articles_come_back_equal(articles: list[Article]) -> None:
    back = from_table(to_table(articles))
    assert len(back) == len(articles)
    assert all(_same(b, a) for a, b in zip(articles, back, strict=True))


_OFFSETS = st.integers(-86_399, 86_399).map(lambda s: timezone(timedelta(seconds=s)))


@settings(max_examples=150, deadline=None)
@given(
    st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30), timezones=_OFFSETS),
    st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30), timezones=_OFFSETS),
)
def test_any_whole_second_offset_comes_back(published: datetime, modified: datetime) -> None:
    article = Article(headline="T", published=published, modified=modified)
    (back,) = from_table(to_table([article]))
    assert back.published is not None
    assert back.modified is not None
    assert back.published.isoformat() == published.isoformat()
    assert back.modified.isoformat() == modified.isoformat()


def test_plus_eight_stays_plus_eight(seed: Article) -> None:
    published = datetime(2024, 1, 31, 23, 30, tzinfo=_PLUS_EIGHT)
    (back,) = from_table(to_table([_at(seed, published)]))
    assert back.published is not None
    assert back.published.utcoffset() == timedelta(hours=8)
    assert back.published.isoformat() == "2024-01-31T23:30:00+08:00"


def test_datetime_is_stored_as_the_utc_instant_and_its_offset_in_seconds(seed: Article) -> None:
    published = datetime(2024, 1, 31, 23, 30, tzinfo=_PLUS_EIGHT)
    row = to_table([_at(seed, published)]).to_pylist()[0]
    assert row["published"] == datetime(2024, 1, 31, 15, 30, tzinfo=timezone.utc)
    assert row["published_utc_offset"] == 8 * 3600


def test_naive_datetime_is_refused(seed: Article) -> None:
    with pytest.raises(ValueError, match="naive"):
        to_table([_at(seed, datetime(2024, 1, 1))])


def test_offset_of_a_fraction_of_a_second_is_refused(seed: Article) -> None:
    zone = timezone(timedelta(seconds=1, microseconds=5))
    with pytest.raises(ValueError, match="fraction of a second"):
        to_table([_at(seed, datetime(2024, 1, 1, tzinfo=zone))])


def test_article_row_has_a_null_source(seed: Article) -> None:
    assert to_table([seed]).column("source").to_pylist() == [None]


def test_warc_result_row_carries_its_source(seed: Article) -> None:
    result = _result(seed, truncated="length")
    (source,) = to_table([result]).column("source").to_pylist()
    assert source == {
        "uri": result.uri,
        "warc_date": _WARC_DATE,
        "file": "crawl.warc.gz",
        "offset": 1234,
        "truncated": "length",
    }
    assert _same(from_table(to_table([result]))[0], seed)


@pytest.mark.parametrize("kind", ["listing", "feed", "refused", "error"])
def test_warc_result_of_another_kind_is_refused(seed: Article, kind: str) -> None:
    with pytest.raises(ValueError, match=f"kind {kind!r}"):
        to_table([seed, _result(seed, kind=kind)])


def test_item_of_another_type_is_refused(seed: Article) -> None:
    with pytest.raises(TypeError, match="dict"):
        to_table([seed.to_dict()])  # type: ignore[list-item]


def test_empty_input_gives_an_empty_table_of_the_schema() -> None:
    table = to_table([])
    assert table.num_rows == 0
    assert table.schema.equals(arrow_schema())
    assert from_table(table) == []


def test_table_without_an_article_column_is_refused(seed: Article) -> None:
    table = to_table([seed]).drop_columns(["lead"])
    with pytest.raises(ValueError, match="no column 'lead'"):
        from_table(table)


def test_table_with_a_column_of_another_type_is_refused(seed: Article) -> None:
    table = to_table([seed])
    index = table.schema.get_field_index("paragraphs")
    table = table.set_column(index, "paragraphs", pa.array(["text"]))
    with pytest.raises(ValueError, match="'paragraphs' is string"):
        from_table(table)


def _loosened(kind: pa.DataType) -> pa.DataType:
    """``kind`` as Spark writes it: every field nullable, lists of ``element``, naive ns."""
    if pa.types.is_timestamp(kind):
        return pa.timestamp("ns")
    if pa.types.is_struct(kind):
        return pa.struct([_loosened_field(kind.field(i)) for i in range(kind.num_fields)])
    if pa.types.is_list(kind):
        return pa.list_(pa.field("element", _loosened(kind.value_type)))
    return kind


def _loosened_field(field: pa.Field) -> pa.Field:
    return pa.field(field.name, _loosened(field.type), nullable=True)


def test_table_as_spark_writes_it_gives_back_equal_articles(
    fixture_articles: list[Article],
) -> None:
    table = to_table(fixture_articles)
    loose = table.cast(pa.schema([_loosened_field(field) for field in table.schema]))
    assert _by_json(from_table(loose)) == _by_json(fixture_articles)


def test_table_read_back_from_spark_with_nulls_under_null_structs_gives_back_equal_articles(
    fixture_articles: list[Article],
) -> None:
    # Spark, reading a dataset and writing it again, makes every field nullable and
    # writes nulls in the fields of a null struct (an article without an image).
    table = to_table(fixture_articles)
    loose = table.cast(pa.schema([_loosened_field(field) for field in table.schema]))
    image = loose.column("image").combine_chunks()
    assert image.null_count > 0
    absent = image.is_null()
    children = [
        pa.compute.if_else(absent, pa.scalar(None, type=child.type), child)
        for child in image.flatten()
    ]
    spark_like = pa.StructArray.from_arrays(children, fields=list(image.type), mask=absent)
    assert spark_like.field("url").null_count == image.null_count
    rebuilt = loose.set_column(loose.schema.get_field_index("image"), "image", spark_like)
    assert _by_json(from_table(rebuilt)) == _by_json(fixture_articles)


# -- Parquet -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fixture_articles() -> list[Article]:
    return [parse(case.read()) for case in _ARTICLE_CASES]


def _by_json(articles: list[Article]) -> list[str]:
    return sorted(article.to_json() for article in articles)


def test_parquet_file_gives_back_equal_articles(
    tmp_path: Path, fixture_articles: list[Article]
) -> None:
    path = tmp_path / "articles.parquet"
    write_parquet(fixture_articles, path)
    assert list(read_parquet(path)) == fixture_articles
    assert _by_json(list(read_parquet(path))) == _by_json(fixture_articles)


def test_parquet_file_is_zstd_compressed(tmp_path: Path, seed: Article) -> None:
    path = tmp_path / "articles.parquet"
    write_parquet([seed], path)
    column = pq.ParquetFile(path).metadata.row_group(0).column(0)
    assert column.compression == "ZSTD"


def test_parquet_file_reads_as_plain_python_values(tmp_path: Path, seed: Article) -> None:
    path = tmp_path / "articles.parquet"
    write_parquet([_result(seed)], path)
    (row,) = pq.read_table(path).to_pylist()
    assert row["headline"] == seed.headline
    assert row["paragraphs"][0] == {
        "text": seed.paragraphs[0].text,
        "kind": "paragraph",
        "links": [],
    }
    assert isinstance(row["published"], datetime)
    assert row["source"]["offset"] == 1234


def test_batches_are_written_before_the_rest_is_read(tmp_path: Path, seed: Article) -> None:
    def items() -> Iterator[Article]:
        yield from [seed] * 5
        raise RuntimeError("the crawl broke off")

    path = tmp_path / "articles.parquet"
    with pytest.raises(RuntimeError, match="broke off"):
        write_parquet(items(), path, batch_size=2)
    assert pq.ParquetFile(path).metadata.num_row_groups == 2  # 4 articles, the 5th unwritten


def test_each_batch_is_one_row_group(tmp_path: Path, seed: Article) -> None:
    path = tmp_path / "articles.parquet"
    write_parquet(iter([seed] * 7), path, batch_size=3)
    metadata = pq.ParquetFile(path).metadata
    assert [metadata.row_group(i).num_rows for i in range(metadata.num_row_groups)] == [3, 3, 1]


def test_batch_size_must_be_positive(tmp_path: Path, seed: Article) -> None:
    with pytest.raises(ValueError, match="batch_size"):
        write_parquet([seed], tmp_path / "x.parquet", batch_size=0)


def _files(root: Path) -> list[str]:
    return sorted(path.relative_to(root).as_posix() for path in root.rglob("*.parquet"))


def test_dataset_is_partitioned_hive_style_by_edition_and_month(
    tmp_path: Path, seed: Article
) -> None:
    articles = [
        _at(seed, datetime(2024, 1, 9, tzinfo=_PLUS_EIGHT)),
        _at(seed, datetime(2024, 2, 9, tzinfo=timezone.utc), edition="fr", language="fr"),
    ]
    write_parquet(articles, tmp_path / "out", partition_by=("edition", "month"))
    assert _files(tmp_path / "out") == [
        "edition=cn/month=2024-01/part-0.parquet",
        "edition=fr/month=2024-02/part-0.parquet",
    ]


def test_partition_columns_are_not_in_the_files(tmp_path: Path, seed: Article) -> None:
    write_parquet([seed], tmp_path / "out", partition_by=("edition", "month"))
    (name,) = _files(tmp_path / "out")
    names = pq.read_schema(tmp_path / "out" / name).names
    assert "edition" not in names
    assert "month" not in names


def test_month_is_the_published_date_in_its_own_offset(tmp_path: Path, seed: Article) -> None:
    late = datetime(2024, 1, 31, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # Feb in UTC
    write_parquet([_at(seed, late)], tmp_path / "out", partition_by=("month",))
    assert _files(tmp_path / "out") == ["month=2024-01/part-0.parquet"]


def test_month_without_published_is_the_warc_date_in_utc(tmp_path: Path, seed: Article) -> None:
    date = datetime(2024, 3, 1, 1, 0, tzinfo=_PLUS_EIGHT)  # 2024-02-29 in UTC
    write_parquet([_result(_at(seed, None), date=date)], tmp_path / "out", partition_by=("month",))
    assert _files(tmp_path / "out") == ["month=2024-02/part-0.parquet"]


def test_null_partition_is_the_hive_default_partition(tmp_path: Path, seed: Article) -> None:
    article = _at(seed, None, edition=None, language=None)
    write_parquet([article], tmp_path / "out", partition_by=("edition", "month"))
    assert _files(tmp_path / "out") == [
        "edition=__HIVE_DEFAULT_PARTITION__/month=__HIVE_DEFAULT_PARTITION__/part-0.parquet"
    ]
    assert list(read_parquet(tmp_path / "out")) == [article]


@pytest.mark.parametrize("keys", [("edition", "month"), ("month", "edition"), ("month",)])
def test_partitioned_dataset_gives_back_equal_articles(
    tmp_path: Path, fixture_articles: list[Article], keys: tuple[str, ...]
) -> None:
    write_parquet(fixture_articles, tmp_path / "out", partition_by=keys, batch_size=5)
    assert _by_json(list(read_parquet(tmp_path / "out"))) == _by_json(fixture_articles)


def test_partitioned_dataset_reads_with_pyarrow_hive_partitioning(
    tmp_path: Path, fixture_articles: list[Article]
) -> None:
    write_parquet(fixture_articles, tmp_path / "out", partition_by=("edition", "month"))
    table = ds.dataset(tmp_path / "out", format="parquet", partitioning="hive").to_table()
    assert table.num_rows == len(fixture_articles)
    editions = sorted(table.column("edition").to_pylist(), key=str)
    assert editions == sorted((a.edition for a in fixture_articles), key=str)
    assert _by_json(from_table(table)) == _by_json(fixture_articles)


def test_partition_rows_are_buffered_into_row_groups_of_batch_size(
    tmp_path: Path, seed: Article
) -> None:
    fr = attrs.evolve(seed, edition="fr", language="fr")
    write_parquet([seed, fr] * 3, tmp_path / "out", partition_by=("edition",), batch_size=3)
    for edition in ("cn", "fr"):
        metadata = pq.ParquetFile(tmp_path / "out" / f"edition={edition}" / "part-0.parquet")
        assert metadata.metadata.num_row_groups == 1
        assert metadata.metadata.num_rows == 3


def test_largest_buffer_is_written_out_when_the_buffers_hold_too_many_rows(
    tmp_path: Path, seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rfiarrow, "_BUFFERED_BATCHES", 1)
    fr = attrs.evolve(seed, edition="fr", language="fr")
    write_parquet([seed, seed, fr] * 2, tmp_path / "out", partition_by=("edition",), batch_size=5)
    cn = pq.ParquetFile(tmp_path / "out" / "edition=cn" / "part-0.parquet").metadata
    # 6 rows: over 5 buffered after the second batch, cn's 4 are written out alone.
    assert [cn.row_group(i).num_rows for i in range(cn.num_row_groups)] == [4]


def test_partition_reopened_after_its_file_was_closed_goes_on_in_a_new_file(
    tmp_path: Path, seed: Article, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rfiarrow, "_OPEN_FILES", 1)
    fr = attrs.evolve(seed, edition="fr", language="fr")
    articles = [seed, seed, fr, fr, seed, seed]
    write_parquet(articles, tmp_path / "out", partition_by=("edition",), batch_size=2)
    assert _files(tmp_path / "out") == [
        "edition=cn/part-0.parquet",
        "edition=cn/part-1.parquet",
        "edition=fr/part-0.parquet",
    ]
    assert _by_json(list(read_parquet(tmp_path / "out"))) == _by_json(articles)


def test_dataset_with_spark_marker_files_gives_back_its_editions(
    tmp_path: Path, seed: Article
) -> None:
    write_parquet([seed], tmp_path / "out", partition_by=("edition",))
    (tmp_path / "out" / "_SUCCESS").write_bytes(b"")
    (tmp_path / "out" / "edition=cn" / ".part-0.parquet.crc").write_bytes(b"")
    assert list(read_parquet(tmp_path / "out")) == [seed]


def test_partitioned_path_holding_files_is_refused(tmp_path: Path, seed: Article) -> None:
    (tmp_path / "old.parquet").write_bytes(b"")
    with pytest.raises(FileExistsError):
        write_parquet([seed], tmp_path, partition_by=("edition",))


@pytest.mark.parametrize("keys", [("section",), ("edition", "edition")])
def test_other_partition_keys_are_refused(
    tmp_path: Path, seed: Article, keys: tuple[str, ...]
) -> None:
    with pytest.raises(ValueError, match="partition_by"):
        write_parquet([seed], tmp_path / "out", partition_by=keys)


# -- without pyarrow -----------------------------------------------------------------


def test_module_imports_without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rfiparse, "arrow", rfiarrow)  # put back after the import below
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.delitem(sys.modules, "rfiparse.arrow")
    module = importlib.import_module("rfiparse.arrow")
    assert module.to_table is not rfiarrow.to_table


@pytest.mark.parametrize("function", [to_table, read_parquet, write_parquet])
def test_missing_pyarrow_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, seed: Article, function: Any
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    arguments = {to_table: ([seed],), read_parquet: (tmp_path,), write_parquet: ([seed], tmp_path)}
    with pytest.raises(ImportError, match=r"pip install 'rfiparse\[parquet\]'"):
        function(*arguments[function])


def test_reading_a_missing_path_fails_at_the_call(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_parquet(tmp_path / "missing.parquet")
