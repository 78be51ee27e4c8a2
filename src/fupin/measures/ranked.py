"""Rank-based measures over a SortedView: Gini, Sen, Sen–Shorrocks–Thon, Takayama, Thon.

Weighted ranks are midpoint ranks R_i = C_i − w_i/2 (C the cumulative weight), which makes every
measure here equal to its value on the replicated sample for integer weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fupin.i18n import gettext as _
from fupin.measures._checks import Array, check_line, nonpositive_mean
from fupin.measures._kernel import dot
from fupin.measures.sorted_view import SortedView, view_of

CHUNK = 1 << 16

# term(y, w, midrank) -> Σ over the chunk
Term = Callable[[Array, Array, Array], float]


def rank_sum(view: SortedView, start: int, stop: int, term: Term) -> float:
    """Σ term(y_i, w_i, R_i) over sorted observations start..stop-1, in cache-sized chunks."""
    total = 0.0
    for lo in range(start, stop, CHUNK):
        hi = min(lo + CHUNK, stop)
        total += float(term(view.y[lo:hi], view.weights(lo, hi), view.midranks(lo, hi)))
    return total


def weighted_total(view: SortedView, start: int, stop: int) -> float:
    """Σ w_i y_i over sorted observations start..stop-1."""
    if view.w is None:
        return float(view.y[start:stop].sum())
    return float(dot(view.w[start:stop], view.y[start:stop]))


def _spread(view: SortedView, stop: int, group_weight: float) -> float:
    """Σ_{i<stop} w_i y_i (2R_i − W_g): Gini numerator of the prefix (W_g its total weight)."""
    return rank_sum(view, 0, stop, lambda y, w, r: dot(w * y, 2.0 * r - group_weight))


def gini(y: Any, weights: Any = None, convention: str = "midpoint") -> float:
    """Gini coefficient: 'midpoint' (population, replication-invariant), 'survey' or 'sample'."""
    if convention not in ("midpoint", "survey", "sample"):
        raise ValueError(
            _("unknown Gini convention {name!r}; use midpoint, survey or sample").format(
                name=convention
            )
        )
    view = view_of(y, weights)
    total = view.total
    income = weighted_total(view, 0, view.n)
    if not income > 0:
        raise nonpositive_mean()
    spread = _spread(view, view.n, total)
    if convention == "survey":
        # Σ(2C_i − 1)w_i y_i/(W·T) − 1 = [Σ w y (2R − W) + Σ w y (w − 1)]/(W·T) with R = C − w/2.
        spread += rank_sum(view, 0, view.n, lambda y, w, r: dot(w * y, w - 1.0))
    value = spread / (total * income)
    if convention == "sample":
        if view.n < 2:
            raise ValueError(_("the sample Gini needs at least two observations"))
        value *= view.n / (view.n - 1)
    return value


def _poor(view: SortedView, z: float) -> tuple[int, float]:
    """Length and weight of the poor prefix (y < z)."""
    q = view.count_below(z)
    return q, view.weight_before(q)


def sen(y: Any, z: Any, weights: Any = None, asymptotic: bool = False) -> float:
    """Sen (1976): H·[I + (1 − I)·G_p·q/(q + 1)]; asymptotic=True drops q/(q + 1)."""
    line = check_line(z)
    view = view_of(y, weights)
    q, poor_weight = _poor(view, line)
    if poor_weight <= 0:  # nobody poor, or only units of weight zero
        return 0.0
    share = poor_weight / view.total
    gap_ratio = (line * poor_weight - weighted_total(view, 0, q)) / (line * poor_weight)
    # (1 − I)·G_p = μ_p·G_p/z = Σ_p w y (2R − W_p)/(W_p²·z): no division by μ_p, so
    # poor incomes of zero or below stay well defined.
    inequality = _spread(view, q, poor_weight) / (poor_weight**2 * line)
    factor = 1.0 if asymptotic else poor_weight / (poor_weight + 1.0)
    return share * (gap_ratio + inequality * factor)


def sst(y: Any, z: Any, weights: Any = None) -> float:
    """Sen–Shorrocks–Thon: P1·(1 + Gini of the gap ratios over the whole population)."""
    line = check_line(z)
    view = view_of(y, weights)
    q, _weight = _poor(view, line)
    total = view.total
    # The gap ratios sort in reverse income order, so their midpoint rank is W − R.
    acc = rank_sum(view, 0, q, lambda y, w, r: dot(w * (line - y), total - r))
    return 2.0 * acc / (line * total**2)


def takayama(y: Any, z: Any, weights: Any = None) -> float:
    """Takayama (1979): the Gini coefficient of incomes censored at z, y* = min(y, z)."""
    line = check_line(z)
    view = view_of(y, weights)
    q, poor_weight = _poor(view, line)
    total = view.total
    rich_weight = total - poor_weight
    censored_income = weighted_total(view, 0, q) + line * rich_weight
    if not censored_income > 0:
        raise nonpositive_mean()
    # The censored non-poor form one block at the top: Σ w(2R − W) over it = W_p·(W − W_p).
    spread = _spread(view, q, total) + line * poor_weight * rich_weight
    return spread / (total * censored_income)


def thon(y: Any, z: Any, weights: Any = None) -> float:
    """Thon (1979): 2/(N(N+1)z)·Σ_poor (N + 1 − i)(z − y_i), weighted ranks at midpoints."""
    line = check_line(z)
    view = view_of(y, weights)
    q, _weight = _poor(view, line)
    total = view.total
    # A unit's replicas at ranks C_{i−1}+1 … C_i have Σ(N + 1 − r) = w·(N + ½ − R).
    acc = rank_sum(view, 0, q, lambda y, w, r: dot(w * (line - y), total + 0.5 - r))
    return 2.0 * acc / (total * (total + 1.0) * line)
