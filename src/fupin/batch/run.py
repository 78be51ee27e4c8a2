"""`fupin batch run`: one dataset in, RESULTS/households, aggregates and errors out, atomically.

The results are built in a staging folder beside RESULTS and moved into place only when the
run is complete; a run refused under ``strict`` (or failing) leaves only ``errors/``.
"""

from __future__ import annotations

import os
import resource
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from fupin.batch.aggregates import LEVELS, finalise, merge, roll_up
from fupin.batch.dataset import Dataset, open_dataset
from fupin.batch.local import EngineOutput, Progress, run_local
from fupin.batch.validate import ERROR_SCHEMA
from fupin.i18n import gettext as _
from fupin.rules import DECISIONS

ENGINES = ("local", "spark")
RESULT_PARTS = ("households", "aggregates", "errors")


class OutputExistsError(ValueError):
    """RESULTS exists and does not look like the output of an earlier run."""


@dataclass
class BatchReport:
    """What a run did."""

    out: Path
    engine: str
    layout: str
    households_read: int
    members_read: int
    households_decided: int
    problems: int
    refused: bool
    decisions: dict[str, int]
    partitions: int
    seconds: float
    driver_peak_rss: int
    worker_peak_rss: int
    workers: int
    redone: int = 0  # file pairs decided again for ID numbers repeated in other files
    extra: dict[str, str] = field(default_factory=dict)


def run_batch(
    dataset_path: str | Path,
    out: str | Path,
    *,
    engine: str = "local",
    policy: str = "cn",
    strict: bool = False,
    workers: int | None = None,
    layout: str = "auto",
    spark_master: str | None = None,
    progress: Progress | None = None,
) -> BatchReport:
    """Runs the rules kernel over a dataset; raises DatasetError, PolicyError, OutputExistsError.

    An unknown engine, or one whose packages are missing (``spark.SparkUnavailableError``),
    raises ValueError before the dataset is read.
    """
    from fupin.rules.in_force import PolicyChoice

    check_engine(engine)  # before anything is read or written
    started = time.perf_counter()
    PolicyChoice.named(policy)  # an unknown policy is refused before anything is read
    dataset = open_dataset(dataset_path, layout)
    target = Path(out)
    _check_target(target)
    staging = target.parent / f".{target.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    for part in RESULT_PARTS:
        (staging / part).mkdir(parents=True)
    workers = max(1, workers or os.cpu_count() or 1)
    try:
        output = _run_engine(engine, dataset, staging, policy, workers, spark_master, progress)
        problems = _write_errors(output.problems, staging / "errors")
        decisions = _write_aggregates(output.partials, staging / "aggregates")
        refused = strict and problems > 0
        if refused:
            shutil.rmtree(staging / "households")
            shutil.rmtree(staging / "aggregates")
        _replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BatchReport(
        out=target,
        engine=engine,
        layout=_layout(engine, dataset),
        households_read=output.households_read,
        members_read=output.members_read,
        households_decided=sum(decisions.values()),
        problems=problems,
        refused=refused,
        decisions=decisions,
        partitions=output.partitions,
        seconds=time.perf_counter() - started,
        driver_peak_rss=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        worker_peak_rss=output.worker_peak_rss,
        workers=workers,
        redone=output.redone,
    )


def _run_engine(
    engine: str,
    dataset: Dataset,
    staging: Path,
    policy: str,
    workers: int,
    spark_master: str | None,
    progress: Progress | None,
) -> EngineOutput:
    if engine == "spark":
        from fupin.batch.spark import run_spark

        return run_spark(dataset, staging, policy, spark_master, progress)
    return run_local(dataset, staging, policy, workers, progress)


def check_engine(engine: str) -> None:
    """Raises ValueError when ``engine`` is unknown or cannot run here (saying what to install)."""
    if engine not in ENGINES:
        raise ValueError(_("unknown engine {engine}; choose local or spark").format(engine=engine))
    if engine == "spark":
        from fupin.batch.spark import check_requirements

        check_requirements()


def _layout(engine: str, dataset: Dataset) -> str:
    if engine == "spark":
        return "spark shuffle"  # Spark co-groups by a hash of household_id whatever the files
    return "co-partitioned" if dataset.co_partitioned else "general"


def _check_target(target: Path) -> None:
    if not target.exists():
        return
    if not target.is_dir() or any(child.name not in RESULT_PARTS for child in target.iterdir()):
        raise OutputExistsError(
            _("{path} exists and is not the output of an earlier run; choose another --out").format(
                path=target
            )
        )


def _replace(staging: Path, target: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    os.replace(staging, target)


def _write_errors(parts: list[pa.Table], folder: Path) -> int:
    table = (
        pa.concat_tables([ERROR_SCHEMA.empty_table(), *parts])
        if parts
        else ERROR_SCHEMA.empty_table()
    )
    sheet_order = pc.if_else(pc.equal(table["sheet"], "households"), 0, 1)
    table = (
        table.append_column("_order", sheet_order)
        .sort_by(
            [
                ("_order", "ascending"),
                ("file", "ascending"),
                ("row", "ascending"),
                ("column", "ascending"),
            ]
        )
        .drop_columns(["_order"])
    )
    pq.write_table(table, folder / "errors.parquet")
    with (folder / "errors.csv").open("wb") as handle:
        handle.write("\ufeff".encode())  # so Excel opens Chinese messages correctly
        pacsv.write_csv(table, handle)
    return table.num_rows


def _write_aggregates(partials: list[pa.Table], folder: Path) -> dict[str, int]:
    villages = merge(partials)
    levels = roll_up(villages)
    for level in LEVELS:
        pq.write_table(finalise(level, levels[level]), folder / f"{level}.parquet")
    nation = levels["nation"]
    return {d: int(pc.sum(nation[f"households_{d}"]).as_py() or 0) for d in DECISIONS}
