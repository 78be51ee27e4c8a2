"""Bad rows are reported with the roster report's descriptions, never dropped silently."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from batch_helpers import households_of, read_table, roster_tables
from typer.testing import CliRunner

from fupin.batch import run_batch
from fupin.cli import app


def _set(table: pa.Table, row: int, column: str, value: object) -> pa.Table:
    values = table[column].to_pylist()
    values[row] = value
    index = table.schema.get_field_index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))


def _break(country: Path, out: Path) -> tuple[Path, dict[str, str]]:
    """A copy of the country with known bad rows, in two files; returns the bad household ids."""
    households, members = roster_tables(country)
    ids = households["household_id"].to_pylist()
    bad = {
        "negative": ids[3],
        "status": ids[10],
        "village": ids[20],
        "year": ids[30],
        "duplicate": ids[40],
        "no_head": ids[50],
    }
    households = _set(households, 3, "wage_local", Decimal("-5.00"))
    households = _set(households, 10, "registered_status", "poorish")
    households = _set(households, 20, "village_code", "12345678901")
    households = _set(households, 30, "year", 1999)
    households = pa.concat_tables([households, households.slice(40, 1)])
    owners = members["household_id"].to_pylist()
    head_of_50 = owners.index(ids[50])
    members = _set(members, head_of_50, "relation", "spouse")
    first_of_60 = owners.index(ids[60])
    id_number = members["id_number"][first_of_60].as_py()
    wrong = id_number[:17] + ("0" if id_number[17] != "0" else "1")
    members = _set(members, first_of_60, "id_number", wrong)
    bad["id_check"] = ids[60]
    members = _set(members, owners.index(ids[70]), "household_id", "NO-SUCH-HOUSEHOLD")
    bad["orphaned"] = ids[70]  # its head moved away: the household now lacks a head or members
    for name, table in (("households", households), ("members", members)):
        (out / name).mkdir(parents=True)
        half = table.num_rows // 2
        pq.write_table(table.slice(0, half), out / name / "a.parquet")
        pq.write_table(table.slice(half), out / name / "b.parquet")
    return out, bad


@pytest.fixture(scope="module")
def broken(country: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    return _break(country, tmp_path_factory.mktemp("broken") / "dataset")


def test_every_problem_is_reported_and_the_rest_decided(broken, tmp_path: Path) -> None:
    dataset, bad = broken
    out = tmp_path / "RESULTS"
    report = run_batch(dataset, out, workers=2)
    errors = pq.read_table(out / "errors" / "errors.parquet").to_pylist()
    by_household = {}
    for e in errors:
        by_household.setdefault(e["household_id"], []).append(e)
    messages = {e["message"] for e in errors}
    assert "an amount must not be negative" in messages
    assert "the village code must be 12 digits" in messages
    assert "unknown value; one of: none, poor, exited" in messages
    assert any(m.startswith("policy cn does not cover this year") for m in messages)
    assert any(m.startswith("duplicate household_id; first on row ") for m in messages)
    assert "no member of the household has relation head" in messages
    assert any(m.startswith("ID number check character is") for m in messages)
    assert "this household is not in the households sheet" in messages
    for household in bad.values():
        assert household in by_household, household
    decided = set(households_of(out)["household_id"].to_pylist())
    assert decided.isdisjoint(bad.values())
    households, _ = roster_tables(dataset)
    all_ids = set(households["household_id"].to_pylist())
    assert decided == all_ids - set(bad.values())
    assert report.problems == len(errors) and not report.refused
    negative = [e for e in errors if e["message"] == "an amount must not be negative"][0]
    assert (negative["sheet"], negative["column"], negative["value"]) == (
        "households",
        "wage_local",
        "-5.00",
    )
    assert negative["file"] == "a.parquet" and negative["row"] == 4


def test_strict_refuses_the_run_and_writes_only_errors(broken, tmp_path: Path) -> None:
    dataset, _ = broken
    out = tmp_path / "RESULTS"
    result = CliRunner().invoke(
        app, ["--lang", "en", "batch", "run", str(dataset), "--out", str(out), "--strict"]
    )
    assert result.exit_code == 2, result.output
    assert (out / "errors" / "errors.csv").is_file()
    assert not (out / "households").exists()
    assert not (out / "aggregates").exists()


def test_cli_exit_code_one_when_rows_are_skipped(broken, tmp_path: Path) -> None:
    dataset, bad = broken
    out = tmp_path / "RESULTS"
    result = CliRunner().invoke(app, ["--lang", "en", "batch", "run", str(dataset), "-o", str(out)])
    assert result.exit_code == 1, result.output
    errors_csv = (out / "errors" / "errors.csv").read_text(encoding="utf-8-sig")
    assert (
        errors_csv.splitlines()[0]
        == '"sheet","file","row","household_id","column","value","message"'
    )
    assert read_table(out / "households").num_rows > 0
    assert pc.sum(
        pc.equal(read_table(out / "households")["household_id"], bad["status"])
    ).as_py() in (0, None)


def test_missing_column_refuses_the_dataset(country: Path, tmp_path: Path) -> None:
    households, members = roster_tables(country)
    for name, table in (
        ("households", households.drop_columns(["safe_water"])),
        ("members", members),
    ):
        (tmp_path / "d" / name).mkdir(parents=True)
        pq.write_table(table, tmp_path / "d" / name / "x.parquet")
    result = CliRunner().invoke(
        app, ["--lang", "en", "batch", "run", str(tmp_path / "d"), "-o", str(tmp_path / "R")]
    )
    assert result.exit_code == 2
    assert "safe_water" in result.output
    assert not (tmp_path / "R").exists()
