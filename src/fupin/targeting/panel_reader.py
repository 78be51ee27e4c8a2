"""Reads a panel (or a one-year roster) from the roster format and checks every value.

Each year is validated as the roster it is — the households of that year with the members who
belong to them then — by the rules kernel's own validator, so a panel passes exactly when each of
its yearly rosters would pass ``fupin identify``. Problems are gathered over all years (a member's
problem is reported once, not once per year) and raised together.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules.roster import Problem, RawRoster, read_roster, validate_roster
from fupin.rules.roster.reader import ROW
from fupin.rules.roster.typing import typed_members
from fupin.targeting.panel import LEFT_YEAR, Panel, PanelError, members_present, panel_from_tables

if TYPE_CHECKING:
    from fupin.policy import Policy

YEAR_PATTERN = r"^[0-9]{4}$"


class PanelValueError(PanelError):
    """Values in the panel are invalid; ``roster_problems`` has sheet, row, column and value."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__([f"{p.sheet}, {p.row}, {p.column}: {p.message}" for p in problems])
        self.roster_problems = problems


def read_panel(path: str | Path, policy: Policy) -> Panel:
    """Reads and validates a panel; raises RosterReadError, PanelValueError or PanelError."""
    raw = read_roster(path)
    problems = _left_year_problems(raw.members)
    households: list[pa.Table] = []
    for year_text in _year_values(raw.households):
        validated = validate_roster(_year_roster(raw, year_text), policy)
        problems += validated.problems
        households.append(validated.households)
    if problems:
        raise PanelValueError(_unique(problems))
    members = typed_members(raw.members)
    if LEFT_YEAR in raw.members.column_names:
        members = members.append_column(LEFT_YEAR, pc.cast(raw.members[LEFT_YEAR], pa.int32()))
    return panel_from_tables(pa.concat_tables(households), members)


def _year_values(households: pa.Table) -> list[str | None]:
    return pc.unique(households["year"]).to_pylist()


def _year_roster(raw: RawRoster, year_text: str | None) -> RawRoster:
    # Rows whose year is not a year at all are validated on their own so their error is reported.
    if year_text is None:
        chosen = pc.is_null(raw.households["year"])
    else:
        chosen = pc.fill_null(pc.equal(raw.households["year"], year_text), False)
    households = raw.households.filter(chosen)
    belongs = pc.is_in(raw.members["household_id"], value_set=households["household_id"])
    if year_text is not None and pc.match_substring_regex(year_text, YEAR_PATTERN).as_py():
        belongs = pc.and_(belongs, _present_or_unknown(raw.members, int(year_text)))
    return RawRoster(households, raw.members.filter(belongs), raw.source)


def _present_or_unknown(members: pa.Table, year: int) -> pa.Array:
    # A member whose birth date or left_year cannot be read stays in, so the validator names it.
    dates = members["birth_date"]
    readable = pc.fill_null(pc.match_substring_regex(dates, r"^[0-9]{4}-"), False)
    left = members[LEFT_YEAR] if LEFT_YEAR in members.column_names else None
    if left is not None:
        readable = pc.and_(
            readable, pc.fill_null(pc.match_substring_regex(left, YEAR_PATTERN), True)
        )
    safe = members.set_column(
        members.schema.get_field_index("birth_date"),
        "birth_date",
        pc.if_else(readable, dates, "0000-01-01"),
    )
    if left is not None:
        safe = safe.set_column(
            safe.schema.get_field_index(LEFT_YEAR), LEFT_YEAR, pc.if_else(readable, left, None)
        )
    return pc.or_(pc.invert(readable), members_present(safe, year))


def _left_year_problems(members: pa.Table) -> list[Problem]:
    if LEFT_YEAR not in members.column_names:
        return []
    values = members[LEFT_YEAR]
    bad = pc.invert(pc.fill_null(pc.match_substring_regex(values, YEAR_PATTERN), True))
    rows = pc.filter(members[ROW], bad).to_pylist()
    shown = pc.filter(values, bad).to_pylist()
    message = _("left_year must be a year (four digits) or empty")
    return [
        Problem("members", row, LEFT_YEAR, value or "", message)
        for row, value in zip(rows, shown, strict=True)
    ]


def _unique(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple, Problem] = {}
    for problem in problems:
        seen.setdefault((problem.sheet, problem.row, problem.column, problem.message), problem)
    return sorted(seen.values(), key=lambda p: (p.sheet != "households", p.sheet, p.row, p.column))
