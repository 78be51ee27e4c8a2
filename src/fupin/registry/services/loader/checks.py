"""Vectorised checks of a synthetic or imported county before anything is written.

Each check returns (place, message) pairs; a place names the table, the row (0-based, in the
table as given) and the column, e.g. ``members[17].id_number``. The rules are the core's
(``fupin.rules.checks``); this module names the places and phrases the reasons.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from fupin.registry.choices import LEVEL_ORDER
from fupin.registry.services.validation import id_number_message
from fupin.rules.checks import codes, ids
from fupin.rules.checks import households as structure

Problem = tuple[str, str]
MAX_REPORTED = 20  # a flood of errors helps nobody; the first ones show what is wrong

REQUIRED = {
    "regions": ("code", "name", "level", "parent_code"),
    "households": ("household_id", "village_code", "year", "registered_status"),
    "members": ("household_id", "id_number", "name", "relation", "sex", "birth_date"),
}


def _rows(mask: pa.ChunkedArray | pa.Array | np.ndarray) -> np.ndarray:
    """Indices of the rows where ``mask`` is true (nulls count as true: a missing value is bad)."""
    if isinstance(mask, np.ndarray):
        return np.flatnonzero(mask)
    return np.flatnonzero(pc.fill_null(mask, True).to_numpy(zero_copy_only=False))


def missing_columns(table: pa.Table, name: str) -> list[Problem]:
    """Required columns that the table lacks."""
    return [
        (f"{name}.{column}", _("column is missing"))
        for column in REQUIRED[name]
        if column not in table.column_names
    ]


def _at(table: str, rows: Iterable[int], column: str, message: str) -> list[Problem]:
    return [(f"{table}[{row}].{column}", message) for row in list(rows)[:MAX_REPORTED]]


def _duplicates(column: pa.ChunkedArray) -> np.ndarray:
    values = column.to_numpy(zero_copy_only=False)
    _unique, first, counts = np.unique(values, return_index=True, return_counts=True)
    seen_first = np.zeros(len(values), dtype=bool)
    seen_first[first] = True
    return np.flatnonzero(~seen_first) if (counts > 1).any() else np.array([], dtype=np.int64)


def check_regions(regions: pa.Table, existing_codes: set[str]) -> list[Problem]:
    """Codes are 12 digits and unique, levels known, parents present."""
    code = regions.column("code")
    problems = _at(
        "regions",
        _rows(pc.invert(pc.match_substring_regex(code, r"^\d{12}$"))),
        "code",
        _("must be exactly 12 digits"),
    )
    problems += _at("regions", _duplicates(code), "code", _("repeats an earlier region code"))
    bad_level = pc.invert(pc.is_in(regions.column("level"), value_set=pa.array(LEVEL_ORDER)))
    problems += _at(
        "regions",
        _rows(bad_level),
        "level",
        _("must be one of province, city, county, township, village"),
    )
    known = pa.array(sorted(existing_codes | set(code.to_pylist())), type=pa.string())
    parent = regions.column("parent_code")
    orphan = pc.and_(pc.invert(pc.is_null(parent)), pc.invert(pc.is_in(parent, value_set=known)))
    orphan = pc.and_(orphan, pc.not_equal(parent, ""))
    problems += _at(
        "regions",
        _rows(pc.fill_null(orphan, False)),
        "parent_code",
        _("names a region that does not exist"),
    )
    return problems


def check_households(
    households: pa.Table, village_codes: set[str], existing: set[str]
) -> list[Problem]:
    """Household numbers unique and new, villages known, registered status known."""
    number = households.column("household_id")
    problems = _at(
        "households", _duplicates(number), "household_id", _("repeats an earlier household number")
    )
    if existing:
        taken = pc.is_in(number, value_set=pa.array(sorted(existing), type=pa.string()))
        problems += _at("households", _rows(taken), "household_id", _("is already in the registry"))
    villages = pa.array(sorted(village_codes), type=pa.string())
    unknown = pc.invert(pc.is_in(households.column("village_code"), value_set=villages))
    problems += _at("households", _rows(unknown), "village_code", _("is not a known village code"))
    bad_status = codes.code_is_bad(
        households.column("registered_status"), codes.REGISTERED_STATUSES
    )
    problems += _at(
        "households", _rows(bad_status), "registered_status", _("must be none, poor or exited")
    )
    return problems


def check_member_households(members: pa.Table, households: pa.Table) -> list[Problem]:
    """Every member belongs to a household of the table, and every household has one head."""
    known = households.column("household_id").combine_chunks()
    orphan = pc.invert(pc.is_in(members.column("household_id"), value_set=known))
    problems = _at(
        "members", _rows(orphan), "household_id", _("names a household that does not exist")
    )
    found = pc.index_in(members.column("household_id"), value_set=known).fill_null(-1)
    group = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)
    head = structure.is_head(members.column("relation"))
    counts = structure.head_counts(group, head, len(known))
    for row in np.flatnonzero(structure.wrong_heads(group, head, len(known))):
        problems.append(
            (
                f"households[{row}].household_id",
                _("must have exactly one head of household, has %(count)d")
                % {"count": counts[row]},
            )
        )
        if len(problems) >= MAX_REPORTED:
            break
    return problems


def check_member_identities(members: pa.Table) -> list[Problem]:
    """ID numbers well formed and unique; sex and birth date agree with them."""
    numbers = members.column("id_number").combine_chunks()
    found = ids.check_ids(numbers)
    problems: list[Problem] = []
    for row, reason in sorted(found.reasons.items())[:MAX_REPORTED]:
        text = numbers[row].as_py() or ""
        problems.append((f"members[{row}].id_number", id_number_message(reason, text)))
    repeat = structure.repeated_ids(numbers)[0]
    problems += _at(
        "members", np.flatnonzero(repeat), "id_number", _("repeats an earlier ID number")
    )
    birth = members.column("birth_date")
    agreement = ids.identity_reasons(found, members.column("sex"), birth)
    not_a_date = agreement[ids.BIRTH_DATE_FORMAT] | agreement[ids.BIRTH_DATE_NOT_REAL]
    shown = birth.to_pylist()
    for row in np.flatnonzero(not_a_date)[:MAX_REPORTED]:
        message = _("is not a date (YYYY-MM-DD): %(value)s") % {"value": shown[row]}
        problems.append((f"members[{row}].birth_date", message))
    for column, reason in (("birth_date", ids.BIRTH_DATE_DISAGREES), ("sex", ids.SEX_DISAGREES)):
        problems += _at(
            "members",
            np.flatnonzero(agreement[reason]),
            column,
            _("does not agree with the ID number"),
        )
    return problems
