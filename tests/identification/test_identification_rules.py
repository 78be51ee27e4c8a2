"""The identification rules outside the kernel: exclusions, the appraisal's quorum and vote, and
"三不出" for exits."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fupin.policy.sections import EXCLUSIONS
from fupin.rules.identification import (
    EXCLUSION_FACTS,
    Appraisal,
    appraisal_problems,
    exclusion_hits,
    exit_blockers,
    present_needed,
)

TWO_THIRDS = Fraction(2, 3)


def test_every_exclusion_the_policy_may_name_has_its_fact():
    assert set(EXCLUSION_FACTS) == set(EXCLUSIONS)


@pytest.mark.parametrize("code", sorted(EXCLUSION_FACTS))
def test_each_exclusion_is_hit_by_its_own_fact_and_no_other(code):
    level, name = EXCLUSION_FACTS[code]
    household = {name: True} if level == "household" else {}
    members = [{}, {name: True}] if level == "member" else [{}]
    assert exclusion_hits(EXCLUSIONS, household, members) == [code]
    assert exclusion_hits(EXCLUSIONS, {}, [{}, {}]) == []
    # a policy that does not name the rule does not apply it
    others = [c for c in EXCLUSIONS if c != code]
    assert exclusion_hits(others, household, members) == []


def test_a_department_record_hits_even_when_the_card_says_nothing():
    assert exclusion_hits(EXCLUSIONS, {}, [], department={"vehicle"}) == ["vehicle"]


@pytest.mark.parametrize(
    ("present", "total", "ok"),
    [(20, 30, True), (19, 30, False), (21, 31, True), (20, 31, False), (2, 3, True), (1, 3, False)],
)
def test_the_quorum_is_two_thirds_exactly(present, total, ok):
    meeting = Appraisal(present=present, total=total, votes_for=present)
    assert ("quorum" not in appraisal_problems(meeting, TWO_THIRDS)) is ok


@given(total=st.integers(1, 500), present=st.integers(0, 500))
def test_the_quorum_holds_exactly_from_the_needed_count(total, present):
    present = min(present, total)
    needed = present_needed(total, TWO_THIRDS)
    assert needed == math.ceil(2 * total / 3)
    meeting = Appraisal(present=present, total=total, votes_for=present)
    assert ("quorum" in appraisal_problems(meeting, TWO_THIRDS)) is (present < needed)


@pytest.mark.parametrize(
    ("votes", "problem"),
    [((11, 9, 0), None), ((10, 10, 0), "majority"), ((10, 0, 10), "majority"),
     ((15, 6, 0), "votes")],
)  # fmt: skip
def test_the_vote_must_be_carried_by_a_majority_of_those_present(votes, problem):
    meeting = Appraisal(present=20, total=25, votes_for=votes[0], votes_against=votes[1],
                        abstentions=votes[2])  # fmt: skip
    problems = appraisal_problems(meeting, TWO_THIRDS)
    assert problems == ([] if problem is None else [problem])


@pytest.mark.parametrize(("present", "total"), [(5, 0), (-1, 10), (11, 10)])
def test_impossible_attendance_is_refused(present, total):
    meeting = Appraisal(present=present, total=total, votes_for=0)
    assert appraisal_problems(meeting, TWO_THIRDS) == ["no_representatives"]


def _blockers(**changes):  # type: ignore[no-untyped-def]
    base = dict(decision="exit", year=2026, identified_year=2024, returned_year=None,
                same_year_allowed=False)  # fmt: skip
    return exit_blockers(**{**base, **changes})


def test_three_no_exit():
    assert _blockers() == []
    assert _blockers(decision="remain") == ["not_decided"]
    assert _blockers(identified_year=2026) == ["same_year_identified"]
    assert _blockers(returned_year=2026) == ["same_year_returned"]
    assert _blockers(identified_year=2026, same_year_allowed=True) == []
    assert _blockers(agreement_signed=False) == ["no_agreement"]
    assert _blockers(agreement_signed=True) == []


@given(reviewed=st.integers(0, 400), checked=st.integers(0, 400))
def test_a_spot_check_is_needed_exactly_while_the_share_would_fall_short(reviewed, checked):
    from decimal import Decimal

    from fupin.rules.identification import spot_check_needed

    checked = min(checked, reviewed)
    # without a spot check, checked of reviewed + 1 reviews would be spot-checked
    assert spot_check_needed(checked, reviewed, Decimal("0.2")) is (5 * checked < reviewed + 1)


def test_twenty_percent_of_six_reviews_needs_two_spot_checks():
    from decimal import Decimal

    from fupin.rules.identification import spot_check_needed

    assert spot_check_needed(1, 5, Decimal("0.2"))  # 1 of 6 is under 20 %
    assert not spot_check_needed(2, 5, Decimal("0.2"))
