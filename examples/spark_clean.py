"""Clean JSON-lines pages with Spark: ``mapInPandas``, one Cleaner per partition.

    pip install pyspark pandas pyarrow cleanse     # and a Java 17+ runtime
    spark-submit examples/spark_clean.py in.jsonl out/
    python examples/spark_clean.py in.jsonl out/ --master 'local[2]'

Each record's ``--column`` (default ``text``; plain text or HTML, told apart
per record unless ``--input-format`` says which) is cleaned into ``cleaned``,
with cleanse's figures as columns beside it; every input column is kept.
``url``, when the records have it, goes to the rules. The output is Spark's
JSON (one part file per partition); the run prints the per-code counts.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    BooleanType,
    IntegerType,
    MapType,
    StringType,
    StructField,
    StructType,
)

# The columns cleanse adds, in the order they are appended.
CLEANSE_FIELDS = [
    StructField("cleaned", StringType()),
    StructField("cleanse_format", StringType()),
    StructField("cleanse_blocks", IntegerType()),
    StructField("cleanse_dropped", IntegerType()),
    StructField("cleanse_dropped_by_code", MapType(StringType(), IntegerType())),
    StructField("cleanse_language", StringType()),
    StructField("cleanse_fallback", BooleanType()),
    StructField("cleanse_error", StringType()),
]


def cleaner_for_partitions(
    column: str, input_format: str = "auto", **cleaner_options: Any
) -> Callable[[Iterator[pd.DataFrame]], Iterator[pd.DataFrame]]:
    """The function to hand to ``mapInPandas``: it builds one Cleaner per partition.

    Only the column name and the options travel to the executors (a Cleaner
    would pickle too, and be rebuilt there from its configuration); the
    Cleaner is built when a task starts, so a partition of any size pays for
    it once, and the compiled patterns stay cached in the Python worker
    process for the next tasks it runs.
    """

    def clean_partition(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        # Imported here: on the executor, in the Python worker that runs this task.
        from cleanse import Cleaner
        from cleanse.html import looks_like_html

        cleaner = Cleaner(**cleaner_options)

        def clean_one(value: object, url: object) -> tuple[object, ...]:
            if not isinstance(value, str):
                # A record without the field comes as None, or NaN once pandas has had the batch.
                what = "missing" if value is None or value != value else f"{type(value).__name__}, not text"
                return (None, None, None, None, None, None, None, f"{column} is {what}")
            fmt = input_format
            if fmt == "auto":
                fmt = "html" if looks_like_html(value) else "text"
            url = url if isinstance(url, str) else ""
            try:
                result = cleaner.analyze_html(value, url=url) if fmt == "html" else cleaner.analyze(value, url=url)
            except Exception as exc:  # one bad record must not fail the task (and the job with it)
                return (None, fmt, None, None, None, None, None, f"{type(exc).__name__}: {exc}")
            return (
                result.text,
                fmt,
                len(result.verdicts),
                len(result.dropped),
                result.drop_counts(),
                result.language,
                result.fallback,
                None,
            )

        for batch in batches:
            urls = batch["url"] if "url" in batch.columns else [None] * len(batch)
            rows = [clean_one(value, url) for value, url in zip(batch[column], urls, strict=True)]
            added = pd.DataFrame(rows, columns=[f.name for f in CLEANSE_FIELDS], index=batch.index)
            yield pd.concat([batch, added], axis=1)

    return clean_partition


def clean_frame(df: DataFrame, column: str = "text", input_format: str = "auto", **cleaner_options: Any) -> DataFrame:
    """``df`` with ``cleaned`` and the ``cleanse_*`` columns added."""
    schema = StructType([*df.schema.fields, *CLEANSE_FIELDS])
    return df.mapInPandas(cleaner_for_partitions(column, input_format, **cleaner_options), schema)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="JSON-lines file(s) or folder, as spark.read.json takes them")
    parser.add_argument("output", help="folder for the cleaned JSON")
    parser.add_argument("--column", default="text", help="the column holding each page (default: text)")
    parser.add_argument("--input-format", choices=("auto", "text", "html"), default="auto")
    parser.add_argument("--partitions", type=int, default=0, help="repartition the input first (default: as read)")
    parser.add_argument("--master", default=None, help="e.g. local[2]; spark-submit sets it otherwise")
    args = parser.parse_args()

    builder = SparkSession.builder.appName("cleanse")
    if args.master:
        builder = builder.master(args.master)
    if (args.master or "").startswith("local"):
        # Local workers run this interpreter (with cleanse and pandas), not whatever `python3` is on PATH.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = builder.getOrCreate()
    try:
        pages = spark.read.json(args.input)
        if args.partitions:
            pages = pages.repartition(args.partitions)
        cleaned = clean_frame(pages, args.column, args.input_format).cache()
        cleaned.write.mode("overwrite").json(args.output)

        key = [c for c in ("id",) if c in cleaned.columns]
        cleaned.select(
            *key,
            "cleanse_format",
            "cleanse_blocks",
            "cleanse_dropped",
            "cleanse_fallback",
            F.length("cleaned").alias("chars_kept"),
            "cleanse_error",
        ).orderBy(*key).show(truncate=False)
        (
            cleaned.select(F.explode("cleanse_dropped_by_code").alias("code", "blocks"))
            .groupBy("code")
            .agg(F.sum("blocks").alias("blocks_dropped"))
            .orderBy("code")
            .show()
        )
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
