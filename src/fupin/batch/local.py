"""The local engine: partitions streamed through a process pool, memory bounded by partition size.

Each task reads one partition (a co-partitioned file pair, or a spill bucket), decides it, and
writes its household results itself; only the small village partial aggregates and the problems
travel back to the driver. Memory is therefore (workers × one partition) + the aggregates,
whatever the number of households. The ID numbers repeated anywhere in the dataset
(``idrepeats``) are found from keys bucketed while each file is read anyway: a file pair is
decided knowing its own repeats, and decided again only if the dataset's differ there.
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
import pyarrow.feather as feather
import pyarrow.ipc  # noqa: F401  (pa.ipc)
import pyarrow.parquet as pq

from fupin.batch import idrepeats, spill
from fupin.batch.aggregates import merge, negated
from fupin.batch.dataset import FILE, Dataset, read_file
from fupin.batch.partition import process
from fupin.i18n import get_language
from fupin.rules import columns as col
from fupin.rules.in_force import PolicyChoice
from fupin.rules.roster.reader import ROW

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET
Progress = Callable[[str, int], None]  # (stage, households or rows done)
_STATE: dict[str, Any] = {}
MERGE_ROWS = 250_000
IDS = "_ids"  # the ID key buckets, under the spill folder


@dataclass
class EngineOutput:
    """What an engine hands back to the driver."""

    partials: list[pa.Table] = field(default_factory=list)  # see add_partials
    problems: list[pa.Table] = field(default_factory=list)
    households_read: int = 0
    members_read: int = 0
    partitions: int = 0
    worker_peak_rss: int = 0  # bytes, the largest worker
    redone: int = 0  # file pairs decided again for ID numbers repeated in other files

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


def _init(dataset: Dataset, policy_name: str, staging: str, spill_dir: str, language: str) -> None:
    from fupin import i18n

    # A spawned worker starts in the locale's language; errors/ must speak the run's (--lang).
    i18n.activate(language)

    # Two processes on two cores: one Arrow thread each avoids oversubscription.
    pa.set_cpu_count(1)
    pa.set_io_thread_count(1)
    _STATE.update(
        dataset=dataset,
        policy=PolicyChoice.named(policy_name),  # one policy, or each village's (auto)
        staging=Path(staging),
        spill=Path(spill_dir),
    )


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _spill_task(task: tuple[str, int, int, int]) -> tuple[str, int, int]:
    sheet, index, buckets, id_buckets = task
    table = read_file(_STATE["dataset"], sheet, index)
    spill.spill_table(table, sheet, index, buckets, _STATE["spill"])
    if sheet == M:  # the same read feeds the dataset-wide ID check
        idrepeats.spill_members(table, index, id_buckets, _STATE["spill"] / IDS)
    return sheet, table.num_rows, _peak_rss()


def _repeats_task(bucket: int) -> tuple[bytes, int]:
    found = idrepeats.find_repeats(_STATE["spill"] / IDS, bucket)
    return to_ipc(found), _peak_rss()


def find_dataset_repeats(
    pool: ProcessPoolExecutor, buckets: int, output: EngineOutput, report: Progress
) -> pa.Table:
    """Every repeated ID number of the dataset, from the key buckets written while reading."""
    parts = [idrepeats.REPEAT_SCHEMA.empty_table()]
    for found, rss in pool.map(_repeats_task, range(buckets)):
        parts.append(from_ipc(found))
        output.worker_peak_rss = max(output.worker_peak_rss, rss)
        report("repeats", 1)
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


@dataclass(frozen=True)
class Task:
    """One partition to decide.

    ``repeats`` None marks the first pass over a file pair: the task buckets the pair's ID keys
    and decides knowing only the repeats within the pair, which it hands back. ``redo`` decides
    a pair again with the dataset's repeats and returns its partials as a change to the first.
    """

    kind: str  # "pair" or "bucket"
    number: int
    repeats: bytes | None = None
    id_buckets: int = 0
    redo: bool = False


@dataclass(frozen=True)
class Done:
    """What a task hands back (tables as IPC bytes)."""

    number: int
    partials: bytes
    problems: bytes
    households: int
    members: int
    rss: int
    assumed: bytes  # the repeats the first pass of a pair decided with


def _partition_task(task: Task) -> Done:
    dataset: Dataset = _STATE["dataset"]
    households, members = _read(dataset, task)
    if task.repeats is None:
        assumed = idrepeats.spill_members(
            members, task.number, task.id_buckets, _STATE["spill"] / IDS, local=True
        )
    else:
        assumed = from_ipc(task.repeats)
    outcome = process(
        households,
        members,
        _STATE["policy"],
        None,
        (dataset.households, dataset.members),
        assumed,
    )
    write_results(
        outcome.results, _STATE["staging"] / "households" / f"part-{task.number:05d}.parquet"
    )
    partials = _partials_change(task, outcome.partials)
    return Done(
        number=task.number,
        partials=to_ipc(partials),
        problems=to_ipc(outcome.problems),
        households=outcome.households_read,
        members=outcome.members_read,
        rss=_peak_rss(),
        assumed=to_ipc(assumed) if task.repeats is None and assumed is not None else b"",
    )


def _read(dataset: Dataset, task: Task) -> tuple[pa.Table, pa.Table]:
    if task.kind == "pair":
        return read_file(dataset, H, task.number), read_file(dataset, M, task.number)
    households = spill.read_bucket(_STATE["spill"], H, task.number)
    members = spill.read_bucket(_STATE["spill"], M, task.number)
    # A bucket may hold members without households or the reverse: give it the columns.
    if households.num_columns == 0:
        households = read_file(dataset, H, 0).slice(0, 0)
    if members.num_columns == 0:
        members = read_file(dataset, M, 0).slice(0, 0)
    return households, members


def _partials_change(task: Task, partials: pa.Table) -> pa.Table:
    """A first pass keeps its partials on disk; a redo returns (new − first) so the sums stay exact."""
    if task.kind != "pair":
        return partials
    kept = _STATE["staging"] / "_partials" / f"part-{task.number:05d}.arrow"
    if not task.redo:
        kept.parent.mkdir(parents=True, exist_ok=True)
        feather.write_feather(partials, kept, compression="uncompressed")
        return partials
    first = feather.read_table(kept)
    return pa.concat_tables([partials, negated(first)])


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
    problems: dict[int, pa.Table] = {}
    id_buckets = idrepeats.bucket_count(dataset)
    context = multiprocessing.get_context("spawn")
    init = (dataset, policy_name, str(staging), str(spill_dir), get_language())
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_init, initargs=init) as pool:
        if dataset.co_partitioned:
            count = len(dataset.households)
            # Largest first, so the last tasks to finish are small ones and both cores stay busy.
            largest = sorted(range(count), key=lambda i: -dataset.path(M, i).stat().st_size)
            first = [Task("pair", i, None, id_buckets) for i in largest]
            assumed = _collect(pool, first, output, problems, report)
            repeats = find_dataset_repeats(pool, id_buckets, output, report)
            # A pair decided with other repeats than the dataset's is decided again (rare).
            found = {i: _repeats_in(repeats, i) for i in range(count)}
            redo = [
                Task("pair", i, to_ipc(found[i]), redo=True)
                for i in range(count)
                if not _same(found[i], assumed[i])
            ]
            _collect(pool, redo, output, problems, report, again=True)
            output.redone = len(redo)
        else:
            buckets = spill.bucket_count(dataset)
            jobs = [(H, i, buckets, id_buckets) for i in range(len(dataset.households))]
            jobs += [(M, i, buckets, id_buckets) for i in range(len(dataset.members))]
            for _sheet, rows, rss in pool.map(_spill_task, jobs):
                output.worker_peak_rss = max(output.worker_peak_rss, rss)
                report("spill", rows)
            every = to_ipc(find_dataset_repeats(pool, id_buckets, output, report))
            tasks = [Task("bucket", k, every) for k in range(buckets)]
            _collect(pool, tasks, output, problems, report)
    output.problems = [problems[k] for k in sorted(problems)]
    shutil.rmtree(spill_dir, ignore_errors=True)
    shutil.rmtree(staging / "_partials", ignore_errors=True)
    return output


def _collect(
    pool: ProcessPoolExecutor,
    tasks: list[Task],
    output: EngineOutput,
    problems: dict[int, pa.Table],
    report: Progress,
    again: bool = False,
) -> dict[int, pa.Table]:
    """Runs tasks, adding up what they hand back; returns the repeats first passes assumed.

    ``again``: the tasks decide partitions already counted (a redo changes, not adds).
    """
    assumed = {}
    for done in _unordered(pool, tasks):
        output.add_partials(from_ipc(done.partials))
        problems[done.number] = from_ipc(done.problems)  # a redo replaces the first pass's
        output.worker_peak_rss = max(output.worker_peak_rss, done.rss)
        if done.assumed:
            assumed[done.number] = from_ipc(done.assumed)
        if not again:
            output.households_read += done.households
            output.members_read += done.members
            output.partitions += 1
            report("decide", done.households)
    return assumed


def _same(left: pa.Table, right: pa.Table) -> bool:
    """Two repeat tables list the same rows with the same first holders, in any order."""
    order = [(ROW, "ascending")]
    return left.num_rows == right.num_rows and left.sort_by(order).equals(right.sort_by(order))


def _repeats_in(repeats: pa.Table, index: int) -> pa.Table:
    """The repeats located in members file ``index``."""
    return repeats.filter(pc.equal(repeats[FILE], index)) if repeats.num_rows else repeats


def _unordered(pool: ProcessPoolExecutor, tasks: Iterable[Task]) -> Iterator[Done]:
    """Results as tasks finish; a finished task's result is dropped once handed over."""
    pending = {pool.submit(_partition_task, task) for task in tasks}
    try:
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    finally:
        # A task that failed (a damaged file) ends the run: the tasks not started are dropped
        # rather than decided for results that will be thrown away.
        for future in pending:
            future.cancel()
