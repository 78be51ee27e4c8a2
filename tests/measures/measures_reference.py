"""Independent, deliberately plain implementations used as expected values in the measures tests.

Each follows the textbook formula literally (loops, pairwise sums, replication) and shares no
code with fupin.measures, so a test comparing the two checks the optimised code against the
definition rather than against itself.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np


def replicate(y: Sequence[float], weights: Sequence[int]) -> list[float]:
    """Each income repeated as many times as its integer weight."""
    out: list[float] = []
    for value, count in zip(y, weights, strict=True):
        out.extend([float(value)] * int(count))
    return out


def gini_pairs(y: Sequence[float]) -> float:
    """Population Gini: mean absolute difference over all ordered pairs / (2·mean)."""
    n = len(y)
    mean = sum(y) / n
    total = sum(abs(a - b) for a in y for b in y)
    return total / (2 * n * n * mean)


def gini_sorted(y: Sequence[float]) -> float:
    """Population Gini by the classic sorted formula 2Σ i·y_(i)/(n·Σy) − (n+1)/n."""
    s = np.sort(np.asarray(y, dtype=float))
    n = s.shape[0]
    i = np.arange(1, n + 1, dtype=float)
    return float(2 * np.sum(i * s) / (n * s.sum()) - (n + 1) / n)


def fgt(y: Sequence[float], z: float, alpha: float) -> float:
    """FGT by a loop over units."""
    total = 0.0
    for value in y:
        if value < z:
            total += ((z - value) / z) ** alpha
    return total / len(y)


def watts(y: Sequence[float], z: float) -> float:
    """Watts by a loop."""
    return sum(math.log(z / v) for v in y if v < z) / len(y)


def sen_rank_form(y: Sequence[float], z: float) -> float:
    """Sen (1976) in its rank form 2/((q+1)·n·z)·Σ_{i≤q} (z − y_i)(q + 1 − i)."""
    poor = sorted(v for v in y if v < z)
    q = len(poor)
    if q == 0:
        return 0.0
    acc = sum((z - v) * (q + 1 - i) for i, v in enumerate(poor, start=1))
    return 2 * acc / ((q + 1) * len(y) * z)


def sen_ineq_form(y: Sequence[float], z: float) -> float:
    """R ineq's Sen(): H·(I + (1 − I)·Gini(poor)) — the asymptotic form."""
    poor = [v for v in y if v < z]
    if not poor:
        return 0.0
    h = len(poor) / len(y)
    i = sum((z - v) / z for v in poor) / len(poor)
    return h * (i + (1 - i) * gini_pairs(poor))


def sst_ineq_form(y: Sequence[float], z: float) -> float:
    """R ineq's SST(): Σ_{i≤q} (2n − 2i + 1)(z − y_i)/z / n², the poor sorted ascending."""
    poor = sorted(v for v in y if v < z)
    n = len(y)
    return sum((2 * n - 2 * i + 1) * (z - v) / z for i, v in enumerate(poor, start=1)) / n**2


def thon(y: Sequence[float], z: float) -> float:
    """Thon (1979): 2/(n(n+1)z)·Σ_poor (n + 1 − i)(z − y_i)."""
    n = len(y)
    ordered = sorted(y)
    acc = sum((n + 1 - i) * (z - v) for i, v in enumerate(ordered, start=1) if v < z)
    return 2 * acc / (n * (n + 1) * z)


def kakwani(y: Sequence[float], z: float, k: float) -> float:
    """Kakwani (1980): q/(n·z·Σ i^k)·Σ (q + 1 − i)^k (z − y_i)."""
    poor = sorted(v for v in y if v < z)
    q = len(poor)
    if q == 0:
        return 0.0
    denominator = sum(i**k for i in range(1, q + 1))
    acc = sum((q + 1 - i) ** k * (z - v) for i, v in enumerate(poor, start=1))
    return q * acc / (len(y) * z * denominator)


def mean_of(values: Sequence[float]) -> float:
    """Arithmetic mean."""
    return sum(values) / len(values)


def generalized_entropy(y: Sequence[float], alpha: float) -> float:
    """GE(α) by loops, with 0·ln 0 = 0 for Theil."""
    mu = mean_of(y)
    if alpha == 0:
        return mean_of([math.log(mu / v) for v in y])
    if alpha == 1:
        return mean_of([(v / mu) * math.log(v / mu) if v > 0 else 0.0 for v in y])
    return (mean_of([(v / mu) ** alpha for v in y]) - 1) / (alpha * (alpha - 1))


def atkinson(y: Sequence[float], epsilon: float) -> float:
    """Atkinson by loops."""
    mu = mean_of(y)
    if epsilon == 1:
        return 1 - math.exp(mean_of([math.log(v) for v in y])) / mu
    ede = mean_of([v ** (1 - epsilon) for v in y]) ** (1 / (1 - epsilon))
    return 1 - ede / mu


def chu(y: Sequence[float], z: float, alpha: float) -> float:
    """Clark–Hemming–Ulph by a loop."""
    return mean_of([1 - (min(v, z) / z) ** alpha for v in y]) / alpha


def blackorby_donaldson(y: Sequence[float], z: float, epsilon: float) -> float:
    """Blackorby–Donaldson: H·(z − ξ)/z with ξ the Atkinson EDE income of the poor."""
    poor = [v for v in y if v < z]
    if not poor:
        return 0.0
    if epsilon == 1:
        ede = math.exp(mean_of([math.log(v) for v in poor]))
    else:
        ede = mean_of([v ** (1 - epsilon) for v in poor]) ** (1 / (1 - epsilon))
    return len(poor) / len(y) * (z - ede) / z


def top_bottom_shares(y: Sequence[float], top: int, bottom: int) -> tuple[float, float]:
    """Income shares of the richest `top` and the poorest `bottom` units."""
    ordered = sorted(y)
    total = sum(ordered)
    return sum(ordered[-top:]) / total, sum(ordered[:bottom]) / total
