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
from fupin.measures._kernel import stream, wsum
from fupin.measures.sorted_view import arrays_of


def _gaps(yc: Array, z: float, out: Array) -> Array:
    """Absolute gaps max(z − y, 0) written into out."""
    np.subtract(z, yc, out=out)
    return np.maximum(out, 0.0, out=out)


def _log_ratio(yc: Array, z: float, out: Array) -> Array:
    """log(min(y, z)/z): zero for the non-poor, −inf for y = 0."""
    np.minimum(yc, z, out=out)
    out *= 1.0 / z
    return np.log(out, out=out)


def fgt(y: Any, z: Any, alpha: float = 0.0, weights: Any = None) -> float:
    """Foster–Greer–Thorbecke P_α = mean of 1(y<z)·((z − y)/z)^α (α ≥ 0)."""
    alpha = check_parameter(alpha, "alpha", 0.0, math.inf)
    line = check_line(z)
    values, w = arrays_of(y, weights)

    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        if alpha == 0.0:
            if wc is None:  # counting a boolean mask beats summing a 0/1 float buffer
                return (float(np.count_nonzero(yc < line)),)
            np.less(yc, line, out=out, casting="unsafe")
            return (wsum(out, wc),)
        if alpha in (1.0, 2.0) or alpha.is_integer():
            gaps = _gaps(yc, line, out)
            if alpha != 1.0:
                np.power(gaps, alpha, out=gaps)
            return (wsum(gaps, wc),)
        # Fractional α: raise only the poor gaps to the power (0^α is pure cost for the rest).
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
    line = check_line(z)
    values, w = arrays_of(y, weights)

    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        return (wsum(_log_ratio(yc, line, out), wc),)

    (acc,), total = stream(values, w, transform, 1, require="positive", measure="Watts")
    return -acc / total


def chakravarty(y: Any, z: Any, epsilon: float, weights: Any = None) -> float:
    """Chakravarty (1983): mean over everyone of 1 − (y*/z)^ε with 0 < ε < 1."""
    eps = check_parameter(epsilon, "epsilon", 0.0, 1.0, open_low=True, open_high=True)
    return _one_minus_power_mean(y, z, eps, weights, "Chakravarty")


def chu(y: Any, z: Any, alpha: float, weights: Any = None) -> float:
    """Clark–Hemming–Ulph: (1/α)·mean(1 − (y*/z)^α) for α ≠ 0, the Watts index at α = 0."""
    a = check_parameter(alpha, "alpha", -math.inf, 1.0)
    if a == 0.0:
        return watts(y, z, weights)
    return _one_minus_power_mean(y, z, a, weights, "Clark-Hemming-Ulph") / a


def _one_minus_power_mean(y: Any, z: Any, power: float, weights: Any, measure: str) -> float:
    """mean of 1 − (y*/z)^power, computed as −expm1(power·log(y*/z)) so no digits cancel."""
    line = check_line(z)
    values, w = arrays_of(y, weights)

    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        ratio = _log_ratio(yc, line, out)
        ratio *= power
        np.expm1(ratio, out=ratio)
        return (-wsum(ratio, wc),)

    need = "nonnegative" if power > 0 else "positive"
    (acc,), total = stream(values, w, transform, 1, require=need, measure=measure)
    return acc / total


def hagenaars(y: Any, z: Any, weights: Any = None) -> float:
    """Hagenaars (1987): the Watts index divided by ln z (z must exceed 1)."""
    line = check_line(z)
    if line <= 1.0:
        raise ValueError(_("Hagenaars' index needs a poverty line above 1, got {z}").format(z=z))
    return watts(y, line, weights) / math.log(line)


def blackorby_donaldson(y: Any, z: Any, epsilon: float, weights: Any = None) -> float:
    """Blackorby–Donaldson (1980): H·(z − ξ)/z, ξ the Atkinson(ε) equally-distributed income of the poor."""
    eps = check_parameter(epsilon, "epsilon", 0.0, math.inf)
    line = check_line(z)
    values, w = arrays_of(y, weights)

    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        poor = yc < line
        yp = yc[poor]
        wp = None if wc is None else wc[poor]
        moment = np.log(yp) if eps == 1.0 else np.power(yp, 1.0 - eps)
        return (wsum(np.ones_like(yp), wp), wsum(moment, wp))

    need = "positive" if eps >= 1.0 else "nonnegative"
    (poor_weight, moment), total = stream(
        values, w, transform, 2, require=need, measure="Blackorby-Donaldson"
    )
    if poor_weight == 0.0:
        return 0.0
    mean_moment = moment / poor_weight
    ede = math.exp(mean_moment) if eps == 1.0 else mean_moment ** (1.0 / (1.0 - eps))
    return poor_weight / total * (line - ede) / line
