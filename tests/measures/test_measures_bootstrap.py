"""Bootstrap confidence intervals and the sort-once SortedView."""

from __future__ import annotations

import numpy as np
import pytest

from fupin import measures as m
from fupin.i18n import override
from fupin.measures._order import ascending_order


def test_interval_brackets_the_estimate_and_is_reproducible():
    rng = np.random.default_rng(7)
    y = rng.lognormal(3, 0.8, 400)
    first = m.bootstrap_ci(m.gini, y, n_boot=200, seed=11)
    again = m.bootstrap_ci(m.gini, y, n_boot=200, seed=11)
    assert first == again
    estimate, low, high = first
    assert estimate == m.gini(y)
    assert low < estimate < high


def test_interval_narrows_with_more_data():
    rng = np.random.default_rng(8)
    small = rng.lognormal(3, 0.8, 100)
    large = rng.lognormal(3, 0.8, 2500)
    _, lo_s, hi_s = m.bootstrap_ci(m.theil, small, n_boot=150, seed=1)
    _, lo_l, hi_l = m.bootstrap_ci(m.theil, large, n_boot=150, seed=1)
    assert hi_l - lo_l < hi_s - lo_s


def test_weights_and_extra_arguments_travel_with_the_units():
    y = np.array([1.0, 2.0, 10.0, 20.0])
    w = np.array([1.0, 1.0, 0.0, 0.0])
    # Only the two poor, weighted units matter: every resample keeps H = 1 or has zero weight…
    estimate, low, high = m.bootstrap_ci(
        lambda y, weights: m.headcount(y, 5.0, weights=weights) if weights.sum() else 1.0,
        y,
        weights=w,
        n_boot=50,
        seed=3,
    )
    assert (estimate, low, high) == (1.0, 1.0, 1.0)


def test_cluster_resampling_keeps_villages_whole():
    # Two villages: everyone poor in one, nobody in the other. Resampling whole villages gives
    # headcounts of 0, 1/2 or 1 only — never anything between, which unit resampling would.
    y = np.array([1.0] * 5 + [100.0] * 5)
    villages = ["a"] * 5 + ["b"] * 5
    seen = set()

    def statistic(values):
        seen.add(round(m.headcount(values, 10.0), 12))
        return m.headcount(values, 10.0)

    m.bootstrap_ci(statistic, y, n_boot=60, seed=5, clusters=villages)
    assert seen <= {0.0, 0.5, 1.0} and len(seen) > 1


def test_alkire_foster_statistic_over_rows():
    x = np.array([[1, 0], [1, 1], [0, 0], [0, 1]] * 10)
    estimate, low, high = m.bootstrap_ci(
        lambda a: m.alkire_foster(a, k=1.0).M0, x, n_boot=100, seed=2
    )
    assert estimate == 0.25 and low <= 0.25 <= high


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"n_boot": 0}, "n_boot"), ({"level": 1.0}, "level"), ({"clusters": [1, 2]}, "clusters")],
)
def test_bad_arguments(kwargs, message):
    with override("en"), pytest.raises(ValueError, match=message):
        m.bootstrap_ci(m.gini, [1.0, 2.0, 3.0], **kwargs)


def test_sorted_view_serves_every_rank_measure():
    rng = np.random.default_rng(4)
    y = rng.lognormal(2, 1, 300)
    w = rng.integers(1, 5, 300)
    view = m.sorted_view(y, weights=w)
    z = float(np.median(y))
    pairs = [
        (m.gini(view), m.gini(y, weights=w)),
        (m.sen(view, z), m.sen(y, z, weights=w)),
        (m.sst(view, z), m.sst(y, z, weights=w)),
        (m.takayama(view, z), m.takayama(y, z, weights=w)),
        (m.thon(view, z), m.thon(y, z, weights=w)),
        (m.kakwani(view, z, 2), m.kakwani(y, z, 2, weights=w)),
        (m.palma(view), m.palma(y, weights=w)),
        (m.theil(view), m.theil(y, weights=w)),
        (m.headcount(view, z), m.headcount(y, z, weights=w)),
    ]
    for from_view, direct in pairs:
        assert from_view == pytest.approx(direct, rel=1e-12)


@pytest.mark.parametrize(
    "values",
    [
        np.random.default_rng(1).lognormal(9, 1, 100_000),
        # near-ties that share all but the lowest bits of their keys, in reverse order
        1.0 + np.arange(80_000)[::-1] * 1e-14,
        np.concatenate([np.zeros(3), -np.zeros(3), np.random.default_rng(2).normal(0, 1, 70_000)]),
        np.random.default_rng(3).integers(-3, 3, 90_000).astype(float),
    ],
)
def test_fast_order_is_a_true_ascending_order(values):
    order, ordered = ascending_order(values)
    assert np.array_equal(np.sort(order), np.arange(values.shape[0]))
    assert np.array_equal(values[order], ordered)
    assert np.array_equal(ordered, np.sort(values))
