"""The procedure's transition table, exhaustively, and the deadlines (no database)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.monitoring import procedure
from fupin.monitoring.choices import Action, Stage
from fupin.monitoring.deadlines import (
    add_working_days,
    deadlines_for,
    is_working_day,
    overdue_kinds,
)
from fupin.monitoring.procedure import IllegalStep, allowed_actions, next_stage

# The signed procedure, written out by hand from POLICY-FACTS (not read from the code).
EXPECTED = {
    ("reported", "visit"): "visited",
    ("visited", "check_assets"): "assets_checked",
    ("assets_checked", "appraise"): "noticed",
    ("noticed", "township_review"): "township_reviewed",
    ("township_reviewed", "county_approve"): "monitored",
    ("township_reviewed", "county_reject"): "rejected",
    ("monitored", "eliminate_risk"): "risk_eliminated",
    ("monitored", "return"): "returned",
}
ALL_STAGES = [s for s in Stage.values]
ALL_ACTIONS = [a for a in Action.values if a != "escalate"]


@pytest.mark.parametrize(("stage", "action"), list(itertools.product(ALL_STAGES, ALL_ACTIONS)))
def test_every_stage_and_action_pair(stage: str, action: str) -> None:
    if (stage, action) in EXPECTED:
        assert next_stage(stage, action) == EXPECTED[(stage, action)]
    else:
        with pytest.raises(IllegalStep):
            next_stage(stage, action)


def test_the_table_knows_every_stage_and_action_and_nothing_else() -> None:
    assert set(procedure.STAGES) == set(ALL_STAGES)
    assert set(procedure.ACTIONS) == set(ALL_ACTIONS)
    assert procedure.TRANSITIONS == EXPECTED


@pytest.mark.parametrize("stage", ["rejected", "risk_eliminated", "returned"])
def test_closed_stages_allow_nothing(stage: str) -> None:
    assert allowed_actions(stage) == ()
    assert not procedure.is_live(stage)


def test_escalation_is_not_a_procedure_step() -> None:
    for stage in ALL_STAGES:
        with pytest.raises(IllegalStep):
            next_stage(stage, "escalate")


@given(st.lists(st.sampled_from(ALL_ACTIONS), max_size=12))
def test_any_sequence_of_allowed_steps_follows_the_path(actions: list[str]) -> None:
    stage = "reported"
    visited = [stage]
    for action in actions:
        if action in allowed_actions(stage):
            stage = next_stage(stage, action)
            visited.append(stage)
    path = list(procedure.PATH)
    pending = [s for s in visited if s in path]
    # Stages are reached in procedure order, never skipped, never repeated.
    assert pending == path[: len(pending)]


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


def test_deadlines_from_the_policy_values() -> None:
    due = deadlines_for(dt.date(2025, 3, 3), visit_days=3, decision_working_days=20)
    assert due.visit_due == dt.date(2025, 3, 6)
    assert due.decision_due == dt.date(2025, 3, 31)


def test_overdue_marks() -> None:
    visit, decision = dt.date(2025, 3, 6), dt.date(2025, 3, 31)
    assert overdue_kinds("reported", visit, decision, dt.date(2025, 3, 6)) == []
    assert overdue_kinds("reported", visit, decision, dt.date(2025, 3, 7)) == ["visit"]
    assert overdue_kinds("visited", visit, decision, dt.date(2025, 3, 7)) == []
    assert overdue_kinds("reported", visit, decision, dt.date(2025, 4, 1)) == ["visit", "decision"]
    assert overdue_kinds("township_reviewed", visit, decision, dt.date(2025, 4, 1)) == ["decision"]
    assert overdue_kinds("monitored", visit, decision, dt.date(2025, 4, 1)) == []
