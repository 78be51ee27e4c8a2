"""The return-risk model's contract: fit/predict, reproducibility, additive explanations."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone

from fupin.targeting import ReturnRiskModel, evaluate_risk


def _known_risk_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features with a known logistic truth, so calibration can be checked against it."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, 4))
    logit = -1.5 + 1.2 * X[:, 0] - 0.8 * X[:, 1] + 0.5 * (X[:, 2] > 0)
    truth = 1 / (1 + np.exp(-logit))
    y = (rng.random(n) < truth).astype(int)
    return X, y, truth


@pytest.fixture(scope="module")
def fitted() -> tuple[ReturnRiskModel, np.ndarray, np.ndarray, np.ndarray]:
    X, y, truth = _known_risk_data(8000, seed=1)
    model = ReturnRiskModel(n_estimators=120, random_state=3).fit(
        X, y, feature_names=["a", "b", "c", "d"]
    )
    return model, X, y, truth


def test_probabilities_are_valid_and_columns_sum_to_one(fitted) -> None:
    model, X, _, _ = fitted
    proba = model.predict_proba(X[:500])
    assert proba.shape == (500, 2)
    assert np.all((proba >= 0) & (proba <= 1))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_explanations_sum_to_the_models_log_odds(fitted) -> None:
    model, X, _, _ = fitted
    contrib = model.explain(X[:300])
    assert contrib.shape == (300, 5)
    np.testing.assert_allclose(contrib.sum(axis=1), model.decision_function(X[:300]), atol=1e-9)


def test_top_factors_name_the_features_that_drive_risk(fitted) -> None:
    model, X, _, _ = fitted
    factors = model.top_factors(X[:200], k=3)
    assert all(len(row) == 3 for row in factors)
    leading = [row[0][0] for row in factors]
    # a and b carry the truth; d is pure noise and must rarely lead
    assert leading.count("d") < 20
    assert leading.count("a") + leading.count("b") > 120


def test_calibration_is_close_to_the_known_truth(fitted) -> None:
    model, _, _, _ = fitted
    X, y, truth = _known_risk_data(6000, seed=9)
    risk = model.predict_proba(X)[:, 1]
    report = evaluate_risk(risk, y, share=0.1)
    assert report.calibration_error is not None and report.calibration_error < 0.05
    assert np.mean(np.abs(risk - truth)) < 0.06
    assert report.auc > 0.7


def test_same_seed_same_model(fitted) -> None:
    model, X, y, _ = fitted
    again = clone(model).fit(X, y, feature_names=["a", "b", "c", "d"])
    np.testing.assert_array_equal(again.predict_proba(X[:100]), model.predict_proba(X[:100]))


def test_save_and_load_round_trip(fitted, tmp_path: Path) -> None:
    model, X, _, _ = fitted
    path = tmp_path / "model.json"
    model.save(path)
    loaded = ReturnRiskModel.load(path)
    np.testing.assert_allclose(loaded.predict_proba(X[:100]), model.predict_proba(X[:100]))
    assert loaded.get_params() == model.get_params()
    assert loaded.feature_names_ == ["a", "b", "c", "d"]


def test_rejects_data_without_both_outcomes() -> None:
    with pytest.raises(ValueError, match="both outcomes"):
        ReturnRiskModel().fit(np.zeros((50, 2)), np.zeros(50))


def test_rejects_mismatched_lengths() -> None:
    with pytest.raises(ValueError, match="rows"):
        ReturnRiskModel().fit(np.zeros((50, 2)), np.zeros(40))


def test_load_refuses_other_files(tmp_path: Path) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"format": "something-else"}')
    with pytest.raises(ValueError, match="not a Fupin return-risk model"):
        ReturnRiskModel.load(path)
