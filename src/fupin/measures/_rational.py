"""Exact Alkire–Foster thresholds: indicator weights and k as small rationals.

Scores are sums of indicator weights; with floats, six weights of 1/6 sum to 0.9999999999999999
and a unit deprived in everything would miss k = 1. Reading each weight as the nearest fraction
with a denominator up to 10⁶ (when that fraction reproduces the float) turns every score into an
integer multiple of 1/D, compared with k exactly. When the weights are not small rationals, the
comparison falls back to floats with an explicit tolerance of 1e-9.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from fupin.measures._checks import Array

MAX_DENOMINATOR = 10**6
# Scores must stay exact in float64 BLAS sums: D·d below 2^53 with room to spare.
MAX_COMMON_DENOMINATOR = 1 << 40
TOLERANCE = 1e-9


@dataclass(frozen=True)
class ScoreScale:
    """Per-indicator score increments and the poverty threshold on that scale."""

    increments: Array  # float64 values; integers when exact
    denominator: float  # score / denominator = share of weighted indicators
    threshold: float  # poor when score >= threshold
    exact: bool


def _as_fraction(value: float) -> Fraction | None:
    """The small fraction equal to value, or None when there is none."""
    fraction = Fraction(value).limit_denominator(MAX_DENOMINATOR)
    if abs(float(fraction) - value) > 1e-15 * max(1.0, abs(value)):
        return None
    return fraction


def score_scale(normalised: Array, raw: Array, k: float) -> ScoreScale:
    """Integer increments and threshold when weights and k are small rationals, else floats."""
    fractions = [_as_fraction(float(v)) for v in raw]
    share = _as_fraction(k)
    if share is not None and all(f is not None for f in fractions):
        exact = [f for f in fractions if f is not None]
        total = sum(exact, Fraction(0))
        relative = [f / total for f in exact]
        common = math.lcm(*(f.denominator for f in relative), share.denominator)
        if common * len(relative) < MAX_COMMON_DENOMINATOR:
            increments = np.array([int(f * common) for f in relative], dtype=np.float64)
            threshold = share * common  # an integer, since share.denominator divides common
            return ScoreScale(increments, float(common), float(threshold), True)
    return ScoreScale(normalised.astype(np.float64), 1.0, k - TOLERANCE, False)
