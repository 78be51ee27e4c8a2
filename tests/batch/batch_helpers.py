"""Helpers of the batch tests: read datasets and results, rewrite a dataset in another layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from fupin.rules import columns as col


def read_table(folder: Path, columns: tuple[str, ...] | None = None) -> pa.Table:
    """Every Parquet file under ``folder`` as one table (hive partition columns dropped)."""
    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    names = [c for c in (columns or dataset.schema.names) if c != "province"]
    return dataset.to_table(columns=names)


def households_of(results: Path) -> pa.Table:
    """RESULTS/households sorted by household_id."""
    return read_table(results / "households").sort_by("household_id")


def aggregate(results: Path, level: str) -> pa.Table:
    """One level of RESULTS/aggregates."""
    return pq.read_table(results / "aggregates" / f"{level}.parquet")


def roster_tables(dataset: Path) -> tuple[pa.Table, pa.Table]:
    """The dataset's households and members, roster columns only."""
    households = read_table(dataset / "households", col.HOUSEHOLD_COLUMNS)
    members = read_table(dataset / "members", col.MEMBER_COLUMNS)
    return households, members


def write_scattered(
    households: pa.Table, members: pa.Table, out: Path, files: int, seed: int
) -> Path:
    """A dataset whose rows are shuffled into ``files`` files each, members away from households.

    Households go to ``households/part=K/`` folders, members to plain files, each row to a random
    file, so a household's members are spread over several files unrelated to its own.
    """
    rng = np.random.default_rng(seed)
    for name, table, hive in (("households", households, True), ("members", members, False)):
        order = rng.permutation(table.num_rows)
        target = rng.integers(0, files, table.num_rows)
        shuffled = table.take(pa.array(order))
        target = target[order]
        for k in range(files):
            part = shuffled.filter(pa.array(target == k))
            folder = out / name / (f"part={k}" if hive else "")
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, folder / f"chunk-{k:03d}.parquet")
    return out
