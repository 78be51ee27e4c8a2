"""Helpers of the batch tests: read datasets and results, rewrite a dataset in another layout."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from fupin.rules import columns as col


def read_table(folder: Path, columns: tuple[str, ...] | None = None) -> pa.Table:
    """Every Parquet file under ``folder`` as one table (hive partition columns dropped)."""
    dataset = ds.dataset(folder, format="parquet", partitioning="hive")
    names = [c for c in (columns or dataset.schema.names) if c != "province"]
    return dataset.to_table(columns=names)


def households_of(results: Path) -> pa.Table:
    """RESULTS/households sorted by household_id."""
    return read_table(results / "households").sort_by("household_id")


def aggregate(results: Path, level: str) -> pa.Table:
    """One level of RESULTS/aggregates."""
    return pq.read_table(results / "aggregates" / f"{level}.parquet")


def roster_tables(dataset: Path) -> tuple[pa.Table, pa.Table]:
    """The dataset's households and members, roster columns only."""
    households = read_table(dataset / "households", col.HOUSEHOLD_COLUMNS)
    members = read_table(dataset / "members", col.MEMBER_COLUMNS)
    return households, members


def write_scattered(
    households: pa.Table, members: pa.Table, out: Path, files: int, seed: int
) -> Path:
    """A dataset whose rows are shuffled into ``files`` files each, members away from households.

    Households go to ``households/part=K/`` folders, members to plain files, each row to a random
    file, so a household's members are spread over several files unrelated to its own.
    """
    rng = np.random.default_rng(seed)
    for name, table, hive in (("households", households, True), ("members", members, False)):
        order = rng.permutation(table.num_rows)
        target = rng.integers(0, files, table.num_rows)
        shuffled = table.take(pa.array(order))
        target = target[order]
        for k in range(files):
            part = shuffled.filter(pa.array(target == k))
            folder = out / name / (f"part={k}" if hive else "")
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, folder / f"chunk-{k:03d}.parquet")
    return out


def plant_repeats(country: Path, out: Path) -> dict:
    """A copy of ``country`` where one person's ID number is held twice more in another file.

    The person at row 6 of the dataset's first members file (in file order) is copied — ID number,
    sex and birth date, so nothing else is wrong — over two members of two different households
    of the last members file. Returns where the first holder and the two repeats are.
    """
    import shutil

    shutil.copytree(country, out)
    files = sorted(
        str(p.relative_to(out / "members")) for p in (out / "members").rglob("*.parquet")
    )
    first = pq.read_table(out / "members" / files[0])
    person = {c: first[c][5].as_py() for c in ("id_number", "sex", "birth_date")}
    target = out / "members" / files[-1]
    last = pq.read_table(target)
    owners = last["household_id"].to_pylist()
    second = next(i for i, owner in enumerate(owners) if owner != owners[0])
    for column, value in person.items():
        values = last[column].to_pylist()
        values[0] = values[second] = value
        index = last.schema.get_field_index(column)
        last = last.set_column(index, column, pa.array(values, last.schema.field(column).type))
    pq.write_table(last, target)
    return {
        "first_file": files[0],
        "first_household": first["household_id"][5].as_py(),
        "id_number": person["id_number"],
        "repeats": [(files[-1], 1, owners[0]), (files[-1], second + 1, owners[second])],
    }


# One person with 8,000 yuan in 2025 per household: below Yunnan's monitoring line of 8,700
# (cn-53) but above the national 7,100 (cn); YN-2 has 9,000, above both. Each province has its
# own file, as a registry exporting province by province would write them.
TWO_PROVINCES = (
    ("YN-1", "530102001001", "8000.00", "530102"),
    ("YN-2", "530102001002", "9000.00", "530102"),
    ("GZ-1", "520102001001", "8000.00", "520102"),
)


def write_two_provinces(out: Path, co_partitioned: bool = True) -> Path:
    """A dataset of three one-person households of 2025 in Yunnan (53) and Guizhou (52)."""
    import datetime as dt
    import json
    from decimal import Decimal

    from fupin import idnumber

    money = pa.decimal128(18, 2)
    files = {"yunnan": TWO_PROVINCES[:2], "guizhou": TWO_PROVINCES[2:]}
    for name, rows in (files if co_partitioned else {"all": TWO_PROVINCES}).items():
        households = {
            "household_id": [r[0] for r in rows],
            "village_code": [r[1] for r in rows],
            "year": pa.array([2025] * len(rows), pa.int32()),
            "registered_status": ["none"] * len(rows),
            **{c: ["yes"] * len(rows) for c in ("food_secure", "clothing_secure", "safe_water")},
            "housing_grade": ["A"] * len(rows),
        }
        for column in col.MONEY_COLUMNS:
            amounts = [Decimal(r[2] if column == "wage_local" else 0) for r in rows]
            households[column] = pa.array(amounts, money)
        households[col.PREVIOUS_INCOME_COLUMN] = pa.nulls(len(rows), money)
        born = dt.date(1980, 5, 1)
        members = {
            "household_id": [r[0] for r in rows],
            "id_number": [idnumber.make(r[3], born, k, "M") for k, r in enumerate(rows)],
            "name": ["张三"] * len(rows),
            "relation": ["head"] * len(rows),
            "sex": ["M"] * len(rows),
            "birth_date": [born.isoformat()] * len(rows),
            "in_school": ["no"] * len(rows),
            "health": ["healthy"] * len(rows),
            "labour_ability": ["ordinary"] * len(rows),
            "medical_insurance": ["yes"] * len(rows),
        }
        for folder, table in (("households", households), ("members", members)):
            (out / folder).mkdir(parents=True, exist_ok=True)
            pq.write_table(pa.table(table), out / folder / f"{name}.parquet")
    if co_partitioned:
        (out / "_fupin_dataset.json").write_text(json.dumps({"layout": "co-partitioned"}))
    return out
