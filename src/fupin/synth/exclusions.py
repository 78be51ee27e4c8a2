"""The facts the national exclusion rules read, and a household's machines and livestock.

A car, commercial or luxury housing, a business employing others and a whole family away with a
high income are rare and rise with income; a member on the state payroll is an educated adult,
rarely in a poor household; every village has its few cadres. All shares are [U] demo
assumptions (docs/synth.md). The draws come from their own stream (spawned from the county's), so
adding or changing them moves no other value of the county.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fupin.synth.attributes import FARMING, HALF, MIGRANT, ORDINARY, SKILLED, People
from fupin.synth.people import Composition
from fupin.synth.registration import POOR

# (share of poor households, mean share of the others); among the others the chance rises
# linearly with the income rank (twice the mean for the richest) [U].
VEHICLE = (0.005, 0.03)
COMMERCIAL_HOUSING = (0.004, 0.02)
BUSINESS_WITH_EMPLOYEES = (0.001, 0.011)
AWAY_HIGH_INCOME = 0.022  # among non-poor households with a migrant worker; ~1% of all [U]
PAYROLL_SHARE = 0.01  # of adult members (18+) [U]
PAYROLL_BY_EDUCATION = np.array([0.02, 0.05, 0.3, 1.5, 8.0])  # none … college, relative [U]
CADRES_PER_VILLAGE = (3, 7)  # party branch and villagers' committee: 5 on average [U]
CADRE_BY_EDUCATION = np.array([0.3, 0.7, 1.0, 1.6, 1.6])
MACHINES_PER_MU = 0.035  # tillers and tractors of farming households, per mu of land [U]
MAX_MACHINES = 6
LIVESTOCK_KEEPERS = (0.4, 0.1)  # farming and other households keeping cattle, pigs or sheep [U]
HERDERS = 0.05  # keepers with a flock of sheep (10-59 head) [U]


@dataclass(frozen=True)
class ExclusionFacts:
    """Per household: the four flags and the two counts; per member: the two flags."""

    owns_vehicle: np.ndarray
    owns_commercial_housing: np.ndarray
    runs_business_with_employees: np.ndarray
    away_with_high_income: np.ndarray
    machinery_count: np.ndarray
    livestock_heads: np.ndarray
    on_state_payroll: np.ndarray
    is_village_cadre: np.ndarray


def _income_rank(pc: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Rank of each non-poor household's income among them, in (0, 1]; 0 for the poor."""
    rank = np.zeros(pc.size)
    where = np.flatnonzero(others)
    ascending = where[np.argsort(pc[where], kind="stable")]
    rank[ascending] = np.arange(1, where.size + 1) / max(where.size, 1)
    return rank


def _by_income(
    rng: np.random.Generator, poor: np.ndarray, rank: np.ndarray, shares: tuple[float, float]
) -> np.ndarray:
    p = np.where(poor, shares[0], shares[1] * 2 * rank)
    return rng.random(poor.size) < p


def _counts(
    rng: np.random.Generator, poor: np.ndarray, land: np.ndarray, farming: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    n = poor.size
    rate = MACHINES_PER_MU * land * farming * np.where(poor, 0.6, 1.0)
    machines = np.minimum(rng.poisson(rate), MAX_MACHINES)
    keeps = rng.random(n) < np.where(farming, *LIVESTOCK_KEEPERS) * np.where(poor, 0.85, 1.0)
    heads = 1 + rng.negative_binomial(1, 0.3, n)
    heads = np.where(rng.random(n) < HERDERS, rng.integers(10, 60, n), heads)
    return machines.astype(np.int32), np.where(keeps, heads, 0).astype(np.int32)


def _payroll(
    rng: np.random.Generator, comp: Composition, attrs: People, poor_m: np.ndarray
) -> np.ndarray:
    """Members on the state payroll: about PAYROLL_SHARE of adults, most with more schooling."""
    adult = comp.age >= 18
    eligible = (comp.age >= 22) & (comp.age <= 60) & ~attrs.in_school
    weight = PAYROLL_BY_EDUCATION[attrs.education] * eligible * np.where(poor_m, 0.1, 1.0)
    # Scaled so the expected count is the target share of adults.
    p = PAYROLL_SHARE * adult.sum() * weight / max(weight.sum(), 1e-12)
    return rng.random(comp.age.size) < np.minimum(p, 0.9)


def _cadres(
    rng: np.random.Generator,
    comp: Composition,
    attrs: People,
    poor_m: np.ndarray,
    village_m: np.ndarray,
    payroll: np.ndarray,
) -> np.ndarray:
    """A few cadres in every village, drawn among its able adults (heads and the schooled first)."""
    able = (attrs.labour_ability == ORDINARY) | (attrs.labour_ability == SKILLED)
    eligible = (comp.age >= 25) & (comp.age <= 65) & able & ~attrs.in_school & ~payroll
    weight = (
        CADRE_BY_EDUCATION[attrs.education]
        * np.where(comp.relation == 0, 1.5, 1.0)
        * np.where(comp.sex == 1, 0.4, 1.0)
        * np.where(poor_m, 0.5, 1.0)
    )
    rows = np.flatnonzero(eligible)
    # Weighted sampling without replacement per village (Efraimidis-Spirakis): the k largest
    # keys u^(1/w). One float sort orders by village, then by key, largest first.
    key = rng.random(rows.size) ** (1.0 / weight[rows])
    village = village_m[rows]
    order = np.argsort(village + np.minimum(1.0 - key, 1.0 - 1e-9))
    ranked_village = village[order]
    rank = np.arange(order.size) - np.searchsorted(ranked_village, ranked_village, side="left")
    villages = int(village_m.max(initial=0)) + 1
    wanted = rng.integers(CADRES_PER_VILLAGE[0], CADRES_PER_VILLAGE[1] + 1, villages)
    cadre = np.zeros(comp.age.size, dtype=bool)
    cadre[rows[order[rank < wanted[ranked_village]]]] = True
    return cadre


def draw(
    rng: np.random.Generator,
    comp: Composition,
    attrs: People,
    tier: np.ndarray,
    pc: np.ndarray,
    land: np.ndarray,
    village: np.ndarray,
) -> ExclusionFacts:
    """The exclusion facts of every household and member (``tier``: income tier per household,
    ``pc``: per-capita net income, ``village``: each household's village index)."""
    hh, n = comp.household, comp.size.size
    poor = tier == POOR
    rank = _income_rank(pc, ~poor)
    farms = np.isin(attrs.labour_type, (FARMING, HALF))
    farming = np.bincount(hh, weights=farms, minlength=n) > 0
    migrants = np.bincount(hh, weights=attrs.labour_type == MIGRANT, minlength=n)
    away_p = np.where(~poor & (migrants > 0), AWAY_HIGH_INCOME * 2 * rank, 0.0)
    machines, livestock = _counts(rng, poor, land, farming)
    payroll = _payroll(rng, comp, attrs, poor[hh])
    return ExclusionFacts(
        owns_vehicle=_by_income(rng, poor, rank, VEHICLE),
        owns_commercial_housing=_by_income(rng, poor, rank, COMMERCIAL_HOUSING),
        runs_business_with_employees=_by_income(rng, poor, rank, BUSINESS_WITH_EMPLOYEES),
        away_with_high_income=rng.random(n) < away_p,
        machinery_count=machines,
        livestock_heads=livestock,
        on_state_payroll=payroll,
        is_village_cadre=_cadres(rng, comp, attrs, poor[hh], village[hh], payroll),
    )
