"""A dataset split differently into files and partitions gives the same answer."""

from __future__ import annotations

from pathlib import Path

import pytest
from batch_helpers import aggregate, households_of, roster_tables, write_scattered

from fupin.batch import open_dataset, run_batch
from fupin.batch.aggregates import LEVELS


@pytest.mark.parametrize(("files", "seed"), [(1, 1), (5, 2), (13, 3)])
def test_scattered_dataset_gives_the_same_results(
    country: Path, country_results: Path, tmp_path: Path, files: int, seed: int
) -> None:
    households, members = roster_tables(country)
    scattered = write_scattered(households, members, tmp_path / "scattered", files, seed)
    assert not open_dataset(scattered).co_partitioned  # no manifest: the general path
    out = tmp_path / "RESULTS"
    report = run_batch(scattered, out, workers=2)
    assert report.layout == "general"
    assert report.problems == 0
    assert households_of(out).equals(households_of(country_results))
    for level in LEVELS:
        assert aggregate(out, level).equals(aggregate(country_results, level)), level


def test_general_layout_forced_on_a_co_partitioned_dataset(
    country: Path, country_results: Path, tmp_path: Path
) -> None:
    out = tmp_path / "RESULTS"
    report = run_batch(country, out, workers=1, layout="general")
    assert report.layout == "general"
    assert households_of(out).equals(households_of(country_results))
    assert aggregate(out, "village").equals(aggregate(country_results, "village"))


def test_every_household_is_decided_exactly_once(country: Path, country_results: Path) -> None:
    households, _members = roster_tables(country)
    results = households_of(country_results)
    assert results.num_rows == households.num_rows
    assert sorted(results["household_id"].to_pylist()) == sorted(
        households["household_id"].to_pylist()
    )


def test_wrongly_declared_co_partitioning_is_reported_not_lost(
    country: Path, tmp_path: Path
) -> None:
    import shutil

    import pyarrow as pa
    import pyarrow.parquet as pq

    copy = tmp_path / "copy"
    shutil.copytree(country, copy)
    first, second = sorted((copy / "members").rglob("*.parquet"))[:2]
    moved = pq.read_table(first).slice(0, 1)  # the first household's head
    pq.write_table(pq.read_table(first).slice(1), first)
    pq.write_table(pa.concat_tables([pq.read_table(second), moved]), second)
    out = tmp_path / "RESULTS"
    report = run_batch(copy, out, workers=1)
    assert report.layout == "co-partitioned"
    errors = pq.read_table(out / "errors" / "errors.parquet").to_pylist()
    owner = moved["household_id"][0].as_py()
    # In the first file the household lost its head; in the second the head has no household.
    assert {e["message"] for e in errors if e["household_id"] == owner} == {
        "no member of the household has relation head"
    }
    orphans = [e for e in errors if e["message"] == "this household is not in the households sheet"]
    assert [(e["sheet"], e["value"], e["file"]) for e in orphans] == [
        ("members", owner, str(second.relative_to(copy / "members")))
    ]
    assert owner not in households_of(out)["household_id"].to_pylist()
    # Under the general layout the same files are read correctly: the member is found.
    general = run_batch(copy, tmp_path / "R2", workers=1, layout="general")
    assert general.problems == 0
