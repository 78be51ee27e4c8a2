"""A panel in the roster format: households by (household_id, year), members shared across years.

Who belongs to a household in a year: members born in or before that year whose ``left_year``
(an optional extra members column: the first year the person no longer belongs, e.g. after a
death) is empty or later. A panel must cover consecutive years, and each household must appear in
an unbroken run of years, at most once a year; otherwise ``PanelError`` names the years and
households at fault.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules.kernel import birth_years

LEFT_YEAR = "left_year"
SHOWN = 10  # households named in an error message before "and N more"


class PanelError(ValueError):
    """The panel cannot be used; ``problems`` lists every reason, each naming what is wrong."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Panel:
    """Typed households of every year and the shared members (with ``left_year``, nullable int)."""

    households: pa.Table
    members: pa.Table
    years: tuple[int, ...]

    def year(self, year: int) -> tuple[pa.Table, pa.Table]:
        """The households of ``year`` and the members who belong to them that year."""
        households = self.households.filter(pc.equal(self.households["year"], year))
        present = members_present(self.members, year)
        in_year = pc.is_in(self.members["household_id"], value_set=households["household_id"])
        members = self.members.filter(pc.and_(present, in_year))
        return households, members

    def consecutive_pairs(self) -> Iterator[tuple[int, int]]:
        """(t, t + 1) for every consecutive pair of years."""
        yield from zip(self.years[:-1], self.years[1:], strict=True)


def members_present(members: pa.Table, year: int) -> pa.Array:
    """Mask of members who belong to their household in ``year``."""
    born = pa.array(birth_years(members["birth_date"]) <= year)
    if LEFT_YEAR not in members.column_names:
        return born
    left = pc.fill_null(pc.cast(members[LEFT_YEAR], pa.int64()), np.iinfo(np.int64).max)
    return pc.and_(born, pc.greater(left, year))


def panel_from_tables(households: pa.Table, members: pa.Table) -> Panel:
    """Checks a panel's structure (years, households' runs of years) and returns it."""
    problems = structure_problems(households, members)
    if problems:
        raise PanelError(problems)
    years = sorted(set(pc.unique(households["year"]).to_pylist()))
    return Panel(households, members, tuple(int(y) for y in years))


def structure_problems(households: pa.Table, members: pa.Table) -> list[str]:
    """Every structural problem: missing years, duplicated or broken household runs, orphans."""
    if households.num_rows == 0:
        return [_("the panel has no households")]
    years = np.asarray(pc.cast(households["year"], pa.int64()).to_numpy(zero_copy_only=False))
    problems = _missing_years(years)
    ids = households["household_id"].combine_chunks()
    codes = np.asarray(pc.index_in(ids, value_set=pc.unique(ids)).to_numpy(zero_copy_only=False))
    problems += _duplicates(ids, codes, years)
    problems += _broken_runs(ids, codes, years)
    orphans = pc.invert(pc.is_in(members["household_id"], value_set=pc.unique(ids)))
    missing = pc.unique(pc.filter(members["household_id"], orphans)).to_pylist()
    if missing:
        problems.append(
            _("members belong to households that have no row in any year: {ids}").format(
                ids=_listing(missing)
            )
        )
    return problems


def _missing_years(years: np.ndarray) -> list[str]:
    present = np.unique(years)
    expected = np.arange(present.min(), present.max() + 1)
    gaps = np.setdiff1d(expected, present)
    if not gaps.size:
        return []
    return [
        _(
            "the panel has gaps in years: no households for {years} (it covers {first}–{last})"
        ).format(years=", ".join(map(str, gaps)), first=present.min(), last=present.max())
    ]


def _duplicates(ids: pa.Array, codes: np.ndarray, years: np.ndarray) -> list[str]:
    key = codes * 10_000 + years
    unique, counts = np.unique(key, return_counts=True)
    twice = unique[counts > 1]
    if not twice.size:
        return []
    first = np.unique(key, return_index=True)[1][counts > 1]
    named = [f"{ids[int(i)].as_py()} ({years[int(i)]})" for i in first]
    return [_("households appear more than once in a year: {ids}").format(ids=_listing(named))]


def _broken_runs(ids: pa.Array, codes: np.ndarray, years: np.ndarray) -> list[str]:
    # A household's years must be unbroken: last − first + 1 equals the number of distinct years.
    n = int(codes.max()) + 1
    first = np.full(n, np.iinfo(np.int64).max)
    last = np.full(n, np.iinfo(np.int64).min)
    np.minimum.at(first, codes, years)
    np.maximum.at(last, codes, years)
    pairs = np.unique(codes * 10_000 + years)
    distinct = np.bincount(pairs // 10_000, minlength=n)
    broken = np.flatnonzero(last - first + 1 != distinct)
    if not broken.size:
        return []
    where = np.unique(codes, return_index=True)[1]
    named = [
        _("{id} (years {first}–{last}, {count} of them present)").format(
            id=ids[int(where[b])].as_py(), first=first[b], last=last[b], count=distinct[b]
        )
        for b in broken
    ]
    return [
        _("households are missing from years inside their span: {ids}").format(ids=_listing(named))
    ]


def _listing(items: list) -> str:
    shown = ", ".join(str(item) for item in items[:SHOWN])
    if len(items) > SHOWN:
        shown += " " + _("and {count} more").format(count=len(items) - SHOWN)
    return shown
