"""The Parquet that rfiparse writes, read by the tools users read it with: DuckDB and pandas.

(Spark reads it back in ``tests/test_spark.py``.) One row per article, the
partitions seen as columns, instants as instants, and each article's own local
time recoverable from ``<name>_utc_offset``.
"""

from __future__ import annotations

import collections
from datetime import datetime, timedelta, timezone
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds
import pytest

import rfiparse
from goldens import ARTICLE_KINDS, cases
from rfiparse.arrow import write_parquet

ARTICLES = [rfiparse.parse(case.read()) for case in cases(*ARTICLE_KINDS)]
PUBLISHED = [a for a in ARTICLES if a.published is not None and a.edition is not None]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parquet") / "articles"
    write_parquet(ARTICLES, root, partition_by=("edition", "month"))
    return root


def _duckdb(dataset: Path, query: str) -> list[tuple[object, ...]]:
    connection = duckdb.connect()
    try:
        connection.execute("SET TimeZone = 'UTC'")
        relation = f"read_parquet('{dataset}/**/*.parquet', hive_partitioning = true)"
        return connection.execute(query.format(articles=relation)).fetchall()
    finally:
        connection.close()


def test_duckdb_reads_one_row_per_article(dataset: Path) -> None:
    assert _duckdb(dataset, "SELECT count(*) FROM {articles}") == [(len(ARTICLES),)]


def test_duckdb_sees_the_partitions_as_columns(dataset: Path) -> None:
    rows = _duckdb(dataset, "SELECT edition, count(*) FROM {articles} GROUP BY edition")
    expected = collections.Counter(article.edition for article in ARTICLES)
    assert collections.Counter({row[0]: row[1] for row in rows}) == expected


def test_duckdb_gives_each_article_its_own_local_time(dataset: Path) -> None:
    rows = _duckdb(
        dataset,
        "SELECT published, published_utc_offset FROM {articles}"
        " WHERE published IS NOT NULL AND edition IS NOT NULL",
    )
    local = []
    for instant, offset in rows:
        assert isinstance(instant, datetime)
        assert isinstance(offset, int)
        local.append(instant.astimezone(timezone(timedelta(seconds=offset))).isoformat())
    # isoformat() holds the offset: +08:00 must come back +08:00, not as UTC.
    assert sorted(local) == sorted(a.published.isoformat() for a in PUBLISHED if a.published)


def test_duckdb_reads_nested_paragraphs(dataset: Path) -> None:
    rows = _duckdb(dataset, "SELECT len(paragraphs), paragraphs[1].kind FROM {articles}")
    expected = [
        (len(a.paragraphs), a.paragraphs[0].kind if a.paragraphs else None) for a in ARTICLES
    ]
    assert sorted(rows, key=repr) == sorted(expected, key=repr)


def test_pandas_reads_a_dataset_whose_partitions_are_all_known(tmp_path: Path) -> None:
    # What a WARC gives: every article has its edition and a month (its date, else
    # the WARC record's).
    write_parquet(PUBLISHED, tmp_path / "articles", partition_by=("edition", "month"))
    frame = pd.read_parquet(tmp_path / "articles")
    assert len(frame) == len(PUBLISHED)
    assert sorted(frame["headline"]) == sorted(str(a.headline) for a in PUBLISHED)
    assert str(frame["published"].dtype) == "datetime64[us, UTC]"


def test_pandas_reads_null_partitions_as_docs_parquet_md_says(dataset: Path) -> None:
    # pyarrow reads hive partition columns as dictionaries, and cannot turn one
    # holding a null (__HIVE_DEFAULT_PARTITION__) into pandas: the documented
    # partitioning= argument reads them as plain strings.
    with pytest.raises(pa.ArrowInvalid, match="dictionaries with nulls"):
        pd.read_parquet(dataset)
    partitioning = ds.HivePartitioning.discover(infer_dictionary=False)
    frame = pd.read_parquet(dataset, partitioning=partitioning)
    assert len(frame) == len(ARTICLES)
    assert frame["edition"].isna().sum() == sum(a.edition is None for a in ARTICLES)
