"""Inequality measures: generalized entropy (Theil, MLD), Atkinson, Palma and quantile shares.

The moment-based measures take two compiled passes: the mean first, then the mean of a function
of y/μ — computing Σ w·y·ln y in one pass would cancel digits when inequality is small.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.measures._checks import Array, check_parameter, nonpositive_mean
from fupin.measures._kernel import checked_sums, compiled_loops, stream, wsum
from fupin.measures.ranked import weighted_total
from fupin.measures.sorted_view import SortedView, arrays_of, view_of

_SMALLEST_POSITIVE = 5e-324  # y < this ⇔ y ≤ 0: the bound for incomes that must be positive


def _mean(values: Array, w: Array | None, require: str | None, measure: str) -> float:
    """The weighted mean, validating the data on the way: one compiled pass, or the NumPy
    stream (which names the bad incomes) when some are below what ``require`` allows."""
    loops = compiled_loops()
    lowest = _SMALLEST_POSITIVE if require == "positive" else 0.0
    sums = checked_sums(
        loops.ADDITIVE[loops.MEAN], values, w, lowest, 1.0, 0.0, require=None, measure=measure
    )
    if sums is None:
        (income,), total = stream(
            values, w, lambda yc, wc, s: (wsum(yc, wc),), 1, require=require, measure=measure
        )
    else:
        income, total = sums
    mean = income / total
    if not mean > 0:
        raise nonpositive_mean()
    return mean


def _raise(values: Array, power: float) -> None:
    """values**power in place, with the cheap ufunc for the common powers."""
    if power == 0.5:
        np.sqrt(values, out=values)
    elif power == 2.0:
        np.square(values, out=values)
    elif power == -1.0:
        np.reciprocal(values, out=values)
    else:
        np.power(values, power, out=values)


def _relative_moment(values: Array, w: Array | None, mean: float, kind: str, power: float) -> float:
    """Mean of f(y/μ): 'power' → (y/μ)^p, 'log' → ln(y/μ), 'xlogx' → (y/μ)·ln(y/μ) with 0·ln 0 = 0.

    One compiled pass with the vectorised log and exp; zero or subnormal ratios (and powers out
    of exp's range) send the input to the NumPy stream, which has 0·ln 0 = 0 and the exact value."""
    loops = compiled_loops()
    term = {"log": loops.REL_LOG, "xlogx": loops.REL_XLOGX}.get(kind, loops.REL_POWER)
    if kind == "power":
        cheap = {2.0: loops.REL_SQUARE, 0.5: loops.REL_ROOT, -1.0: loops.REL_RECIPROCAL}
        term = cheap.get(power, term)
    sums = checked_sums(
        loops.ADDITIVE[term], values, w, 0.0, 1.0 / mean, power, require=None, measure=""
    )
    if sums is not None:
        acc, total = sums
        return acc / total

    def transform(yc: Array, wc: Array | None, out: Array) -> tuple[float, ...]:
        np.multiply(yc, 1.0 / mean, out=out)
        if kind == "power":
            _raise(out, power)
        elif kind == "log":
            np.log(out, out=out)
        else:
            logs = np.log(out, where=out > 0, out=np.zeros_like(out))
            out *= logs
        return (wsum(out, wc),)

    (acc,), total = stream(values, w, transform, 1)
    return acc / total


def generalized_entropy(y: Any, alpha: float, weights: Any = None) -> float:
    """Generalized entropy GE(α); GE(0) is the MLD and GE(1) Theil's T (α ≤ 0 needs y > 0)."""
    a = check_parameter(alpha, "alpha", -math.inf, math.inf)
    values, w = arrays_of(y, weights)
    need = "positive" if a <= 0 else "nonnegative"
    mean = _mean(values, w, need, f"GE({a:g})")
    if a == 0.0:
        return -_relative_moment(values, w, mean, "log", 0.0)
    if a == 1.0:
        return _relative_moment(values, w, mean, "xlogx", 0.0)
    moment = _relative_moment(values, w, mean, "power", a)
    return (moment - 1.0) / (a * (a - 1.0))


def theil(y: Any, weights: Any = None) -> float:
    """Theil's T index, GE(1) = mean of (y/μ)·ln(y/μ), with 0·ln 0 = 0."""
    return generalized_entropy(y, 1.0, weights)


def mld(y: Any, weights: Any = None) -> float:
    """Mean log deviation (Theil's L), GE(0) = mean of ln(μ/y); needs every y > 0."""
    return generalized_entropy(y, 0.0, weights)


def atkinson(y: Any, epsilon: float, weights: Any = None) -> float:
    """Atkinson index 1 − ξ/μ, ξ the equally-distributed-equivalent income (ε ≥ 1 needs y > 0)."""
    eps = check_parameter(epsilon, "epsilon", 0.0, math.inf)
    values, w = arrays_of(y, weights)
    need = "positive" if eps >= 1.0 else "nonnegative"
    mean = _mean(values, w, need, f"Atkinson({eps:g})")
    if eps == 1.0:
        return -math.expm1(_relative_moment(values, w, mean, "log", 0.0))
    moment = _relative_moment(values, w, mean, "power", 1.0 - eps)
    return 1.0 - moment ** (1.0 / (1.0 - eps))


def lorenz(view: SortedView, p: float) -> float:
    """The Lorenz curve L(p): income share of the poorest p of the population (linear within units)."""
    position = p * view.total
    if view.cum is None:
        whole = int(math.floor(position))
        partial = position - whole
    else:
        whole = int(np.searchsorted(view.cum, position, side="right"))
        partial = position - view.weight_before(whole)
    below = weighted_total(view, 0, whole)
    if whole < view.n:
        below += partial * float(view.y[whole])
    return below


def quantile_share(y: Any, lower: float, upper: float, weights: Any = None) -> float:
    """Share of total income held by the population between quantiles lower and upper (0 ≤ lower < upper ≤ 1)."""
    lo = check_parameter(lower, "lower", 0.0, 1.0)
    hi = check_parameter(upper, "upper", 0.0, 1.0)
    if not lo < hi:
        raise ValueError(
            _("lower must be below upper, got {lo} and {hi}").format(lo=lower, hi=upper)
        )
    view = view_of(y, weights)
    total = weighted_total(view, 0, view.n)
    if not total > 0:
        raise nonpositive_mean()
    return (lorenz(view, hi) - lorenz(view, lo)) / total


def palma(y: Any, weights: Any = None) -> float:
    """Palma ratio: income share of the richest 10 % over that of the poorest 40 %."""
    view = view_of(y, weights)
    total = weighted_total(view, 0, view.n)
    bottom = lorenz(view, 0.4)
    if not (total > 0 and bottom > 0):
        raise ValueError(_("the poorest 40% hold no income, so the Palma ratio is undefined"))
    return (total - lorenz(view, 0.9)) / bottom
