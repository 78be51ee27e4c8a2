"""Scoring: the alert's scale bound by hand, the score table, a handful of households."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin.targeting.features import FEATURE_NAMES
from fupin.targeting.scoring import alert_mask, format_factors, monitoring_budget, score_households


def test_budget_counts_registered_people_at_their_areas_share() -> None:
    size = np.array([4, 3, 5, 2])
    registered = np.array([True, True, False, True])
    deep = np.array([False, True, False, True])
    # 4 × 5% + 3 × 10% + 2 × 10% (the unregistered household does not count)
    assert monitoring_budget(size, registered, deep, 0.05, 0.10) == pytest.approx(0.7)


def test_alert_takes_households_by_risk_while_people_fit() -> None:
    risk = np.array([0.9, 0.2, 0.8, 0.5, 0.7])
    size = np.array([3, 1, 4, 2, 1])
    # by risk: 0 (3 people), 2 (+4 = 7), 4 (+1 = 8), 3 (+2 = 10), 1 (+1 = 11)
    assert alert_mask(risk, size, 8).tolist() == [True, False, True, False, True]
    assert alert_mask(risk, size, 2.5).tolist() == [False] * 5
    assert alert_mask(risk, size, 100).all()


def test_factors_are_formatted_with_signs() -> None:
    assert format_factors([("a", 0.5), ("b", -0.25), ("c", 0.0)]) == "a:+0.500;b:-0.250;c:+0.000"


def test_score_table_for_a_county(panel, policy, trained) -> None:
    households, members = panel.year(2020)
    scores = score_households(households, members, trained, policy)
    assert scores.column_names[:3] == ["household_id", "year", "size"]
    assert scores["household_id"].equals(households["household_id"])
    risk = np.asarray(scores["risk"])
    assert ((risk >= 0) & (risk <= 1)).all()
    registered = pc.is_in(
        households["registered_status"], value_set=pc.unique(pc.cast(["poor", "exited"], "string"))
    )
    sizes = np.asarray(scores["size"])
    budget = 0.05 * sizes[np.asarray(registered)].sum()
    alert = np.asarray(scores["alert"])
    assert 0 < sizes[alert].sum() <= budget
    # the alerted households are the riskiest, and the next one would not fit
    assert risk[alert].min() >= risk[~alert].max()
    assert sizes[alert].sum() + sizes[~alert][np.argmax(risk[~alert])] > budget


def test_top_factors_are_the_largest_contributions(panel, policy, trained) -> None:
    from fupin.targeting.features import household_features

    households, members = panel.year(2019)
    scores = score_households(households.slice(0, 50), members, trained, policy)
    _, matrix = household_features(households.slice(0, 50), members, policy)
    contrib = trained.explain(matrix)[:, :-1]
    for text, row in zip(scores["top_factors"].to_pylist(), contrib, strict=True):
        parts = [p.split(":") for p in text.split(";")]
        assert len(parts) == 3
        values = [float(v) for _, v in parts]
        assert values == pytest.approx(
            [round(row[FEATURE_NAMES.index(n)], 3) for n, _ in parts], abs=1e-3
        )
        assert abs(values[-1]) >= np.sort(np.abs(row))[-3] - 1e-3


def test_a_handful_of_households_with_the_countys_budget(panel, policy, trained) -> None:
    households, members = panel.year(2020)
    few = households.slice(10, 3)
    scores = score_households(few, members, trained, policy, budget_people=0)
    assert scores.num_rows == 3
    assert not any(scores["alert"].to_pylist())
    whole = score_households(households, members, trained, policy)
    assert scores["risk"].to_pylist() == whole["risk"].to_pylist()[10:13]


def test_deep_poverty_villages_raise_the_budget(panel, policy, trained) -> None:
    households, members = panel.year(2020)
    villages = pc.unique(households["village_code"]).to_pylist()
    normal = score_households(households, members, trained, policy)
    deep = score_households(households, members, trained, policy, deep_poverty_villages=villages)
    assert sum(deep["alert"].to_pylist()) > sum(normal["alert"].to_pylist())


def test_a_model_with_other_features_is_refused(panel, policy, trained) -> None:
    from sklearn.base import clone

    other = clone(trained)
    other.__dict__.update(trained.__dict__)
    other.feature_names_ = ["x"] * len(FEATURE_NAMES)
    with pytest.raises(ValueError, match="other features"):
        score_households(*panel.year(2020), other, policy)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 1, allow_nan=False), st.integers(1, 8)), min_size=0, max_size=40
    ),
    st.floats(0, 200, allow_nan=False),
)
def test_alerts_are_the_riskiest_households_that_fit(households, budget) -> None:
    risk = np.array([r for r, _ in households], dtype=float)
    size = np.array([s for _, s in households], dtype=int)
    alert = alert_mask(risk, size, budget)
    assert size[alert].sum() <= budget
    if alert.any() and (~alert).any():
        assert risk[alert].min() >= risk[~alert].max()
    # a larger budget never withdraws an alert
    assert (alert <= alert_mask(risk, size, budget + 5)).all()
