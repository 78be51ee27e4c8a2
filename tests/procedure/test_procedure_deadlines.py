"""Working days on China's statutory calendar, as the procedure engine counts deadlines."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from fupin.procedure.deadlines import add_working_days, is_working_day


def test_working_days_skip_weekends_outside_holidays() -> None:
    monday = dt.date(2025, 3, 3)
    assert add_working_days(monday, 4) == dt.date(2025, 3, 7)  # Friday
    assert add_working_days(monday, 5) == dt.date(2025, 3, 10)  # next Monday
    assert add_working_days(monday, 20) == dt.date(2025, 3, 31)
    friday = dt.date(2025, 3, 7)
    assert add_working_days(friday, 1) == dt.date(2025, 3, 10)
    assert not is_working_day(dt.date(2025, 3, 8))


def test_working_days_follow_the_state_councils_holiday_schedule() -> None:
    # 2025 schedule (国务院办公厅通知): Spring Festival 28 January – 4 February off, Sunday
    # 26 January and Saturday 8 February worked; National Day 1–8 October off, Sunday
    # 28 September and Saturday 11 October worked.
    assert is_working_day(dt.date(2025, 1, 26)) and is_working_day(dt.date(2025, 2, 8))
    assert not is_working_day(dt.date(2025, 1, 28)) and not is_working_day(dt.date(2025, 2, 4))
    friday = dt.date(2025, 1, 24)
    assert add_working_days(friday, 2) == dt.date(2025, 1, 27)  # Sunday 26th counts
    assert add_working_days(friday, 3) == dt.date(2025, 2, 5)  # the holiday week does not
    assert add_working_days(dt.date(2025, 9, 30), 1) == dt.date(2025, 10, 9)
    assert add_working_days(dt.date(2025, 10, 9), 2) == dt.date(2025, 10, 11)  # a worked Saturday


@given(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 1, 1)), st.integers(1, 60))
def test_working_day_deadline_lands_on_a_working_day(start: dt.date, days: int) -> None:
    due = add_working_days(start, days)
    assert is_working_day(due)
    between = [start + dt.timedelta(days=n) for n in range(1, (due - start).days + 1)]
    assert sum(is_working_day(d) for d in between) == days
