"""Vectorised checks of a synthetic or imported county before anything is written.

Each check returns (place, message) pairs; a place names the table, the row (0-based, in the
table as given) and the column, e.g. ``members[17].id_number``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.registry.choices import LEVEL_ORDER
from fupin.registry.services.validation import id_number_message

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
    bad_status = pc.invert(
        pc.is_in(
            households.column("registered_status"), value_set=pa.array(["none", "poor", "exited"])
        )
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
    heads = members.filter(pc.equal(members.column("relation"), "head")).column("household_id")
    head_counts = pa.table({"h": heads}).group_by("h").aggregate([("h", "count")])
    counts = dict(
        zip(
            head_counts.column("h").to_pylist(),
            head_counts.column("h_count").to_pylist(),
            strict=True,
        )
    )
    for row, household in enumerate(known.to_pylist()):
        if counts.get(household, 0) != 1:
            problems.append(
                (
                    f"households[{row}].household_id",
                    _("must have exactly one head of household, has %(count)d")
                    % {"count": counts.get(household, 0)},
                )
            )
            if len(problems) >= MAX_REPORTED:
                break
    return problems


def _id_suspects(ids: pa.ChunkedArray) -> np.ndarray:
    """Rows whose ID number is malformed, found without a Python loop over the valid ones."""
    shape_ok = pc.fill_null(pc.match_substring_regex(ids, r"^\d{17}[\dX]$"), False)
    suspects = ~shape_ok.to_numpy(zero_copy_only=False)
    well_formed = np.flatnonzero(~suspects)
    if well_formed.size:
        text = pc.take(ids, pa.array(well_formed)).combine_chunks()
        raw = np.frombuffer(text.buffers()[2], dtype=np.uint8)[: 18 * well_formed.size]
        digits = raw.reshape(-1, 18)[:, :17] - ord("0")
        expected = idnumber.check_characters_vectorised(digits).astype("S1").view(np.uint8)
        suspects[well_formed[expected != raw.reshape(-1, 18)[:, 17]]] = True
    return np.flatnonzero(suspects)


def check_member_identities(members: pa.Table) -> list[Problem]:
    """ID numbers well formed and unique; sex and birth date agree with them."""
    ids = members.column("id_number")
    problems: list[Problem] = []
    for row in _id_suspects(ids)[:MAX_REPORTED]:
        text = ids[int(row)].as_py() or ""
        try:
            idnumber.parse(text)
        except idnumber.IdNumberError as exc:
            problems.append((f"members[{row}].id_number", id_number_message(exc, text)))
    problems += _at("members", _duplicates(ids), "id_number", _("repeats an earlier ID number"))
    if problems:
        # Sex and birth date are compared with well-formed ID numbers only.
        return problems
    encoded_birth = pc.utf8_slice_codeunits(ids, 6, 14)
    given_birth = pc.replace_substring(members.column("birth_date"), "-", "")
    problems += _at(
        "members",
        _rows(pc.not_equal(encoded_birth, given_birth)),
        "birth_date",
        _("does not agree with the ID number"),
    )
    sex_digit = pc.cast(pc.utf8_slice_codeunits(ids, 16, 17), pa.int32(), safe=False)
    encoded_sex = pc.if_else(pc.equal(pc.bit_wise_and(sex_digit, 1), 1), "M", "F")
    problems += _at(
        "members",
        _rows(pc.not_equal(encoded_sex, members.column("sex"))),
        "sex",
        _("does not agree with the ID number"),
    )
    return problems
