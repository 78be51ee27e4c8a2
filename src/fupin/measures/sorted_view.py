"""Incomes sorted once, reused by every rank-based measure.

Sorting dominates every rank-based measure (Gini, Sen, SST, Takayama, Thon, Kakwani, Palma,
quantile shares). Build a :class:`SortedView` once and pass it in place of ``y`` to compute several
of them on the same data with a single sort::

    view = sorted_view(income, weights=w)
    gini(view), sen(view, z), palma(view)
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.i18n import gettext_noop as N_
from fupin.measures._checks import Array, as_vector, as_weights
from fupin.measures._kernel import stream
from fupin.measures._order import ascending_order


class SortedView:
    """Validated incomes in ascending order with their weights and cumulative weights."""

    __slots__ = ("y", "w", "cum", "total", "n")

    def __init__(self, y: Any, weights: Any = None) -> None:
        values = as_vector(y, N_("incomes"))
        w = as_weights(weights, values.shape[0])
        stream(values, w, lambda yc, wc, s: (), 0)  # validates NaN, inf, weights in one pass
        if w is None:
            self.y: Array = np.sort(values.astype(np.float64, copy=False))
            self.w: Array | None = None
            self.cum: Array | None = None
            self.total = float(values.shape[0])
        else:
            order, self.y = ascending_order(values.astype(np.float64, copy=False))
            self.w = w[order].astype(np.float64, copy=False)
            del order
            self.cum = np.cumsum(self.w)
            self.total = float(self.cum[-1])
        self.n = int(values.shape[0])

    def count_below(self, z: float) -> int:
        """How many observations have y < z (strictly), i.e. the length of the poor prefix."""
        return int(np.searchsorted(self.y, z, side="left"))

    def weight_before(self, i: int) -> float:
        """The total weight of the first i observations."""
        if i <= 0:
            return 0.0
        return float(i) if self.cum is None else float(self.cum[i - 1])

    def weights(self, start: int, stop: int) -> Array:
        """The weights of observations start..stop-1 (ones when unweighted)."""
        if self.w is None:
            return np.ones(stop - start)
        return self.w[start:stop]

    def midranks(self, start: int, stop: int) -> Array:
        """Midpoint ranks C_i − w_i/2 of observations start..stop-1 (i − ½ when unweighted)."""
        if self.w is None or self.cum is None:
            return np.arange(start, stop, dtype=np.float64) + 0.5
        return self.cum[start:stop] - 0.5 * self.w[start:stop]


def sorted_view(y: Any, weights: Any = None) -> SortedView:
    """Sorts incomes (and weights) once for reuse by several rank-based measures."""
    return SortedView(y, weights)


def view_of(y: Any, weights: Any) -> SortedView:
    """The SortedView of y: y itself when it already is one."""
    if isinstance(y, SortedView):
        if weights is not None:
            raise ValueError(_("pass the weights to sorted_view, not again with the view"))
        return y
    return SortedView(y, weights)


def arrays_of(y: Any, weights: Any) -> tuple[Array, Array | None]:
    """The income and weight vectors of an array-like or a SortedView."""
    if isinstance(y, SortedView):
        if weights is not None:
            raise ValueError(_("pass the weights to sorted_view, not again with the view"))
        return y.y, y.w
    values = as_vector(y, N_("incomes"))
    return values, as_weights(weights, values.shape[0])
