"""fupin.measures against published values: R ineq's documented outputs (its example vectors and
the Ilocos data) and the Alkire & Foster (2011) worked example."""

from __future__ import annotations

import csv
from fractions import Fraction
from pathlib import Path

import pytest

from fupin import measures as m

# R ineq 0.2-13, tests/Examples/ineq-Ex.Rout.save (R 3.1.0): the ?ineq, ?pov and ?Lasym examples.
X = [541, 1463, 2445, 3438, 4437, 5401, 6392, 8304, 11904, 22261]
Y = [841, 2063, 2445, 3438, 4437, 5401, 6392, 8304, 11304, 21961]
R_PRINT = 5e-8  # R printed 7 significant digits

ILOCOS = Path(__file__).resolve().parents[3] / "shared" / "data" / "ilocos" / "ilocos.csv"


def test_gini_matches_r_ineq_example():
    assert m.gini(X) == pytest.approx(0.4620911, abs=R_PRINT)


def test_sample_gini_matches_r_ineq_corrected_gini():
    # Damgaard & Weiner (2000) figure 2, Gini(x, corr = TRUE) = 0.4444444
    x = [50 / 9] * 9 + [50]
    assert m.gini(x, convention="sample") == pytest.approx(0.4444444, abs=R_PRINT)


def test_atkinson_matches_r_ineq_example():
    assert m.atkinson(X, 0.5) == pytest.approx(0.1796591, abs=R_PRINT)


def test_watts_matches_r_ineq_pov_examples():
    assert m.watts(X, 2000) == pytest.approx(0.1620141, abs=R_PRINT)
    assert m.watts(Y, 2000) == pytest.approx(0.08663108, abs=5e-9)


def test_headcount_matches_r_ineq_foster_parameter_one():
    # ineq's Foster(parameter = 1) is the headcount: its parameter is α + 1.
    assert m.headcount(X, 2000) == 0.2
    assert m.headcount(Y, 2000) == 0.1


def _ilocos_province(name: str) -> list[float]:
    if not ILOCOS.exists():
        pytest.skip(f"shared Ilocos data not found at {ILOCOS}")
    with ILOCOS.open(newline="") as handle:
        return [float(row["income"]) for row in csv.DictReader(handle) if row["province"] == name]


@pytest.mark.parametrize(
    ("province", "atkinson_half", "theil_t"),
    [("Pangasinan", 0.1291856, 0.2837236), ("La Union", 0.1672924, 0.3622122)],
)
def test_ilocos_matches_r_ineq_lc_example(province, atkinson_half, theil_t):
    income = _ilocos_province(province)
    assert len(income) == {"Pangasinan": 383, "La Union": 116}[province]
    # The R example divides by 10000 first; both indices are scale invariant.
    scaled = [v / 10000 for v in income]
    assert m.atkinson(scaled, 0.5) == pytest.approx(atkinson_half, abs=R_PRINT)
    assert m.theil(scaled) == pytest.approx(theil_t, abs=R_PRINT)
    assert m.generalized_entropy(income, 1) == pytest.approx(theil_t, abs=R_PRINT)


# Alkire & Foster (2011), J. Public Economics 95: the 4 × 4 example, cutoffs z = (13, 12, 3, 1).
AF_Y = [[13.1, 14, 4, 1], [15.2, 7, 5, 0], [12.5, 10, 1, 0], [20, 11, 3, 1]]
AF_Z = (13, 12, 3, 1)


def test_alkire_foster_worked_example():
    result = m.alkire_foster(AF_Y, AF_Z, k=0.5)  # k = 2 of 4 equally weighted indicators
    assert result.H == 0.5
    assert result.A == 0.75
    assert result.M0 == 0.375
    assert result.poor.tolist() == [False, True, True, False]
    assert result.scores.tolist() == [0.0, 0.5, 1.0, 0.25]
    assert result.uncensored_headcounts.tolist() == [0.25, 0.75, 0.25, 0.5]
    # Person 4 is deprived in income (11 < 12) but not poor, so censored out.
    assert result.censored_headcounts.tolist() == [0.25, 0.5, 0.25, 0.5]


def test_alkire_foster_worked_example_gap_measures():
    # Normalised gaps of the two poor persons, by hand in exact fractions.
    person2 = [Fraction(0), Fraction(12 - 7, 12), Fraction(0), Fraction(1)]
    person3 = [Fraction(1, 2) / 13, Fraction(2, 12), Fraction(2, 3), Fraction(1)]
    m1 = (sum(person2) + sum(person3)) / 16
    m2 = (sum(g * g for g in person2) + sum(g * g for g in person3)) / 16
    result = m.alkire_foster(AF_Y, AF_Z, k=0.5)
    assert pytest.approx(float(m1), rel=1e-14) == result.M1
    assert pytest.approx(float(m2), rel=1e-14) == result.M2


def test_alkire_foster_worked_example_from_deprivations():
    deprived = [[0, 0, 0, 0], [0, 1, 0, 1], [1, 1, 1, 1], [0, 1, 0, 0]]
    result = m.alkire_foster(deprived, k=0.5)
    assert (result.H, result.A, result.M0) == (0.5, 0.75, 0.375)
    assert result.M1 is None and result.M2 is None
