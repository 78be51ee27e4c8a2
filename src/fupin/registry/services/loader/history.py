"""A panel's years → each household's status events, checked against the status transition table.

The panel (fupin.synth.panel or a county's own records in the same roster layout) holds one
households row per (household_id, year) with ``registered_status`` none / poor / exited. The
first year's status becomes the initial events (registered → identified → exited, see
``loader.build.INITIAL_EVENTS``); each later change becomes one event dated inside the year of
the row that shows it: none → poor "identified", poor → exited "exited", exited → poor
"returned". Every household's sequence is replayed through ``status.next_status``, so a history
the registry's status machine would refuse is reported, naming the row, before anything is
written. Event dates are drawn (seeded) inside a window of the year that matches the work
calendar: registration in spring 2014, appraisal in summer, exits after the annual income review
early in the year, returns and new identifications through the spring and summer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.utils.translation import gettext as _

from fupin.registry.models.events import HISTORY_REASONS
from fupin.registry.models.status import INITIAL_STATUS, TRANSITIONS, next_status
from fupin.registry.services.loader.build import INITIAL_EVENTS

Problem = tuple[str, str]
MAX_REPORTED = 20
CODES = ("none", "poor", "exited")
# (status last year, status this year) → the event that records the change.
CHANGES = {
    ("none", "poor"): "identified",
    ("poor", "exited"): "exited",
    ("exited", "poor"): "returned",
}
# Days of the year (first, last; 1 = 1 January) an event of each kind may fall on.
FIRST_YEAR_WINDOWS = {"registered": (91, 150), "identified": (152, 273), "exited": (305, 350)}
LATER_WINDOWS = {"identified": (60, 181), "exited": (10, 120), "returned": (32, 212)}
EVENT_HOUR = 10  # office hours: events are recorded at 10:00 local time


@dataclass
class History:
    """Status events as columns (oldest first per household) and each household's final state."""

    household_row: list[int] = field(default_factory=list)  # row in the first-year table
    kind: list[str] = field(default_factory=list)
    year: list[int] = field(default_factory=list)
    occurred_at: list[dt.datetime] = field(default_factory=list)
    status_after: list[str] = field(default_factory=list)
    final_status: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def versions(self) -> list[int]:
        """Number of events per household (a household's version counts its events)."""
        counts = np.bincount(
            np.asarray(self.household_row, dtype=np.int64), minlength=len(self.final_status)
        )
        return [int(c) for c in counts]


def statuses_by_year(
    households: pa.Table, years: tuple[int, ...]
) -> tuple[np.ndarray, np.ndarray, list[Problem]]:
    """Status codes and table rows as (years × households) arrays aligned on the first year."""
    first = households.filter(pc.equal(households["year"], years[0]))
    ids = first["household_id"].combine_chunks()
    rows = np.arange(households.num_rows)
    grid = np.zeros((len(years), first.num_rows), dtype=np.int64)
    positions = np.zeros_like(grid)
    problems: list[Problem] = []
    for index, year in enumerate(years):
        mask = pc.equal(households["year"], year).to_numpy(zero_copy_only=False)
        table = households.filter(pa.array(mask))
        found = pc.index_in(ids, value_set=table["household_id"])
        if found.null_count or table.num_rows != first.num_rows:
            problems.append(
                (
                    f"households.year {year}",
                    _("the panel must hold every household once in every year"),
                )
            )
            continue
        where = np.asarray(found.to_numpy(zero_copy_only=False), dtype=np.int64)
        codes = pc.index_in(table["registered_status"], value_set=pa.array(CODES))
        code = np.asarray(pc.fill_null(codes, -1).to_numpy(zero_copy_only=False), dtype=np.int64)
        grid[index] = code[where]
        positions[index] = rows[mask][where]
        for bad in np.flatnonzero(grid[index] < 0)[:MAX_REPORTED]:
            problems.append(
                (
                    f"households[{positions[index, bad]}].registered_status",
                    _("must be one of %(codes)s") % {"codes": ", ".join(CODES)},
                )
            )
    return grid, positions, problems


def _when(
    rng: np.random.Generator, year: int, window: tuple[int, int], tz: dt.tzinfo
) -> dt.datetime:
    day = int(rng.integers(window[0], window[1] + 1))
    date = dt.date(year, 1, 1) + dt.timedelta(days=day - 1)
    return dt.datetime.combine(date, dt.time(EVENT_HOUR), tzinfo=tz)


def build_history(
    households: pa.Table, years: tuple[int, ...], seed: int, tz: dt.tzinfo
) -> History:
    """The status events of every household of the panel; problems name rows the table refuses."""
    grid, positions, problems = statuses_by_year(households, years)
    history = History(problems=problems)
    if problems:
        return history
    rng = np.random.default_rng([seed, 14])
    for row in range(grid.shape[1]):
        status = _household_events(history, grid, row, years, rng, tz, positions)
        history.final_status.append(status)
        if len(history.problems) >= MAX_REPORTED:
            break
    return history


def _changes(grid: np.ndarray, row: int) -> list[tuple[int, str, str]]:
    """(year index, status before, status after) for each year the household's status changes."""
    return [
        (index, CODES[grid[index - 1, row]], CODES[grid[index, row]])
        for index in range(1, grid.shape[0])
        if grid[index - 1, row] != grid[index, row]
    ]


def _household_events(
    history: History,
    grid: np.ndarray,
    row: int,
    years: tuple[int, ...],
    rng: np.random.Generator,
    tz: dt.tzinfo,
    positions: np.ndarray,
) -> str:
    """Adds one household's events (or its problem); returns the status they lead to."""
    status = INITIAL_STATUS
    for first in INITIAL_EVENTS[CODES[grid[0, row]]]:
        status = next_status(status, first)  # the initial sequences are legal by construction
        when = _when(rng, years[0], FIRST_YEAR_WINDOWS[first], tz)
        _add(history, row, first, years[0], when, status)
    for index, before, after in _changes(grid, row):
        place = f"households[{positions[index, row]}].registered_status"
        kind = CHANGES.get((before, after))
        if kind is None or (status, kind) not in TRANSITIONS:
            message = _("%(year)d: the status cannot change from %(before)s to %(after)s") % {
                "year": years[index],
                "before": before,
                "after": after,
            }
            history.problems.append((place, message))
            return status
        status = next_status(status, kind)
        year = years[index]
        _add(history, row, kind, year, _when(rng, year, LATER_WINDOWS[kind], tz), status)
    return status


def _add(history: History, row: int, kind: str, year: int, when: dt.datetime, after: str) -> None:
    history.household_row.append(row)
    history.kind.append(kind)
    history.year.append(year)
    history.occurred_at.append(when)
    history.status_after.append(after)


def reason_for(kind: str, year: int, first_year: int) -> str:
    """The stored (untranslated) reason of a history event; shown in the reader's language."""
    phase = "first" if year == first_year else "later"
    return HISTORY_REASONS[(phase, kind)]
