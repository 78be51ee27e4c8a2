"""Builders for hand-written rosters: households and members with valid defaults."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import openpyxl

from fupin import idnumber
from fupin.rules import columns as col

AREA = "530102"
_sequence = itertools.count()


def household_row(household_id: str = "H1", **values: object) -> dict[str, object]:
    """A households row: 2020, not registered, every guarantee met, no income unless given."""
    row: dict[str, object] = {
        "household_id": household_id,
        "village_code": "530102001001",
        "year": 2020,
        "registered_status": "none",
        "food_secure": "yes",
        "clothing_secure": "yes",
        "safe_water": "yes",
        "housing_grade": "A",
        **{name: "" for name in col.MONEY_COLUMNS},
        "previous_per_capita_net_income": "",
    }
    row.update(values)
    return row


def member_row(
    household_id: str = "H1",
    birth: dt.date = dt.date(1980, 5, 1),
    sex: str = "M",
    **values: object,
) -> dict[str, object]:
    """A members row with a valid ID number matching birth date and sex; able to work, insured."""
    row: dict[str, object] = {
        "household_id": household_id,
        "id_number": idnumber.make(AREA, birth, next(_sequence) % 500, sex),
        "name": "张三",
        "relation": "head",
        "sex": sex,
        "birth_date": birth.isoformat(),
        "in_school": "no",
        "health": "healthy",
        "labour_ability": "ordinary",
        "medical_insurance": "yes",
    }
    row.update(values)
    return row


def write_csv_roster(folder: Path, households: list[dict], members: list[dict]) -> Path:
    """Writes households.csv and members.csv (UTF-8) and returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("households", households), ("members", members)):
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
    return folder


def write_xlsx_roster(path: Path, households: list[dict], members: list[dict]) -> Path:
    """Writes the two sheets of a workbook, cells as typed (numbers stay numbers)."""
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in (("households", households), ("members", members)):
        sheet = workbook.create_sheet(name)
        sheet.append(list(rows[0]))
        for row in rows:
            sheet.append([None if v == "" else v for v in row.values()])
    workbook.save(path)
    return path
