"""The local engine: partitions streamed through a process pool, memory bounded by partition size.

Each task reads one partition (a co-partitioned file pair, or a spill bucket), decides it, and
writes its household results itself; only the small village partial aggregates and the problems
travel back to the driver. Memory is therefore (workers × one partition) + the aggregates,
whatever the number of households. Before deciding, a side pass on the same pool finds the ID
numbers repeated anywhere in the dataset (``idrepeats``), in bounded memory.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import shutil
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc  # noqa: F401  (pa.ipc)
import pyarrow.parquet as pq

from fupin.batch import idrepeats, spill
from fupin.batch.aggregates import merge
from fupin.batch.dataset import FILE, Dataset, read_file
from fupin.batch.partition import process
from fupin.rules import columns as col
from fupin.rules.params import kernel_params

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET
Progress = Callable[[str, int], None]  # (stage, households or rows done)
_STATE: dict[str, Any] = {}
MERGE_ROWS = 250_000


@dataclass
class EngineOutput:
    """What an engine hands back to the driver."""

    partials: list[pa.Table] = field(default_factory=list)  # see add_partials
    problems: list[pa.Table] = field(default_factory=list)
    households_read: int = 0
    members_read: int = 0
    partitions: int = 0
    worker_peak_rss: int = 0  # bytes, the largest worker

    def add_partials(self, table: pa.Table) -> None:
        """Keeps the village partials, merged as they come so memory stays near one per village.

        Under hash partitioning every bucket touches almost every village: without merging, the
        driver would hold villages × buckets rows. Merging when the pending rows outgrow the
        merged ones keeps the total work linear and memory a small multiple of the villages.
        """
        self.partials.append(table)
        merged = self.partials[0].num_rows
        pending = sum(t.num_rows for t in self.partials[1:])
        if pending > max(MERGE_ROWS, 2 * merged):
            self.partials = [merge(self.partials)]


def _init(dataset: Dataset, policy_name: str, staging: str, spill_dir: str) -> None:
    from fupin.policy import load_policy

    # Two processes on two cores: one Arrow thread each avoids oversubscription.
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    policy = load_policy(policy_name)
    _STATE.update(
        dataset=dataset,
        policy=policy,
        params=kernel_params(policy),
        staging=Path(staging),
        spill=Path(spill_dir),
    )


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _spill_task(task: tuple[str, int, int]) -> tuple[str, int, int]:
    sheet, index, buckets = task
    rows = spill.spill_file(_STATE["dataset"], sheet, index, buckets, _STATE["spill"])
    return sheet, rows, _peak_rss()


def _ids_task(task: tuple[int, int]) -> tuple[int, int]:
    index, buckets = task
    rows = idrepeats.spill_ids(_STATE["dataset"], index, buckets, _STATE["spill"] / "_ids")
    return rows, _peak_rss()


def _repeats_task(bucket: int) -> tuple[bytes, int]:
    found = idrepeats.find_repeats(_STATE["spill"] / "_ids", bucket)
    return to_ipc(found), _peak_rss()


def find_dataset_repeats(
    pool: ProcessPoolExecutor, dataset: Dataset, output: EngineOutput
) -> pa.Table:
    """The side pass: every repeated ID number of the dataset (``idrepeats``), on the pool."""
    buckets = idrepeats.bucket_count(dataset)
    jobs = [(i, buckets) for i in range(len(dataset.members))]
    for _rows, rss in pool.map(_ids_task, jobs):
        output.worker_peak_rss = max(output.worker_peak_rss, rss)
    parts = [idrepeats.REPEAT_SCHEMA.empty_table()]
    for found, rss in pool.map(_repeats_task, range(buckets)):
        parts.append(from_ipc(found))
        output.worker_peak_rss = max(output.worker_peak_rss, rss)
    return pa.concat_tables(parts)


def to_ipc(table: pa.Table) -> bytes:
    """A table as Arrow IPC bytes: only the rows' own data (a pickled slice drags its parent)."""
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_ipc(data: bytes) -> pa.Table:
    """The table written by ``to_ipc``."""
    return pa.ipc.open_stream(data).read_all()


def _partition_task(task: tuple[str, int, bytes]) -> tuple[bytes, bytes, int, int, int]:
    kind, number, repeats = task
    dataset: Dataset = _STATE["dataset"]
    if kind == "pair":
        households, members = read_file(dataset, H, number), read_file(dataset, M, number)
    else:
        households = spill.read_bucket(_STATE["spill"], H, number)
        members = spill.read_bucket(_STATE["spill"], M, number)
        # A bucket may hold members without households or the reverse: give it the columns.
        if households.num_columns == 0:
            households = read_file(dataset, H, 0).slice(0, 0)
        if members.num_columns == 0:
            members = read_file(dataset, M, 0).slice(0, 0)
    outcome = process(
        households,
        members,
        _STATE["policy"],
        _STATE["params"],
        (dataset.households, dataset.members),
        from_ipc(repeats),
    )
    target = _STATE["staging"] / "households" / f"part-{number:05d}.parquet"
    write_results(outcome.results, target)
    return (
        to_ipc(outcome.partials),
        to_ipc(outcome.problems),
        outcome.households_read,
        outcome.members_read,
        _peak_rss(),
    )


# Dictionary-encode only the columns with few distinct values, and keep statistics only where a
# reader filters (by region, year, decision): this halves the cost of writing the results.
DICTIONARY_COLUMNS = (
    "village_code", "year", "registered_status", "size", "poverty_line", "monitoring_line",
    "income_poor", "guarantee_gaps", "flags", "decision", "reason_codes", "housing_grade",
    "children_out_of_school", "uninsured_members", "able_labour_members",
    "policy_id", "policy_version", "policy_hash",
)  # fmt: skip
STATISTICS_COLUMNS = ("village_code", "year", "decision")


def write_results(results: pa.Table, target: Path) -> None:
    """Writes one partition's household results (zstd, row groups of 256k households)."""
    pq.write_table(
        results,
        target,
        compression="zstd",
        row_group_size=262_144,
        use_dictionary=list(DICTIONARY_COLUMNS),
        write_statistics=list(STATISTICS_COLUMNS),
    )


def run_local(
    dataset: Dataset,
    staging: Path,
    policy_name: str,
    workers: int | None = None,
    progress: Progress | None = None,
) -> EngineOutput:
    """Decides every household of the dataset; results go to ``staging/households/``."""
    report = progress or (lambda stage, n: None)
    spill_dir = staging / "_spill"
    workers = max(1, workers or os.cpu_count() or 1)
    output = EngineOutput()
    context = multiprocessing.get_context("spawn")
    init = (dataset, policy_name, str(staging), str(spill_dir))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=init) as pool:
        repeats = find_dataset_repeats(pool, dataset, output)
        if dataset.co_partitioned:
            tasks = [("pair", i, _repeats_in(repeats, i)) for i in range(len(dataset.households))]
        else:
            buckets = spill.bucket_count(dataset)
            jobs = [(H, i, buckets) for i in range(len(dataset.households))]
            jobs += [(M, i, buckets) for i in range(len(dataset.members))]
            for _sheet, rows, rss in pool.map(_spill_task, jobs):
                output.worker_peak_rss = max(output.worker_peak_rss, rss)
                report("spill", rows)
            every = to_ipc(repeats)  # a bucket's members may come from any file
            tasks = [("bucket", k, every) for k in range(buckets)]
        for partials, problems, households, members, rss in _unordered(pool, tasks):
            output.add_partials(from_ipc(partials))
            output.problems.append(from_ipc(problems))
            output.households_read += households
            output.members_read += members
            output.partitions += 1
            output.worker_peak_rss = max(output.worker_peak_rss, rss)
            report("decide", households)
    shutil.rmtree(spill_dir, ignore_errors=True)
    return output


def _repeats_in(repeats: pa.Table, index: int) -> bytes:
    """The repeats located in members file ``index``, as IPC bytes for a pair task."""
    mine = repeats.filter(pc.equal(repeats[FILE], index)) if repeats.num_rows else repeats
    return to_ipc(mine)


def _unordered(pool: ProcessPoolExecutor, tasks: Iterable[tuple[str, int, bytes]]) -> Iterator[Any]:
    """Results as tasks finish; a finished task's result is dropped once handed over."""
    pending = {pool.submit(_partition_task, task) for task in tasks}
    while pending:
        done, pending = wait(pending, return_when=FIRST_COMPLETED)
        for future in done:
            yield future.result()
