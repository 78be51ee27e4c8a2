"""Registration, living conditions and causes of poverty of each household (vectorised).

Registration follows a quota: households are ranked by how poor they look to the village
(true income plus appraisal noise, illness weighs in) and registered until the registered
population equals the poor population — so most poor households are registered, a few are
missed and a few non-poor ones take their places, as the audits found.
"""

from __future__ import annotations

import numpy as np

from fupin.synth.constants import CAUSES, MAIN_CAUSE_SHARES

APPRAISAL_NOISE = 0.07  # sd of the village's view of log income [U]
FAVOURED_SHARE = 0.002  # households with connections that look poorer than they are [U]
POOR, NEAR, OTHER = 0, 1, 2  # income tiers: below the line, below the monitoring line, above


def register(
    rng: np.random.Generator,
    pc: np.ndarray,
    size: np.ndarray,
    line: float,
    ill: np.ndarray,
    quota: int | None = None,
) -> np.ndarray:
    """True for households registered as poor, filled to the quota (default: the poor people)."""
    looks_poor = -np.log(np.maximum(pc, 1.0) / line) + 0.1 * (ill > 0)
    looks_poor = looks_poor + rng.normal(0, APPRAISAL_NOISE, pc.size)
    looks_poor = looks_poor + (rng.random(pc.size) < FAVOURED_SHARE)
    if quota is None:
        quota = int(size[pc < line].sum())
    order = np.argsort(-looks_poor, kind="stable")
    taken = np.cumsum(size[order]) <= quota
    registered = np.zeros(pc.size, dtype=bool)
    registered[order[taken]] = True
    return registered


def tiers(pc: np.ndarray, line: float, monitoring_line: float) -> np.ndarray:
    """Income tier per household: POOR, NEAR (below the policy's monitoring line) or OTHER."""
    return np.select([pc < line, pc < monitoring_line], [POOR, NEAR], OTHER)


def _by_tier(
    rng: np.random.Generator, tier: np.ndarray, p: tuple[float, float, float]
) -> np.ndarray:
    return rng.random(tier.size) < np.asarray(p)[tier]


def _categorical_by_tier(
    rng: np.random.Generator, tier: np.ndarray, table: list[list[float]]
) -> np.ndarray:
    cumulative = np.cumsum(np.asarray(table), axis=1)[tier]
    return (rng.random(tier.size)[:, None] >= cumulative[:, :-1]).sum(axis=1)


def living_conditions(
    rng: np.random.Generator,
    tier: np.ndarray,
    size: np.ndarray,
    dry_village: np.ndarray,
    remote_village: np.ndarray,
    year: int,
) -> dict[str, np.ndarray]:
    """Food, clothing, water, housing, road and electricity: mostly met, worse for the poor [U]."""
    n = tier.size
    unsafe_water_p = np.asarray([0.15, 0.08, 0.04])[tier] * np.where(dry_village, 2.5, 1.0)
    unsafe_water = rng.random(n) < unsafe_water_p
    structure = _categorical_by_tier(
        rng, tier, [[0.20, 0.35, 0.40, 0.05], [0.35, 0.35, 0.27, 0.03], [0.50, 0.33, 0.15, 0.02]]
    )
    grade = _categorical_by_tier(
        rng, tier, [[0.10, 0.52, 0.27, 0.11], [0.20, 0.60, 0.16, 0.04], [0.45, 0.51, 0.035, 0.005]]
    )
    grade = np.where((structure == 0) & (grade == 3), 2, grade)
    built_from = np.array([1995, 1975, 1950, 1960])[structure]
    built_to = np.minimum(np.array([2014, 2005, 1990, 2010])[structure], year)
    return {
        "food_insecure": _by_tier(rng, tier, (0.03, 0.01, 0.002)),
        "clothing_insecure": _by_tier(rng, tier, (0.02, 0.007, 0.001)),
        "unsafe_water": unsafe_water,
        "water_difficult": np.where(unsafe_water, rng.random(n) < 0.6, rng.random(n) < 0.05),
        "housing_grade": grade,
        "housing_structure": structure,
        "housing_year": rng.integers(built_from, built_to + 1),
        "housing_area": np.round(size * rng.lognormal(np.log(28), 0.35, n), 1),
        "no_electricity": rng.random(n) < 0.002,
        "no_road": rng.random(n)
        < np.asarray([0.15, 0.10, 0.07])[tier] * np.where(remote_village, 3, 1),
        "relocated": _by_tier(rng, tier, (0.03, 0.015, 0.01)),
        "medical_uninsured_p": np.asarray([0.04, 0.02, 0.008])[tier],
    }


def cause_scores(features: dict[str, np.ndarray]) -> np.ndarray:
    """How strongly each of the 12 causes fits each household (columns in CAUSES order)."""
    f = features
    zeros = np.zeros(f["ill"].size)
    columns = {
        "illness": 1.5 * (f["serious"] > 0)
        + 1.0 * (f["chronic"] > 0)
        + 0.3 * np.log1p(f["medical"] / 1000),
        "disability": 1.8 * (f["disabled"] > 0),
        "schooling": 1.2 * (f["students_16_plus"] > 0) + 0.3 * f["students"],
        "disaster": 2.0 * (f["disaster"] > 0),
        "land": 1.5 * (f["land_pc"] < 0.5),
        "water": 1.2 * f["water_difficult"],
        "skills": 0.8 * (f["head_education"] <= 1),
        "labour": 1.5 * (f["able"] == 0) + 0.5 * (f["able"] < f["size"] / 3),
        "funds": zeros + 0.5,
        "transport": 1.2 * f["no_road"],
        "motivation": zeros,
        "other": zeros,
    }
    return np.column_stack([columns[c] for c in CAUSES]).astype(np.float64)


def choose_causes(rng: np.random.Generator, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Main cause index and up to two others per row; offsets fitted so main causes match shares.

    Gumbel noise turns scores into a random choice; iterative proportional fitting of one
    offset per cause makes the shares of main causes match MAIN_CAUSE_SHARES.
    """
    rows = scores.shape[0]
    target = np.asarray(MAIN_CAUSE_SHARES)
    noisy = scores + rng.gumbel(0.0, 1.0, scores.shape)
    offsets = np.zeros(len(CAUSES))
    for _ in range(40):
        main = np.argmax(noisy + offsets, axis=1)
        share = np.bincount(main, minlength=len(CAUSES)) / max(rows, 1)
        offsets += np.log(target / np.maximum(share, 0.5 / max(rows, 1)))
    ranked = np.argsort(-(noisy + offsets), axis=1)
    keep = rng.random((rows, 2)) < np.array([0.7, 0.4])
    keep[:, 1] &= keep[:, 0]
    others = np.where(keep, ranked[:, 1:3], -1)
    return ranked[:, 0], others
