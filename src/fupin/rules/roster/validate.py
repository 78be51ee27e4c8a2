"""Validates a whole roster, collecting every problem, and returns the typed tables to decide."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules import columns as col
from fupin.rules.checks import amounts, codes, counts, ids
from fupin.rules.checks import arrays as checks
from fupin.rules.checks import households as structure
from fupin.rules.in_force import Assignment, PolicyChoice, as_choice
from fupin.rules.roster import idcheck
from fupin.rules.roster.problems import Problem, ProblemList
from fupin.rules.roster.reader import ROW, RawRoster
from fupin.rules.roster.typing import typed_households, typed_members

if TYPE_CHECKING:
    from fupin.policy import Policy

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET


@dataclass(frozen=True)
class ValidatedRoster:
    """The households and members that passed, typed for the kernel, and every problem found."""

    households: pa.Table
    members: pa.Table
    problems: list[Problem]
    total_households: int

    @property
    def fatal(self) -> bool:
        """True when the roster could not be checked row by row (a sheet or column is missing)."""
        return any(p.fatal for p in self.problems)


def validate_roster(
    raw: RawRoster, policy: Policy | PolicyChoice, today: dt.date | None = None
) -> ValidatedRoster:
    """Checks every cell and the links between sheets; keeps only households with no problem.

    ``policy``: one policy, or a choice (``auto``) giving each household its own; a year is
    checked against the household's own policy.
    """
    problems = ProblemList()
    missing = _missing_columns(raw, problems)
    if missing:
        empty = pa.table({})
        return ValidatedRoster(empty, empty, problems.sorted(), raw.households.num_rows)
    check_households(raw.households, policy, problems)
    check_members(raw.members, problems, today)
    check_structure(raw.households, raw.members, problems)
    invalid = pa.array(sorted(problems.invalid_households()), pa.string())
    households = _keep(raw.households, invalid)
    members = _keep(
        raw.members,
        invalid,
        pc.is_in(
            raw.members["household_id"], value_set=households["household_id"].combine_chunks()
        ),
    )
    return ValidatedRoster(
        typed_households(households),
        typed_members(members),
        problems.sorted(),
        raw.households.num_rows,
    )


def _missing_columns(raw: RawRoster, problems: ProblemList) -> bool:
    required = {
        H: (
            raw.households,
            [c for c in col.HOUSEHOLD_COLUMNS if c not in col.OPTIONAL_HOUSEHOLD_COLUMNS],
        ),
        M: (
            raw.members,
            [c for c in col.MEMBER_COLUMNS if c not in col.OPTIONAL_MEMBER_COLUMNS],
        ),
    }
    for sheet, (table, names) in required.items():
        for name in names:
            if name not in table.column_names:
                problems.add(Problem(sheet, 1, name, "", _("the column is missing"), fatal=True))
    return problems.fatal


def check_households(table: pa.Table, policy: Policy | PolicyChoice, problems: ProblemList) -> None:
    """Cell checks of the households sheet."""
    rows = checks.text(table, ROW).to_numpy()
    ids = checks.text(table, "household_id")

    def add(column: str, failing: np.ndarray, message) -> None:
        problems.add_rows(H, column, failing, rows, checks.text(table, column), ids, message)

    add("household_id", checks.is_missing(ids), _("a household_id is required"))
    duplicate, first = checks.repeated(ids)
    add(
        "household_id",
        duplicate,
        [
            _("duplicate household_id; first on row {row}").format(row=rows[f])
            for f in first[duplicate]
        ],
    )
    village = checks.text(table, "village_code")
    add(
        "village_code",
        checks.is_null(village) | checks.fails_pattern(village, r"^[0-9]{12}$"),
        _("the village code must be 12 digits"),
    )
    _check_years(table, as_choice(policy).assign(village), add)
    _check_enums(table, col.HOUSEHOLD_ENUMS, add)
    for name in (*col.MONEY_COLUMNS, col.PREVIOUS_INCOME_COLUMN):
        if name in table.column_names:
            _check_amount(checks.text(table, name), name, add)
    _check_optional_enums(table, col.OPTIONAL_HOUSEHOLD_ENUMS, add)
    for name in col.COUNT_COLUMNS:
        if name in table.column_names:
            _check_count(checks.text(table, name), name, add)


def _check_years(table: pa.Table, assignment: Assignment, add) -> None:
    years = checks.text(table, "year")
    shaped = checks.matches(years, r"^[0-9]{4}$")
    add("year", ~shaped, _("the year must be four digits, such as 2020"))
    numbers = np.zeros(len(years), dtype=np.int64)
    where = np.flatnonzero(shaped)
    numbers[where] = pc.cast(pc.take(years, pa.array(where)), pa.int64()).to_numpy()
    uncovered = shaped & ~assignment.covered(numbers)
    for k, policy in enumerate(assignment.policies):
        covered = f"{min(policy.years)}–{max(policy.years)}"
        add(
            "year",
            uncovered & (assignment.index == k),
            _("policy {policy} does not cover this year (it covers {years})").format(
                policy=policy.id, years=covered
            ),
        )


def _check_enums(table: pa.Table, enums: dict[str, tuple[str, ...]], add) -> None:
    for name, allowed in enums.items():
        found = codes.code_reasons(checks.text(table, name), allowed)
        add(
            name,
            found[codes.MISSING],
            _("a value is required; one of: {allowed}").format(allowed=", ".join(allowed)),
        )
        add(
            name,
            found[codes.UNKNOWN_CODE],
            _("unknown value; one of: {allowed}").format(allowed=", ".join(allowed)),
        )


def _check_optional_enums(table: pa.Table, enums: dict[str, tuple[str, ...]], add) -> None:
    # An optional fact may be left empty (not recorded); a value that is given must be a code.
    for name, allowed in enums.items():
        if name not in table.column_names:
            continue
        found = codes.code_reasons(checks.text(table, name), allowed)
        add(
            name,
            found[codes.UNKNOWN_CODE],
            _("unknown value; one of: {allowed}").format(allowed=", ".join(allowed)),
        )


def _check_count(values: pa.Array, name: str, add) -> None:
    largest = counts.LIMITS[name]
    found = counts.count_reasons(values, largest)
    add(name, found[counts.NOT_A_COUNT], _("not a count: a whole number of 0 or more, such as 3"))
    add(
        name,
        found[counts.TOO_LARGE],
        _("the count is too large (at most {largest})").format(largest=largest),
    )


def _check_amount(values: pa.Array, name: str, add) -> None:
    found = amounts.amount_reasons(values, amounts.is_signed(name))
    add(name, found[amounts.NEGATIVE], _("an amount must not be negative"))
    add(name, found[amounts.PRECISION], _("an amount has at most 2 decimals (fen)"))
    add(name, found[amounts.TOO_LARGE], _("the amount is too large"))
    add(name, found[amounts.NOT_AN_AMOUNT], _("not an amount in yuan, such as 1234.50"))


def check_members(table: pa.Table, problems: ProblemList, today: dt.date | None = None) -> None:
    """Cell checks of the members sheet, ID numbers against sex and birth date included."""
    rows = checks.text(table, ROW).to_numpy()
    owners = checks.text(table, "household_id")

    def add(column: str, failing: np.ndarray, message) -> None:
        problems.add_rows(M, column, failing, rows, checks.text(table, column), owners, message)

    add("household_id", checks.is_missing(owners), _("a household_id is required"))
    add("name", checks.is_missing(checks.text(table, "name")), _("a name is required"))
    numbers = checks.text(table, "id_number")
    found = ids.check_ids(numbers, today)
    add("id_number", checks.is_missing(numbers), _("an ID number is required"))
    bad = np.zeros(len(numbers), dtype=bool)
    bad[list(found.reasons)] = True
    shown = pc.utf8_upper(numbers)
    reasons = sorted(found.reasons.items())
    add("id_number", bad, [idcheck.message(r, shown[i].as_py()) for i, r in reasons])
    duplicate, first = structure.repeated_ids(numbers)
    add(
        "id_number",
        duplicate,
        [
            _("duplicate ID number; first on row {row}").format(row=rows[f])
            for f in first[duplicate]
        ],
    )
    _check_enums(table, col.MEMBER_ENUMS, add)
    _check_optional_enums(table, col.OPTIONAL_MEMBER_ENUMS, add)
    _check_agreement(table, found, add)


def _check_agreement(table: pa.Table, found: ids.IdFindings, add) -> None:
    birth = checks.text(table, "birth_date")
    agreement = ids.identity_reasons(found, checks.text(table, "sex"), birth)
    differs = agreement[ids.SEX_DISAGREES]
    id_sex = np.asarray(found.sex.to_pylist(), dtype=object)[differs]
    add(
        "sex",
        differs,
        [_("does not agree with the ID number, which says {sex}").format(sex=s) for s in id_sex],
    )
    add("birth_date", checks.is_missing(birth), _("a birth date is required"))
    add("birth_date", agreement[ids.BIRTH_DATE_FORMAT], _("must be a date written YYYY-MM-DD"))
    add("birth_date", agreement[ids.BIRTH_DATE_NOT_REAL], _("is not a real date"))
    differs = agreement[ids.BIRTH_DATE_DISAGREES]
    id_birth = np.asarray(found.birth_date.to_pylist(), dtype=object)[differs]
    add(
        "birth_date",
        differs,
        [
            _("does not agree with the ID number, which says {date}").format(date=d)
            for d in id_birth
        ],
    )


def check_structure(households: pa.Table, members: pa.Table, problems: ProblemList) -> None:
    """Links between the sheets: members' households exist, each household has members and one head."""
    h_rows = checks.text(households, ROW).to_numpy()
    m_rows = checks.text(members, ROW).to_numpy()
    ids = checks.text(households, "household_id")
    owners = checks.text(members, "household_id")
    group = pc.index_in(owners, value_set=ids)
    group_np = np.asarray(group.fill_null(-1).to_numpy(zero_copy_only=False), np.int64)
    orphan = (group_np < 0) & ~checks.is_null(owners)
    problems.add_rows(
        M,
        "household_id",
        orphan,
        m_rows,
        owners,
        None,
        _("this household is not in the households sheet"),
    )
    head = structure.is_head(checks.text(members, "relation"))
    known = group_np >= 0
    size = np.bincount(group_np[known], minlength=len(ids))
    heads = structure.head_counts(group_np, head, len(ids))
    # A repeated household_id is reported as a duplicate, not as a household without members.
    real_ids = ~checks.is_missing(ids) & ~checks.repeated(ids)[0]
    problems.add_rows(
        H,
        "household_id",
        real_ids & (size == 0),
        h_rows,
        ids,
        ids,
        _("the household has no members in the members sheet"),
    )
    problems.add_rows(
        H,
        "household_id",
        real_ids & (size > 0) & (heads == 0),
        h_rows,
        ids,
        ids,
        _("no member of the household has relation head"),
    )
    _extra_heads(group_np, head & known, m_rows, members, problems)


def _extra_heads(
    group: np.ndarray, head: np.ndarray, rows: np.ndarray, members: pa.Table, problems: ProblemList
) -> None:
    failing, first_head = structure.second_heads(group, head)
    messages = [
        _("a second head in the household; the first is on row {row}").format(row=rows[first])
        for first in first_head[failing]
    ]
    owners = checks.text(members, "household_id")
    problems.add_rows(
        M, "relation", failing, rows, checks.text(members, "relation"), owners, messages
    )


def _keep(table: pa.Table, invalid: pa.Array, extra: pa.Array | None = None) -> pa.Table:
    owners = table.column("household_id")
    keep = pc.and_(pc.is_valid(owners), pc.invert(pc.is_in(owners, value_set=invalid)))
    if extra is not None:
        keep = pc.and_(keep, extra)
    return table.filter(pc.fill_null(keep, False))
