"""One year of a panel household's economy: growth, shocks, recovery and support.

Every household keeps *potential* market income components (what it would earn without a shock)
that grow each year with a household-specific trend plus noise; shocks scale the realised
components and add rigid spending. Shock states persist and recover at fixed rates, which is what
makes this year's record informative about next year's income. All figures are [U] demo
assumptions, documented in docs/monitoring.md ("How the panel is generated").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GROWTH_MEAN = 0.07  # nominal growth of market income a year [U]
GROWTH_TREND_SD = 0.03  # persistent household-specific trend [U]
GROWTH_NOISE_SD = 0.12  # yearly noise, log scale, decaying by half a year (AR(1)) [U]
NOISE_PERSISTENCE = 0.5
ILLNESS_ONSET = (0.03, 0.05)  # a year; without / with a member already ill [U]
ILLNESS_RECOVERY = 0.5  # chance an ongoing illness ends in a year [U]
ILLNESS_WAGE_FACTOR = 0.55  # wages while someone is seriously ill (care, lost work) [U]
DISABILITY_ONSET = 0.006
DISABILITY_WAGE_FACTOR = 0.55
VILLAGE_DISASTER_P = 0.05  # a village is hit in a year; then 60% of its households lose [U]
LOCAL_DISASTER_P = 0.02
DISASTER_OPERATING_FACTOR = (0.4, 0.75)  # farming income the year of the disaster and the next
JOB_LOSS_P = 0.07  # households with migrant wages [U]
JOB_RECOVERY = 0.55
JOB_LOSS_FACTOR = 0.15
PRICE_FALL_P = 0.35  # a county-wide farm price fall in a year, of 15-35% [U]
LEAVE_FOR_WORK_P = 0.04  # a local worker leaves for migrant work (permanent) [U]
SUPPORT_PER_PERSON = (700.0, 1400.0)  # development support a registered poor household gets [U]
RELIEF_GROWTH = 1.05
SHOCKS = (
    "illness", "disability", "disaster", "job_loss", "price_fall", "recovery",
    "birth", "death", "left_for_work",
)  # fmt: skip


@dataclass
class Economy:
    """Per-household base-year potential incomes (yuan, float), growth state and shock states."""

    wage_local: np.ndarray
    wage_migrant: np.ndarray
    living_ratio: np.ndarray
    operating: np.ndarray
    cost_ratio: np.ndarray
    property: np.ndarray
    development: np.ndarray
    relief: np.ndarray
    trend: np.ndarray
    years: int
    noise: np.ndarray
    frail: np.ndarray
    ill: np.ndarray
    disabled: np.ndarray
    job_lost: np.ndarray
    disaster_last_year: np.ndarray


def base_economy(
    rng: np.random.Generator, money: dict[str, np.ndarray], ill: np.ndarray, frail: np.ndarray
) -> Economy:
    """The base year's components (fen) as potential incomes.

    ``ill`` marks a seriously ill member (an ongoing illness), ``frail`` any chronic illness or
    disability (a higher chance of a new illness).
    """
    yuan = {name: values / 100.0 for name, values in money.items()}
    n = yuan["wage_local"].size
    wage_migrant = yuan["wage_migrant"]
    operating = yuan["operating_income"]
    return Economy(
        wage_local=yuan["wage_local"],
        wage_migrant=wage_migrant,
        living_ratio=_ratio(yuan["migrant_living_cost"], wage_migrant, 0.35),
        operating=operating,
        cost_ratio=_ratio(yuan["operating_cost"], operating, 0.4),
        property=yuan["property_income"],
        development=yuan["transfer_development"],
        relief=yuan["transfer_relief"],
        trend=rng.normal(0.0, GROWTH_TREND_SD, n),
        years=0,
        noise=np.zeros(n),
        frail=frail.copy(),
        ill=ill.copy(),
        disabled=np.zeros(n, dtype=bool),
        job_lost=np.zeros(n, dtype=bool),
        disaster_last_year=np.zeros(n, dtype=bool),
    )


def _ratio(part: np.ndarray, whole: np.ndarray, default: float) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole > 0, part / np.where(whole > 0, whole, 1.0), default)


def step_economy(
    rng: np.random.Generator,
    eco: Economy,
    village: np.ndarray,
    poor: np.ndarray,
    size: np.ndarray,
    events: dict[str, np.ndarray],
) -> dict[str, np.ndarray]:
    """Advances one year; returns the realised money columns (fen) and fills ``events``."""
    n = eco.trend.size
    # Potential incomes are the base ones grown by the common rate and the household's trend,
    # times a noise that fades (AR(1)), so incomes do not drift apart without bound.
    eco.years += 1
    eco.noise = NOISE_PERSISTENCE * eco.noise + rng.normal(0.0, GROWTH_NOISE_SD, n)
    growth = np.exp((GROWTH_MEAN + eco.trend) * eco.years + eco.noise)
    eco.relief = eco.relief * RELIEF_GROWTH
    _leave_for_work(rng, eco, events)
    wage_factor = _illness_and_disability(rng, eco, events)
    operating_factor, disaster_loss = _disasters_and_prices(rng, eco, village, events)
    migrant_factor = _job_loss(rng, eco, events)
    support = poor * size * rng.uniform(*SUPPORT_PER_PERSON, n)
    medical = eco.ill * rng.lognormal(np.log(6000.0), 0.7, n) + rng.lognormal(
        np.log(300.0), 1.0, n
    ) * (rng.random(n) < 0.4)
    medical += events["death"] * rng.lognormal(np.log(4000.0), 0.6, n)
    wage_migrant = eco.wage_migrant * growth * wage_factor * migrant_factor
    operating = eco.operating * growth * operating_factor
    return {
        "wage_local": _fen(eco.wage_local * growth * wage_factor),
        "wage_migrant": _fen(wage_migrant),
        "migrant_living_cost": _fen(wage_migrant * eco.living_ratio),
        "operating_income": _fen(operating),
        "operating_cost": _fen(operating * eco.cost_ratio),
        "property_income": _fen(eco.property * growth),
        "transfer_relief": _fen(eco.relief),
        "transfer_development": _fen(eco.development + support),
        "medical_out_of_pocket": _fen(medical),
        "disaster_loss": _fen(disaster_loss),
    }


def _leave_for_work(rng: np.random.Generator, eco: Economy, events: dict[str, np.ndarray]) -> None:
    n = eco.trend.size
    leaves = (eco.wage_local > 0) & (rng.random(n) < LEAVE_FOR_WORK_P)
    # Migrant wages are about twice local ones, less 35% living costs away from home.
    eco.wage_migrant = eco.wage_migrant + leaves * eco.wage_local * 1.2
    eco.living_ratio = np.where(leaves & (eco.living_ratio <= 0), 0.35, eco.living_ratio)
    eco.wage_local = np.where(leaves, eco.wage_local * 0.4, eco.wage_local)
    events["left_for_work"] = leaves


def _illness_and_disability(
    rng: np.random.Generator, eco: Economy, events: dict[str, np.ndarray]
) -> np.ndarray:
    n = eco.trend.size
    recovers = eco.ill & (rng.random(n) < ILLNESS_RECOVERY)
    onset = ~eco.ill & (rng.random(n) < np.where(eco.frail, ILLNESS_ONSET[1], ILLNESS_ONSET[0]))
    eco.ill = (eco.ill & ~recovers) | onset
    disabled_now = ~eco.disabled & (rng.random(n) < DISABILITY_ONSET)
    eco.disabled |= disabled_now
    events["illness"], events["disability"] = onset, disabled_now
    events["recovery"] = events.get("recovery", np.zeros(n, dtype=bool)) | recovers
    return np.where(eco.ill, ILLNESS_WAGE_FACTOR, 1.0) * np.where(
        eco.disabled, DISABILITY_WAGE_FACTOR, 1.0
    )


def _disasters_and_prices(
    rng: np.random.Generator, eco: Economy, village: np.ndarray, events: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    n = eco.trend.size
    village_hit = rng.random(int(village.max()) + 1) < VILLAGE_DISASTER_P
    hit = (village_hit[village] & (rng.random(n) < 0.6)) | (rng.random(n) < LOCAL_DISASTER_P)
    loss = hit * rng.lognormal(np.log(5000.0), 0.7, n)
    factor = np.where(hit, DISASTER_OPERATING_FACTOR[0], 1.0)
    factor = np.where(~hit & eco.disaster_last_year, DISASTER_OPERATING_FACTOR[1], factor)
    price_fall = rng.uniform(0.15, 0.35) if rng.random() < PRICE_FALL_P else 0.0
    eco.disaster_last_year = hit
    events["disaster"] = hit
    events["price_fall"] = np.full(n, price_fall > 0) & (eco.operating > 0)
    return factor * (1.0 - price_fall), loss


def _job_loss(rng: np.random.Generator, eco: Economy, events: dict[str, np.ndarray]) -> np.ndarray:
    n = eco.trend.size
    recovers = eco.job_lost & (rng.random(n) < JOB_RECOVERY)
    loses = ~eco.job_lost & (eco.wage_migrant > 0) & (rng.random(n) < JOB_LOSS_P)
    eco.job_lost = (eco.job_lost & ~recovers) | loses
    events["job_loss"] = loses
    events["recovery"] = events.get("recovery", np.zeros(n, dtype=bool)) | recovers
    return np.where(eco.job_lost, JOB_LOSS_FACTOR, 1.0)


def _fen(yuan: np.ndarray) -> np.ndarray:
    return np.rint(np.maximum(yuan, 0.0) * 100.0).astype(np.int64)
