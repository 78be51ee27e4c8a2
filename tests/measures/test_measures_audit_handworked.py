"""Every measure on tiny vectors worked out by hand (expected values are exact
fractions derived on paper from the published definitions, never from the code under test).

Unweighted data: y = (1, 2, 4, 8), z = 5 → poor 1, 2, 4 (q = 3 of N = 4), gap ratios 4/5, 3/5, 1/5.
Weighted data: the same y with weights (1, 2, 1, 3), i.e. the replicated sample
(1, 2, 2, 4, 8, 8, 8): poor 1, 2, 2, 4 (q = 4 of N = 7).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fupin import measures as m
from fupin.i18n import override

Y = [1.0, 2.0, 4.0, 8.0]
W = [1.0, 2.0, 1.0, 3.0]
Z = 5.0


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


def close(value: float, expected: float) -> bool:
    return math.isclose(value, expected, rel_tol=1e-12, abs_tol=1e-15)


# --- additive poverty measures ------------------------------------------------------------------

# Each row: measure, unweighted expectation, weighted expectation with its derivation.
ADDITIVE = [
    # H: 3/4; weighted 4 of 7 poor.
    (lambda y, w: m.headcount(y, Z, weights=w), 3 / 4, 4 / 7),
    # P1: (4 + 3 + 1)/5/4 = 2/5; weighted (4 + 3 + 3 + 1)/5/7 = 11/35.
    (lambda y, w: m.poverty_gap(y, Z, weights=w), 2 / 5, 11 / 35),
    # P2: (16 + 9 + 1)/25/4 = 13/50; weighted (16 + 9 + 9 + 1)/25/7 = 1/5.
    (lambda y, w: m.squared_gap(y, Z, weights=w), 13 / 50, 1 / 5),
    # Watts: (ln 5 + ln 5/2 + ln 5/4)/4 = ln(125/8)/4; weighted (ln 5 + 2 ln 5/2 + ln 5/4)/7.
    (lambda y, w: m.watts(y, Z, weights=w), math.log(125 / 8) / 4, math.log(5 * 6.25 * 1.25) / 7),
    # CHU(−1) = mean(z/y* − 1) = (4 + 3/2 + 1/4 + 0)/4 = 23/16; weighted (4 + 3 + 1/4)/7 = 29/28.
    (lambda y, w: m.chu(y, Z, -1.0, weights=w), 23 / 16, 29 / 28),
    # Blackorby–Donaldson(2): ξ = harmonic mean of the poor 3/(1 + 1/2 + 1/4) = 12/7,
    # H·(z − ξ)/z = 3/4·(23/7)/5 = 69/140; weighted ξ = 4/(1 + 1/2 + 1/2 + 1/4) = 16/9,
    # 4/7·(29/9)/5 = 116/315.
    (lambda y, w: m.blackorby_donaldson(y, Z, 2.0, weights=w), 69 / 140, 116 / 315),
    # Blackorby–Donaldson(1): ξ = geometric mean (1·2·4)^(1/3) = 2 → 3/4·3/5 = 9/20;
    # weighted ξ = (1·2·2·4)^(1/4) = 2 → 4/7·3/5 = 12/35.
    (lambda y, w: m.blackorby_donaldson(y, Z, 1.0, weights=w), 9 / 20, 12 / 35),
    # Blackorby–Donaldson(0) is the poverty gap: ξ = mean of the poor.
    (lambda y, w: m.blackorby_donaldson(y, Z, 0.0, weights=w), 2 / 5, 11 / 35),
]


@pytest.mark.parametrize(("measure", "plain", "weighted"), ADDITIVE)
def test_additive_measures_by_hand(measure, plain, weighted):
    assert close(measure(Y, None), plain)
    assert close(measure(Y, W), weighted)


def test_chu_half_chakravarty_and_hagenaars_by_formula():
    ratios = [1 / 5, 2 / 5, 4 / 5, 1.0]  # y*/z
    one_minus_root = [1 - math.sqrt(r) for r in ratios]
    assert close(m.chakravarty(Y, Z, 0.5), sum(one_minus_root) / 4)
    assert close(m.chu(Y, Z, 0.5), 2 * sum(one_minus_root) / 4)
    assert close(m.hagenaars(Y, Z), math.log(125 / 8) / 4 / math.log(5))
    weighted = (one_minus_root[0] + 2 * one_minus_root[1] + one_minus_root[2]) / 7
    assert close(m.chakravarty(Y, Z, 0.5, weights=W), weighted)


@pytest.mark.parametrize("z", [49.0, 3.0, 7.1, 1234.56, 98.7])
def test_nobody_poor_gives_exactly_zero(z):
    # Regression: with y*/z computed as y·(1/z), z·(1/z) is 1 − 2⁻⁵³ for about one line in
    # seven (49 is one), and units on the line added ln(1 − 2⁻⁵³): Watts was 1.1e-16, not 0.
    y = [z, z, 2 * z]
    assert m.watts(y, z) == 0.0
    assert m.hagenaars(y, z) == 0.0
    for alpha in (-1.0, -0.5, 0.5, 0.7, 1.0):
        assert m.chu(y, z, alpha) == 0.0
    for epsilon in (0.3, 0.5):
        assert m.chakravarty(y, z, epsilon) == 0.0
    assert str(m.watts(y, z)) == "0.0"  # not −0.0


@pytest.mark.parametrize("alpha", [-1.0, 0.5, 1.0])
def test_chu_common_powers_by_hand(alpha):
    # Poor incomes 1 and 4 under z = 5 (ratios 1/5, 4/5), one unit at 10: mean over three.
    ratios = [0.2, 0.8, 1.0]
    expected = sum(1 - r**alpha for r in ratios) / 3 / alpha
    assert close(m.chu([1.0, 4.0, 10.0], 5.0, alpha), expected)


# --- rank-based poverty measures ----------------------------------------------------------------


def test_sen_by_hand():
    # I = 8/15; Gini of the poor (1, 2, 4) = Σ|yi − yj|/(2q²μ) = 12/(2·9·7/3) = 2/7.
    # Sen = 3/4·[8/15 + (7/15)(2/7)(3/4)] = 19/40; asymptotic drops 3/4: 3/4·(8/15 + 2/15) = 1/2.
    assert close(m.sen(Y, Z), 19 / 40)
    assert close(m.sen(Y, Z, asymptotic=True), 1 / 2)
    # Weighted: poor (1, 2, 2, 4), q = 4, I = 11/20, G_p = 18/(2·16·9/4) = 1/4:
    # 4/7·[11/20 + (9/20)(1/4)(4/5)] = 64/175; asymptotic 4/7·(11/20 + 9/80) = 53/140.
    assert close(m.sen(Y, Z, weights=W), 64 / 175)
    assert close(m.sen(Y, Z, weights=W, asymptotic=True), 53 / 140)


def test_sst_by_hand():
    # Gap ratios over everyone (4/5, 3/5, 1/5, 0): Σ|gi − gj| over ordered pairs 28/5, mean 2/5,
    # Gini = (28/5)/(2·16·2/5) = 7/16; SST = P1·(1 + G) = 2/5·23/16 = 23/40.
    assert close(m.sst(Y, Z), 23 / 40)
    # Weighted: gaps (4, 3, 3, 1, 0, 0, 0)/5 over 7; ordered-pair sum 2·[Σ_{i<j}|gi − gj|]:
    # 4: 1+1+3+4·3 = 17, 3: 0+2+3·3 = 11 (twice), 1: 3 → 17+22+3 = 42 (×1/5);
    # Gini = 2·42/5 / (2·49·11/35) = 6/11 (… μ = 11/35); SST = 11/35·17/11 = 17/35.
    assert close(m.sst(Y, Z, weights=W), 17 / 35)


def test_thon_by_hand():
    # 2/(N(N+1)z)·Σ (N + 1 − i)(z − y_i): 4·4 + 3·3 + 2·1 = 27 → 54/100.
    assert close(m.thon(Y, Z), 27 / 50)
    # Weighted N = 7, ranks 1…4 for 1, 2, 2, 4: 7·4 + 6·3 + 5·3 + 4·1 = 65 → 130/280.
    assert close(m.thon(Y, Z, weights=W), 13 / 28)


def test_takayama_by_hand():
    # Gini of y* = (1, 2, 4, 5): ordered-pair sum 28, mean 3 → 28/(2·16·3) = 7/24.
    assert close(m.takayama(Y, Z), 7 / 24)
    # Weighted y* = (1, 2, 2, 4, 5, 5, 5): unordered pair sum 17 + 11 + 11 + 3 = 42, mean 24/7
    # → 84/(2·49·24/7) = 1/4.
    assert close(m.takayama(Y, Z, weights=W), 1 / 4)


def test_kakwani_by_hand():
    # q/(N z Σ i^k)·Σ (q + 1 − i)^k (z − y_i) with gaps 4, 3, 1.
    assert close(m.kakwani(Y, Z, 0), 2 / 5)  # k = 0: the poverty gap
    assert close(m.kakwani(Y, Z, 1), 19 / 40)  # 3·(3·4 + 2·3 + 1)/(4·5·6): Sen's index
    assert close(m.kakwani(Y, Z, 2), 21 / 40)  # 3·(9·4 + 4·3 + 1)/(4·5·14)
    # Weighted q = 4, gaps 4, 3, 3, 1: 4·(16·4 + 9·3 + 4·3 + 1)/(7·5·30) = 208/525.
    assert close(m.kakwani(Y, Z, 2, weights=W), 208 / 525)


def _pairwise_gini(values: list[float]) -> float:
    """The textbook Gini: Σ_i Σ_j |y_i − y_j| / (2 n² μ)."""
    n = len(values)
    return sum(abs(a - b) for a in values for b in values) / (2 * n * n * (sum(values) / n))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.tuples(st.integers(-3, 12), st.integers(0, 3)), min_size=1, max_size=7).filter(
        lambda units: sum(w for _, w in units) > 0
    ),
    st.integers(1, 9),
)
def test_rank_measures_equal_textbook_formulas_on_the_replicated_sample(units, z):
    # Ties, zero weights and negative incomes included; the replicated sample is sorted ascending
    # and every formula is the published one (or the textbook's) written out directly.
    y = [float(v) for v, _ in units]
    w = [float(c) for _, c in units]
    rep = sorted(float(v) for v, c in units for _ in range(c))
    n = len(rep)
    poor = [v for v in rep if v < z]
    q = len(poor)
    thon = 2 / (n * (n + 1) * z) * sum((n + 1 - i) * (z - v) for i, v in enumerate(poor, 1))
    assert math.isclose(m.thon(y, z, weights=w), thon, rel_tol=1e-9, abs_tol=1e-12)
    for k in (0, 1, 2, 3):
        kakwani = 0.0
        if q:
            weights = sum(i**k for i in range(1, q + 1))
            ranked = sum((q + 1 - i) ** k * (z - v) for i, v in enumerate(poor, 1))
            kakwani = q / (n * z * weights) * ranked
        assert math.isclose(m.kakwani(y, z, k, weights=w), kakwani, rel_tol=1e-9, abs_tol=1e-12)
    sen = sst = 0.0
    if q:
        share, gap_ratio = q / n, sum(z - v for v in poor) / (q * z)
        # (1 − I)·G_p = μ_p·G_p/z = Σ|yi − yj|/(2q²z): defined for poor incomes ≤ 0 too.
        spread = sum(abs(a - b) for a in poor for b in poor) / (2 * q * q * z)
        sen = share * (gap_ratio + spread * q / (q + 1))
        gaps = [max(z - v, 0.0) / z for v in rep]
        p1 = sum(gaps) / n
        sst = p1 * (1 + sum(abs(a - b) for a in gaps for b in gaps) / (2 * n * n * p1))
    assert math.isclose(m.sen(y, z, weights=w), sen, rel_tol=1e-9, abs_tol=1e-12)
    assert math.isclose(m.sst(y, z, weights=w), sst, rel_tol=1e-9, abs_tol=1e-12)
    censored = [min(v, z) for v in rep]
    if sum(censored) > 0:
        assert math.isclose(
            m.takayama(y, z, weights=w), _pairwise_gini(censored), rel_tol=1e-9, abs_tol=1e-12
        )
    if sum(rep) > 0:
        assert math.isclose(m.gini(y, weights=w), _pairwise_gini(rep), rel_tol=1e-9, abs_tol=1e-12)


# --- inequality ----------------------------------------------------------------------------------


def test_three_gini_conventions_by_hand():
    # Unweighted: Σ|yi − yj| ordered = 46, μ = 15/4 → 46/(2·16·15/4) = 23/60.
    assert close(m.gini(Y), 23 / 60)
    assert close(m.gini(Y, convention="survey"), 23 / 60)  # (1 + 6 + 20 + 56)/60 − 1
    assert close(m.gini(Y, convention="sample"), 23 / 60 * 4 / 3)
    # Weighted = Gini of (1, 2, 2, 4, 8, 8, 8): unordered pair sum 78, μ = 33/7 → 26/77.
    assert close(m.gini(Y, weights=W), 26 / 77)
    # Survey: C = (1, 3, 4, 7), W = 7, T = 33: Σ(2C − 1)wy = 1 + 20 + 28 + 312 = 361 → 361/231 − 1.
    assert close(m.gini(Y, weights=W, convention="survey"), 130 / 231)
    # Sample: n/(n − 1) with n = 4 observations (not the weighted 7).
    assert close(m.gini(Y, weights=W, convention="sample"), 26 / 77 * 4 / 3)


def test_entropy_family_and_atkinson_by_hand():
    # μ = 15/4, geometric mean 64^(1/4) = 2√2, harmonic mean 4/(15/8) = 32/15, mean y² = 85/4.
    assert close(m.mld(Y), math.log(15 / 4) - 1.5 * math.log(2))
    assert close(m.generalized_entropy(Y, 2.0), (85 / 4 / (15 / 4) ** 2 - 1) / 2)  # 23/90
    assert close(m.generalized_entropy(Y, 2.0), 23 / 90)
    theil = sum(v / 3.75 * math.log(v / 3.75) for v in Y) / 4
    assert close(m.theil(Y), theil)
    assert close(m.atkinson(Y, 1.0), 1 - 2 * math.sqrt(2) / 3.75)
    assert close(m.atkinson(Y, 2.0), 97 / 225)  # 1 − (32/15)/(15/4)
    # GE(−1) = (mean(μ/y) − 1)/2 = (15/4·15/32 − 1)/2 = 97/256.
    assert close(m.generalized_entropy(Y, -1.0), 97 / 256)


def test_entropy_family_weighted_by_hand():
    # Replicated (1, 2, 2, 4, 8, 8, 8): μ = 33/7, mean y² = 31, Σ ln y = 13 ln 2.
    assert close(m.generalized_entropy(Y, 2.0, weights=W), 215 / 1089)
    assert close(m.mld(Y, weights=W), math.log(33 / 7) - 13 * math.log(2) / 7)
    assert close(m.atkinson(Y, 1.0, weights=W), 1 - 2 ** (13 / 7) / (33 / 7))


def test_theil_with_zero_incomes_takes_zero_log_zero():
    # (0, 0, 3, 3): μ = 3/2, the two 3s contribute 2·ln 2 each over 4 units → ln 2.
    assert close(m.theil([0.0, 0.0, 3.0, 3.0]), math.log(2))
    assert close(m.theil([0.0, 3.0], weights=[2.0, 2.0]), math.log(2))


def test_palma_and_quantile_shares_by_hand():
    y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 20]  # total 65; bottom 40 % hold 10, top 10 % hold 20
    assert close(m.palma(y), 2.0)
    assert close(m.quantile_share(y, 0.2, 0.5), 12 / 65)  # units 3, 4, 5
    assert close(m.quantile_share(y, 0.0, 1.0), 1.0)
    # Weighted: (1, 2, 3, 4, 10) each twice → bottom 40 % = 1+1+2+2, top 10 % = 10.
    assert close(m.palma([1, 2, 3, 4, 10], weights=[2] * 5), 10 / 6)
    # Half of the middle unit of (1, 2, 3): the poorest half hold 1 + 2/2 of 6.
    assert close(m.quantile_share([1, 2, 3], 0.0, 0.5), 1 / 3)


# --- Alkire–Foster ------------------------------------------------------------------------------

# Four units, three indicators with relative weights 2:1:1 (= 1/2, 1/4, 1/4).
DEPRIVED = np.array([[1, 0, 0], [0, 1, 1], [1, 1, 1], [0, 1, 0]])


def test_alkire_foster_by_hand_with_groups():
    r = m.alkire_foster(DEPRIVED, indicator_weights=[2, 1, 1], k=0.5, groups=["a", "a", "b", "b"])
    # Scores 1/2, 1/2, 1, 1/4: the first three are poor (1/2 reaches k = 1/2 exactly).
    assert r.scores.tolist() == [0.5, 0.5, 1.0, 0.25]
    assert r.poor.tolist() == [True, True, True, False]
    assert (r.H, r.M0) == (3 / 4, 1 / 2)
    assert close(r.A, 2 / 3)
    assert r.M1 is None and r.M2 is None  # deprivations given, not achievements
    assert r.uncensored_headcounts.tolist() == [0.5, 0.75, 0.5]
    # The fourth unit is deprived in indicator 2 but not poor: censored away.
    assert r.censored_headcounts.tolist() == [0.5, 0.5, 0.5]
    # w_j·censored_j/M0: (1/2·1/2, 1/4·1/2, 1/4·1/2)/(1/2).
    assert r.contributions.tolist() == [0.5, 0.25, 0.25]
    a, b = r.by_group["a"], r.by_group["b"]
    assert (a.share, a.H, a.A, a.M0, a.contribution) == (0.5, 1.0, 0.5, 0.5, 0.5)
    assert (b.share, b.H, b.A, b.M0, b.contribution) == (0.5, 0.5, 1.0, 0.5, 0.5)


def test_alkire_foster_by_hand_with_sample_weights():
    r = m.alkire_foster(DEPRIVED, indicator_weights=[2, 1, 1], k=0.5, sample_weights=[2, 1, 1, 4])
    # Population 8; poor weight 2 + 1 + 1 = 4; M0 = (2·1/2 + 1·1/2 + 1·1)/8 = 5/16.
    assert close(r.H, 1 / 2) and close(r.M0, 5 / 16) and close(r.A, 5 / 8)
    assert np.allclose(r.uncensored_headcounts, [3 / 8, 6 / 8, 2 / 8], rtol=0, atol=1e-15)
    assert np.allclose(r.censored_headcounts, [3 / 8, 2 / 8, 2 / 8], rtol=0, atol=1e-15)
    assert np.allclose(r.contributions, [3 / 5, 1 / 5, 1 / 5], rtol=0, atol=1e-15)


def test_alkire_foster_gap_measures_by_hand():
    # Cutoffs (10, 10); normalised gaps: unit 2 has 0.2 and 0.8; at k = 1 only unit 2 is poor.
    # Units 1 and 3 are deprived in indicator 1 only, so they are censored out of M1/M2.
    r = m.alkire_foster([[2, 10], [8, 2], [5, 10]], [10, 10], k=1.0)
    assert r.poor.tolist() == [False, True, False]
    assert close(r.H, 1 / 3) and close(r.M0, 1 / 3)
    assert close(r.M1, (0.5 * 0.2 + 0.5 * 0.8) / 3)
    assert close(r.M2, (0.5 * 0.04 + 0.5 * 0.64) / 3)
    assert np.allclose(r.uncensored_headcounts, [1.0, 1 / 3], rtol=0, atol=1e-15)
    assert np.allclose(r.censored_headcounts, [1 / 3, 1 / 3], rtol=0, atol=1e-15)


def test_infinite_achievement_of_a_non_poor_unit_leaves_the_gap_measures_finite():
    # Regression: the second unit (achievement −inf, deprived in one of two indicators) is not
    # poor at k = 1; its infinite gap once met a zero weight and turned M1 and M2 into NaN.
    r = m.alkire_foster([[1.0, 1.0], [5.0, -math.inf], [5.0, 5.0]], [2.0, 2.0], k=1.0)
    assert r.poor.tolist() == [True, False, False]
    assert close(r.M1, (0.5 * 0.5 + 0.5 * 0.5) / 3)
    assert close(r.M2, (0.5 * 0.25 + 0.5 * 0.25) / 3)


def test_k_threshold_is_exact_where_floats_fall_short():
    # 0.1 + 0.7 = 0.7999999999999999 in binary floating point; the score is 0.8 exactly.
    r = m.alkire_foster([[1, 1, 0], [1, 0, 1]], indicator_weights=[0.1, 0.7, 0.2], k=0.8)
    assert r.poor.tolist() == [True, False]
    # Three weights of 1/3: two deprivations reach k = 2/3.
    r = m.alkire_foster([[1, 1, 0], [1, 0, 0]], k=2 / 3)
    assert r.poor.tolist() == [True, False]
    # Ten weights of 1/10 deprived everywhere reach k = 1.
    r = m.alkire_foster(np.ones((1, 10)), indicator_weights=[0.1] * 10, k=1.0)
    assert r.poor.tolist() == [True]


def test_no_poor_gives_zeros_everywhere():
    r = m.alkire_foster([[0, 1], [0, 0]], k=1.0, groups=["a", "b"])
    assert (r.H, r.A, r.M0) == (0.0, 0.0, 0.0)
    assert r.contributions.tolist() == [0.0, 0.0]
    assert r.by_group["a"].contribution == 0.0


# --- bootstrap ------------------------------------------------------------------------------------


def test_bootstrap_mean_interval_covers_the_true_mean_about_95_percent():
    # Normal(10, 2) samples of 150: the percentile interval of the mean should cover 10 in
    # roughly 95 % of 120 repetitions (binomial sd ≈ 2 %; percentile intervals run slightly low).
    rng = np.random.default_rng(2026)
    covered = 0
    for repetition in range(120):
        sample = rng.normal(10.0, 2.0, 150)
        _, low, high = m.bootstrap_ci(np.mean, sample, n_boot=200, seed=repetition)
        covered += low <= 10.0 <= high
    assert 0.86 <= covered / 120 <= 0.99


def test_cluster_bootstrap_is_wider_than_unit_bootstrap_for_clustered_data():
    # 20 villages of 25 with a strong village effect: units within a village are alike, so the
    # honest (cluster) interval is much wider and covers the true mean 0 far more often.
    rng = np.random.default_rng(4)
    cluster_hits = unit_hits = 0
    for repetition in range(40):
        village = np.repeat(np.arange(20), 25)
        y = rng.normal(0.0, 1.0, 20)[village] + rng.normal(0.0, 0.1, 500)
        _, lo_c, hi_c = m.bootstrap_ci(np.mean, y, n_boot=150, seed=repetition, clusters=village)
        _, lo_u, hi_u = m.bootstrap_ci(np.mean, y, n_boot=150, seed=repetition)
        assert hi_c - lo_c > 2.5 * (hi_u - lo_u)
        cluster_hits += lo_c <= 0.0 <= hi_c
        unit_hits += lo_u <= 0.0 <= hi_u
    assert cluster_hits >= 32 and unit_hits <= 20


def test_bootstrap_seed_reproduces_and_differs():
    y = np.random.default_rng(1).lognormal(2, 1, 300)
    villages = np.repeat(np.arange(30), 10)
    a = m.bootstrap_ci(m.gini, y, n_boot=100, seed=9, clusters=villages)
    b = m.bootstrap_ci(m.gini, y, n_boot=100, seed=9, clusters=villages)
    c = m.bootstrap_ci(m.gini, y, n_boot=100, seed=10, clusters=villages)
    assert a == b and a != c and a[0] == c[0]


# --- errors across every measure -------------------------------------------------------------------

EVERY_MEASURE = {
    "headcount": lambda y, w: m.headcount(y, Z, weights=w),
    "fgt": lambda y, w: m.fgt(y, Z, 1.5, weights=w),
    "watts": lambda y, w: m.watts(y, Z, weights=w),
    "sen": lambda y, w: m.sen(y, Z, weights=w),
    "sst": lambda y, w: m.sst(y, Z, weights=w),
    "takayama": lambda y, w: m.takayama(y, Z, weights=w),
    "thon": lambda y, w: m.thon(y, Z, weights=w),
    "chu": lambda y, w: m.chu(y, Z, 0.5, weights=w),
    "kakwani": lambda y, w: m.kakwani(y, Z, 2, weights=w),
    "blackorby_donaldson": lambda y, w: m.blackorby_donaldson(y, Z, 2, weights=w),
    "hagenaars": lambda y, w: m.hagenaars(y, Z, weights=w),
    "chakravarty": lambda y, w: m.chakravarty(y, Z, 0.5, weights=w),
    "gini": lambda y, w: m.gini(y, weights=w),
    "generalized_entropy": lambda y, w: m.generalized_entropy(y, 2.0, weights=w),
    "theil": lambda y, w: m.theil(y, weights=w),
    "mld": lambda y, w: m.mld(y, weights=w),
    "atkinson": lambda y, w: m.atkinson(y, 0.5, weights=w),
    "palma": lambda y, w: m.palma(y, weights=w),
    "quantile_share": lambda y, w: m.quantile_share(y, 0.1, 0.5, weights=w),
}
BAD_INPUT = [
    ([], None, "empty"),
    ([1.0, math.nan, 3.0], None, "1 NaN value"),
    ([1.0, 2.0, 3.0], [1.0, -1.0, -2.0], "2 weights are negative"),
    ([1.0, 2.0, 3.0], [0.0, 0.0, 0.0], "weights sum to zero"),
    ([1.0, 2.0, 3.0], [1.0, 1.0], r"different lengths \(3 and 2\)"),
    ([1.0, 2.0, 3.0], [1.0, math.nan, 1.0], "weights contain NaN"),
]


@pytest.mark.parametrize("name", sorted(EVERY_MEASURE))
@pytest.mark.parametrize(("y", "w", "message"), BAD_INPUT)
def test_every_measure_refuses_bad_input_with_the_reason(name, y, w, message):
    with pytest.raises(ValueError, match=message):
        EVERY_MEASURE[name](y, w)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda y: m.watts(y, Z), "2 incomes are not positive"),
        (lambda y: m.hagenaars(y, Z), "2 incomes are not positive; Hagenaars"),
        (lambda y: m.chu(y, Z, -0.5), "2 incomes are not positive"),
        (lambda y: m.mld(y), "2 incomes are not positive"),
        (lambda y: m.atkinson(y, 1.0), "2 incomes are not positive"),
        (lambda y: m.atkinson(y, 2.0), "2 incomes are not positive"),
        (lambda y: m.generalized_entropy(y, -1.0), "2 incomes are not positive"),
        (lambda y: m.blackorby_donaldson(y, Z, 1.0), "2 incomes are not positive"),
    ],
)
def test_non_positive_incomes_are_counted(call, message):
    with pytest.raises(ValueError, match=message):
        call([0.0, -3.0, 4.0, 9.0])
