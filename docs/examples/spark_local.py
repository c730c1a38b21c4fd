"""WARC files to a Parquet dataset with Spark on one machine (docs/scale.md runs this in its tests).

    python docs/examples/spark_local.py OUT WARC [WARC ...]

reads every rfi.fr article of the WARC files on ``local[*]`` (all the cores of
this machine) and writes them to the directory ``OUT``, partitioned by edition and
month (``OUT/edition=fr/month=2024-02/part-....parquet``): the dataset
``rfiparse warc --partition edition,month`` writes, which DuckDB, pandas, Spark and
``rfiparse.arrow.read_parquet()`` read. The same file runs on a cluster with
``spark-submit`` (see docs/scale.md).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rfiparse.spark import month_column, read_warcs

if TYPE_CHECKING:
    from pyspark.sql import SparkSession


# --8<-- [start:write]
def write_dataset(spark: SparkSession, warcs: Sequence[str], out: str) -> None:
    """Write the rfi.fr articles of ``warcs`` to ``out``, partitioned by edition and month."""
    # Timestamps as Parquet's int64 instants (microseconds, UTC), which every reader
    # reads as such; Spark would otherwise write its legacy INT96.
    spark.conf.set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS")
    articles = read_warcs(spark, warcs)  # one row per article, one WARC file per task
    (
        articles.withColumn("month", month_column())  # YYYY-MM, as rfiparse.arrow says
        .write.partitionBy("edition", "month")
        .mode("overwrite")
        .parquet(out)
    )


# --8<-- [end:write]


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, start Spark on this machine, write the dataset."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", help="the dataset's directory (replaced)")
    parser.add_argument("warcs", nargs="+", help="WARC files: paths, file://, s3://, ...")
    parser.add_argument("--master", default="local[*]", help="Spark master (default local[*])")
    args = parser.parse_args(argv)
    # --8<-- [start:session]
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.master(args.master).appName("rfiparse-warcs").getOrCreate()
    try:
        write_dataset(spark, args.warcs, args.out)
    finally:
        spark.stop()
    # --8<-- [end:session]
    return 0


if __name__ == "__main__":
    sys.exit(main())
