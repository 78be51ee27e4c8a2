"""The monitoring procedure's table, exhaustively, and its deadlines (no database)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.monitoring.procedure import CLOSED_STAGES, MONITORING, PENDING_STAGES
from fupin.monitoring.services.deadlines import deadlines_for, overdue_kinds
from fupin.procedure.engine import IllegalStep
from fupin.registry.permissions import Role

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
ALL_STAGES = [
    "reported", "visited", "assets_checked", "noticed", "township_reviewed", "monitored",
    "rejected", "risk_eliminated", "returned",
]  # fmt: skip
ALL_ACTIONS = sorted({action for _stage, action in EXPECTED} | {"escalate"})
# Who may take each step (the national procedure: cadres and helpers in the field, the offices
# review, the county decides), and which steps are signed or post a public notice.
ROLES = {
    "visit": {"village_cadre", "paired_helper", "township_office", "county_office"},
    "check_assets": {"village_cadre", "paired_helper", "township_office", "county_office"},
    "appraise": {"village_cadre", "township_office", "county_office"},
    "township_review": {"township_office", "county_office"},
    "county_approve": {"county_office"},
    "county_reject": {"county_office"},
    "eliminate_risk": {"county_office"},
    "return": {"county_office"},
}
SIGNED = {
    "appraise",
    "township_review",
    "county_approve",
    "county_reject",
    "eliminate_risk",
    "return",
}
NOTICE = {"appraise"}
WAITS_FOR_NOTICE = {"township_review"}


def next_stage(stage: str, action: str) -> str:
    return MONITORING.step(stage, action).target


def allowed_actions(stage: str) -> tuple[str, ...]:
    return tuple(step.action for step in MONITORING.steps_from(stage))


@pytest.mark.parametrize(("stage", "action"), list(itertools.product(ALL_STAGES, ALL_ACTIONS)))
def test_every_stage_and_action_pair(stage: str, action: str) -> None:
    if (stage, action) in EXPECTED:
        assert next_stage(stage, action) == EXPECTED[(stage, action)]
    else:
        with pytest.raises(IllegalStep):
            next_stage(stage, action)


def test_the_table_knows_every_stage_and_action_and_nothing_else() -> None:
    assert [s.code for s in MONITORING.stages] == ALL_STAGES
    assert set(MONITORING.actions) == set(ALL_ACTIONS)
    assert MONITORING.transitions == EXPECTED
    assert PENDING_STAGES == (
        "reported",
        "visited",
        "assets_checked",
        "noticed",
        "township_reviewed",
    )
    assert CLOSED_STAGES == ("rejected", "risk_eliminated", "returned")
    assert MONITORING.path == tuple(ALL_STAGES[:6])


@pytest.mark.parametrize("action", sorted(ROLES))
def test_each_step_names_its_roles_signature_and_notice(action: str) -> None:
    (step,) = [s for s in MONITORING.steps if s.action == action]
    assert {Role(r).value for r in step.permission.roles} == ROLES[action]
    assert step.signed == (action in SIGNED)
    assert step.notice == (action in NOTICE)
    assert step.waits_for_notice == (action in WAITS_FOR_NOTICE)
    assert step.form is not None


def test_the_models_choices_come_from_the_table() -> None:
    from fupin.monitoring.models import Alert

    assert [code for code, _label in Alert._meta.get_field("stage").choices] == ALL_STAGES
    assert dict(MONITORING.action_choices())["escalate"]


@pytest.mark.parametrize("stage", ["rejected", "risk_eliminated", "returned"])
def test_closed_stages_allow_nothing(stage: str) -> None:
    assert allowed_actions(stage) == ()
    assert not MONITORING.is_live(stage)


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
    path = list(MONITORING.path)
    pending = [s for s in visited if s in path]
    # Stages are reached in procedure order, never skipped, never repeated.
    assert pending == path[: len(pending)]


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
