"""Evaluation metrics checked on hand-worked examples."""

from __future__ import annotations

import numpy as np
import pytest

from fupin.targeting import evaluate_risk, reliability_table, top_share_mask


def test_top_share_picks_the_highest_scores() -> None:
    mask = top_share_mask(np.array([0.1, 0.9, 0.5, 0.7, 0.2]), 0.4)
    assert mask.tolist() == [False, True, False, True, False]


def test_precision_and_recall_at_share_by_hand() -> None:
    score = np.array([0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1, 0.05])
    outcome = np.array([1, 0, 1, 0, 0, 1, 0, 0, 0, 0])
    report = evaluate_risk(score, outcome, share=0.3)
    # top 3: outcomes 1, 0, 1 → precision 2/3; 3 positives in all → recall 2/3
    assert report.precision_at_share == pytest.approx(2 / 3)
    assert report.recall_at_share == pytest.approx(2 / 3)
    # pairs (positive, negative) ranked right: positives at ranks 1, 3, 6 of 10 → 7 + 6 + 4 = 17 of 21
    assert report.auc == pytest.approx(17 / 21)


def test_brier_score_by_hand() -> None:
    report = evaluate_risk(np.array([1.0, 0.0, 0.5, 0.5]), np.array([1, 0, 1, 0]), share=0.5)
    assert report.brier == pytest.approx(0.125)


def test_reliability_table_bins() -> None:
    table = reliability_table(np.array([0.05, 0.07, 0.95, 0.99]), np.array([0, 1, 1, 1]), bins=10)
    assert table[0] == (0.0, pytest.approx(0.06), 0.5, 2)
    assert table[1] == (0.9, pytest.approx(0.97), 1.0, 2)
