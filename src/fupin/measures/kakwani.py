"""Kakwani (1980) poverty index with rank weights raised to the power k.

kakwani(k) = q/(N·z·Σ_{i≤q} i^k)·Σ_{i≤q} (q + 1 − i)^k (z − y_i), the poor sorted ascending.

With weights, a unit of weight w stands for w replicas at ranks C_{i−1}+1 … C_i. For integer
k (the usual k = 1, 2, 3 …) the sum of (q + 1 − r)^k over those replicas is evaluated exactly with
Faulhaber's formula, so integer weights give exactly the replicated-sample value. For fractional k
each unit takes its midpoint rank instead (exact when every weight is 1).
"""

from __future__ import annotations

from fractions import Fraction
from functools import cache
from math import comb
from typing import Any

import numpy as np

from fupin.measures._checks import Array, check_line, check_parameter
from fupin.measures._kernel import dot
from fupin.measures.ranked import rank_sum
from fupin.measures.sorted_view import view_of

MAX_EXACT_K = 12


@cache
def _bernoulli(m: int) -> Fraction:
    """Bernoulli number B_m with B_1 = −1/2."""
    if m == 0:
        return Fraction(1)
    return -sum((comb(m + 1, j) * _bernoulli(j) for j in range(m)), Fraction(0)) / (m + 1)


@cache
def _faulhaber(m: int) -> tuple[float, ...]:
    """Coefficients c_p of S_m(n) = Σ_{j=0}^{n−1} j^m = Σ_p c_p·n^p (p = 0 … m+1)."""
    coefficients = [Fraction(0)] * (m + 2)
    for j in range(m + 1):
        coefficients[m + 1 - j] += comb(m + 1, j) * _bernoulli(j) / (m + 1)
    return tuple(float(c) for c in coefficients)


def power_sum(m: int, n: Array | float) -> Array:
    """S_m(n) = Σ_{j=0}^{n−1} j^m, as the Faulhaber polynomial in n."""
    return np.asarray(np.polynomial.polynomial.polyval(n, _faulhaber(m)))


def run_power_sum(start: Array, length: Array, k: int) -> Array:
    """Σ_{j=0}^{length−1} (start + j)^k by the binomial expansion (all terms non-negative)."""
    total = np.zeros_like(start)
    for m in range(k + 1):
        total += comb(k, m) * start ** (k - m) * power_sum(m, length)
    return total


def kakwani(y: Any, z: Any, k: float, weights: Any = None) -> float:
    """Kakwani (1980) index: rank weights (q + 1 − i)^k on the poverty gaps (k ≥ 0)."""
    power = check_parameter(k, "k", 0.0, 50.0)
    line = check_line(z)
    view = view_of(y, weights)
    q = view.count_below(line)
    poor = view.weight_before(q)
    if poor <= 0:  # nobody poor, or only units of weight zero
        return 0.0
    exact = power.is_integer() and power <= MAX_EXACT_K
    if exact:
        kk = int(power)
        denominator = float(power_sum(kk, poor + 1.0)) - (1.0 if kk == 0 else 0.0)

        def term(yc: Array, wc: Array, r: Array) -> float:
            # Replica values q + 1 − r run from q + 1 − C_i upwards, w_i of them.
            start = poor + 1.0 - (r + 0.5 * wc)
            return dot(run_power_sum(start, wc, kk), line - yc)

    else:
        denominator = rank_sum(view, 0, q, lambda yc, wc, r: dot(wc, (r + 0.5) ** power))

        def term(yc: Array, wc: Array, r: Array) -> float:
            return dot(wc * (poor + 0.5 - r) ** power, line - yc)

    numerator = rank_sum(view, 0, q, term)
    return poor * numerator / (view.total * line * denominator)
