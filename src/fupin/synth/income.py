"""Income components of every household, from a latent earning rank calibrated to the county.

The latent index mixes hardship, village and township effects, labour, skills, migrant work and
illness; calibrate.solve turns it into market income per person. Relief transfers are fixed by
rule (pensions, dibao, wubao) before calibration so the calibrated figures include them. Market
income is then split into wages, migrant wages net of living costs, farming, property and
development transfers by each household's labour, land and luck. All amounts are in fen (int64).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from fupin.synth.attributes import (
    DISABLED_CODE,
    FARMING,
    HALF,
    HEALTHY,
    MIGRANT,
    ORDINARY,
    SERIOUS_CODE,
    SKILLED,
    People,
)
from fupin.synth.people import Composition

PENSION_YEARLY = 660.0  # basic rural pension, 55 yuan a month nationally in 2014 [C]
WUBAO_YEARLY = 4000.0  # decentralised five-guarantees support per person [U]
DIBAO_RANGE = (1000.0, 2200.0)  # dibao paid per person and year [U; rural average ~1,550 in 2014]
DIBAO_SHARE = 0.07  # households on dibao [U; ~8% of rural people nationally in 2014]


@dataclass(frozen=True)
class HouseholdFacts:
    """Household-level sums of member attributes used by the income and cause models."""

    size: np.ndarray
    able: np.ndarray
    skilled: np.ndarray
    migrants: np.ndarray
    half: np.ndarray
    farmers: np.ndarray
    migrant_months: np.ndarray
    elderly: np.ndarray
    ill: np.ndarray
    serious: np.ndarray
    disabled: np.ndarray
    students_16_plus: np.ndarray
    students: np.ndarray
    head_education: np.ndarray


def _count(household: np.ndarray, mask: np.ndarray, n: int) -> np.ndarray:
    return np.bincount(household, weights=mask.astype(np.float64), minlength=n).astype(np.int64)


def household_facts(comp: Composition, people: People) -> HouseholdFacts:
    """Sums member attributes per household."""
    hh, n = comp.household, comp.size.size
    able = (people.labour_ability == ORDINARY) | (people.labour_ability == SKILLED)
    head = comp.relation == 0
    head_education = np.zeros(n, dtype=np.int64)
    head_education[hh[head]] = people.education[head]
    return HouseholdFacts(
        size=comp.size,
        able=_count(hh, able, n),
        skilled=_count(hh, people.labour_ability == SKILLED, n),
        migrants=_count(hh, people.labour_type == MIGRANT, n),
        half=_count(hh, people.labour_type == HALF, n),
        farmers=_count(hh, people.labour_type == FARMING, n),
        migrant_months=np.bincount(hh, weights=people.migrant_months, minlength=n),
        elderly=_count(hh, comp.age >= 60, n),
        ill=_count(hh, people.health != HEALTHY, n),
        serious=_count(hh, people.health == SERIOUS_CODE, n),
        disabled=_count(hh, people.health == DISABLED_CODE, n),
        students_16_plus=_count(hh, people.in_school & (comp.age >= 16), n),
        students=_count(hh, people.in_school, n),
        head_education=head_education,
    )


def latent_index(
    rng: np.random.Generator, facts: HouseholdFacts, hardship: np.ndarray, place: np.ndarray
) -> np.ndarray:
    """Earning index per household (higher earns more); ``place`` is village + township effect."""
    size = facts.size
    index = (
        -0.55 * hardship
        + place
        + 0.9 * (facts.able / size - 0.55)
        + 0.12 * facts.skilled
        + 0.10 * facts.migrants
        - 0.22 * facts.serious
        - 0.15 * facts.disabled
        - 0.10 * (facts.ill - facts.serious - facts.disabled)
        + 0.08 * facts.head_education
        + rng.normal(0.0, 0.35, size.size)
    )
    return (index - index.mean()) / index.std()


def dibao_and_wubao(
    rng: np.random.Generator, facts: HouseholdFacts, z: np.ndarray, old_head: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Which households get dibao and wubao: the poorest-looking, without labour or ill, with noise."""
    n = z.size
    wubao = (facts.size <= 2) & old_head & (facts.able == 0) & (rng.random(n) < 0.25)
    need = -z + 0.6 * (facts.able == 0) + 0.3 * (facts.ill > 0) + rng.normal(0, 0.6, n)
    need[wubao] = -np.inf
    cutoff = np.quantile(need, 1 - DIBAO_SHARE)
    dibao = need > cutoff
    both = wubao & (rng.random(n) < 0.05)
    return dibao | both, wubao


def relief_yuan(
    rng: np.random.Generator, facts: HouseholdFacts, dibao: np.ndarray, wubao: np.ndarray
) -> np.ndarray:
    """Relief transfers in yuan: pensions, dibao, wubao and medical relief for the seriously ill."""
    n = facts.size.size
    pension = PENSION_YEARLY * facts.elderly
    dibao_pay = dibao * facts.size * rng.uniform(*DIBAO_RANGE, n)
    wubao_pay = wubao * facts.size * WUBAO_YEARLY
    medical = ((dibao | wubao) & (facts.serious > 0)) * rng.uniform(500, 3000, n)
    return pension + dibao_pay + wubao_pay + medical


def land_mu(rng: np.random.Generator, size: np.ndarray) -> np.ndarray:
    """Contracted land in mu: ~1.6 mu a person, a few households with almost none."""
    per_person = rng.lognormal(np.log(1.6), 0.5, size.size)
    per_person = np.where(rng.random(size.size) < 0.04, per_person * 0.15, per_person)
    return np.round(per_person * size, 1)


def _fen(yuan: np.ndarray) -> np.ndarray:
    return np.rint(yuan * 100.0).astype(np.int64)


def split_market(
    rng: np.random.Generator, facts: HouseholdFacts, land: np.ndarray, market_total: np.ndarray
) -> dict[str, np.ndarray]:
    """Splits each household's market income (yuan) into roster components (fen)."""
    n = land.size

    def noisy(weight: np.ndarray) -> np.ndarray:
        return weight * rng.lognormal(0.0, 0.4, n)

    eco = rng.random(n) < 0.3  # ecological compensation (returned farmland) [U]
    weights = np.column_stack(
        [
            noisy(0.35 * facts.farmers + 0.6 * facts.half),
            noisy(1.2 * facts.migrant_months / 12.0),
            noisy(0.12 * land + 0.3 * facts.farmers),
            noisy(np.where(rng.random(n) < 0.2, 0.05, 0.005)),
            noisy(0.03 * land + 0.08 * eco + 0.02),
        ]
    )
    share = weights / weights.sum(axis=1, keepdims=True)
    local, migrant_net, farming_net, prop, development = (market_total[:, None] * share).T
    living_ratio = rng.uniform(0.25, 0.45, n)
    cost_ratio = rng.uniform(0.3, 0.55, n)
    wage_migrant = _fen(migrant_net / (1 - living_ratio))
    operating_income = _fen(farming_net / (1 - cost_ratio))
    return {
        "wage_local": _fen(local),
        "wage_migrant": wage_migrant,
        "migrant_living_cost": wage_migrant - _fen(migrant_net),
        "operating_income": operating_income,
        "operating_cost": operating_income - _fen(farming_net),
        "property_income": _fen(prop),
        "transfer_development": _fen(development),
    }


def rigid_spending(
    rng: np.random.Generator, health_m: np.ndarray, household_m: np.ndarray, disaster_p: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Medical out-of-pocket and disaster losses (fen): heavy for the seriously ill and hit villages."""
    m, n = health_m.size, disaster_p.size
    median = np.array([300.0, 900.0, 4000.0, 600.0])[health_m]
    spends = (health_m != HEALTHY) | (rng.random(m) < 0.15)
    medical_m = spends * rng.lognormal(np.log(median), 0.9, m)
    medical = np.bincount(household_m, weights=medical_m, minlength=n)
    disaster = (rng.random(n) < disaster_p) * rng.lognormal(np.log(2500), 0.8, n)
    return _fen(medical), _fen(disaster)
