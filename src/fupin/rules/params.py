"""The policy numbers the kernel needs, resolved once into exact integers and per-year arrays."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from fupin.rules.columns import GUARANTEE_GAPS
from fupin.rules.money import ratio

# The policy's names for its guarantee checks, mapped to the kernel's gap codes.
CHECK_TO_GAP = {
    "food": "FOOD",
    "clothing": "CLOTHING",
    "education": "EDUCATION",
    "medical": "MEDICAL",
    "housing": "HOUSING",
    "drinking_water": "WATER",
}

if TYPE_CHECKING:
    from fupin.policy import Policy


@dataclass(frozen=True)
class KernelParams:
    """Exact parameters of one policy: lines in fen by year, shares as integer ratios."""

    years: np.ndarray
    poverty_line_fen: np.ndarray
    monitoring_line_fen: np.ndarray
    transfer_share: tuple[int, int] = (1, 2)
    drop_ratio: tuple[int, int] = (7, 10)
    school_age_min: int = 6
    school_age_max: int = 15
    dilapidated_grades: tuple[str, ...] = ("C", "D")
    require_medical_insurance: bool = True
    require_safe_water: bool = True
    enabled_gaps: tuple[str, ...] = GUARANTEE_GAPS
    stamp: dict[str, str] = field(default_factory=dict)
    policy: Policy | None = None  # the Policy object, to raise its own year error

    def lines(self, years: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Poverty and monitoring lines in fen for each year; raises for a year not covered."""
        years = np.asarray(years, dtype=np.int64)
        position = np.searchsorted(self.years, years)
        position = np.minimum(position, len(self.years) - 1)
        covered = self.years[position] == years
        if not covered.all():
            self._raise_uncovered(int(years[~covered][0]))
        return self.poverty_line_fen[position], self.monitoring_line_fen[position]

    def _raise_uncovered(self, year: int) -> None:
        if self.policy is not None:
            self.policy.poverty_line_fen(year)  # raises the policy's PolicyYearError
        raise ValueError(f"the policy does not cover the year {year}")


def kernel_params(policy: Policy) -> KernelParams:
    """Resolves a Policy into KernelParams (a handful of look-ups; cheap enough per call)."""
    years = np.asarray(sorted(policy.years), dtype=np.int64)
    guarantees = policy.guarantees
    return KernelParams(
        years=years,
        poverty_line_fen=np.asarray([policy.poverty_line_fen(int(y)) for y in years], np.int64),
        monitoring_line_fen=np.asarray(
            [policy.monitoring_line_fen(int(y)) for y in years], np.int64
        ),
        transfer_share=ratio(policy.income.transfer_dependent_share),
        drop_ratio=ratio(policy.income.income_drop_ratio),
        school_age_min=int(guarantees.school_age_min),
        school_age_max=int(guarantees.school_age_max),
        dilapidated_grades=tuple(guarantees.dilapidated_grades),
        require_medical_insurance=bool(guarantees.require_medical_insurance),
        require_safe_water=bool(guarantees.require_safe_water),
        enabled_gaps=_enabled_gaps(guarantees),
        stamp=dict(policy.stamp()),
        policy=policy,
    )


def _enabled_gaps(guarantees: Any) -> tuple[str, ...]:
    checks = getattr(guarantees, "checks", None)
    if checks is None:
        return GUARANTEE_GAPS
    enabled = {CHECK_TO_GAP[c] for c in checks if c in CHECK_TO_GAP}
    return tuple(gap for gap in GUARANTEE_GAPS if gap in enabled)
