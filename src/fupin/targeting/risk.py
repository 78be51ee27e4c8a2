"""P(a household falls below next year's poverty line): gradient boosting with Platt calibration.

Why Platt (a logistic map of the booster's margin) rather than isotonic regression: it is monotone
*and affine in log-odds*, so LightGBM's own per-feature contributions (TreeSHAP, ``pred_contrib``),
scaled by the same slope, still add up exactly to the calibrated log-odds — every risk explains itself.

Why shallow trees (depth 4, 150 rounds): TreeSHAP costs grow with the number of trees and their
depth, and every scored household is explained; on the synthetic panel deeper or longer boosting
gained nothing measurable (docs/monitoring.md) while explaining a county took several times longer.
"""

from __future__ import annotations

import json
from pathlib import Path

import lightgbm as lgb
import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from fupin.targeting.contributions import contributions

FORMAT = "fupin-return-risk/1"


class ReturnRiskModel(ClassifierMixin, BaseEstimator):
    """Calibrated LightGBM classifier of return-to-poverty risk with additive explanations."""

    def __init__(
        self,
        n_estimators: int = 150,
        learning_rate: float = 0.1,
        num_leaves: int = 15,
        max_depth: int = 4,
        min_child_samples: int = 40,
        calibration_fraction: float = 0.25,
        random_state: int = 0,
        n_jobs: int = 1,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.max_depth = max_depth
        self.min_child_samples = min_child_samples
        self.calibration_fraction = calibration_fraction
        self.random_state = random_state
        # Threads for predicting and explaining only; training always uses one, so a seed gives
        # one model. Per-row results do not depend on the number of threads.
        self.n_jobs = n_jobs

    def fit(self, X, y, feature_names: list[str] | None = None) -> ReturnRiskModel:
        """Fits the booster on one part of the data and the calibration on the held-out rest."""
        X = _as_matrix(X)
        y = np.asarray(y).astype(np.int8)
        if X.shape[0] != y.shape[0]:
            raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]}")
        if len(np.unique(y)) != 2:
            raise ValueError("y must contain both outcomes (0 and 1) to learn a risk")
        X_fit, X_cal, y_fit, y_cal = train_test_split(
            X, y, test_size=self.calibration_fraction, random_state=self.random_state, stratify=y
        )
        self.booster_ = lgb.train(
            self._lgb_params(),
            lgb.Dataset(X_fit, label=y_fit, free_raw_data=True),
            num_boost_round=self.n_estimators,
        )
        margin = np.asarray(self.booster_.predict(X_cal, raw_score=True)).reshape(-1, 1)
        platt = LogisticRegression(C=1e6).fit(margin, y_cal)
        self.slope_ = float(platt.coef_[0, 0])
        self.intercept_ = float(platt.intercept_[0])
        self.classes_ = np.array([0, 1])
        self.n_features_in_ = X.shape[1]
        self.feature_names_ = list(feature_names or [f"x{i}" for i in range(X.shape[1])])
        if len(self.feature_names_) != X.shape[1]:
            raise ValueError("feature_names must name every column of X")
        return self

    def _lgb_params(self) -> dict:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "max_depth": self.max_depth,
            "min_data_in_leaf": self.min_child_samples,
            "seed": self.random_state,
            "deterministic": True,
            "force_row_wise": True,
            "num_threads": 1,
            "verbose": -1,
        }

    def decision_function(self, X) -> np.ndarray:
        """Calibrated log-odds of the risk."""
        margin = np.asarray(
            self.booster_.predict(_as_matrix(X), raw_score=True, num_threads=self.n_jobs)
        )
        return self.slope_ * margin + self.intercept_

    def predict_proba(self, X) -> np.ndarray:
        """Calibrated probabilities, shape (n, 2): column 1 is the risk."""
        risk = 1.0 / (1.0 + np.exp(-self.decision_function(X)))
        return np.column_stack([1.0 - risk, risk])

    def predict(self, X) -> np.ndarray:
        """1 where the risk is at least one half."""
        return (self.predict_proba(X)[:, 1] >= 0.5).astype(np.int8)

    def explain(self, X) -> np.ndarray:
        """Per-feature contributions in calibrated log-odds; the last column is the base value.

        Each row sums exactly (to float precision) to ``decision_function`` for that row.
        """
        contrib = contributions(self.booster_, _as_matrix(X), self.n_jobs)
        contrib = contrib * self.slope_
        contrib[:, -1] += self.intercept_
        return contrib

    def top_factors(self, X, k: int = 3) -> list[list[tuple[str, float]]]:
        """The k contributions of largest magnitude per row, as (feature name, log-odds)."""
        contrib = self.explain(X)[:, :-1]
        order = np.argsort(-np.abs(contrib), axis=1, kind="stable")[:, :k]
        names = self.feature_names_
        return [
            [(names[j], float(row[j])) for j in idx]
            for row, idx in zip(contrib, order, strict=True)
        ]

    def save(self, path: str | Path) -> None:
        """Writes the model as JSON (the booster's text model inside): no pickle, portable."""
        document = {
            "format": FORMAT,
            "params": self.get_params(),
            "slope": self.slope_,
            "intercept": self.intercept_,
            "feature_names": self.feature_names_,
            "booster": self.booster_.model_to_string(),
            # What the model was trained on (feature set, outcome years, policy), if recorded.
            "metadata": getattr(self, "metadata_", {}),
        }
        Path(path).write_text(json.dumps(document), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> ReturnRiskModel:
        """Reads a model written by ``save``."""
        document = json.loads(Path(path).read_text(encoding="utf-8"))
        if document.get("format") != FORMAT:
            raise ValueError(
                f"{path}: not a Fupin return-risk model (format {document.get('format')!r})"
            )
        model = cls(**document["params"])
        model.booster_ = lgb.Booster(model_str=document["booster"])
        model.slope_ = float(document["slope"])
        model.intercept_ = float(document["intercept"])
        model.feature_names_ = list(document["feature_names"])
        model.n_features_in_ = len(model.feature_names_)
        model.classes_ = np.array([0, 1])
        model.metadata_ = dict(document.get("metadata", {}))
        return model


def _as_matrix(X) -> np.ndarray:
    matrix = np.asarray(X, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"X must be 2-dimensional, got shape {matrix.shape}")
    return matrix
