"""``rfiparse.spark``: WARC files read by Spark in local mode, rows checked against ``parse()``.

The WARC files are built at test time from the real documents of ``tests/fixtures``
(``tests/warcs.py``). One Spark session (``local[2]``) serves the whole module: its
start-up costs seconds, so the jobs are few and their tables shared between tests.

Without PySpark, pyarrow, fsspec, FastWARC or Java the module is skipped, unless
``RFIPARSE_REQUIRE_SPARK=1`` (set by ``.ci/run``): then it fails, saying what is missing.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import rfiparse
from warcs import (
    fixture_documents,
    request_record,
    revisit_record,
    synthetic_page,
    warc_record,
    warcinfo_record,
    write_warc,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

REPOSITORY = Path(__file__).resolve().parents[1]
EXAMPLE = REPOSITORY / "docs" / "examples" / "spark_local.py"


def _missing() -> str | None:
    """What this machine lacks to run a Spark job, else ``None``."""
    absent = [
        name
        for name in ("pyspark", "pyarrow", "pandas", "fsspec", "fastwarc")
        if importlib.util.find_spec(name) is None
    ]
    if absent:
        return f"{', '.join(absent)} not installed (pip install -e '.[test]')"
    java_home = os.environ.get("JAVA_HOME")
    if shutil.which("java") is None and not (java_home and Path(java_home, "bin", "java").exists()):
        return "no java (apt-get install openjdk-17-jre-headless)"
    return None


_REASON = _missing()
if _REASON is not None:
    if os.environ.get("RFIPARSE_REQUIRE_SPARK") == "1":
        pytest.fail(f"RFIPARSE_REQUIRE_SPARK=1 but {_REASON}", pytrace=False)
    pytest.skip(_REASON, allow_module_level=True)

# Imported after the skip: they need the extra's modules.
from rfiparse.arrow import (  # noqa: E402
    arrow_schema,
    from_table,
    read_parquet,
    to_table,
    write_parquet,
)
from rfiparse.spark import (  # noqa: E402
    _local_path,
    _Options,
    _range_results,
    _read_paths,
    month_column,
    read_warc_records,
    read_warcs,
    spark_schema,
)
from rfiparse.warc import ByteRange, iter_articles  # noqa: E402

# py4j talks to the JVM over a socket on localhost.
pytestmark = [
    pytest.mark.enable_socket,
    # PySpark 3.5 (the extra's floor) compares pandas' and pyarrow's versions with
    # distutils' LooseVersion, which warns on every mapInArrow; 4.x does not.
    pytest.mark.filterwarnings(
        "ignore:distutils Version classes are deprecated:DeprecationWarning"
    ),
    # PySpark 3.5 leaves py4j's sockets to the JVM for the garbage collector to close.
    pytest.mark.filterwarnings("ignore:unclosed <socket.socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

OPTIONS = _Options(editions=None, max_bytes=None)

FR_URL = "https://www.rfi.fr/fr/france/20240201-synthetique"
CN_URL = "https://www.rfi.fr/cn/中国/20240102-synthetic"
EN_URL = "https://www.rfi.fr/en/france/20240101-no-date"
FOREIGN_URL = "https://www.example.com/news/article"
GONE_URL = "https://www.rfi.fr/fr/france/20240101-gone"
DATES = re.compile(r'<div class="t-content__dates">.*?</div>')


def _fr_page() -> bytes:
    """A French article published at 00:30 on 1 February in Paris: 31 January in UTC."""
    page = synthetic_page(url=FR_URL, headline="Titre", paragraphs=("Un.", "Deux."))
    return page.replace("2024-01-02T10:00:00+01:00", "2024-02-01T00:30:00+01:00").encode()


def _undated_page() -> bytes:
    """An English article that states no date: its month is the WARC record's."""
    page = synthetic_page(url=EN_URL, headline="No date", paragraphs=("One.",))
    return DATES.sub("", page).encode()


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two WARC files and what they hold: ``first`` (gzip) and ``second`` (uncompressed).

    ``first``: every fixture document rfi.fr serves (an article page, a home page),
    the French page, a page of another host, a revisit and a 404 of rfi.fr.
    ``second``: the Chinese page (chunked, gzip-encoded) and the undated English one.
    """
    folder = tmp_path_factory.mktemp("warcs")
    first = [warcinfo_record(filename="first.warc.gz")]
    for url, body in fixture_documents():
        first += [request_record(uri=url), warc_record(uri=url, body=body)]
    first += [
        warc_record(uri=FR_URL, body=_fr_page()),
        warc_record(uri=FOREIGN_URL, body=_fr_page()),
        revisit_record(uri=FR_URL),
        warc_record(uri=GONE_URL, status=404, body=_fr_page()),
    ]
    second = [
        warc_record(
            uri=CN_URL, body=synthetic_page().encode(), chunked=True, content_encoding="gzip"
        ),
        warc_record(uri=EN_URL, date="2023-12-31T23:30:00Z", body=_undated_page()),
    ]
    paths = {"first": folder / "first.warc.gz", "second": folder / "second.warc"}
    spans = {
        "first": write_warc(paths["first"], first),
        "second": write_warc(paths["second"], second, compression="none"),
    }
    return {"folder": folder, "paths": paths, "spans": spans, "records": (first, second)}


@pytest.fixture(scope="module")
def spark() -> Iterator[SparkSession]:
    """One ``local[2]`` session for the module, its Python workers this interpreter."""
    from pyspark.sql import SparkSession

    source = str(Path(rfiparse.__file__).resolve().parents[1])
    with pytest.MonkeyPatch.context() as patch:
        # Spark starts its Python workers with PYSPARK_PYTHON (else "python3" on the
        # PATH) and passes them PYTHONPATH: this interpreter, this rfiparse.
        patch.setenv("PYSPARK_PYTHON", sys.executable)
        patch.setenv("PYTHONPATH", os.pathsep.join([source, os.environ.get("PYTHONPATH", "")]))
        session = (
            SparkSession.builder.master("local[2]")
            .appName("rfiparse-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "2")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        try:
            yield session
        finally:
            session.stop()


def _collect(frame: DataFrame, folder: Path) -> pa.Table:
    """The rows of ``frame`` as an Arrow table, through Parquet.

    Not ``DataFrame.toArrow()``: PySpark casts the JVM's batches to the schema, and
    pyarrow's cast refuses a null struct whose non-nullable fields hold nulls (a
    null ``image``: apache/arrow#37072).
    """
    import pyarrow.parquet as pq

    frame.write.parquet(str(folder))
    return pq.read_table(folder)


def _local_results(*paths: Path) -> list[Any]:
    """What ``iter_articles()`` gives in this process for ``paths``, each named as given."""
    return [result for path in paths for result in iter_articles(str(path))]


def _by_uri(table: pa.Table) -> list[dict[str, Any]]:
    """The rows of ``table`` as dicts, sorted by their source URI."""
    return sorted(table.to_pylist(), key=lambda row: row["source"]["uri"])


@pytest.fixture(scope="module")
def both(
    spark: SparkSession, warcs: dict[str, Any], tmp_path_factory: pytest.TempPathFactory
) -> pa.Table:
    """``read_warcs()`` of both files, collected (one Spark job for several tests)."""
    paths = [str(warcs["paths"]["first"]), str(warcs["paths"]["second"])]
    return _collect(read_warcs(spark, paths), tmp_path_factory.mktemp("both") / "rows")


# -- read_warcs ---------------------------------------------------------------------


def _url(article: rfiparse.Article) -> str:
    return article.url or ""


def test_rows_hold_the_articles_parse_gives_for_the_same_documents(both: pa.Table) -> None:
    documents = [body for _, body in fixture_documents(listings=False)]
    documents += [_fr_page(), synthetic_page().encode(), _undated_page()]
    expected = [rfiparse.parse(body) for body in documents]
    assert sorted(from_table(both), key=_url) == sorted(expected, key=_url)


def test_rows_equal_the_arrow_table_of_the_same_results_read_in_process(
    both: pa.Table, warcs: dict[str, Any]
) -> None:
    local = to_table(_local_results(warcs["paths"]["first"], warcs["paths"]["second"]))
    assert _by_uri(both) == _by_uri(local)


def _plain_items(kind: pa.DataType) -> pa.DataType:
    """``kind`` with every list's items named ``item`` and nullable, at any depth."""
    import pyarrow as pa

    if pa.types.is_list(kind):
        return pa.list_(pa.field("item", _plain_items(kind.value_type)))
    if pa.types.is_struct(kind):
        return pa.struct([field.with_type(_plain_items(field.type)) for field in kind])
    return kind


def test_the_dataframe_has_the_spark_schema_of_the_arrow_schema(
    spark: SparkSession, both: pa.Table
) -> None:
    assert read_warcs(spark, []).schema == spark_schema()

    # Spark 3.5 names a list's items "element" (Parquet's name) and makes them nullable;
    # 4.x keeps them as written. Else the schema is rfiparse's, nullability included.
    def plain(schema: pa.Schema) -> list[str]:
        return [str(field.with_type(_plain_items(field.type))) for field in schema]

    assert plain(both.schema) == plain(arrow_schema())


def test_each_row_names_its_file_as_given_and_its_record_offset(
    both: pa.Table, warcs: dict[str, Any]
) -> None:
    first, second = warcs["records"]
    offsets = {
        (str(warcs["paths"][name]), offset)
        for name, records in (("first", first), ("second", second))
        for _, (offset, _) in zip(records, warcs["spans"][name], strict=True)
    }
    sources = [(row["source"]["file"], row["source"]["offset"]) for row in both.to_pylist()]
    assert set(sources) <= offsets
    assert {file for file, _ in sources} == {str(path) for path in warcs["paths"].values()}


def test_only_rfi_articles_of_200_responses_give_rows(both: pa.Table) -> None:
    page_url, _ = fixture_documents(listings=False)[0]
    uris = sorted(row["source"]["uri"] for row in both.to_pylist())
    # Absent: the home page (a listing), the other host, the revisit, the 404.
    assert uris == sorted([page_url, FR_URL, CN_URL, EN_URL])


def test_editions_keeps_the_articles_of_those_editions_only(
    spark: SparkSession, warcs: dict[str, Any]
) -> None:
    paths = [str(warcs["paths"]["first"]), str(warcs["paths"]["second"])]
    rows = read_warcs(spark, paths, editions={"fr", "en"}).select("url").collect()
    assert sorted(row["url"] for row in rows) == sorted([FR_URL, EN_URL])


def test_paths_are_spread_one_file_a_partition(spark: SparkSession) -> None:
    frame = read_warcs(spark, ["a.warc.gz", "b.warc.gz", "c.warc.gz"])
    assert frame.rdd.getNumPartitions() == 3


def test_a_path_alone_is_refused(spark: SparkSession) -> None:
    with pytest.raises(TypeError, match="sequence of paths"):
        read_warcs(spark, "crawl.warc.gz")


def test_partitions_below_one_are_refused(spark: SparkSession) -> None:
    with pytest.raises(ValueError, match="partitions"):
        read_warcs(spark, ["crawl.warc.gz"], partitions=0)


def test_an_unknown_edition_is_refused_before_the_job(spark: SparkSession) -> None:
    with pytest.raises(ValueError, match=r"unknown edition code.*'xx'"):
        read_warcs(spark, ["crawl.warc.gz"], editions=["fr", "xx"])


# -- read_warc_records --------------------------------------------------------------


def _index_rows(warcs: dict[str, Any]) -> list[tuple[str, int, int]]:
    """URL-index rows (file name relative to the folder) of the French page and the foreign one."""
    first, _ = warcs["records"]
    spans = warcs["spans"]["first"]
    wanted = [
        index
        for index, record in enumerate(first)
        if b"WARC-Type: response" in record
        and (f"WARC-Target-URI: {FR_URL}".encode() in record or FOREIGN_URL.encode() in record)
    ]
    return [("first.warc.gz", *spans[index]) for index in wanted]


def test_index_rows_give_the_articles_of_their_records_each_read_alone(
    spark: SparkSession, warcs: dict[str, Any], tmp_path: Path
) -> None:
    rows = _index_rows(warcs)  # the French page and the other host's
    ranges = spark.createDataFrame(
        [("https://index/row", *row) for row in rows],
        "url string, warc_filename string, warc_record_offset long, warc_record_length long",
    )
    prefix = warcs["folder"].as_uri() + "/"
    found = _collect(read_warc_records(spark, ranges, url_prefix=prefix), tmp_path / "rows")
    (row,) = found.to_pylist()
    assert (row["url"], row["source"]["file"]) == (FR_URL, "first.warc.gz")
    assert row["source"]["offset"] in {offset for _, offset, _ in rows}
    assert from_table(found) == [rfiparse.parse(_fr_page())]


def test_byte_ranges_give_the_articles_of_their_records(
    spark: SparkSession, warcs: dict[str, Any]
) -> None:
    path = warcs["paths"]["second"]
    ranges = [ByteRange(path=path, offset=o, length=n) for o, n in warcs["spans"]["second"]]
    found = read_warc_records(spark, ranges, url_prefix="").select("source.*").collect()
    assert sorted((row["uri"], row["file"]) for row in found) == sorted(
        [(EN_URL, str(path)), (CN_URL, str(path))]
    )


def test_index_rows_without_the_index_columns_are_refused(spark: SparkSession) -> None:
    ranges = spark.createDataFrame([("x.warc.gz", 0)], "warc_filename string, offset long")
    with pytest.raises(ValueError, match="warc_record_offset"):
        read_warc_records(spark, ranges)


# -- what the tasks run, in this process ----------------------------------------------


def test_a_remote_range_is_read_through_fsspec_and_keeps_its_offset_in_the_file(
    warcs: dict[str, Any],
) -> None:
    import fsspec

    data = warcs["paths"]["first"].read_bytes()
    with fsspec.open("memory://rfiparse-tests/crawl/first.warc.gz", "wb") as out:
        out.write(data)
    (row,) = _index_rows(warcs)[:1]
    name, offset, length = row
    results = list(
        _range_results(f"crawl/{name}", "memory://rfiparse-tests/", offset, length, OPTIONS)
    )
    assert [(r.uri, r.file, r.offset) for r in results] == [(FR_URL, "crawl/first.warc.gz", offset)]


def test_a_remote_file_is_read_through_fsspec_and_named_as_given(warcs: dict[str, Any]) -> None:
    import fsspec
    import pyarrow as pa

    url = "memory://rfiparse-tests/second.warc"
    with fsspec.open(url, "wb") as out:
        out.write(warcs["paths"]["second"].read_bytes())
    indexes = pa.record_batch([pa.array([0], pa.int64())], names=["id"])
    (batch,) = _read_paths((url,), OPTIONS, iter([indexes]))
    assert sorted(source["file"] for source in batch.column("source").to_pylist()) == [url, url]


@pytest.mark.parametrize(
    ("location", "local"),
    [
        ("/data/crawl.warc.gz", "/data/crawl.warc.gz"),
        ("crawl-data/CC-NEWS/x.warc.gz", "crawl-data/CC-NEWS/x.warc.gz"),
        ("file:///data/crawl%20one.warc.gz", "/data/crawl one.warc.gz"),
        ("file://localhost/data/crawl.warc.gz", "/data/crawl.warc.gz"),
        ("s3://commoncrawl/crawl-data/x.warc.gz", None),
        ("https://data.commoncrawl.org/crawl-data/x.warc.gz", None),
        ("hdfs://namenode/crawl.warc.gz", None),
    ],
)
def test_local_paths_and_file_urls_are_opened_directly(location: str, local: str | None) -> None:
    assert _local_path(location) == local


# -- month, Parquet, the offline example ------------------------------------------------


def test_month_column_is_the_month_rfiparse_arrow_partitions_by(
    spark: SparkSession, warcs: dict[str, Any], tmp_path: Path
) -> None:
    write_parquet(
        _local_results(warcs["paths"]["first"], warcs["paths"]["second"]),
        tmp_path,
        partition_by=("month",),
    )
    written = {
        (row["url"], folder.name.removeprefix("month="))
        for folder in tmp_path.iterdir()
        for row in to_table(read_parquet(folder)).to_pylist()
    }
    frame = read_warcs(spark, [str(path) for path in warcs["paths"].values()])
    months = {tuple(row) for row in frame.select("url", month_column()).collect()}
    assert months == written
    # Paris shows 1 February, UTC says 31 January; no date: the record's month.
    assert {(FR_URL, "2024-02"), (EN_URL, "2023-12")} <= months


def _example() -> Any:
    """``docs/examples/spark_local.py``, imported as a module."""
    spec = importlib.util.spec_from_file_location("spark_local", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_offline_example_writes_the_dataset_rfiparse_arrow_writes(
    spark: SparkSession, warcs: dict[str, Any], tmp_path: Path
) -> None:
    paths = [str(path) for path in warcs["paths"].values()]
    _example().write_dataset(spark, paths, str(tmp_path / "spark"))
    write_parquet(
        _local_results(*warcs["paths"].values()),
        tmp_path / "arrow",
        partition_by=("edition", "month"),
    )

    def folders(root: Path) -> set[str]:
        return {str(path.parent.relative_to(root)) for path in root.rglob("*.parquet")}

    assert folders(tmp_path / "spark") == folders(tmp_path / "arrow")

    def articles(root: Path) -> list[rfiparse.Article]:
        return sorted(read_parquet(root), key=_url)

    assert articles(tmp_path / "spark") == articles(tmp_path / "arrow")


# -- without the extra ----------------------------------------------------------------


def test_the_module_imports_without_pyspark_and_its_functions_name_the_extra() -> None:
    code = (
        "import sys\n"
        "sys.modules['pyspark'] = None\n"
        "import rfiparse.spark\n"
        "try:\n"
        "    rfiparse.spark.read_warcs(None, [])\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "pip install 'rfiparse[spark]'" in done.stdout
