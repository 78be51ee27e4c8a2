"""Training pairs from a panel: features of a household in year t, outcome in year t + 1.

The outcome is the rules kernel's own ``income_poor`` for the household's t + 1 row: per-capita net
income below the poverty line of t + 1 (compared on household totals, exact to the fen). A
household without a t + 1 row (it left the panel) gives no pair for t.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from fupin.i18n import gettext as _
from fupin.rules.params import KernelParams, kernel_params
from fupin.targeting.features import household_features
from fupin.targeting.panel import Panel, PanelError

if TYPE_CHECKING:
    from fupin.policy import Policy


@dataclass(frozen=True)
class TrainingPairs:
    """Aligned arrays, one entry per (household, t): features at t, outcome at t + 1."""

    features: np.ndarray
    outcome: np.ndarray
    household_id: np.ndarray
    year: np.ndarray  # t, the year of the features
    rules_score: np.ndarray  # the rules-only baseline: how many codes the kernel raised at t
    size: np.ndarray

    def select(self, mask: np.ndarray) -> TrainingPairs:
        """The pairs where ``mask`` is true."""
        return TrainingPairs(
            self.features[mask],
            self.outcome[mask],
            self.household_id[mask],
            self.year[mask],
            self.rules_score[mask],
            self.size[mask],
        )

    @property
    def target_years(self) -> list[int]:
        """The outcome years present (t + 1)."""
        return sorted(int(y) + 1 for y in np.unique(self.year))


def rules_score(results: pa.Table) -> np.ndarray:
    """The rules-only ranking: the number of codes (INCOME_POOR, gaps, flags) the kernel raised."""
    codes = results["reason_codes"]
    separators = pc.count_substring(codes, ";").to_numpy(zero_copy_only=False)
    nonempty = pc.greater(pc.utf8_length(codes), 0).to_numpy(zero_copy_only=False)
    return np.where(nonempty, separators + 1, 0).astype(np.float64)


def training_pairs(
    panel: Panel, policy: Policy | KernelParams, target_years: Iterable[int] | None = None
) -> TrainingPairs:
    """Pairs from every consecutive year pair whose t + 1 is in ``target_years`` (default: all)."""
    params = policy if isinstance(policy, KernelParams) else kernel_params(policy)
    wanted = None if target_years is None else set(target_years)
    pairs = [(t, u) for t, u in panel.consecutive_pairs() if wanted is None or u in wanted]
    if not pairs:
        raise PanelError([_("the panel has no consecutive pair of years to learn from")])
    cache: dict[int, tuple[pa.Table, np.ndarray]] = {}

    def features(year: int) -> tuple[pa.Table, np.ndarray]:
        if year not in cache:
            cache[year] = household_features(*panel.year(year), params)
        return cache[year]

    parts = [_pair(features(t), features(u)[0], t) for t, u in pairs]
    return TrainingPairs(*(np.concatenate([part[i] for part in parts]) for i in range(6)))


def _pair(now: tuple[pa.Table, np.ndarray], later: pa.Table, year: int) -> tuple[np.ndarray, ...]:
    results, matrix = now
    where = pc.index_in(results["household_id"], value_set=later["household_id"])
    position = np.asarray(where.fill_null(-1).to_numpy(zero_copy_only=False), dtype=np.int64)
    kept = position >= 0
    poor_later = later["income_poor"].to_numpy(zero_copy_only=False)
    ids = np.asarray(results["household_id"].to_pylist(), dtype=object)
    return (
        matrix[kept],
        poor_later[position[kept]].astype(bool),
        ids[kept],
        np.full(int(kept.sum()), year, dtype=np.int64),
        rules_score(results)[kept],
        results["size"].to_numpy()[kept].astype(np.int64),
    )
