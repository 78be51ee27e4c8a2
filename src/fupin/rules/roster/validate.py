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
from fupin.rules.in_force import Assignment, PolicyChoice, as_choice
from fupin.rules.roster import checks
from fupin.rules.roster.idcheck import check_ids
from fupin.rules.roster.problems import Problem, ProblemList
from fupin.rules.roster.reader import ROW, RawRoster
from fupin.rules.roster.typing import typed_households, typed_members

if TYPE_CHECKING:
    from fupin.policy import Policy

H, M = col.HOUSEHOLDS_SHEET, col.MEMBERS_SHEET
AMOUNT = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
SIGNED_AMOUNT = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"


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
        M: (raw.members, list(col.MEMBER_COLUMNS)),
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

    add("household_id", checks.is_null(ids), _("a household_id is required"))
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
    for name in col.MONEY_COLUMNS:
        _check_amount(checks.text(table, name), name, AMOUNT, add)
    if col.PREVIOUS_INCOME_COLUMN in table.column_names:
        _check_amount(
            checks.text(table, col.PREVIOUS_INCOME_COLUMN),
            col.PREVIOUS_INCOME_COLUMN,
            SIGNED_AMOUNT,
            add,
        )


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
        values = checks.text(table, name)
        add(
            name,
            checks.is_null(values),
            _("a value is required; one of: {allowed}").format(allowed=", ".join(allowed)),
        )
        add(
            name,
            checks.not_in(values, allowed),
            _("unknown value; one of: {allowed}").format(allowed=", ".join(allowed)),
        )


def _check_amount(values: pa.Array, name: str, pattern: str, add) -> None:
    bad = checks.fails_pattern(values, pattern)
    if not bad.any():
        return
    negative = bad & checks.matches(values, r"^-[0-9]*\.?[0-9]*$") & (pattern == AMOUNT)
    precise = bad & ~negative & checks.matches(values, r"^-?[0-9]+\.[0-9]{3,}$")
    large = bad & ~negative & ~precise & checks.matches(values, r"^-?[0-9]{13,}(\.[0-9]*)?$")
    other = bad & ~negative & ~precise & ~large
    add(name, negative, _("an amount must not be negative"))
    add(name, precise, _("an amount has at most 2 decimals (fen)"))
    add(name, large, _("the amount is too large"))
    add(name, other, _("not an amount in yuan, such as 1234.50"))


def check_members(table: pa.Table, problems: ProblemList, today: dt.date | None = None) -> None:
    """Cell checks of the members sheet, ID numbers against sex and birth date included."""
    rows = checks.text(table, ROW).to_numpy()
    owners = checks.text(table, "household_id")

    def add(column: str, failing: np.ndarray, message) -> None:
        problems.add_rows(M, column, failing, rows, checks.text(table, column), owners, message)

    add("household_id", checks.is_null(owners), _("a household_id is required"))
    add("name", checks.is_null(checks.text(table, "name")), _("a name is required"))
    ids = checks.text(table, "id_number")
    found = check_ids(ids, today)
    add("id_number", checks.is_null(ids), _("an ID number is required"))
    bad = np.zeros(len(ids), dtype=bool)
    bad[list(found.messages)] = True
    add("id_number", bad, [found.messages[i] for i in sorted(found.messages)])
    duplicate, first = checks.repeated(pc.utf8_upper(ids))
    add(
        "id_number",
        duplicate,
        [
            _("duplicate ID number; first on row {row}").format(row=rows[f])
            for f in first[duplicate]
        ],
    )
    _check_enums(table, col.MEMBER_ENUMS, add)
    _check_agreement(table, found, add)


def _check_agreement(table: pa.Table, found, add) -> None:
    sex = checks.text(table, "sex")
    sex_known = ~checks.is_null(sex) & ~checks.not_in(sex, col.SEXES)
    differs = found.valid & sex_known & ~_equal(sex, found.sex)
    id_sex = np.asarray(found.sex.to_pylist(), dtype=object)[differs]
    add(
        "sex",
        differs,
        [_("does not agree with the ID number, which says {sex}").format(sex=s) for s in id_sex],
    )
    birth = checks.text(table, "birth_date")
    add("birth_date", checks.is_null(birth), _("a birth date is required"))
    year, month, day = checks.iso_date_parts(birth)
    shaped = checks.matches(birth, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
    real = shaped & checks.valid_dates(year, month, day)
    add("birth_date", ~checks.is_null(birth) & ~shaped, _("must be a date written YYYY-MM-DD"))
    add("birth_date", shaped & ~real, _("is not a real date"))
    differs = found.valid & real & ~_equal(birth, found.birth_date)
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
    head = checks.matches(checks.text(members, "relation"), r"^head$")
    known = group_np >= 0
    size = np.bincount(group_np[known], minlength=len(ids))
    heads = np.bincount(group_np[known & head], minlength=len(ids))
    # A repeated household_id is reported as a duplicate, not as a household without members.
    real_ids = ~checks.is_null(ids) & ~checks.repeated(ids)[0]
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
    head_rows = np.flatnonzero(head)
    first = np.unique(group[head_rows], return_index=True)[1]
    extra = np.ones(len(head_rows), dtype=bool)
    extra[first] = False
    first_of_group = dict(zip(group[head_rows[first]], head_rows[first], strict=True))
    failing = np.zeros(len(group), dtype=bool)
    failing[head_rows[extra]] = True
    messages = [
        _("a second head in the household; the first is on row {row}").format(
            row=rows[first_of_group[g]]
        )
        for g in group[failing]
    ]
    owners = checks.text(members, "household_id")
    problems.add_rows(
        M, "relation", failing, rows, checks.text(members, "relation"), owners, messages
    )


def _equal(left: pa.Array, right: pa.Array) -> np.ndarray:
    return np.asarray(
        pc.fill_null(pc.equal(left, right), False).to_numpy(zero_copy_only=False), bool
    )


def _keep(table: pa.Table, invalid: pa.Array, extra: pa.Array | None = None) -> pa.Table:
    owners = table.column("household_id")
    keep = pc.and_(pc.is_valid(owners), pc.invert(pc.is_in(owners, value_set=invalid)))
    if extra is not None:
        keep = pc.and_(keep, extra)
    return table.filter(pc.fill_null(keep, False))
