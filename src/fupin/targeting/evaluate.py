"""How good is a risk score: AUC, precision and recall at the monitored scale, calibration."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import roc_auc_score


@dataclass(frozen=True)
class RiskReport:
    """Discrimination and calibration of a score against known outcomes."""

    n: int
    prevalence: float
    auc: float
    share: float
    precision_at_share: float
    recall_at_share: float
    brier: float | None
    calibration_error: float | None
    reliability: list[tuple[float, float, float, int]]  # (bin low, mean predicted, observed, count)


def top_share_mask(score: np.ndarray, share: float) -> np.ndarray:
    """Marks the ``share`` of units with the highest score (ties broken by position, stable)."""
    score = np.asarray(score, dtype=np.float64)
    if not 0.0 <= share <= 1.0:
        raise ValueError("share must lie in [0, 1]")
    count = int(round(share * score.size))
    mask = np.zeros(score.size, dtype=bool)
    if count:
        mask[np.argsort(-score, kind="stable")[:count]] = True
    return mask


def reliability_table(
    prob: np.ndarray, outcome: np.ndarray, bins: int = 10
) -> list[tuple[float, float, float, int]]:
    """Equal-width bins of predicted probability with mean prediction, observed rate and count."""
    prob = np.asarray(prob, dtype=np.float64)
    outcome = np.asarray(outcome, dtype=np.float64)
    index = np.minimum((prob * bins).astype(np.int64), bins - 1)
    counts = np.bincount(index, minlength=bins)
    sum_p = np.bincount(index, weights=prob, minlength=bins)
    sum_y = np.bincount(index, weights=outcome, minlength=bins)
    rows = []
    for b in range(bins):
        if counts[b]:
            rows.append((b / bins, sum_p[b] / counts[b], sum_y[b] / counts[b], int(counts[b])))
    return rows


def evaluate_risk(
    score: np.ndarray, outcome: np.ndarray, share: float, *, is_probability: bool = True
) -> RiskReport:
    """Scores a ranking (and, for probabilities, its calibration) against outcomes."""
    score = np.asarray(score, dtype=np.float64)
    outcome = np.asarray(outcome).astype(bool)
    if score.shape != outcome.shape or score.size == 0:
        raise ValueError("score and outcome must be non-empty and of the same length")
    flagged = top_share_mask(score, share)
    positives = int(outcome.sum())
    hits = int((flagged & outcome).sum())
    auc = float(roc_auc_score(outcome, score)) if 0 < positives < outcome.size else float("nan")
    brier = ece = None
    table: list[tuple[float, float, float, int]] = []
    if is_probability:
        brier = float(np.mean((score - outcome) ** 2))
        table = reliability_table(score, outcome)
        ece = float(sum(c * abs(p - o) for _, p, o, c in table) / outcome.size)
    return RiskReport(
        n=int(outcome.size),
        prevalence=positives / outcome.size,
        auc=auc,
        share=share,
        precision_at_share=hits / max(int(flagged.sum()), 1),
        recall_at_share=hits / max(positives, 1),
        brier=brier,
        calibration_error=ece,
        reliability=table,
    )
