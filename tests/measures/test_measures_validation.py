"""Bad input raises ValueError with the reason; array-likes of every kind are accepted."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fupin import measures as m
from fupin.i18n import override


@pytest.fixture(autouse=True)
def english():
    with override("en"):
        yield


def test_empty_input():
    with pytest.raises(ValueError, match="incomes are empty"):
        m.headcount([], 1.0)


@pytest.mark.parametrize("measure", [m.headcount, m.watts, m.sen])
def test_nan_anywhere(measure):
    with pytest.raises(ValueError, match="1 NaN value"):
        measure([1.0, float("nan"), 3.0], 2.0)


def test_nan_counted():
    with pytest.raises(ValueError, match="incomes contain 2 NaN values"):
        m.gini([1.0, math.nan, 3.0, math.nan])


def test_infinite_income():
    with pytest.raises(ValueError, match="infinite"):
        m.theil([1.0, math.inf])


def test_negative_weights_are_counted():
    with pytest.raises(ValueError, match="2 weights are negative"):
        m.poverty_gap([1, 2, 3], 2, weights=[1, -1, -2])


def test_all_zero_weights():
    with pytest.raises(ValueError, match="weights sum to zero"):
        m.fgt([1, 2, 3], 2, 1.0, weights=[0, 0, 0])


def test_nan_weight():
    with pytest.raises(ValueError, match="weights contain NaN"):
        m.gini([1, 2, 3], weights=[1, math.nan, 1])


def test_mismatched_lengths():
    with pytest.raises(ValueError, match=r"different lengths \(3 and 2\)"):
        m.headcount([1, 2, 3], 2, weights=[1, 1])


def test_two_dimensional_incomes():
    with pytest.raises(ValueError, match="one-dimensional"):
        m.gini([[1, 2], [3, 4]])


@pytest.mark.parametrize("z", [0, -1, math.nan, math.inf])
def test_bad_poverty_line(z):
    with pytest.raises(ValueError, match="poverty line"):
        m.headcount([1, 2], z)


@pytest.mark.parametrize(
    ("call", "count"),
    [
        (lambda y: m.watts(y, 5), 3),
        (lambda y: m.mld(y), 3),
        (lambda y: m.atkinson(y, 1.0), 3),
        (lambda y: m.atkinson(y, 2.0), 3),
        (lambda y: m.generalized_entropy(y, -1), 3),
        (lambda y: m.hagenaars(y, 5), 3),
        (lambda y: m.chu(y, 5, -0.5), 3),
        (lambda y: m.blackorby_donaldson(y, 5, 1.0), 3),
    ],
)
def test_undefined_for_non_positive_incomes_names_the_count(call, count):
    with pytest.raises(ValueError, match=f"{count} incomes are not positive"):
        call([0.0, -1.0, 2.0, 0.0, 7.0])


def test_one_non_positive_income_is_singular():
    with pytest.raises(ValueError, match="1 income is not positive"):
        m.watts([0.0, 2.0], 5)


@pytest.mark.parametrize(
    "call",
    [lambda y: m.theil(y), lambda y: m.atkinson(y, 0.5), lambda y: m.chakravarty(y, 5, 0.5)],
)
def test_negative_incomes_rejected_where_zero_is_fine(call):
    assert math.isfinite(call([0.0, 2.0, 9.0]))
    with pytest.raises(ValueError, match="1 income is negative"):
        call([-1.0, 2.0, 9.0])


def test_zero_income_above_line_watts_is_fine_when_positive():
    assert m.watts([0.5, 10.0], 1.0) == pytest.approx(math.log(2) / 2)


def test_hagenaars_needs_line_above_one():
    with pytest.raises(ValueError, match="above 1"):
        m.hagenaars([0.5, 2.0], 1.0)


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: m.chakravarty([1, 2], 3, 1.0), "epsilon"),
        (lambda: m.fgt([1, 2], 3, -1), "alpha"),
        (lambda: m.kakwani([1, 2], 3, -1), "k"),
        (lambda: m.quantile_share([1, 2], 0.5, 0.2), "lower"),
        (lambda: m.atkinson([1, 2], -0.5), "epsilon"),
    ],
)
def test_parameter_out_of_range(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_unknown_gini_convention():
    with pytest.raises(ValueError, match="convention"):
        m.gini([1, 2], convention="bogus")


def test_zero_mean():
    with pytest.raises(ValueError, match="mean income is not positive"):
        m.gini([0.0, 0.0])


def test_message_in_chinese_by_request():
    with override("zh-hans"), pytest.raises(ValueError, match="收入为空"):
        m.headcount([], 1.0)


def test_array_likes_give_identical_results():
    import pandas as pd

    values = [3.0, 1.0, 8.0, 2.5, 6.0]
    expected = m.gini(values)
    assert m.gini(np.array(values)) == expected
    assert m.gini(tuple(values)) == expected
    assert m.gini(pd.Series(values)) == expected
    assert m.gini(np.array(values, dtype=np.float32)) == pytest.approx(expected, rel=1e-7)
    assert m.headcount(pd.Series([1, 2, 3]), 2.5, weights=pd.Series([1, 1, 2])) == 0.5


def test_polars_series_accepted():
    import polars as pl

    assert m.headcount(pl.Series([1.0, 2.0, 3.0]), 2.5) == pytest.approx(2 / 3)


def test_input_is_not_modified():
    y = np.array([5.0, 1.0, 3.0])
    w = np.array([1.0, 2.0, 1.0])
    m.gini(y, weights=w)
    m.sen(y, 4.0, weights=w)
    assert y.tolist() == [5.0, 1.0, 3.0] and w.tolist() == [1.0, 2.0, 1.0]


def test_sorted_view_rejects_second_weights():
    view = m.sorted_view([1.0, 2.0], weights=[1, 1])
    with pytest.raises(ValueError, match="sorted_view"):
        m.gini(view, weights=[1, 1])
