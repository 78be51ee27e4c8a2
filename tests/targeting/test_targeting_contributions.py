"""The pattern-grouped TreeSHAP equals LightGBM's own pred_contrib, missing values included."""

from __future__ import annotations

import lightgbm as lgb
import numpy as np
import pytest

from fupin.targeting.contributions import contributions


def _data(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3000, 6))
    X[:, 2] = rng.integers(0, 2, 3000)  # a flag: splits at LightGBM's zero threshold
    X[rng.random(3000) < 0.15, 1] = np.nan  # missing values with their own direction
    X[rng.random(3000) < 0.3, 3] = 0.0
    signal = X[:, 0] + np.nan_to_num(X[:, 1], nan=1.5) + X[:, 2] - X[:, 3]
    y = (signal + rng.normal(size=3000) > 1).astype(int)
    return X, y


@pytest.mark.parametrize("zero_as_missing", [False, True])
def test_equals_lightgbms_pred_contrib(zero_as_missing: bool) -> None:
    X, y = _data(3)
    params = {
        "objective": "binary",
        "num_leaves": 15,
        "max_depth": 4,
        "verbose": -1,
        "num_threads": 1,
        "zero_as_missing": zero_as_missing,
    }
    booster = lgb.train(params, lgb.Dataset(X, label=y), num_boost_round=40)
    fresh, _ = _data(4)
    fresh[:5] = np.nan  # rows entirely missing
    expected = booster.predict(fresh, pred_contrib=True)
    np.testing.assert_allclose(contributions(booster, fresh), expected, rtol=0, atol=1e-10)


def test_empty_matrix() -> None:
    X, y = _data(5)
    booster = lgb.train({"objective": "binary", "verbose": -1}, lgb.Dataset(X, label=y), 5)
    assert contributions(booster, np.zeros((0, 6))).shape == (0, 7)
