"""Invariants every measure must satisfy, checked with hypothesis: replication invariance for
integer weights, scale invariance, symmetry, subgroup decomposability, monotonicity."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from fupin import measures as m

LINE = 50.0

POVERTY = {
    "H": lambda y, z, w=None: m.headcount(y, z, weights=w),
    "P1": lambda y, z, w=None: m.poverty_gap(y, z, weights=w),
    "P2": lambda y, z, w=None: m.squared_gap(y, z, weights=w),
    "FGT1.5": lambda y, z, w=None: m.fgt(y, z, 1.5, weights=w),
    "Watts": lambda y, z, w=None: m.watts(y, z, weights=w),
    "CHU-0.5": lambda y, z, w=None: m.chu(y, z, -0.5, weights=w),
    "CHU0.5": lambda y, z, w=None: m.chu(y, z, 0.5, weights=w),
    "Chakravarty": lambda y, z, w=None: m.chakravarty(y, z, 0.5, weights=w),
    "BD2": lambda y, z, w=None: m.blackorby_donaldson(y, z, 2.0, weights=w),
    "Sen": lambda y, z, w=None: m.sen(y, z, weights=w),
    "SenAsym": lambda y, z, w=None: m.sen(y, z, weights=w, asymptotic=True),
    "SST": lambda y, z, w=None: m.sst(y, z, weights=w),
    "Takayama": lambda y, z, w=None: m.takayama(y, z, weights=w),
    "Thon": lambda y, z, w=None: m.thon(y, z, weights=w),
    "Kakwani1": lambda y, z, w=None: m.kakwani(y, z, 1, weights=w),
    "Kakwani2": lambda y, z, w=None: m.kakwani(y, z, 2, weights=w),
    "Kakwani3": lambda y, z, w=None: m.kakwani(y, z, 3, weights=w),
}
INEQUALITY = {
    "Gini": lambda y, w=None: m.gini(y, weights=w),
    "GE-1": lambda y, w=None: m.generalized_entropy(y, -1, weights=w),
    "MLD": lambda y, w=None: m.mld(y, weights=w),
    "Theil": lambda y, w=None: m.theil(y, weights=w),
    "GE2": lambda y, w=None: m.generalized_entropy(y, 2, weights=w),
    "Atkinson0.5": lambda y, w=None: m.atkinson(y, 0.5, weights=w),
    "Atkinson1": lambda y, w=None: m.atkinson(y, 1, weights=w),
    "Palma": lambda y, w=None: m.palma(y, weights=w),
    "Top20": lambda y, w=None: m.quantile_share(y, 0.8, 1.0, weights=w),
}

incomes = st.lists(st.floats(0.5, 200.0, allow_nan=False), min_size=1, max_size=25)


@st.composite
def weighted_sample(draw):
    y = draw(incomes)
    w = draw(st.lists(st.integers(0, 4), min_size=len(y), max_size=len(y)))
    assume(sum(w) > 0)
    return y, w


def same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)


@settings(max_examples=60, deadline=None)
@given(weighted_sample())
def test_integer_weights_equal_the_replicated_sample(sample):
    y, w = sample
    replicated = np.repeat(y, w)
    for name, measure in POVERTY.items():
        assert same(measure(y, LINE, w), measure(replicated, LINE)), name
    assert same(m.hagenaars(y, LINE, weights=w), m.hagenaars(replicated, LINE))
    for name, measure in INEQUALITY.items():
        assert same(measure(y, w), measure(replicated)), name
    if set(w) <= {0, 1}:  # the survey convention coincides with midpoint only for unit weights
        assert same(m.gini(y, weights=w, convention="survey"), m.gini(replicated))


@settings(max_examples=40, deadline=None)
@given(weighted_sample(), st.sampled_from([0.01, 3.0, 1234.5]))
def test_relative_measures_are_scale_invariant(sample, factor):
    y, w = sample
    scaled = [v * factor for v in y]
    for name, measure in POVERTY.items():  # every one is relative to the line
        assert same(measure(y, LINE, w), measure(scaled, LINE * factor, w)), name
    for name, measure in INEQUALITY.items():
        assert same(measure(y, w), measure(scaled, w)), name


@settings(max_examples=40, deadline=None)
@given(weighted_sample(), st.randoms(use_true_random=False))
def test_symmetry_under_permutation(sample, rnd):
    y, w = sample
    order = list(range(len(y)))
    rnd.shuffle(order)
    py, pw = [y[i] for i in order], [w[i] for i in order]
    for name, measure in POVERTY.items():
        assert same(measure(y, LINE, w), measure(py, LINE, pw)), name
    for name, measure in INEQUALITY.items():
        assert same(measure(y, w), measure(py, pw)), name


@settings(max_examples=40, deadline=None)
@given(incomes, incomes, st.sampled_from([0.0, 1.0, 2.0, 0.7]))
def test_fgt_is_subgroup_decomposable(a, b, alpha):
    whole = m.fgt(a + b, LINE, alpha)
    parts = (len(a) * m.fgt(a, LINE, alpha) + len(b) * m.fgt(b, LINE, alpha)) / (len(a) + len(b))
    assert same(whole, parts)
    watts_parts = (len(a) * m.watts(a, LINE) + len(b) * m.watts(b, LINE)) / (len(a) + len(b))
    assert same(m.watts(a + b, LINE), watts_parts)


deprivation_rows = st.lists(
    st.lists(st.integers(0, 1), min_size=4, max_size=4), min_size=1, max_size=20
)


@settings(max_examples=40, deadline=None)
@given(deprivation_rows, deprivation_rows, st.sampled_from([0.25, 0.5, 0.75, 1.0]))
def test_m0_is_subgroup_decomposable(a, b, k):
    weights = [1, 2, 2, 3]
    whole = m.alkire_foster(
        a + b, k=k, indicator_weights=weights, groups=[0] * len(a) + [1] * len(b)
    )
    first = m.alkire_foster(a, k=k, indicator_weights=weights)
    second = m.alkire_foster(b, k=k, indicator_weights=weights)
    expected = (len(a) * first.M0 + len(b) * second.M0) / (len(a) + len(b))
    assert same(whole.M0, expected)
    assert same(whole.by_group[0].M0, first.M0) and same(whole.by_group[1].M0, second.M0)
    assert same(sum(g.share * g.M0 for g in whole.by_group.values()), whole.M0)


@settings(max_examples=40, deadline=None)
@given(incomes, st.data())
def test_poverty_rises_when_a_poor_income_falls(y, data):
    poor = [i for i, v in enumerate(y) if v < LINE]
    assume(poor)
    i = data.draw(st.sampled_from(poor))
    lower = list(y)
    lower[i] = y[i] * 0.5
    for name in ("P1", "P2", "Watts", "Sen", "SST", "Thon", "Kakwani2", "CHU0.5", "FGT1.5"):
        assert POVERTY[name](lower, LINE) > POVERTY[name](y, LINE), name
    assert m.headcount(lower, LINE) == m.headcount(y, LINE)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(1.0, 100.0), min_size=2, max_size=20), st.data())
def test_progressive_transfer_lowers_inequality(y, data):
    ordered = sorted(y)
    assume(ordered[-1] - ordered[0] > 1e-3)
    amount = data.draw(st.floats(1e-4, (ordered[-1] - ordered[0]) / 2 * 0.999))
    moved = list(ordered)
    moved[0] += amount
    moved[-1] -= amount
    for name in ("Gini", "MLD", "Theil", "GE2", "Atkinson0.5", "Atkinson1"):
        assert INEQUALITY[name](moved) < INEQUALITY[name](ordered) + 1e-15, name
