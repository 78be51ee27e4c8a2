"""The four procedures' tables, exhaustively (no database): written out by hand from the national
procedure, not read from the code."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.identification.procedure import PROCEDURES
from fupin.identification.services import step_effects as effects
from fupin.procedure.engine import IllegalStep

VILLAGE = {"village_cadre", "township_office", "county_office"}
FIELD = VILLAGE | {"paired_helper"}
OFFICES = {"township_office", "county_office"}
COUNTY = {"county_office"}

# (stage, action) → (next stage, roles, signed, posts a notice, waits for a notice)
EXPECTED = {
    "identification": {
        ("applied", "appraise"): ("appraised", VILLAGE, True, False, False),
        ("appraised", "verify"): ("verified", FIELD, True, False, False),
        ("verified", "first_notice"): ("first_notice", VILLAGE, True, True, False),
        ("first_notice", "township_review"): ("township_reviewed", OFFICES, True, False, True),
        ("township_reviewed", "second_notice"): ("second_notice", OFFICES, True, True, False),
        ("second_notice", "county_approve"): ("county_approved", COUNTY, True, False, True),
        ("county_approved", "announce"): ("announced", VILLAGE, True, False, True),
        ("applied", "withdraw"): ("withdrawn", FIELD, True, False, False),
        ("applied", "reject_applied"): ("rejected", OFFICES, True, False, False),
        ("appraised", "reject_appraised"): ("rejected", OFFICES, True, False, False),
        ("verified", "reject_verified"): ("rejected", OFFICES, True, False, False),
        ("first_notice", "reject_first_notice"): ("rejected", OFFICES, True, False, True),
        ("township_reviewed", "reject_township_reviewed"): ("rejected", OFFICES, True, False,
                                                           False),
        ("second_notice", "reject_second_notice"): ("rejected", COUNTY, True, False, True),
        ("county_approved", "reject_county_approved"): ("rejected", COUNTY, True, False, False),
    },
    "exit": {
        ("applied", "appraise"): ("appraised", VILLAGE, True, False, False),
        ("appraised", "verify"): ("verified", FIELD, True, False, False),
        ("verified", "agree"): ("agreed", FIELD, True, False, False),
        ("agreed", "notice"): ("noticed", VILLAGE, True, True, False),
        ("noticed", "announce"): ("announced", OFFICES, True, False, True),
        ("applied", "withdraw"): ("withdrawn", FIELD, True, False, False),
        ("applied", "reject_applied"): ("rejected", OFFICES, True, False, False),
        ("appraised", "reject_appraised"): ("rejected", OFFICES, True, False, False),
        ("verified", "reject_verified"): ("rejected", OFFICES, True, False, False),
        ("agreed", "reject_agreed"): ("rejected", OFFICES, True, False, False),
        ("noticed", "reject_noticed"): ("rejected", OFFICES, True, False, True),
    },
    "return": {
        ("applied", "appraise"): ("appraised", VILLAGE, True, False, False),
        ("appraised", "verify"): ("verified", FIELD, True, False, False),
        ("verified", "notice"): ("noticed", VILLAGE, True, True, False),
        ("noticed", "township_review"): ("township_reviewed", OFFICES, True, False, True),
        ("township_reviewed", "county_approve"): ("county_approved", COUNTY, True, False, False),
        ("county_approved", "announce"): ("announced", VILLAGE, True, False, True),
        ("applied", "withdraw"): ("withdrawn", FIELD, True, False, False),
        ("applied", "reject_applied"): ("rejected", OFFICES, True, False, False),
        ("appraised", "reject_appraised"): ("rejected", OFFICES, True, False, False),
        ("verified", "reject_verified"): ("rejected", OFFICES, True, False, False),
        ("noticed", "reject_noticed"): ("rejected", OFFICES, True, False, True),
        ("township_reviewed", "reject_township_reviewed"): ("rejected", OFFICES, True, False,
                                                           False),
        ("county_approved", "reject_county_approved"): ("rejected", COUNTY, True, False, False),
    },
    "correction": {
        ("applied", "verify"): ("verified", FIELD, True, False, False),
        ("verified", "approve"): ("corrected", OFFICES, True, False, False),
        ("applied", "withdraw"): ("withdrawn", FIELD, True, False, False),
        ("applied", "reject_applied"): ("rejected", OFFICES, True, False, False),
        ("verified", "reject_verified"): ("rejected", OFFICES, True, False, False),
    },
}  # fmt: skip
PATHS = {
    "identification": ["applied", "appraised", "verified", "first_notice", "township_reviewed",
                       "second_notice", "county_approved", "announced"],
    "exit": ["applied", "appraised", "verified", "agreed", "noticed", "announced"],
    "return": ["applied", "appraised", "verified", "noticed", "township_reviewed",
               "county_approved", "announced"],
    "correction": ["applied", "verified", "corrected"],
}  # fmt: skip
CLOSED = {"announced", "corrected", "rejected", "withdrawn"}


def _pairs():  # type: ignore[no-untyped-def]
    for kind, table in EXPECTED.items():
        stages = [*PATHS[kind], "rejected", "withdrawn"]
        actions = sorted({a for _s, a in table})
        for stage, action in itertools.product(stages, actions):
            yield kind, stage, action


@pytest.mark.parametrize(("kind", "stage", "action"), list(_pairs()))
def test_every_stage_and_action_pair_of_every_kind(kind, stage, action):
    procedure = PROCEDURES[kind]
    expected = EXPECTED[kind].get((stage, action))
    if expected is None:
        with pytest.raises(IllegalStep):
            procedure.step(stage, action)
        return
    step = procedure.step(stage, action)
    target, roles, signed, notice, waits = expected
    assert step.target == target
    assert {r.value for r in step.permission.roles} == roles
    assert (step.signed, step.notice, step.waits_for_notice) == (signed, notice, waits)
    assert step.form is not None


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_each_table_holds_exactly_these_steps_and_this_path(kind):
    procedure = PROCEDURES[kind]
    assert procedure.transitions == {pair: row[0] for pair, row in EXPECTED[kind].items()}
    assert list(procedure.path) == PATHS[kind]
    closed = {s.code for s in procedure.stages if not procedure.is_live(s.code)}
    assert closed == CLOSED & {s.code for s in procedure.stages}
    for stage in closed:
        assert procedure.steps_from(stage) == ()


@pytest.mark.parametrize("kind", sorted(EXPECTED))
def test_only_the_closing_step_writes_the_household_history(kind):
    procedure = PROCEDURES[kind]
    writers = {s.action for s in procedure.steps if effects.record_status_event in s.effects
               or effects.apply_correction in s.effects}  # fmt: skip
    assert writers == ({"approve"} if kind == "correction" else {"announce"})


@given(kind=st.sampled_from(sorted(EXPECTED)), picks=st.lists(st.integers(0, 20), max_size=14))
def test_any_sequence_of_allowed_steps_follows_the_path(kind, picks):
    procedure = PROCEDURES[kind]
    stage, visited = "applied", ["applied"]
    for pick in picks:
        choices = procedure.steps_from(stage)
        if not choices:
            break
        stage = choices[pick % len(choices)].target
        visited.append(stage)
    on_path = [s for s in visited if s in PATHS[kind]]
    assert on_path == PATHS[kind][: len(on_path)]  # in order, never skipped, never repeated
