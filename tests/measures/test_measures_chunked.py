"""Inputs longer than one streaming chunk (32 768) or sort block (65 536): the chunked kernels must
agree with whole-array NumPy expressions of the same formulas, and find bad values anywhere."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fupin import measures as m
from fupin.i18n import override

N = 150_001  # several chunks plus a ragged tail
RNG = np.random.default_rng(20261126)
Y = RNG.lognormal(8.0, 1.1, N)
W = RNG.uniform(0.2, 3.0, N)
Z = float(np.quantile(Y, 0.35))


def wmean(values: np.ndarray, w: np.ndarray | None) -> float:
    return float(values.mean() if w is None else np.sum(w * values) / np.sum(w))


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-10, abs_tol=1e-13)


@pytest.mark.parametrize("w", [None, W], ids=["unweighted", "weighted"])
def test_additive_measures_match_whole_array_formulas(w):
    gap = np.maximum(Z - Y, 0) / Z
    censored = np.minimum(Y, Z) / Z
    assert close(m.headcount(Y, Z, weights=w), wmean((Y < Z).astype(float), w))
    assert close(m.poverty_gap(Y, Z, weights=w), wmean(gap, w))
    assert close(m.squared_gap(Y, Z, weights=w), wmean(gap**2, w))
    assert close(m.fgt(Y, Z, 2.5, weights=w), wmean(gap**2.5, w))
    assert close(m.watts(Y, Z, weights=w), wmean(-np.log(censored), w))
    assert close(m.chu(Y, Z, -0.7, weights=w), wmean(1 - censored**-0.7, w) / -0.7)
    assert close(m.chakravarty(Y, Z, 0.3, weights=w), wmean(1 - censored**0.3, w))


@pytest.mark.parametrize("w", [None, W], ids=["unweighted", "weighted"])
def test_inequality_measures_match_whole_array_formulas(w):
    ratio = Y / wmean(Y, w)
    assert close(m.theil(Y, weights=w), wmean(ratio * np.log(ratio), w))
    assert close(m.mld(Y, weights=w), wmean(-np.log(ratio), w))
    assert close(m.generalized_entropy(Y, 3, weights=w), (wmean(ratio**3, w) - 1) / 6)
    assert close(m.atkinson(Y, 1.5, weights=w), 1 - wmean(ratio**-0.5, w) ** -2)


@pytest.mark.parametrize("w", [None, W], ids=["unweighted", "weighted"])
def test_gini_and_sen_match_argsort_formulas(w):
    weights = np.ones(N) if w is None else w
    order = np.argsort(Y, kind="stable")
    ys, ws = Y[order], weights[order]
    cum = np.cumsum(ws)
    total = cum[-1]
    mid = cum - ws / 2
    gini = np.sum(ws * ys * (2 * mid - total)) / (total * np.sum(ws * ys))
    assert close(m.gini(Y, weights=w), gini)
    poor = ys < Z
    q = ws[poor].sum()
    gap_ratio = np.sum(ws[poor] * (Z - ys[poor])) / (q * Z)
    spread = np.sum(ws[poor] * ys[poor] * (2 * mid[poor] - q)) / (q * q * Z)
    sen = q / total * (gap_ratio + spread * q / (q + 1))
    assert close(m.sen(Y, Z, weights=w), sen)


def test_nan_in_a_late_chunk_is_found_and_counted():
    y = Y.copy()
    y[[100_000, 150_000]] = np.nan
    with override("en"), pytest.raises(ValueError, match="2 NaN values"):
        m.poverty_gap(y, Z)


def test_non_positive_income_in_a_late_chunk_is_counted():
    y = Y.copy()
    y[-3:] = [0.0, -5.0, 0.0]
    with override("en"), pytest.raises(ValueError, match="3 incomes are not positive"):
        m.watts(y, Z, weights=W)


def test_negative_weight_in_a_late_chunk():
    w = W.copy()
    w[140_000] = -1.0
    with override("en"), pytest.raises(ValueError, match="1 weight is negative"):
        m.headcount(Y, Z, weights=w)


def test_integer_and_float32_inputs_are_converted_chunk_by_chunk():
    incomes = RNG.integers(1, 1000, N)
    assert m.headcount(incomes, 300) == pytest.approx(np.mean(incomes < 300))
    assert m.poverty_gap(incomes.astype(np.float32), 300.0) == pytest.approx(
        np.mean(np.maximum(300 - incomes, 0) / 300), rel=1e-6
    )


def test_alkire_foster_across_row_blocks():
    x = RNG.uniform(0, 1, size=(10_001, 5))
    cutoffs = np.array([0.2, 0.3, 0.4, 0.5, 0.6])
    weights = np.array([1, 1, 2, 2, 4])
    sample = RNG.uniform(0.5, 2.0, 10_001)
    result = m.alkire_foster(x, cutoffs, k=0.4, indicator_weights=weights, sample_weights=sample)
    relative = weights / weights.sum()
    deprived = x < cutoffs
    scores = deprived @ relative
    poor = scores >= 0.4 - 1e-12
    total = sample.sum()
    assert np.array_equal(result.poor, poor)
    assert close(result.H, sample[poor].sum() / total)
    assert close(result.M0, np.sum(sample * poor * scores) / total)
    gaps = np.maximum(cutoffs - x, 0) / cutoffs * poor[:, None]
    assert close(result.M1, np.sum(sample * (gaps @ relative)) / total)
    assert close(result.M2, np.sum(sample * ((gaps**2) @ relative)) / total)
    censored = (sample[:, None] * deprived * poor[:, None]).sum(axis=0) / total
    assert np.allclose(result.censored_headcounts, censored, rtol=1e-12)
