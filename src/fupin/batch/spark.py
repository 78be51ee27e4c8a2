"""The Spark engine: the same partition function (``partition.process``) inside PySpark.

Households and members are read by Spark from the same Parquet layout, tagged with a bucket
(``pmod(xxhash64(household_id), B)``) and co-grouped by it, so each call of the Python function
receives whole households with all their members as Arrow tables (``cogroup(...).applyInArrow``),
wherever the rows were stored. The function returns one Arrow table holding three kinds of rows
— household results, village partial aggregates and problems — which the driver separates:
results are written by Spark to ``households/``; partials and problems are small and collected.
Works with ``local[*]`` and with a cluster master URL (fupin must be installed on the executors).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from fupin.batch.aggregates import STAMP, empty_partials
from fupin.batch.dataset import FILE, REQUIRED, WANTED, Dataset
from fupin.batch.idrepeats import REPEAT_SCHEMA, repeats_of
from fupin.batch.local import EngineOutput, Progress
from fupin.batch.results import RESULT_SCHEMA
from fupin.batch.spill import BUCKET_HOUSEHOLDS
from fupin.batch.validate import ERROR_SCHEMA
from fupin.i18n import get_language
from fupin.i18n import gettext as _
from fupin.rules import columns as col
from fupin.rules.roster.reader import ROW

KIND = "_kind"
BUCKET = "_bucket"
PATH = "_path"
_POLICIES: dict[str, Any] = {}
# What the engine needs beyond Fupin's own dependencies (the ``spark`` extra): PySpark 4.0 added
# cogroup().applyInArrow and DataFrame.toArrow; its Arrow path (applyInArrow goes through
# pandas_udf) refuses to start without pandas 2.2, though no pandas frame is made, or PyArrow 18.
REQUIREMENTS = (("pyspark", "PySpark", (4, 0)), ("pandas", "pandas", (2, 2)),
                ("pyarrow", "PyArrow", (18, 0)))  # fmt: skip


class SparkUnavailableError(ValueError):
    """PySpark, or a package its Arrow path needs, is missing or too old."""


def check_requirements() -> None:
    """Raises SparkUnavailableError, saying what to install, when the engine cannot run here."""
    for module, name, minimum in REQUIREMENTS:
        if not _installed(module, minimum):
            message = _("the Spark engine needs {package} {version} or later: "
                        "pip install 'fupin[spark]'")  # fmt: skip
            version = ".".join(str(part) for part in minimum)
            raise SparkUnavailableError(message.format(package=name, version=version))


def _installed(module: str, minimum: tuple[int, int]) -> bool:
    try:
        if importlib.util.find_spec(module) is None:
            return False
    except (ImportError, ValueError):
        return False
    try:
        version = importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        return True  # e.g. PySpark from $SPARK_HOME/python on a cluster: no metadata, trust it
    release = re.match(r"(\d+)\.(\d+)", version)
    return release is None or (int(release[1]), int(release[2])) >= minimum


def union_schema() -> pa.Schema:
    """Results, partials and problems side by side (prefixed), plus the kind of each row."""
    fields = [pa.field(KIND, pa.string())]
    fields += [pa.field(f"r_{f.name}", f.type) for f in RESULT_SCHEMA]
    fields += [pa.field(f"p_{f.name}", f.type) for f in empty_partials().schema]
    fields += [pa.field(f"e_{f.name}", f.type) for f in ERROR_SCHEMA]
    return pa.schema(fields)


def _policy(name: str) -> Any:
    """The PolicyChoice of ``name`` (one policy, or ``auto``), made once per Python worker."""
    if name not in _POLICIES:
        from fupin.rules.in_force import PolicyChoice

        _POLICIES[name] = PolicyChoice.named(name)
    return _POLICIES[name]


def _as_union(table: pa.Table, prefix: str, kind: str, schema: pa.Schema) -> pa.Table:
    n = table.num_rows
    columns = []
    for field in schema:
        if field.name == KIND:
            columns.append(pa.repeat(kind, n).cast(pa.string()))
        elif field.name.startswith(prefix):
            columns.append(table[field.name[len(prefix) :]].combine_chunks().cast(field.type))
        else:
            columns.append(pa.nulls(n, field.type))
    return pa.Table.from_arrays(columns, schema=schema)


def _with_file_index(table: pa.Table, root: str, folder: str, names: list[str]) -> pa.Table:
    """Spark gives each row its file URI; the partition function wants the file's index."""
    base = Path(root) / folder
    lookup = {str(base / name): i for i, name in enumerate(names)}
    # Few distinct files per bucket: map each distinct URI once, then take by the codes.
    encoded = pc.dictionary_encode(table[PATH].combine_chunks())
    uris = encoded.dictionary.to_pylist()
    index = pa.array([lookup.get(unquote(urlparse(u).path), 0) for u in uris], pa.int32())
    return table.drop_columns([PATH]).append_column(FILE, index.take(encoded.indices))


def make_partition_function(
    policy_name: str,
    root: str,
    files: tuple[list[str], list[str]],
    repeats: pa.Table | None = None,
):
    """The function Spark calls per bucket: (households, members) Arrow tables → union table."""
    schema = union_schema()
    language = get_language()  # Python workers start in the locale's; errors/ speaks the run's

    def decide_bucket(households: pa.Table, members: pa.Table) -> pa.Table:
        from fupin import i18n
        from fupin.batch.partition import process

        i18n.activate(language)

        choice = _policy(policy_name)
        households = _with_file_index(households, root, col.HOUSEHOLDS_SHEET, files[0])
        members = _with_file_index(members, root, col.MEMBERS_SHEET, files[1])
        households = households.sort_by([(FILE, "ascending"), (ROW, "ascending")])
        members = members.sort_by([(FILE, "ascending"), (ROW, "ascending")])
        outcome = process(households.drop_columns([BUCKET]), members.drop_columns([BUCKET]),
                          choice, None, files, repeats)  # fmt: skip
        return pa.concat_tables(
            [
                _as_union(outcome.results, "r_", "result", schema),
                _as_union(outcome.partials, "p_", "partial", schema),
                _as_union(outcome.problems, "e_", "error", schema),
            ]
        )

    return decide_bucket


def spark_session(master: str | None):
    """A SparkSession for ``master`` (default local[*]) with Arrow enabled."""
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master or "local[*]")
        .appName("fupin batch")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("FUPIN_SPARK_DRIVER_MEMORY", "4g"))
        .config("spark.ui.enabled", "false")
        .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
    )
    return builder.getOrCreate()


def _read(spark, dataset: Dataset, sheet: str, buckets: int):
    from pyspark.sql import functions as F

    frame = _read_unified(spark, dataset, sheet)
    present = [c for c in WANTED[sheet] if c in frame.columns]
    missing = [c for c in REQUIRED[sheet] if c not in present]
    if missing:
        raise ValueError(f"{sheet}: missing columns {missing}")
    return frame.select(
        *present, PATH, ROW, F.expr(f"pmod(xxhash64(household_id), {buckets})").alias(BUCKET)
    )


def _read_unified(spark, dataset: Dataset, sheet: str):
    """The roster columns of every file of a table, with each row's file URI and record number.

    Files may store a column in different accepted types (money as decimal in one, int64 fen or
    float64 yuan in another): Spark cannot read them as one table, so each group of files with
    the same types is read on its own, the disagreeing columns turned into the roster's text by
    the local engine's own ``as_text`` (in Arrow, on the executors), and the groups united.
    """
    from pyspark.sql import functions as F

    folder = dataset.root / sheet
    disagree = [name for name, kind in dataset.types[sheet].items() if kind is None]
    groups: dict[tuple[str, ...], list[str]] = {}
    names = dataset.households if sheet == col.HOUSEHOLDS_SHEET else dataset.members
    for name in names if disagree else []:
        schema = pq.read_schema(folder / name)
        key = tuple(str(schema.field(c).type) if c in schema.names else "" for c in disagree)
        groups.setdefault(key, []).append(str(folder / name))
    frames = []
    for paths in groups.values() or [[str(folder)]]:
        frame = spark.read.parquet(*paths)
        present = [c for c in WANTED[sheet] if c in frame.columns]
        frame = frame.select(
            *present,
            F.col("_metadata.file_path").alias(PATH),
            (F.col("_metadata.row_index") + 1).alias(ROW),
        )
        frames.append(_as_text_columns(frame, [c for c in disagree if c in present]))
    united = frames[0]
    for frame in frames[1:]:
        united = united.unionByName(frame, allowMissingColumns=True)
    return united


def _as_text_columns(frame, names: list[str]):
    """``frame`` with ``names`` as the roster's text, converted by ``normalise.as_text``."""
    if not names:
        return frame
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType(
        [StructField(f.name, StringType()) if f.name in names else f for f in frame.schema]
    )

    def convert(batches):
        from fupin.batch.normalise import as_text

        for batch in batches:
            table = pa.Table.from_batches([batch])
            text = as_text(table, tuple(names))
            for name in names:
                table = table.set_column(table.schema.get_field_index(name), name, text[name])
            yield from table.to_batches()

    return frame.mapInArrow(convert, schema)


def dataset_repeats(spark, dataset: Dataset) -> pa.Table:
    """Every repeated ID number of the dataset (``idrepeats.REPEAT_SCHEMA``), found by Spark.

    A global ``groupBy`` on the upper-cased ID keeps the IDs held more than once; only their
    occurrences travel to the driver, where the first in dataset order (file, row) is kept and
    the others become repeats — the definition the local engine's side pass uses.
    """
    from pyspark.sql import functions as F

    frame = _read_unified(spark, dataset, col.MEMBERS_SHEET).select(
        F.upper(F.col("id_number").cast("string")).alias("_id"), PATH, ROW
    )
    frame = frame.filter(F.col("_id").isNotNull() & (F.col("_id") != ""))
    held_twice = frame.groupBy("_id").count().filter(F.col("count") > 1).select("_id")
    found = frame.join(held_twice, "_id").toArrow()
    if not found.num_rows:
        return REPEAT_SCHEMA.empty_table()
    root = str(dataset.root.resolve())
    found = _with_file_index(found, root, col.MEMBERS_SHEET, dataset.members)
    keys = pc.dictionary_encode(found["_id"].combine_chunks()).indices
    return repeats_of(
        np.asarray(keys.to_numpy(), dtype=np.int64),
        found[FILE].to_numpy(),
        found[ROW].to_numpy(),
    )


def run_spark(
    dataset: Dataset,
    staging: Path,
    policy_name: str,
    master: str | None = None,
    progress: Progress | None = None,
) -> EngineOutput:
    """Decides every household with Spark; results go to ``staging/households/``."""
    from pyspark.sql import functions as F

    spark = spark_session(master)
    buckets = max(2, -(-dataset.household_rows // BUCKET_HOUSEHOLDS))
    spark.conf.set("spark.sql.shuffle.partitions", str(buckets))
    households = _read(spark, dataset, col.HOUSEHOLDS_SHEET, buckets)
    members = _read(spark, dataset, col.MEMBERS_SHEET, buckets)
    repeats = dataset_repeats(spark, dataset)
    function = make_partition_function(
        policy_name, str(dataset.root.resolve()), (dataset.households, dataset.members), repeats
    )
    schema = union_schema()
    from pyspark.sql.pandas.types import from_arrow_schema

    union = (
        households.groupBy(BUCKET)
        .cogroup(members.groupBy(BUCKET))
        .applyInArrow(function, from_arrow_schema(schema))
        .persist()
    )
    try:
        results = union.filter(F.col(KIND) == "result").select(
            *[F.col(f"r_{f.name}").alias(f.name) for f in RESULT_SCHEMA]
        )
        results.write.mode("overwrite").parquet(str(staging / "households"))
        partials = _collect_partials(union)
        problems = _collect(union, "error", "e_", ERROR_SCHEMA)
    finally:
        union.unpersist()
    if progress is not None:
        progress("decide", dataset.household_rows)
    return EngineOutput(
        partials=[partials],
        problems=[problems],
        households_read=dataset.household_rows,
        members_read=dataset.member_rows,
        partitions=buckets,
    )


def _collect_partials(union) -> pa.Table:
    """The village partials summed by Spark first: at most one row per (village, year) travels."""
    from pyspark.sql import functions as F

    from fupin.batch.aggregates import count_columns

    schema = empty_partials().schema
    chosen = union.filter(F.col(KIND) == "partial")
    keys = [F.col(f"p_{name}").alias(name) for name in ("code", "year", *STAMP)]
    summed = chosen.groupBy(*keys).agg(
        F.min("p_line_fen").alias("line_fen"),
        *[F.sum(f"p_{name}").alias(name) for name in count_columns()],
    )
    table = summed.toArrow()
    if not table.num_rows:
        return schema.empty_table()
    return table.select(schema.names).cast(schema)


def _collect(union, kind: str, prefix: str, schema: pa.Schema) -> pa.Table:
    from pyspark.sql import functions as F

    chosen = union.filter(F.col(KIND) == kind).select(
        *[F.col(f"{prefix}{f.name}").alias(f.name) for f in schema]
    )
    table = chosen.toArrow()
    return table.cast(schema) if table.num_rows else schema.empty_table()
