"""The speed paths of the measures: Watts/CHU kernels that validate through the transform (a log or
square root turns bad incomes into NaN/±inf) and Alkire–Foster's single-precision products.
Bad values must still be found in any chunk, and results must stay exact."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fupin import measures as m
from fupin.i18n import override

N = 70_001  # two full streaming chunks (32 768) and a ragged tail
RNG = np.random.default_rng(3)
Y = RNG.lognormal(8.0, 1.0, N)
W = RNG.uniform(0.5, 2.0, N)
Z = float(np.quantile(Y, 0.3))

POSITIVE = [
    lambda y, w: m.watts(y, Z, weights=w),
    lambda y, w: m.chu(y, Z, 0.0, weights=w),
    lambda y, w: m.chu(y, Z, -1.0, weights=w),
    lambda y, w: m.chu(y, Z, -0.5, weights=w),
    lambda y, w: m.hagenaars(y, Z, weights=w),
]
NONNEGATIVE = [
    lambda y, w: m.chu(y, Z, 0.5, weights=w),
    lambda y, w: m.chu(y, Z, 1.0, weights=w),
    lambda y, w: m.chu(y, Z, 0.3, weights=w),
    lambda y, w: m.chakravarty(y, Z, 0.5, weights=w),
]
WEIGHTS = pytest.mark.parametrize("w", [None, W], ids=["unweighted", "weighted"])


def with_values(at: list[int], values: list[float]) -> np.ndarray:
    y = Y.copy()
    y[at] = values
    return y


@WEIGHTS
@pytest.mark.parametrize("call", POSITIVE + NONNEGATIVE)
@pytest.mark.parametrize(
    ("value", "message"),
    [(np.nan, "1 NaN value"), (np.inf, "1 infinite value"), (-np.inf, "1 infinite value")],
)
def test_non_finite_income_in_a_late_chunk(call, w, value, message):
    with override("en"), pytest.raises(ValueError, match=message):
        call(with_values([N - 2], [value]), w)


@WEIGHTS
@pytest.mark.parametrize("call", POSITIVE)
def test_zero_and_negative_incomes_in_a_late_chunk_need_positive(call, w):
    y = with_values([40_000, N - 1], [0.0, -3.0])
    with override("en"), pytest.raises(ValueError, match="2 incomes are not positive"):
        call(y, w)


@WEIGHTS
@pytest.mark.parametrize("call", NONNEGATIVE)
def test_negative_income_in_a_late_chunk_is_rejected_but_zero_is_fine(call, w):
    assert math.isfinite(call(with_values([40_000], [0.0]), w))
    with override("en"), pytest.raises(ValueError, match="1 income is negative"):
        call(with_values([40_000], [-3.0]), w)


def test_zero_weight_on_a_zero_income_is_still_rejected_for_watts():
    w = W.copy()
    w[50_000] = 0.0  # 0 · ln 0 is NaN, not 0: the income itself is invalid for Watts
    with override("en"), pytest.raises(ValueError, match="1 income is not positive"):
        m.watts(with_values([50_000], [0.0]), Z, weights=w)


def test_negative_and_nan_weights_in_a_late_chunk():
    w = W.copy()
    w[60_000] = -1.0
    with override("en"), pytest.raises(ValueError, match="1 weight is negative"):
        m.watts(Y, Z, weights=w)
    w[60_000] = np.nan
    with override("en"), pytest.raises(ValueError, match="weights contain NaN"):
        m.chu(Y, Z, 0.5, weights=w)


@WEIGHTS
def test_watts_and_chu_match_whole_array_formulas(w):
    ratio = np.minimum(Y / Z, 1.0)
    weights = np.ones(N) if w is None else w
    mean = lambda values: float(np.sum(weights * values) / np.sum(weights))  # noqa: E731
    assert math.isclose(m.watts(Y, Z, weights=w), mean(-np.log(ratio)), rel_tol=1e-12)
    assert math.isclose(m.chu(Y, Z, 0.5, weights=w), mean(1 - np.sqrt(ratio)) / 0.5, rel_tol=1e-12)
    assert math.isclose(m.chu(Y, Z, -1.0, weights=w), mean(1 - 1 / ratio) / -1.0, rel_tol=1e-12)


def test_nobody_poor_gives_exact_zero_across_chunks():
    y = Y + Z  # everyone at or above the line
    assert m.watts(y, Z, weights=W) == 0.0
    assert m.chu(y, Z, 0.5, weights=W) == 0.0
    assert m.chakravarty(y, Z, 0.5) == 0.0


ROWS = 9_001  # three Alkire–Foster row blocks (4 096) and a tail


def af_data(d: int) -> np.ndarray:
    return RNG.uniform(0.0, 1.0, size=(ROWS, d))


def test_single_precision_path_gives_exact_counts_and_scores():
    x = af_data(5)
    cutoffs = np.array([0.2, 0.3, 0.4, 0.5, 0.6])
    raw = np.array([1, 1, 2, 2, 4])
    result = m.alkire_foster(x, cutoffs, k=0.4, indicator_weights=raw)
    deprived = x < cutoffs
    points = deprived @ raw  # integers: score = points / 10
    poor = 5 * points >= 2 * 10  # k = 2/5, compared in integers
    assert np.array_equal(result.poor, poor)
    assert np.array_equal(result.scores, points / 10)
    assert np.array_equal(result.uncensored_headcounts, deprived.sum(axis=0) / ROWS)
    assert np.array_equal(result.censored_headcounts, (deprived & poor[:, None]).sum(axis=0) / ROWS)
    assert np.count_nonzero(poor) / ROWS == result.H


def test_large_denominators_stay_exact():
    # Relative weights with denominator 10 000 019 and k = 1/3: 3 × 10⁷ ≥ 2²⁴, the float64 path.
    x = af_data(3)
    cutoffs = np.array([0.5, 0.5, 0.5])
    raw = np.array([3_000_000, 3_000_007, 4_000_012])
    result = m.alkire_foster(x, cutoffs, k=1 / 3, indicator_weights=raw)
    points = (x < cutoffs) @ raw
    assert np.array_equal(result.poor, 3 * points >= raw.sum())


def test_unweighted_equals_unit_weights():
    x = af_data(10)
    cutoffs = np.full(10, 0.3)
    plain = m.alkire_foster(x, cutoffs, k=1 / 3)
    unit = m.alkire_foster(x, cutoffs, k=1 / 3, sample_weights=np.ones(ROWS))
    assert np.array_equal(plain.poor, unit.poor)
    assert np.array_equal(plain.censored_headcounts, unit.censored_headcounts)
    for field in ("H", "M0", "M1", "M2"):
        assert math.isclose(getattr(plain, field), getattr(unit, field), rel_tol=1e-13)


def test_deprivation_input_in_single_precision():
    deprived = (af_data(6) < 0.4).astype(np.int8)
    result = m.alkire_foster(deprived, k=1.0)  # six weights of 1/6 must reach k = 1 exactly
    assert np.array_equal(result.poor, deprived.all(axis=1))


def test_nan_in_a_late_row_block_is_named():
    x = af_data(4)
    x[8_500, 2] = np.nan
    with override("en"), pytest.raises(ValueError, match="row 8501"):
        m.alkire_foster(x, np.full(4, 0.5), k=0.5)


def test_infinite_achievements_are_legal_and_do_not_poison_the_gaps():
    x = af_data(4)
    x[5_000] = [np.inf, -np.inf, 0.9, 0.9]  # one deprivation of four: not poor at k = 1/2
    x[5_001] = [np.inf, 0.9, 0.9, 0.9]
    result = m.alkire_foster(x, np.full(4, 0.5), k=0.5)
    assert not result.poor[5_000] and not result.poor[5_001]
    assert result.M1 is not None and math.isfinite(result.M1)
    assert result.M2 is not None and math.isfinite(result.M2)
