"""Calibrates the per-capita income distribution to a poverty share and a mean income.

Each household has a latent income rank. Its market per-capita income is log-normal in that
rank with a Pareto tail above the 97th percentile; relief transfers (pensions, dibao, wubao) are
added on top. Two parameters — the log-normal's location and spread — are solved so that the
people-weighted share below the line and the people-weighted mean income hit their targets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

TAIL_QUANTILE = 0.97
PARETO_ALPHA = 2.5
_ITERATIONS = 30


@dataclass(frozen=True)
class Targets:
    """What the calibrated county must show (people-weighted)."""

    line: float
    poor_share: float
    mean_income: float


def shape(z: np.ndarray, order: np.ndarray, spread: float) -> np.ndarray:
    """Per-capita market income at location 0: log-normal in ``z`` with a Pareto upper tail.

    ``order`` is ``argsort(z)``; ranks above the tail quantile follow a Pareto law instead.
    """
    base = np.exp(spread * z)
    n = z.size
    tail_start = int(np.floor(TAIL_QUANTILE * n))
    tail = order[tail_start:]
    if tail.size:
        x0 = base[order[tail_start]]
        survival = (n - np.arange(tail_start, n)) / n
        base[tail] = x0 * ((1.0 - TAIL_QUANTILE) / survival) ** (1.0 / PARETO_ALPHA)
    return base


def _scale_for_poor_share(
    base: np.ndarray, relief_pc: np.ndarray, size: np.ndarray, targets: Targets
) -> float:
    """The multiplier of ``base`` that puts ``poor_share`` of people below the line.

    A household is poor while the multiplier is below its threshold (line - relief) / base, so
    sorting the thresholds gives the exact multiplier without a search.
    """
    threshold = (targets.line - relief_pc) / base
    order = np.argsort(-threshold, kind="stable")
    people = np.cumsum(size[order]) / size.sum()
    k = int(np.searchsorted(people, targets.poor_share))
    k = min(k, threshold.size - 1)
    # Between household k's threshold and the next one down: households 0..k are poor.
    upper = float(threshold[order[k]])
    lower = float(threshold[order[k + 1]]) if k + 1 < threshold.size else 0.0
    return 0.5 * (upper + max(lower, 0.0))


def _mean_income(scale: float, base: np.ndarray, relief_pc: np.ndarray, size: np.ndarray) -> float:
    return float(((scale * base + relief_pc) * size).sum() / size.sum())


def solve(z: np.ndarray, relief_pc: np.ndarray, size: np.ndarray, targets: Targets) -> np.ndarray:
    """Market per-capita income for each household, calibrated to ``targets``."""
    order = np.argsort(z, kind="stable")
    low, high = 0.05, 2.5
    for _ in range(_ITERATIONS):
        spread = 0.5 * (low + high)
        base = shape(z, order, spread)
        scale = _scale_for_poor_share(base, relief_pc, size, targets)
        if _mean_income(scale, base, relief_pc, size) < targets.mean_income:
            low = spread
        else:
            high = spread
    base = shape(z, order, 0.5 * (low + high))
    return _scale_for_poor_share(base, relief_pc, size, targets) * base
