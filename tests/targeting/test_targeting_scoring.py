"""Scoring: the alert's scale bound by hand, the score table, a handful of households."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc
import pytest

from fupin.targeting.features import FEATURE_NAMES
from fupin.targeting.scoring import format_factors, score_households


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
