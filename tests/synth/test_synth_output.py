"""Writing a county: Parquet round trip, and the roster formats read by `fupin identify`."""

from __future__ import annotations

import csv
import re
from decimal import Decimal

import pyarrow.parquet as pq
from openpyxl import load_workbook

from fupin.synth import SynthCounty, demo_county, write_parquet, write_roster

ROSTER_HOUSEHOLD_COLUMNS = [
    "household_id",
    "village_code",
    "year",
    "registered_status",
    "food_secure",
    "clothing_secure",
    "safe_water",
    "housing_grade",
    "wage_local",
    "wage_migrant",
    "migrant_living_cost",
    "operating_income",
    "operating_cost",
    "property_income",
    "transfer_relief",
    "transfer_development",
    "inkind_consumption",
    "medical_out_of_pocket",
    "disaster_loss",
    "previous_per_capita_net_income",
    # The optional facts of the exclusion rules.
    "owns_vehicle",
    "owns_commercial_housing",
    "runs_business_with_employees",
    "away_with_high_income",
    "machinery_count",
    "livestock_heads",
]
MONEY_AT = slice(8, 20)  # wage_local … previous_per_capita_net_income
ROSTER_MEMBER_COLUMNS = [
    "household_id",
    "id_number",
    "name",
    "relation",
    "sex",
    "birth_date",
    "in_school",
    "health",
    "labour_ability",
    "medical_insurance",
    "on_state_payroll",
    "is_village_cadre",
]
MONEY_TEXT = re.compile(r"^(\d+\.\d\d)?$")


def test_parquet_round_trip(small_county: SynthCounty, tmp_path) -> None:
    out = write_parquet(small_county, tmp_path / "county")
    assert pq.read_table(out / "regions.parquet").equals(small_county.regions)
    assert pq.read_table(out / "households").equals(small_county.households)
    assert pq.read_table(out / "members").equals(small_county.members)


def test_csv_roster_has_roster_columns_and_two_decimal_money(small_county, tmp_path) -> None:
    folder = write_roster(small_county, tmp_path / "roster")
    with open(folder / "households.csv", encoding="utf-8", newline="") as handle:
        households = list(csv.DictReader(handle))
    with open(folder / "members.csv", encoding="utf-8", newline="") as handle:
        members = list(csv.DictReader(handle))
    assert list(households[0]) == ROSTER_HOUSEHOLD_COLUMNS
    assert list(members[0]) == ROSTER_MEMBER_COLUMNS
    assert len(households) == small_county.households.num_rows
    assert len(members) == small_county.members.num_rows
    for row in households:
        assert all(MONEY_TEXT.match(row[c]) for c in ROSTER_HOUSEHOLD_COLUMNS[MONEY_AT]), row
    expected = small_county.households.column("wage_migrant").to_pylist()
    assert [Decimal(r["wage_migrant"]) for r in households] == expected
    assert [r["id_number"] for r in members] == small_county.members.column("id_number").to_pylist()


def test_xlsx_roster_has_both_sheets_with_the_same_values(tmp_path) -> None:
    county = demo_county(seed=9, scale=0.002)
    path = write_roster(county, tmp_path / "roster.xlsx")
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == ["households", "members"]
    households = list(book["households"].iter_rows(values_only=True))
    members = list(book["members"].iter_rows(values_only=True))
    assert list(households[0]) == ROSTER_HOUSEHOLD_COLUMNS
    assert list(members[0]) == ROSTER_MEMBER_COLUMNS
    assert len(households) - 1 == county.households.num_rows
    column = ROSTER_HOUSEHOLD_COLUMNS.index("operating_cost")
    read = [Decimal(str(row[column])).quantize(Decimal("0.01")) for row in households[1:]]
    assert read == county.households.column("operating_cost").to_pylist()
    assert [row[1] for row in members[1:]] == county.members.column("id_number").to_pylist()
