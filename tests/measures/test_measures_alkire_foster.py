"""Alkire–Foster identification, aggregation and decompositions."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fupin import measures as m
from fupin.i18n import override

DEPRIVED = np.array(
    [
        [1, 1, 1, 1, 1, 1],
        [1, 1, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0],
        [1, 0, 1, 0, 1, 0],
        [0, 1, 1, 1, 1, 1],
    ]
)


def test_six_equal_weights_reach_k_one_exactly():
    # Σ 1/6 over six indicators is 0.9999999999999999 in floats; it must count as k = 1.
    assert sum([1 / 6] * 6) < 1
    result = m.alkire_foster(DEPRIVED, k=1.0, indicator_weights=[1 / 6] * 6)
    assert result.poor.tolist() == [True, False, False, False, False]
    assert result.scores[0] == 1.0


@pytest.mark.parametrize(("k", "poor"), [(1 / 3, 4), (0.5, 3), (2 / 3, 2), (5 / 6, 2)])
def test_scores_equal_to_k_count_as_poor(k, poor):
    # Scores are 1, 1/3, 0, 1/2, 5/6: a score equal to k is poor.
    result = m.alkire_foster(DEPRIVED, k=k)
    assert int(result.poor.sum()) == poor


def test_unequal_rational_weights_hit_the_threshold():
    weights = [0.1, 0.2, 0.3, 0.4]
    x = np.array([[1, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]])
    result = m.alkire_foster(x, k=0.3, indicator_weights=weights)  # 0.1 + 0.2 reaches 0.3
    assert result.poor.tolist() == [True, True, False]


def test_relative_weights_are_normalised():
    a = m.alkire_foster(DEPRIVED, k=0.4, indicator_weights=[2, 2, 1, 1, 1, 1])
    b = m.alkire_foster(DEPRIVED, k=0.4, indicator_weights=[0.25, 0.25, 0.125, 0.125, 0.125, 0.125])
    assert a.M0 == b.M0 and a.poor.tolist() == b.poor.tolist()


def test_aggregates_follow_the_definitions():
    w = np.array([2, 2, 1, 1, 1, 1]) / 8
    result = m.alkire_foster(DEPRIVED, k=0.4, indicator_weights=[2, 2, 1, 1, 1, 1])
    scores = DEPRIVED @ w
    poor = scores >= 0.4
    assert result.scores == pytest.approx(scores)
    assert pytest.approx(poor.mean()) == result.H
    assert pytest.approx(np.mean(scores * poor)) == result.M0
    assert pytest.approx(scores[poor].mean()) == result.A
    assert pytest.approx(result.H * result.A) == result.M0
    censored = (DEPRIVED * poor[:, None]).mean(axis=0)
    assert result.censored_headcounts == pytest.approx(censored)
    assert result.uncensored_headcounts == pytest.approx(DEPRIVED.mean(axis=0))
    assert result.contributions == pytest.approx(w * censored / result.M0)
    assert result.contributions.sum() == pytest.approx(1.0)


def test_subgroup_decomposition():
    groups = ["north", "south", "north", "south", "south"]
    weights = [1.0, 2.0, 1.5, 0.5, 1.0]
    result = m.alkire_foster(DEPRIVED, k=0.5, sample_weights=weights, groups=groups)
    assert set(result.by_group) == {"north", "south"}
    north = result.by_group["north"]
    assert north.share == pytest.approx(2.5 / 6)
    assert pytest.approx(1.0 / 2.5) == north.H
    assert pytest.approx(1.0 / 2.5) == north.M0
    assert pytest.approx(1.0) == north.A
    total = sum(g.share * g.M0 for g in result.by_group.values())
    assert total == pytest.approx(result.M0)
    assert sum(g.contribution for g in result.by_group.values()) == pytest.approx(1.0)


def test_integer_and_categorical_group_labels():
    import pandas as pd

    codes = m.alkire_foster(DEPRIVED, k=0.5, groups=[3, 0, 3, 0, 0])
    assert set(codes.by_group) == {0, 3}
    categorical = pd.Series(["b", "a", "b", "a", "a"], dtype="category")
    labelled = m.alkire_foster(DEPRIVED, k=0.5, groups=categorical)
    assert labelled.by_group["b"].M0 == codes.by_group[3].M0


def test_no_poor():
    result = m.alkire_foster(np.zeros((3, 4)), k=0.25, groups=[1, 1, 2])
    assert (result.H, result.A, result.M0) == (0.0, 0.0, 0.0)
    assert result.contributions.tolist() == [0.0] * 4
    assert all(g.contribution == 0.0 and g.A == 0.0 for g in result.by_group.values())


def test_sample_weights_equal_replication():
    weights = [3, 1, 2, 0, 4]
    weighted = m.alkire_foster(DEPRIVED, k=0.5, sample_weights=weights)
    replicated = m.alkire_foster(np.repeat(DEPRIVED, weights, axis=0), k=0.5)
    for name in ("H", "A", "M0"):
        assert getattr(weighted, name) == pytest.approx(getattr(replicated, name))
    assert weighted.censored_headcounts == pytest.approx(replicated.censored_headcounts)


def test_gap_measures_are_ordered():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 10, size=(200, 5))
    result = m.alkire_foster(x, np.full(5, 4.0), k=0.4)
    assert result.M0 >= result.M1 >= result.M2 >= 0  # normalised gaps lie in [0, 1]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: m.alkire_foster([[0, 2]], k=0.5), "0 or 1"),
        (lambda: m.alkire_foster([[0, math.nan]], [1, 1], k=0.5), r"NaN \(row 1\)"),
        (lambda: m.alkire_foster([[1, 1]], [1, 1, 1], k=0.5), "3 cutoffs for 2 indicators"),
        (lambda: m.alkire_foster([[1, 1]], k=0), "k must lie in"),
        (lambda: m.alkire_foster([[1, 1]], k=1.5), "k must lie in"),
        (lambda: m.alkire_foster([[1, 1]], k=0.5, indicator_weights=[1, -1]), "non-negative"),
        (lambda: m.alkire_foster([1, 1], k=0.5), "two-dimensional"),
        (lambda: m.alkire_foster([[1, 1]], k=0.5, sample_weights=[-1]), "negative"),
        (lambda: m.alkire_foster([[1, 1]], k=0.5, groups=[1, 2]), "one label per unit"),
    ],
)
def test_bad_input(call, message):
    with override("en"), pytest.raises(ValueError, match=message):
        call()


def test_row_is_named_for_bad_deprivation():
    x = np.zeros((5000, 3))
    x[4321, 1] = 0.5
    with override("en"), pytest.raises(ValueError, match=r"row 4322"):
        m.alkire_foster(x, k=0.5)
