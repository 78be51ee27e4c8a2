"""Batch results equal `fupin identify` on the same households exported as a roster."""

from __future__ import annotations

import csv
from pathlib import Path

import pyarrow.compute as pc
import pyarrow.csv as pacsv
from batch_helpers import households_of, roster_tables
from typer.testing import CliRunner

from fupin.cli import app

COMPARED = (
    "size", "net_income", "per_capita_net_income", "poverty_line", "monitoring_line",
    "income_poor", "guarantee_gaps", "flags", "decision",
)  # fmt: skip


def _identify(dataset: Path, tmp_path: Path) -> dict[str, dict[str, str]]:
    households, members = roster_tables(dataset)
    roster = tmp_path / "roster"
    roster.mkdir()
    pacsv.write_csv(households, roster / "households.csv")
    pacsv.write_csv(members, roster / "members.csv")
    out = tmp_path / "RESULTS.csv"
    result = CliRunner().invoke(app, ["--lang", "en", "identify", str(roster), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(encoding="utf-8-sig", newline="") as handle:
        return {row["household_id"]: row for row in csv.DictReader(handle)}


def _as_text(value: object) -> str:
    return "" if value is None else str(value)


def test_results_equal_fupin_identify(country: Path, country_results: Path, tmp_path: Path) -> None:
    expected = _identify(country, tmp_path)
    results = households_of(country_results)
    assert results.num_rows == len(expected)
    rows = results.to_pylist()
    for row in rows:
        roster_row = expected[row["household_id"]]
        for name in COMPARED:
            assert _as_text(row[name]) == roster_row[name], (row["household_id"], name)
        assert row["policy_hash"] == roster_row["policy_hash"]


def test_reason_codes_name_every_failed_criterion(country_results: Path) -> None:
    results = households_of(country_results)
    for row in results.to_pylist():
        codes = set(filter(None, row["reason_codes"].split(";")))
        named = set(filter(None, (row["guarantee_gaps"] + ";" + row["flags"]).split(";")))
        assert codes - {"INCOME_POOR"} == named
        assert ("INCOME_POOR" in codes) == row["income_poor"]
        if row["income_poor"]:
            assert row["income_shortfall"] > 0
    assert pc.sum(results["income_poor"]).as_py() > 0
