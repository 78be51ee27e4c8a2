"""`fupin synth national`: a synthetic country written as hive-partitioned Parquet, streaming.

Counties are generated independently (each from its own seed, so the result does not depend on
the number of workers) in chunks of whole counties of one province; each chunk is written by the
worker that made it as ``households/province=PP/part-NNNNN.parquet`` and the same name under
``members/``. Members therefore always sit in the file of the same name as their household: the
dataset is *co-partitioned*, which ``_fupin_dataset.json`` records for ``fupin batch``. Memory is
bounded by the chunk size times the number of workers.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from fupin.synth.national_county import generate_county
from fupin.synth.national_tree import Country, CountySpec, build_country, chunks

MANIFEST = "_fupin_dataset.json"
CHUNK_HOUSEHOLDS = 150_000
ROW_GROUP = 131_072
Progress = Callable[[int, int], None]  # (households done, counties done)


@dataclass(frozen=True)
class NationalSummary:
    """What was written and how long it took."""

    out: Path
    households: int
    members: int
    counties: int
    villages: int
    files: int
    seconds: float
    bytes_on_disk: int


def _chunk_job(args: tuple[list[CountySpec], int, int, str, int]) -> tuple[int, int, pa.Table]:
    counties, seed, year, out, number = args
    parts = [generate_county(spec, seed, year) for spec in counties]
    households = pa.concat_tables([p[1] for p in parts])
    members = pa.concat_tables([p[2] for p in parts])
    name = f"province={counties[0].province}/part-{number:05d}.parquet"
    for folder, table in (("households", households), ("members", members)):
        target = Path(out) / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(".tmp")
        pq.write_table(table, temporary, row_group_size=ROW_GROUP, compression="zstd")
        os.replace(temporary, target)
    regions = pa.concat_tables([p[0] for p in parts])
    return households.num_rows, members.num_rows, regions


def generate_national(
    households: int,
    out: str | Path,
    seed: int = 2014,
    year: int = 2014,
    workers: int | None = None,
    progress: Progress | None = None,
) -> NationalSummary:
    """Generates and writes the country; ``progress(households, counties)`` after each chunk."""
    started = time.perf_counter()
    target = Path(out)
    target.mkdir(parents=True, exist_ok=True)
    country = build_country(households, seed)
    groups = chunks(country, CHUNK_HOUSEHOLDS)
    jobs = [(group, seed, year, str(target), n) for n, group in enumerate(groups)]
    regions: list[pa.Table] = []
    totals = [0, 0]
    workers = workers or min(os.cpu_count() or 1, len(jobs))
    if workers <= 1:
        results = map(_chunk_job, jobs)
        _collect(results, jobs, regions, totals, progress)
    else:
        with ProcessPoolExecutor(workers) as pool:
            _collect(pool.map(_chunk_job, jobs), jobs, regions, totals, progress)
    region_table = _region_table(country, regions)
    pq.write_table(region_table, target / "regions.parquet")
    summary = NationalSummary(
        out=target,
        households=totals[0],
        members=totals[1],
        counties=len(country.counties),
        villages=int(sum(c.villages for c in country.counties)),
        files=2 * len(jobs),
        seconds=time.perf_counter() - started,
        bytes_on_disk=_size(target),
    )
    _write_manifest(target, summary, seed, year)
    return summary


def _collect(results, jobs, regions, totals, progress: Progress | None) -> None:
    for job, (n_households, n_members, region_rows) in zip(jobs, results, strict=True):
        totals[0] += n_households
        totals[1] += n_members
        regions.append(region_rows)
        if progress is not None:
            progress(n_households, len(job[0]))


def _region_table(country: Country, county_regions: list[pa.Table]) -> pa.Table:
    upper = pa.table(
        {
            "code": pa.array(country.upper_codes, pa.string()),
            "name": pa.array(country.upper_names, pa.string()),
            "level": pa.array(country.upper_levels, pa.string()),
            "parent_code": pa.array([p or None for p in country.upper_parents], pa.string()),
            "deep_poverty": pa.array([False] * len(country.upper_codes)),
            "key_county": pa.array([False] * len(country.upper_codes)),
            "western": pa.array([c[:2] in _western() for c in country.upper_codes]),
        }
    )
    return pa.concat_tables([upper.cast(county_regions[0].schema), *county_regions])


def _western() -> frozenset[str]:
    from fupin.synth.national_tree import WESTERN

    return WESTERN


def _write_manifest(target: Path, summary: NationalSummary, seed: int, year: int) -> None:
    manifest = {
        "generator": "fupin synth national",
        "layout": "co-partitioned",
        "key": "household_id",
        "households": summary.households,
        "members": summary.members,
        "counties": summary.counties,
        "seed": seed,
        "year": year,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
