"""Hand-built county tables in the fupin.synth layout, for loader tests (no generator needed)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pyarrow as pa

from fupin import idnumber

AREA = "980203"
MONEY = (
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
)


@dataclass
class TinyCounty:
    """The three tables a loader reads."""

    regions: pa.Table
    households: pa.Table
    members: pa.Table


def _regions() -> pa.Table:
    rows = [
        ("980000000000", "P", "province", None),
        ("980200000000", "C", "city", "980000000000"),
        ("980203000000", "L County", "county", "980200000000"),
        ("980203100000", "T1", "township", "980203000000"),
        ("980203100201", "V1", "village", "980203100000"),
        ("980203100202", "V2", "village", "980203100000"),
    ]
    code, name, level, parent = zip(*rows, strict=True)
    n = len(rows)
    return pa.table(
        {
            "code": code,
            "name": name,
            "level": level,
            "parent_code": list(parent),
            "deep_poverty": [False] * n,
            "key_county": [True] * n,
            "western": [True] * n,
        }
    )


STATUSES = ("none", "poor", "exited", "none", "poor", "none")


def _households(count: int) -> pa.Table:
    money = pa.decimal128(18, 2)
    columns: dict[str, pa.Array | list] = {
        "household_id": [f"T-{i:04d}" for i in range(count)],
        "village_code": ["980203100201" if i % 2 == 0 else "980203100202" for i in range(count)],
        "year": pa.array([2014] * count, pa.int32()),
        "registered_status": [STATUSES[i % len(STATUSES)] for i in range(count)],
        "food_secure": ["yes"] * count,
        "clothing_secure": ["yes"] * count,
        "safe_water": ["no" if i % 3 == 0 else "yes" for i in range(count)],
        "housing_grade": ["C" if i % 4 == 0 else "A" for i in range(count)],
        "previous_per_capita_net_income": pa.array([None] * count, money),
        "head_name": [f"Head {i}" for i in range(count)],
        "group_no": [1 + i % 3 for i in range(count)],
        "household_type": ["dibao" if i % 5 == 0 else "ordinary" for i in range(count)],
        "main_cause": ["illness" if STATUSES[i % 6] != "none" else "" for i in range(count)],
        "other_causes": ["skills;funds" if STATUSES[i % 6] != "none" else "" for i in range(count)],
        "housing_area": [80.5] * count,
        "housing_structure": ["brick_wood"] * count,
        "housing_year": [1995] * count,
        "water_difficult": ["no"] * count,
        "electricity": ["yes"] * count,
        "road_access": ["yes"] * count,
        "land_mu": [2.5] * count,
        "relocated": ["no"] * count,
        # The facts of the exclusion rules: household 1 has a car, household 2 a business.
        "owns_vehicle": ["yes" if i == 1 else "no" for i in range(count)],
        "owns_commercial_housing": ["no"] * count,
        "runs_business_with_employees": ["yes" if i == 2 else "no" for i in range(count)],
        "away_with_high_income": ["no"] * count,
        "machinery_count": pa.array([i % 3 for i in range(count)], pa.int32()),
        "livestock_heads": pa.array([2 * i for i in range(count)], pa.int32()),
    }
    for name in MONEY:
        columns[name] = pa.array([Decimal(1000 + i) / 4 for i in range(count)], money)
    return pa.table(columns)


def _members(count: int) -> pa.Table:
    rows = []
    seq = 0
    for i in range(count):
        for relation, sex, born in (
            ("head", "M", dt.date(1960, 1, 1 + i % 28)),
            ("spouse", "F", dt.date(1962, 2, 1 + i % 28)),
            ("child", "M", dt.date(2008, 3, 1 + i % 28)),
        ):
            rows.append(
                {
                    "household_id": f"T-{i:04d}",
                    "id_number": idnumber.make(AREA, born, seq % 100, sex),
                    "name": f"{relation} {i}",
                    "relation": relation,
                    "sex": sex,
                    "birth_date": born.isoformat(),
                    "in_school": "yes" if relation == "child" else "no",
                    "health": "chronic" if i % 7 == 0 else "healthy",
                    "labour_ability": "ordinary",
                    "medical_insurance": "yes",
                    "ethnicity": "han",
                    "education": "junior",
                    "labour_type": "farming",
                    "migrant_months": 0,
                    "pension_insurance": "no",
                    # Household 1's spouse is a teacher paid by the state; household 2's head
                    # is on the villagers' committee.
                    "on_state_payroll": "yes" if (i, relation) == (1, "spouse") else "no",
                    "is_village_cadre": "yes" if (i, relation) == (2, "head") else "no",
                }
            )
            seq += 1
    return pa.Table.from_pylist(rows)


def tiny_county(households: int = 12) -> TinyCounty:
    """A county of two villages with ``households`` households of three members each."""
    return TinyCounty(_regions(), _households(households), _members(households))


def replace_cell(table: pa.Table, column: str, row: int, value: object) -> pa.Table:
    """A copy of ``table`` with one cell changed."""
    values = table.column(column).to_pylist()
    values[row] = value
    index = table.column_names.index(column)
    return table.set_column(index, column, pa.array(values, table.schema.field(column).type))
