"""Percentile bootstrap confidence intervals, resampling units or whole clusters (villages)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from fupin.i18n import gettext as _
from fupin.measures._checks import Array, check_parameter


def _columns(arrays: tuple[Any, ...]) -> tuple[list[Array], int]:
    if not arrays:
        raise ValueError(_("bootstrap_ci needs at least one data array"))
    columns = [np.asarray(a) for a in arrays]
    n = columns[0].shape[0] if columns[0].ndim else 0
    if n == 0:
        raise ValueError(_("incomes are empty"))
    for column in columns:
        if column.ndim == 0 or column.shape[0] != n:
            raise ValueError(_("every data array must have one entry per unit ({n})").format(n=n))
    return columns, n


class _ClusterSampler:
    """Draws whole clusters with replacement; a unit's rows travel together."""

    def __init__(self, clusters: Any, n: int) -> None:
        labels = np.asarray(clusters)
        if labels.ndim != 1 or labels.shape[0] != n:
            raise ValueError(_("clusters must have one label per unit ({n})").format(n=n))
        _labels, codes = np.unique(labels, return_inverse=True)
        self.order = np.argsort(codes.reshape(-1), kind="stable")
        self.sizes = np.bincount(codes.reshape(-1))
        self.starts = np.concatenate(([0], np.cumsum(self.sizes)[:-1]))

    def draw(self, rng: np.random.Generator) -> Array:
        chosen = rng.integers(0, self.sizes.shape[0], self.sizes.shape[0])
        lengths = self.sizes[chosen]
        ends = np.cumsum(lengths)
        offsets = np.arange(ends[-1]) - np.repeat(ends - lengths, lengths)
        return self.order[np.repeat(self.starts[chosen], lengths) + offsets]


def bootstrap_ci(
    statistic: Callable[..., float],
    *arrays: Any,
    weights: Any = None,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int | None = None,
    clusters: Any = None,
) -> tuple[float, float, float]:
    """(estimate, low, high): the statistic and its percentile bootstrap interval at `level`."""
    columns, n = _columns(arrays)
    if int(n_boot) != n_boot or n_boot < 1:
        raise ValueError(_("n_boot must be a positive whole number, got {n}").format(n=n_boot))
    confidence = check_parameter(level, "level", 0.0, 1.0, open_low=True, open_high=True)
    w = None if weights is None else np.asarray(weights)
    if w is not None and (w.ndim != 1 or w.shape[0] != n):
        raise ValueError(
            _("incomes and weights have different lengths ({n} and {m})").format(
                n=n, m=w.shape[0] if w.ndim else 0
            )
        )

    def evaluate(index: Array | None) -> float:
        data = columns if index is None else [c[index] for c in columns]
        if w is None:
            return float(statistic(*data))
        return float(statistic(*data, weights=w if index is None else w[index]))

    estimate = evaluate(None)
    rng = np.random.default_rng(seed)
    sampler = None if clusters is None else _ClusterSampler(clusters, n)
    replicates = np.empty(int(n_boot))
    for b in range(int(n_boot)):
        index = rng.integers(0, n, n) if sampler is None else sampler.draw(rng)
        replicates[b] = evaluate(index)
    tail = (1.0 - confidence) / 2.0
    low, high = np.quantile(replicates, [tail, 1.0 - tail])
    return estimate, float(low), float(high)
