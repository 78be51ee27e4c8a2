"""Deadlines in working days on China's statutory calendar, with the date passed in (no clock)."""

from __future__ import annotations

import datetime as dt
import functools

import holidays


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
