"""Checks of individual cells: required values present, coded values known, amounts valid,
and region codes consistent with their parents.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from fupin.registry import choices
from fupin.registry.services.loader.checks import REQUIRED, Problem, _at, _rows

YES_NO = ("yes", "no")
CODED = {
    "households": {
        "food_secure": YES_NO,
        "clothing_secure": YES_NO,
        "safe_water": YES_NO,
        "water_difficult": YES_NO,
        "electricity": YES_NO,
        "road_access": YES_NO,
        "relocated": YES_NO,
        "housing_grade": tuple(choices.HousingGrade.values),
        "housing_structure": tuple(choices.Structure.values),
        "household_type": tuple(choices.HouseholdType.values),
        "main_cause": ("", *choices.Cause.values),
    },
    "members": {
        "relation": tuple(choices.Relation.values),
        "sex": tuple(choices.Sex.values),
        "in_school": YES_NO,
        "medical_insurance": YES_NO,
        "pension_insurance": YES_NO,
        "health": tuple(choices.Health.values),
        "labour_ability": tuple(choices.LabourAbility.values),
        "education": tuple(choices.Education.values),
        "labour_type": tuple(choices.LabourType.values),
    },
}
MAX_AMOUNT = 10**12  # DecimalField(14, 2) holds up to 999,999,999,999.99 yuan


def check_required(table: pa.Table, name: str) -> list[Problem]:
    """Required columns have a value in every row."""
    problems: list[Problem] = []
    for column in REQUIRED[name]:
        if name == "regions" and column == "parent_code":
            continue  # the top of the tree has none
        values = table.column(column)
        empty = pc.is_null(values)
        if pa.types.is_string(values.type):
            empty = pc.or_(empty, pc.equal(pc.utf8_trim_whitespace(values), ""))
        problems += _at(name, _rows(empty), column, _("is required"))
    return problems


def check_coded(table: pa.Table, name: str) -> list[Problem]:
    """Coded columns hold one of their codes (an empty cell takes the default)."""
    problems: list[Problem] = []
    for column, allowed in CODED[name].items():
        if column not in table.column_names:
            continue
        values = pc.fill_null(table.column(column).cast(pa.string()), "")
        known = pc.is_in(values, value_set=pa.array([*allowed, ""]))
        problems += _at(
            name,
            _rows(pc.invert(known)),
            column,
            _("must be one of %(codes)s") % {"codes": ", ".join(c for c in allowed if c)},
        )
    return problems


def check_amounts(households: pa.Table) -> list[Problem]:
    """Money columns are not negative and fit the database; causes are known codes."""
    problems: list[Problem] = []
    for column in (*choices.MONEY_FIELDS, "previous_per_capita_net_income"):
        if column not in households.column_names:
            continue
        values = households.column(column).cast(pa.float64())
        bad = pc.or_(pc.less(values, 0), pc.greater_equal(values, MAX_AMOUNT))
        problems += _at(
            "households",
            _rows(pc.fill_null(bad, False)),
            column,
            _("must be at least 0 and below 1,000,000,000,000 yuan"),
        )
    if "other_causes" in households.column_names:
        known = set(choices.Cause.values)
        for row, value in enumerate(households.column("other_causes").to_pylist()):
            unknown = [c for c in (value or "").split(";") if c and c not in known]
            if unknown:
                problems.append(
                    (
                        f"households[{row}].other_causes",
                        _("unknown cause codes: %(codes)s") % {"codes": ", ".join(unknown)},
                    )
                )
    return problems


def check_hierarchy(regions: pa.Table, existing: dict[str, str]) -> list[Problem]:
    """A region sits one level under its parent and its code starts with the parent's prefix."""
    levels = {**existing}
    rows = regions.select(["code", "level", "parent_code"]).to_pylist()
    levels.update({r["code"]: r["level"] for r in rows})
    order = choices.LEVEL_ORDER
    problems: list[Problem] = []
    for index, row in enumerate(rows):
        parent = row["parent_code"] or ""
        if not parent or parent not in levels or row["level"] not in order:
            continue  # missing parents and unknown levels are reported by check_regions
        parent_level = levels[parent]
        if parent_level not in order or order.index(row["level"]) != order.index(parent_level) + 1:
            problems.append(
                (
                    f"regions[{index}].parent_code",
                    _("a %(level)s cannot lie directly under a %(parent_level)s")
                    % {"level": row["level"], "parent_level": parent_level},
                )
            )
        elif not str(row["code"]).startswith(parent[: choices.PREFIX_DIGITS[parent_level]]):
            problems.append(
                (
                    f"regions[{index}].code",
                    _("does not start with the code of its parent %(parent)s") % {"parent": parent},
                )
            )
    return problems
