"""ID numbers repeated across partitions are found, whatever the engine or partitioning."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from batch_helpers import aggregate, households_of, plant_repeats, read_table
from hypothesis import given
from hypothesis import strategies as st

from fupin.batch import run_batch
from fupin.batch.aggregates import LEVELS
from fupin.batch.idrepeats import id_keys, repeats_of

# The planted person's first holder is row 6 of the first members file, the repeats in the last.
ELSEWHERE = "duplicate ID number; first in {file}, row 6"


@pytest.fixture(scope="module")
def planted(country: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("planted") / "dataset"
    return out, plant_repeats(country, out)


def _errors(results: Path) -> list[dict]:
    return pq.read_table(results / "errors" / "errors.parquet").to_pylist()


def test_exact_keys_for_well_formed_ids_and_flagged_hashes_otherwise() -> None:
    ids = pa.array(
        ["11010519491231002X", "11010519491231002x", None, "", "ABC", "110105194912310021"]
    )
    positions, keys = id_keys(ids)
    assert positions.tolist() == [0, 1, 4, 5]
    assert int(keys[0]) == 11010519491231002 * 11 + 10
    assert keys[0] == keys[1]  # the roster compares ID numbers upper-cased
    assert int(keys[3]) == 11010519491231002 * 11 + 1
    assert int(keys[2]) >= 1 << 63  # not a well-formed ID: a hash, apart from exact keys


def test_repeats_name_every_later_occurrence_and_the_first() -> None:
    keys = np.array([7, 3, 7, 7, 3, 9], dtype=np.int64)
    files = np.array([2, 0, 1, 1, 0, 0], dtype=np.int64)
    rows = np.array([1, 5, 9, 4, 2, 1], dtype=np.int64)
    found = sorted(map(tuple, (r.values() for r in repeats_of(keys, files, rows).to_pylist())))
    assert found == [(0, 5, 0, 2), (1, 9, 1, 4), (2, 1, 1, 4)]


# A place (file, row) holds one ID number: places are unique by file and row.
PLACES = st.lists(
    st.tuples(st.integers(0, 5), st.integers(0, 3), st.integers(1, 50)),
    unique_by=lambda place: (place[1], place[2]),
)


@given(PLACES)
def test_repeats_are_all_but_the_first_place_of_each_key(places) -> None:
    keys = np.array([p[0] for p in places], dtype=np.int64)
    files = np.array([p[1] for p in places], dtype=np.int64)
    rows = np.array([p[2] for p in places], dtype=np.int64)
    found = repeats_of(keys, files, rows).to_pylist()
    first: dict[int, tuple[int, int]] = {}
    for key, file, row in places:
        first[key] = min(first.get(key, (file, row)), (file, row))
    expected = {(f, r, *first[k]) for k, f, r in places if (f, r) != first[k]}
    assert {tuple(r.values()) for r in found} == expected
    assert len(found) == len(expected)


def test_no_repeats_in_the_generated_country(country_results: Path) -> None:
    assert not [e for e in _errors(country_results) if e["column"] == "id_number"]


@pytest.mark.parametrize("layout", ["co-partitioned", "general"])
def test_a_repeat_across_files_is_reported_and_its_households_refused(
    planted, layout: str, tmp_path: Path
) -> None:
    dataset, plant = planted
    out = tmp_path / "RESULTS"
    report = run_batch(dataset, out, workers=2, layout=layout)
    expected = [
        {
            "sheet": "members",
            "file": file,
            "row": row,
            "household_id": household,
            "column": "id_number",
            "value": plant["id_number"],
            "message": ELSEWHERE.format(file=plant["first_file"]),
        }
        for file, row, household in plant["repeats"]
    ]
    assert _errors(out) == expected
    decided = set(households_of(out)["household_id"].to_pylist())
    assert plant["first_household"] in decided
    refused = {household for _, _, household in plant["repeats"]}
    assert decided.isdisjoint(refused)
    total = read_table(dataset / "households").num_rows
    assert report.households_decided == total - 2 and report.problems == 2


def test_layouts_give_identical_results_with_repeats(planted, tmp_path: Path) -> None:
    dataset, _ = planted
    run_batch(dataset, tmp_path / "A", workers=2, layout="co-partitioned")
    run_batch(dataset, tmp_path / "B", workers=2, layout="general")
    assert _errors(tmp_path / "A") == _errors(tmp_path / "B")
    assert households_of(tmp_path / "A").equals(households_of(tmp_path / "B"))


def test_strict_refuses_a_dataset_with_a_repeat(planted, tmp_path: Path) -> None:
    dataset, _ = planted
    report = run_batch(dataset, tmp_path / "R", workers=2, strict=True)
    assert report.refused and report.problems == 2
    assert not (tmp_path / "R" / "households").exists()


def test_aggregates_withdraw_the_households_refused_after_deciding(planted, tmp_path) -> None:
    # Co-partitioned: the last pair is decided first knowing only its own repeat, then again
    # with the dataset's two; the general layout knows the dataset's repeats from the start.
    dataset, _ = planted
    first = run_batch(dataset, tmp_path / "A", workers=2, layout="co-partitioned")
    second = run_batch(dataset, tmp_path / "B", workers=2, layout="general")
    assert first.redone == 1 and second.redone == 0
    for level in LEVELS:
        assert aggregate(tmp_path / "A", level).equals(aggregate(tmp_path / "B", level)), level
    nation = aggregate(tmp_path / "A", "nation")
    assert sum(nation["households"].to_pylist()) == first.households_decided


def test_a_repeat_within_one_file_needs_no_second_decision(country: Path, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    shutil.copytree(country, dataset)
    target = sorted((dataset / "members").rglob("*.parquet"))[-1]
    table = pq.read_table(target)
    owners = table["household_id"].to_pylist()
    other = next(i for i, owner in enumerate(owners) if owner != owners[0])
    for column in ("id_number", "sex", "birth_date"):
        values = table[column].to_pylist()
        values[other] = values[0]
        index = table.schema.get_field_index(column)
        table = table.set_column(index, column, pa.array(values, table.schema.field(column).type))
    pq.write_table(table, target)
    report = run_batch(dataset, tmp_path / "R", workers=2)
    assert report.redone == 0 and report.problems == 1
    [error] = _errors(tmp_path / "R")
    assert (error["row"], error["household_id"]) == (other + 1, owners[other])
    assert error["message"] == "duplicate ID number; first on row 1"
    decided = set(households_of(tmp_path / "R")["household_id"].to_pylist())
    assert owners[0] in decided and owners[other] not in decided


@pytest.mark.parametrize("layout", ["co-partitioned", "general"])
def test_problems_speak_the_language_of_the_run(planted, layout: str, tmp_path: Path) -> None:
    # Workers are spawned processes: they must take the run's language, not the locale's.
    from fupin.i18n import override

    dataset, plant = planted
    with override("zh-hans"):
        run_batch(dataset, tmp_path / "R", workers=2, layout=layout)
    expected = f"身份证号码重复；首次出现在 {plant['first_file']} 第 6 行"
    assert {e["message"] for e in _errors(tmp_path / "R")} == {expected}
