"""Every measure against a plain, independent implementation of its textbook definition."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import numpy as np
import pytest
from measures_reference import (
    atkinson,
    blackorby_donaldson,
    chu,
    fgt,
    generalized_entropy,
    gini_pairs,
    gini_sorted,
    kakwani,
    sen_ineq_form,
    sen_rank_form,
    sst_ineq_form,
    thon,
    top_bottom_shares,
    watts,
)

from fupin import measures as m

INCOMES = [
    3.0,
    7.5,
    1.2,
    9.9,
    4.4,
    4.4,
    12.0,
    0.8,
    6.1,
    15.3,
    2.2,
    5.0,
    8.7,
    30.0,
    3.3,
    4.9,
    11.0,
    6.6,
    1.9,
    20.0,
]
LINE = 6.0
ILOCOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ilocos" / "ilocos.csv"


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-14)


@pytest.mark.parametrize("alpha", [0.0, 0.5, 1.0, 1.5, 2.0, 3.0])
def test_fgt_is_the_mean_of_powered_gaps(alpha):
    assert close(m.fgt(INCOMES, LINE, alpha), fgt(INCOMES, LINE, alpha))


def test_named_fgt_members():
    assert close(m.headcount(INCOMES, LINE), 10 / 20)
    assert close(m.poverty_gap(INCOMES, LINE), fgt(INCOMES, LINE, 1))
    assert close(m.squared_gap(INCOMES, LINE), fgt(INCOMES, LINE, 2))


def test_poor_is_strictly_below_the_line():
    assert m.headcount([5.0, 6.0, 7.0], 6.0) == pytest.approx(1 / 3)
    assert m.poverty_gap([6.0, 6.0], 6.0) == 0.0


def test_watts_and_hagenaars():
    assert close(m.watts(INCOMES, LINE), watts(INCOMES, LINE))
    assert close(m.hagenaars(INCOMES, LINE), watts(INCOMES, LINE) / math.log(LINE))


@pytest.mark.parametrize("alpha", [-1.0, -0.5, 0.25, 0.5, 1.0])
def test_chu(alpha):
    assert close(m.chu(INCOMES, LINE, alpha), chu(INCOMES, LINE, alpha))


def test_chu_at_zero_is_watts():
    assert close(m.chu(INCOMES, LINE, 0.0), watts(INCOMES, LINE))
    assert abs(m.chu(INCOMES, LINE, 1e-7) - watts(INCOMES, LINE)) < 1e-6


@pytest.mark.parametrize("epsilon", [0.1, 0.5, 0.9])
def test_chakravarty(epsilon):
    assert close(m.chakravarty(INCOMES, LINE, epsilon), epsilon * chu(INCOMES, LINE, epsilon))


@pytest.mark.parametrize("epsilon", [0.0, 0.5, 1.0, 2.0])
def test_blackorby_donaldson(epsilon):
    expected = blackorby_donaldson(INCOMES, LINE, epsilon)
    assert close(m.blackorby_donaldson(INCOMES, LINE, epsilon), expected)


def test_blackorby_donaldson_at_zero_aversion_is_the_poverty_gap():
    assert close(m.blackorby_donaldson(INCOMES, LINE, 0.0), fgt(INCOMES, LINE, 1))


def test_sen_finite_and_asymptotic_forms():
    assert close(m.sen(INCOMES, LINE), sen_rank_form(INCOMES, LINE))
    assert close(m.sen(INCOMES, LINE, asymptotic=True), sen_ineq_form(INCOMES, LINE))


def test_sst_matches_ineq_form_and_gini_of_gaps():
    gaps = [max(LINE - v, 0) / LINE for v in INCOMES]
    via_gini = fgt(INCOMES, LINE, 1) * (1 + gini_pairs(gaps))
    assert close(m.sst(INCOMES, LINE), sst_ineq_form(INCOMES, LINE))
    assert close(m.sst(INCOMES, LINE), via_gini)


def test_takayama_is_the_gini_of_censored_incomes():
    censored = [min(v, LINE) for v in INCOMES]
    assert close(m.takayama(INCOMES, LINE), gini_pairs(censored))


def test_thon():
    assert close(m.thon(INCOMES, LINE), thon(INCOMES, LINE))


@pytest.mark.parametrize("k", [0, 1, 2, 3, 0.5, 1.5])
def test_kakwani(k):
    assert close(m.kakwani(INCOMES, LINE, k), kakwani(INCOMES, LINE, k))


def test_kakwani_one_is_sen():
    assert close(m.kakwani(INCOMES, LINE, 1), sen_rank_form(INCOMES, LINE))


@pytest.mark.parametrize("convention", ["midpoint", "sample"])
def test_gini_conventions_unweighted(convention):
    n = len(INCOMES)
    factor = n / (n - 1) if convention == "sample" else 1.0
    assert close(m.gini(INCOMES, convention=convention), gini_pairs(INCOMES) * factor)


def test_survey_gini_follows_its_formula():
    w = [1.5, 2.0, 0.5, 3.0]
    y = [4.0, 1.0, 9.0, 2.0]
    order = sorted(range(4), key=lambda i: y[i])
    total_w, total_wy, acc, cum = sum(w), sum(a * b for a, b in zip(w, y, strict=True)), 0.0, 0.0
    for i in order:
        cum += w[i]
        acc += (2 * cum - 1) * w[i] * y[i]
    assert close(m.gini(y, weights=w, convention="survey"), acc / (total_w * total_wy) - 1)


@pytest.mark.parametrize("alpha", [-1.0, 0.0, 0.5, 1.0, 2.0, 3.0])
def test_generalized_entropy(alpha):
    assert close(m.generalized_entropy(INCOMES, alpha), generalized_entropy(INCOMES, alpha))


def test_theil_and_mld_are_ge_one_and_zero():
    assert close(m.theil(INCOMES), generalized_entropy(INCOMES, 1))
    assert close(m.mld(INCOMES), generalized_entropy(INCOMES, 0))


def test_theil_with_zero_incomes_uses_zero_log_zero():
    y = [0.0, 0.0, 5.0, 10.0]
    assert close(m.theil(y), generalized_entropy(y, 1))


@pytest.mark.parametrize("epsilon", [0.0, 0.5, 1.0, 1.5, 2.0])
def test_atkinson(epsilon):
    assert close(m.atkinson(INCOMES, epsilon), atkinson(INCOMES, epsilon))


def test_palma_and_quantile_shares_on_whole_units():
    top, bottom = top_bottom_shares(INCOMES, 2, 8)  # 20 units: top 10 % = 2, bottom 40 % = 8
    assert close(m.palma(INCOMES), top / bottom)
    assert close(m.quantile_share(INCOMES, 0.9, 1.0), top)
    assert close(m.quantile_share(INCOMES, 0.0, 0.4), bottom)
    assert close(m.quantile_share(INCOMES, 0.0, 1.0), 1.0)


def test_quantile_share_splits_a_unit_at_the_boundary():
    # 4 units, the poorest 30 % holds unit 1 and a fifth of unit 2: (1 + 0.2·2)/10.
    assert close(m.quantile_share([1.0, 2.0, 3.0, 4.0], 0.0, 0.3), 1.4 / 10)


def _ilocos() -> tuple[list[float], list[int]]:
    if not ILOCOS.exists():
        pytest.skip(f"shared Ilocos data not found at {ILOCOS}")
    with ILOCOS.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [float(r["AP.income"]) for r in rows], [int(float(r["AP.weight"])) for r in rows]


def test_ilocos_survey_weights_equal_the_replicated_population():
    # AP.weight are integer survey weights: 2.79 M replicated households.
    income, weight = _ilocos()
    positive = [(y, w) for y, w in zip(income, weight, strict=True) if y > 0]
    y = [a for a, _ in positive]
    w = [b for _, b in positive]
    population = np.repeat(np.asarray(y), np.asarray(w))
    line = float(np.median(population))
    poor = population < line
    ratio = population / population.mean()
    assert math.isclose(m.gini(y, weights=w), gini_sorted(population), rel_tol=1e-9)
    assert math.isclose(m.headcount(y, line, weights=w), poor.mean(), rel_tol=1e-12)
    p2 = np.mean(np.where(poor, ((line - population) / line) ** 2, 0.0))
    assert math.isclose(m.squared_gap(y, line, weights=w), p2, rel_tol=1e-9)
    watts_index = np.mean(np.log(line / np.minimum(population, line)))
    assert math.isclose(m.watts(y, line, weights=w), watts_index, rel_tol=1e-9)
    assert math.isclose(m.theil(y, weights=w), np.mean(ratio * np.log(ratio)), rel_tol=1e-9)
