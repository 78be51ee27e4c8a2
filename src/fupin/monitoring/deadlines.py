"""Deadlines of the procedure from the policy, with the date passed in (no clock inside)."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import holidays

from fupin.monitoring.procedure import PENDING_STAGES


@functools.cache
def _calendar() -> holidays.HolidayBase:
    """China's statutory calendar from the ``holidays`` package: the public holidays and the
    weekend days worked in their place (调休), as the State Council announces them."""
    return holidays.China()


def is_working_day(day: dt.date) -> bool:
    """A working day in China: Monday to Friday unless a public holiday, and the weekend days
    worked to make up for a holiday week (e.g. Sunday 26 January 2025)."""
    return bool(_calendar().is_working_day(day))


# Alerts raised together share their start date: a county's 48,000 alerts ask for a handful.
@functools.lru_cache(maxsize=4096)
def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


@dataclass(frozen=True)
class Deadlines:
    """When the home visit and the county's decision are due."""

    visit_due: dt.date
    decision_due: dt.date


def deadlines_for(raised_on: dt.date, visit_days: int, decision_working_days: int) -> Deadlines:
    """Home visit within ``visit_days`` calendar days, decision within the working-day limit."""
    return Deadlines(
        visit_due=raised_on + dt.timedelta(days=visit_days),
        decision_due=add_working_days(raised_on, decision_working_days),
    )


def overdue_kinds(
    stage: str, visit_due: dt.date, decision_due: dt.date, today: dt.date
) -> list[str]:
    """Which deadlines have passed unmet on ``today``: "visit", "decision" (or none)."""
    kinds = []
    if stage == "reported" and today > visit_due:
        kinds.append("visit")
    if stage in PENDING_STAGES and today > decision_due:
        kinds.append("decision")
    return kinds
