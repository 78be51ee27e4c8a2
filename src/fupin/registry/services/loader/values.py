"""Checks of individual cells: required values present, coded values known, amounts valid,
and region codes consistent with their parents. The rules are the core's (``fupin.rules.checks``).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
from django.utils.translation import gettext as _

from fupin.registry import choices
from fupin.registry.services.loader.checks import REQUIRED, Problem, _at, _rows
from fupin.registry.services.validation import amount_message
from fupin.rules.checks import amounts, codes, counts
from fupin.rules.checks.arrays import is_missing
from fupin.rules.columns import COUNT_COLUMNS, PREVIOUS_INCOME_COLUMN

# The core's coded fields a county's tables may hold; registered_status is checked (and named)
# with the households (``checks.check_households``).
CODED = {
    "households": {k: v for k, v in codes.HOUSEHOLD_CODES.items() if k != "registered_status"},
    "members": codes.MEMBER_CODES,
}


def check_required(table: pa.Table, name: str) -> list[Problem]:
    """Required columns have a value in every row."""
    problems: list[Problem] = []
    for column in REQUIRED[name]:
        if name == "regions" and column == "parent_code":
            continue  # the top of the tree has none
        problems += _at(name, _rows(is_missing(table.column(column))), column, _("is required"))
    return problems


def check_coded(table: pa.Table, name: str) -> list[Problem]:
    """Coded columns hold one of their codes (an empty cell takes the default)."""
    problems: list[Problem] = []
    for column, allowed in CODED[name].items():
        if column not in table.column_names:
            continue
        unknown = codes.code_reasons(table.column(column), allowed)[codes.UNKNOWN_CODE]
        problems += _at(
            name,
            _rows(unknown),
            column,
            _("must be one of %(codes)s") % {"codes": ", ".join(allowed)},
        )
    return problems


def check_counts(households: pa.Table) -> list[Problem]:
    """Counts (machines, livestock) are whole numbers of 0 or more that the registry can hold."""
    problems: list[Problem] = []
    for column in COUNT_COLUMNS:
        if column not in households.column_names:
            continue
        largest = counts.LIMITS[column]
        found = counts.count_reasons(households.column(column), largest)
        bad = found[counts.NOT_A_COUNT] | found[counts.TOO_LARGE]
        message = _("must be a whole number from 0 to %(largest)d") % {"largest": largest}
        problems += _at("households", _rows(bad), column, message)
    return problems


def _yuan(values: pa.ChunkedArray) -> pa.Array:
    """A money column as the loader reads it: whole numbers are yuan here, not fen."""
    array = values.combine_chunks()
    return array.cast(pa.string()) if pa.types.is_integer(array.type) else array


def check_amounts(households: pa.Table) -> list[Problem]:
    """Money columns by the core's amount rule (fit the database too); causes are known codes."""
    problems: list[Problem] = []
    for column in (*choices.MONEY_FIELDS, PREVIOUS_INCOME_COLUMN):
        if column not in households.column_names:
            continue
        found = amounts.amount_reasons(_yuan(households.column(column)), amounts.is_signed(column))
        for reason in amounts.REASONS:
            rows = np.flatnonzero(found[reason])
            problems += _at("households", rows, column, amount_message(reason))
    if "other_causes" in households.column_names:
        known = set(codes.CAUSES)
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
