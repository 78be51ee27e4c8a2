"""Money as decimal, int64 fen or float64 yuan (and birth dates as dates) give the same results."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from batch_helpers import households_of, roster_tables

from fupin.batch import run_batch
from fupin.batch.normalise import money_fen
from fupin.rules import columns as col

MONEY = col.MONEY_COLUMNS + (col.PREVIOUS_INCOME_COLUMN,)


def _convert(table: pa.Table, kind: str) -> pa.Table:
    for name in MONEY:
        values = table[name]
        if kind == "fen":
            values = pc.cast(pc.multiply(values, 100), pa.int64())
        else:
            values = pc.cast(values, pa.float64())
        table = table.set_column(table.schema.get_field_index(name), name, values)
    return table


def _write(households: pa.Table, members: pa.Table, out: Path) -> Path:
    for name, table in (("households", households), ("members", members)):
        (out / name).mkdir(parents=True)
        pq.write_table(table, out / name / "all.parquet")
    return out


@pytest.mark.parametrize("kind", ["fen", "float"])
def test_money_types_agree(country: Path, country_results: Path, tmp_path: Path, kind: str) -> None:
    households, members = roster_tables(country)
    dates = pc.cast(pc.strptime(members["birth_date"], "%Y-%m-%d", "s"), pa.date32())
    members = members.set_column(members.schema.get_field_index("birth_date"), "birth_date", dates)
    dataset = _write(_convert(households, kind), members, tmp_path / "d")
    out = tmp_path / "R"
    report = run_batch(dataset, out, workers=1)
    assert report.problems == 0
    assert households_of(out).equals(households_of(country_results))


def test_float_conversion_is_exact_or_refused() -> None:
    fen, present, exact = money_fen(pa.array([0.07, 1234.5, 1.005, None, 19.99, float("nan")]))
    assert fen.tolist()[:2] == [7, 123450] and fen[4] == 1999
    assert exact.tolist() == [True, True, False, True, True, False]
    assert present.tolist() == [True, True, True, False, True, True]


def test_over_precise_float_is_reported(country: Path, tmp_path: Path) -> None:
    households, members = roster_tables(country)
    households = _convert(households, "float")
    wages = households["wage_local"].to_pylist()
    wages[5] = 100.005
    households = households.set_column(
        households.schema.get_field_index("wage_local"), "wage_local", pa.array(wages)
    )
    out = tmp_path / "R"
    report = run_batch(_write(households, members, tmp_path / "d"), out, workers=1)
    errors = pq.read_table(out / "errors" / "errors.parquet").to_pylist()
    assert report.problems == 1
    assert errors[0]["message"] == "an amount has at most 2 decimals (fen)"
    assert (errors[0]["column"], errors[0]["value"], errors[0]["row"]) == (
        "wage_local",
        "100.005",
        6,
    )


def test_decimal_with_more_places_is_accepted_when_exact() -> None:
    import decimal

    values = pa.array(
        [decimal.Decimal("1.500"), decimal.Decimal("2.125"), decimal.Decimal("-3.000")],
        pa.decimal128(10, 3),
    )
    fen, _present, exact = money_fen(values)
    assert exact.tolist() == [True, False, True]
    assert fen[0] == 150 and fen[2] == -300


def test_float_noise_of_a_conversion_is_read_as_a_spreadsheet_would() -> None:
    fen, _present, exact = money_fen(pa.array([525.6800000000001, 7079.9800000000005, 0.1 + 0.2]))
    assert exact.tolist() == [True, True, True]
    assert fen.tolist() == [52568, 707998, 30]
