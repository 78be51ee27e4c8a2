"""The kernel's decision table, every (status, income_poor, gap, flag) combination."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from rules_builders import household_row, member_row

from fupin.rules import DECISION_TABLE, decide_one
from fupin.rules.decision_table import decide_codes


def specified_table(status: str, income_poor: bool, gap: bool, flag: bool) -> str:
    """The table exactly as the specification words it, row by row."""
    if status == "none":
        if income_poor:
            return "identify"
        return "monitor" if (flag or gap) else "none"
    if status == "poor":
        return "remain" if (income_poor or gap) else "exit"
    if income_poor:
        return "return"
    return "monitor" if (flag or gap) else "stable"


COMBINATIONS = list(
    itertools.product(("none", "poor", "exited"), (False, True), (False, True), (False, True))
)


def test_table_has_one_row_per_status_and_condition():
    assert len(DECISION_TABLE) == 12
    assert {s for s, _ in DECISION_TABLE} == {"none", "poor", "exited"}


@pytest.mark.parametrize(("status", "poor", "gap", "flag"), COMBINATIONS)
def test_vectorised_table_matches_the_specification(status, poor, gap, flag):
    index = np.array([("none", "poor", "exited").index(status)])
    got = decide_codes(index, np.array([poor]), np.array([gap]), np.array([flag]))
    assert got[0] == specified_table(status, poor, gap, flag)


def test_all_combinations_in_one_call_match_row_by_row():
    status = np.array([("none", "poor", "exited").index(c[0]) for c in COMBINATIONS])
    poor, gap, flag = (np.array([c[i] for c in COMBINATIONS]) for i in (1, 2, 3))
    got = decide_codes(status, poor, gap, flag)
    assert list(got) == [specified_table(*c) for c in COMBINATIONS]


@pytest.mark.parametrize(("status", "poor", "gap", "flag"), COMBINATIONS)
def test_kernel_decides_each_combination(cn_policy, status, poor, gap, flag):
    # income_poor: 3,999.99 vs 8,000.00 (line 4,000 in 2020, monitoring 6,000, one person);
    # gap: food not secure; flag: the only member has lost the ability to work.
    household = household_row(
        registered_status=status,
        wage_local="3999.99" if poor else "8000.00",
        food_secure="no" if gap else "yes",
    )
    member = member_row(labour_ability="lost" if flag else "ordinary")
    decision = decide_one(household, [member], cn_policy)
    assert decision.income_poor is poor
    assert bool(decision.guarantee_gaps) is gap
    assert decision.flags == (("NO_LABOUR",) if flag else ())
    assert decision.decision == specified_table(status, poor, gap, flag)
