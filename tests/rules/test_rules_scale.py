"""The monitored-scale bound and the order flagged households are taken into it (no database)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.rules.scale import priority_order, scale_bound, severity, within_capacity


def test_the_bound_counts_registered_people_at_their_areas_share_rounded_down() -> None:
    people = np.array([4, 3, 0, 2])
    shares = np.array([0.05, 0.10, 0.05, 0.10])
    # 4 × 5% + 3 × 10% + 2 × 10% = 0.7 → nobody; 20 people at 5% → exactly 1
    assert scale_bound(people, shares) == 0
    assert scale_bound(np.array([20]), np.array([0.05])) == 1
    assert scale_bound(np.array([130_000]), np.array([0.05])) == 6_500


def test_households_are_taken_by_risk_then_severity_while_people_fit() -> None:
    risk = np.array([0.9, 0.2, 0.8, 0.5, 0.7])
    size = np.array([3, 1, 4, 2, 1])
    order = priority_order(risk, np.zeros(5, dtype=int))
    # by risk: 0 (3 people), 2 (+4 = 7), 4 (+1 = 8), 3 (+2 = 10), 1 (+1 = 11)
    assert order.tolist() == [0, 2, 4, 3, 1]
    assert within_capacity(order, size, 8).tolist() == [True, False, True, False, True]
    assert within_capacity(order, size, 2.5).tolist() == [False] * 5
    assert within_capacity(order, size, 100).all()


def test_without_a_model_the_rules_severity_decides_and_ties_keep_their_order() -> None:
    risk = np.full(4, np.nan)
    severities = np.array([25, 100, 25, 70])
    assert priority_order(risk, severities).tolist() == [1, 3, 0, 2]
    scored = np.array([np.nan, 0.1, np.nan, np.nan])
    assert priority_order(scored, severities).tolist()[0] == 1  # any model score comes first


def test_severity_weighs_income_poverty_over_the_soft_flags() -> None:
    assert severity(["INCOME_POOR"]) > severity(["HOUSING", "WATER"]) > severity(["NEAR_LINE"])
    assert severity(["NEAR_LINE", "NEAR_LINE"]) == severity(["NEAR_LINE"])
    assert severity(["SOMETHING_NEW"]) == 101  # weight 1, one reason
    assert severity([]) == 0


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1, allow_nan=False), st.integers(1, 8)), min_size=0, max_size=40
    ),
    st.floats(0, 200, allow_nan=False),
)
def test_the_taken_are_the_riskiest_households_that_fit(households, capacity) -> None:
    risk = np.array([r for r, _ in households], dtype=float)
    size = np.array([s for _, s in households], dtype=int)
    order = priority_order(risk, np.zeros(len(risk), dtype=int))
    taken = within_capacity(order, size, capacity)
    assert size[taken].sum() <= capacity
    if taken.any() and (~taken).any():
        assert risk[taken].min() >= risk[~taken].max()
    # more room never withdraws a household
    assert (taken <= within_capacity(order, size, capacity + 5)).all()
