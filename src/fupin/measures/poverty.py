"""Additive income-poverty measures: FGT family, Watts, Clark–Hemming–Ulph, Chakravarty, Hagenaars,
Blackorby–Donaldson. A unit is poor when y < z (strictly).

Each is one streaming pass (see ``_kernel``); the non-poor contribute exactly zero by construction
(e.g. log(min(y, z)/z) = log 1 = 0), which avoids masks and compaction.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.measures._checks import Array, check_line, check_parameter
from fupin.measures._kernel import (
    ONES,
    checked_sums,
    compiled_loops,
    stream,
    weighted_sum,
    wsum,
)
from fupin.measures.sorted_view import arrays_of


def _reciprocal_at_least(z: float) -> float:
    """The reciprocal of z, rounded up when needed so that z·r ≥ 1 (hence y·r ≥ 1 for y ≥ z)."""
    r = 1.0 / z
    while z * r < 1.0:  # 1/z rounded down: z·(1/z) is 1 − 2⁻⁵³ for about one line in seven
        r = math.nextafter(r, math.inf)
    return r


def _ratio(yc: Array, reciprocal: float, out: Array) -> Array:
    """y*/z = min(y/z, 1), exactly 1 for every non-poor unit, written into out.

    `reciprocal` is ``_reciprocal_at_least(z)``: multiplying by a plain 1/z gave
    0.9999999999999999 for y = z = 49, so units on or above the line added ln(1 − 2⁻⁵³) ≠ 0 and
    a population with nobody poor had a Watts index of 1e-16."""
    np.multiply(yc, reciprocal, out=out)
    # Against an array of ones: NumPy's minimum with a scalar operand is slower.
    return np.minimum(out, ONES[: out.shape[0]], out=out)


def _one_minus_power(ratio: Array, power: float) -> Array:
    """1 − ratio**power in place: a cheap ufunc for the common powers, else −expm1(p·log r).

    For the common powers the result is as accurate as the rounded ratio itself (1 − s is exact
    near s = 1), and a square root costs a fraction of a log plus an expm1."""
    cheap = {2.0: np.square, -1.0: np.reciprocal}  # (0.5 has its compiled loop)
    if power in cheap:
        cheap[power](ratio, out=ratio)
    elif power != 1.0:
        np.log(ratio, out=ratio)
        ratio *= power
        np.expm1(ratio, out=ratio)
        return np.negative(ratio, out=ratio)
    return np.subtract(1.0, ratio, out=ratio)


def fgt(y: Any, z: Any, alpha: float = 0.0, weights: Any = None) -> float:
    """Foster–Greer–Thorbecke P_α = mean of 1(y<z)·((z − y)/z)^α (α ≥ 0)."""
    alpha = check_parameter(alpha, "alpha", 0.0, math.inf)
    line = check_line(z)
    values, w = arrays_of(y, weights)
    loops = compiled_loops()
    # One compiled pass: absolute gaps at α = 0, 1, 2 (divided by z^α below), g^α else.
    kind = {0.0: loops.GAP0, 1.0: loops.GAP1, 2.0: loops.GAP2}.get(alpha, loops.GAP_POWER)
    reciprocal = _reciprocal_at_least(line)
    sums = checked_sums(
        loops.ADDITIVE[kind], values, w, line, reciprocal, alpha, require=None, measure="FGT"
    )
    if sums is not None:
        acc, total = sums
        return acc / total / (1.0 if kind == loops.GAP_POWER else line**alpha)

    # A gap or power outside the vectorised functions' range (a tiny gap at a large α, say):
    # NumPy's power of the poor units' absolute gaps, chunk by chunk.
    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        poor = yc < line
        gaps = line - yc[poor]
        np.power(gaps, alpha, out=gaps)
        return (wsum(gaps, None if wc is None else wc[poor]),)

    (acc,), total = stream(values, w, transform, 1)
    return acc / total / line**alpha


def headcount(y: Any, z: Any, weights: Any = None) -> float:
    """Headcount ratio H: the (weighted) share of units with y < z."""
    return fgt(y, z, 0.0, weights)


def poverty_gap(y: Any, z: Any, weights: Any = None) -> float:
    """Poverty-gap index P1: the mean normalised shortfall (z − y)/z over everyone."""
    return fgt(y, z, 1.0, weights)


def squared_gap(y: Any, z: Any, weights: Any = None) -> float:
    """Squared poverty gap (poverty severity) P2."""
    return fgt(y, z, 2.0, weights)


def watts(y: Any, z: Any, weights: Any = None) -> float:
    """Watts index: mean of ln(z / y*) with y* = min(y, z); needs y > 0 for the poor."""
    return _watts(y, check_line(z), weights, "Watts")


def _watts(y: Any, line: float, weights: Any, measure: str) -> float:
    """The Watts index; `measure` names the caller in the error for non-positive incomes.

    One compiled pass with a vectorised log of every ratio (``_compiled.ADDITIVE``), in fixed
    parts on every core. A ratio that log cannot take there (zero, negative or subnormal) sends
    the whole input to ``_watts_exact``, which raises for non-positive incomes."""
    values, w = arrays_of(y, weights)
    reciprocal = _reciprocal_at_least(line)
    loops = compiled_loops()
    sums = checked_sums(
        loops.ADDITIVE[loops.LOG], values, w, line, reciprocal, 0.0,
        require="positive", measure=measure,
    )  # fmt: skip
    if sums is None:
        return _watts_exact(values, w, reciprocal, measure)
    acc, total = sums
    return 0.0 - acc / total  # not −acc/total: nobody poor gives 0.0, not −0.0


def _watts_exact(values: Array, w: Array | None, reciprocal: float, measure: str) -> float:
    """Watts with NumPy's log of y*/z, chunk by chunk: exact for subnormal ratios, +∞ for a
    ratio that underflows to 0 (a positive income), the named error for y ≤ 0. Rare data only."""

    def fill(yc: Array, out: Array) -> Array:
        return np.log(_ratio(yc, reciprocal, out), out=out)

    acc, total = weighted_sum(values, w, fill, require="positive", measure=measure, flags_bad=True)
    return 0.0 - acc / total


def chakravarty(y: Any, z: Any, epsilon: float, weights: Any = None) -> float:
    """Chakravarty (1983): mean over everyone of 1 − (y*/z)^ε with 0 < ε < 1."""
    eps = check_parameter(epsilon, "epsilon", 0.0, 1.0, open_low=True, open_high=True)
    return _one_minus_power_mean(y, z, eps, weights, "Chakravarty")


def chu(y: Any, z: Any, alpha: float, weights: Any = None) -> float:
    """Clark–Hemming–Ulph: (1/α)·mean(1 − (y*/z)^α) for α ≠ 0, the Watts index at α = 0."""
    a = check_parameter(alpha, "alpha", -math.inf, 1.0)
    if a == 0.0:
        return _watts(y, check_line(z), weights, "Clark-Hemming-Ulph")
    # + 0.0 turns the −0.0 of a negative α with nobody poor into 0.0.
    return _one_minus_power_mean(y, z, a, weights, "Clark-Hemming-Ulph") / a + 0.0


def _one_minus_power_mean(y: Any, z: Any, power: float, weights: Any, measure: str) -> float:
    """mean of 1 − (y*/z)^power (exactly zero for the non-poor, no digits cancelled)."""
    line = check_line(z)
    values, w = arrays_of(y, weights)

    reciprocal = _reciprocal_at_least(line)
    need = "nonnegative" if power > 0 else "positive"
    loops = compiled_loops()
    kind = loops.ROOT if power == 0.5 else loops.ONE_MINUS_POWER  # √ is cheaper than exp(½ ln)
    sums = checked_sums(
        loops.ADDITIVE[kind], values, w, line, reciprocal, power,
        require=need, measure=measure,
    )  # fmt: skip
    if sums is not None:
        acc, total = sums
        return acc / total

    def fill(yc: Array, out: Array) -> Array:
        return _one_minus_power(_ratio(yc, reciprocal, out), power)

    # A square root or log turns a negative ratio into NaN (and the log path 0 into ±inf where
    # the power needs y > 0); 1 − r, 1 − r² and 1 − 1/r keep a negative income finite.
    flags_bad = power not in (1.0, 2.0, -1.0)
    acc, total = weighted_sum(values, w, fill, require=need, measure=measure, flags_bad=flags_bad)
    return acc / total


def hagenaars(y: Any, z: Any, weights: Any = None) -> float:
    """Hagenaars (1987): the Watts index divided by ln z (z must exceed 1)."""
    line = check_line(z)
    if line <= 1.0:
        raise ValueError(_("Hagenaars' index needs a poverty line above 1, got {z}").format(z=z))
    return _watts(y, line, weights, "Hagenaars") / math.log(line)


def blackorby_donaldson(y: Any, z: Any, epsilon: float, weights: Any = None) -> float:
    """Blackorby–Donaldson (1980): H·(z − ξ)/z, ξ the Atkinson(ε) equally-distributed income of the poor."""
    eps = check_parameter(epsilon, "epsilon", 0.0, math.inf)
    line = check_line(z)
    values, w = arrays_of(y, weights)
    need = "positive" if eps >= 1.0 else "nonnegative"
    sums = _blackorby_donaldson_compiled(values, w, line, eps, need)
    if sums is None:  # a zero or subnormal ratio: NumPy's exact power or the named error

        def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
            poor = yc < line
            ratios = yc[poor] / line
            wp = None if wc is None else wc[poor]
            moment = np.log(ratios) if eps == 1.0 else np.power(ratios, 1.0 - eps)
            return (wsum(np.ones_like(ratios), wp), wsum(moment, wp))

        (poor_weight, moment), total = stream(
            values, w, transform, 2, require=need, measure="Blackorby-Donaldson"
        )
    else:
        poor_weight, moment, total = sums
    if poor_weight == 0.0:
        return 0.0
    mean_moment = moment / poor_weight
    ede = math.exp(mean_moment) if eps == 1.0 else mean_moment ** (1.0 / (1.0 - eps))
    return poor_weight / total * (1.0 - ede)  # ede is ξ/z here


def _blackorby_donaldson_compiled(
    values: Array, w: Array | None, line: float, eps: float, need: str
) -> tuple[float, float, float] | None:
    """(Σ w of the poor, Σ w·(y/z)^(1−ε) or Σ w·ln(y/z) over the poor, Σ w) in two compiled
    passes — the headcount's, then the poor packed — or None for the exact path."""
    loops = compiled_loops()
    reciprocal = _reciprocal_at_least(line)
    measure = "Blackorby-Donaldson"
    counted = checked_sums(
        loops.ADDITIVE[loops.GAP0], values, w, line, reciprocal, 0.0, require=None, measure=measure
    )
    kind = loops.POOR_LOG if eps == 1.0 else loops.POOR_POWER
    moment = checked_sums(
        loops.ADDITIVE[kind], values, w, line, reciprocal, 1.0 - eps, require=need, measure=measure
    )
    if counted is None or moment is None:
        return None
    return counted[0], moment[0], counted[1]
