"""Member attributes: health, schooling, education, labour and insurance (vectorised).

Rates are by age band and shifted by household-level propensities (frailty for illness,
hardship for leaving school early), so illness and poverty cluster in the same households.
Codes index the tuples of fupin.synth.constants.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

AGE_BANDS = np.array([15, 45, 60, 70])  # bands 0-14, 15-44, 45-59, 60-69, 70+
# Per band [U, shaped on the 2013 National Health Services Survey and the 2006 disability survey].
CHRONIC = np.array([0.01, 0.04, 0.12, 0.22, 0.30])
SERIOUS = np.array([0.003, 0.008, 0.02, 0.035, 0.05])
DISABLED = np.array([0.008, 0.015, 0.03, 0.05, 0.08])
HEALTHY, CHRONIC_CODE, SERIOUS_CODE, DISABLED_CODE = 0, 1, 2, 3
ORDINARY, SKILLED, LOST, NO_LABOUR = 0, 1, 2, 3
FARMING, MIGRANT, HALF, NO_WORK = 0, 1, 2, 3
# Education attained by age group of adults (none, primary, junior, senior, college) [U].
EDUCATION_BY_AGE = (
    (65, (0.40, 0.43, 0.14, 0.03, 0.00)),
    (50, (0.12, 0.42, 0.36, 0.09, 0.01)),
    (35, (0.03, 0.28, 0.53, 0.12, 0.04)),
    (0, (0.01, 0.10, 0.55, 0.20, 0.14)),
)
SKILLED_BY_EDUCATION = np.array([0.03, 0.06, 0.15, 0.30, 0.50])


@dataclass(frozen=True)
class People:
    """Member attribute codes, aligned with the composition's members."""

    health: np.ndarray
    in_school: np.ndarray  # bool
    education: np.ndarray
    labour_ability: np.ndarray
    labour_type: np.ndarray
    migrant_months: np.ndarray
    pension_insurance: np.ndarray  # bool


def draw_health(rng: np.random.Generator, age: np.ndarray, frailty_m: np.ndarray) -> np.ndarray:
    """Health code per member; frailty (household-level, mean 0) scales every rate."""
    band = np.searchsorted(AGE_BANDS, age, side="right")
    factor = np.exp(0.45 * frailty_m - 0.1)
    u = rng.random(age.size)
    disabled = DISABLED[band] * factor
    serious = disabled + SERIOUS[band] * factor
    chronic = serious + CHRONIC[band] * factor
    return np.select([u < disabled, u < serious, u < chronic], [3, 2, 1], HEALTHY)


def _enrolment(rng: np.random.Generator, age: np.ndarray, hardship_m: np.ndarray) -> np.ndarray:
    # Compulsory ages almost all enrol; senior and college enrolment falls with hardship.
    hard = hardship_m > 1.2
    p = np.select(
        [(age >= 6) & (age <= 15), (age >= 16) & (age <= 18), (age >= 19) & (age <= 22)],
        [np.where(hard, 0.96, 0.99), np.where(hard, 0.5, 0.7), np.where(hard, 0.1, 0.22)],
        0.0,
    )
    return rng.random(age.size) < p


def _education(rng: np.random.Generator, age: np.ndarray, in_school: np.ndarray) -> np.ndarray:
    u = rng.random(age.size)
    adult = np.zeros(age.size, dtype=np.int64)
    assigned = np.zeros(age.size, dtype=bool)
    for min_age, shares in EDUCATION_BY_AGE:
        rows = (age >= min_age) & ~assigned
        adult[rows] = np.searchsorted(np.cumsum(shares), u[rows], side="right").clip(0, 4)
        assigned |= rows
    young = np.select(
        [age < 7, age <= 12, age <= 15, age <= 18],
        [0, 1, 2, np.where(in_school, 3, 2)],
        -1,
    )
    student_adult = np.where(in_school & (age >= 19), 4, adult)
    return np.where(young >= 0, young, student_adult)


def _labour(
    rng: np.random.Generator,
    age: np.ndarray,
    health: np.ndarray,
    education: np.ndarray,
    in_school: np.ndarray,
) -> np.ndarray:
    u = rng.random(age.size)
    lost_p = np.select(
        [health == DISABLED_CODE, health == SERIOUS_CODE, health == CHRONIC_CODE],
        [0.85, 0.7, 0.15],
        0.0,
    )
    able_p = np.select([age < 16, age < 60, age < 70, age < 80], [0.0, 1.0, 0.7, 0.3], 0.0)
    ability = np.where(rng.random(age.size) < able_p, ORDINARY, NO_LABOUR)
    working_age = (age >= 16) & (age < 60)
    ability = np.where(
        (ability == ORDINARY) & working_age & (u < SKILLED_BY_EDUCATION[education]),
        SKILLED,
        ability,
    )
    ability = np.where((age >= 16) & (rng.random(age.size) < lost_p), LOST, ability)
    return np.where(in_school, NO_LABOUR, ability)


def _labour_type(
    rng: np.random.Generator, age: np.ndarray, ability: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    able = (ability == ORDINARY) | (ability == SKILLED)
    u = rng.random(age.size)
    migrant_p = np.where(age < 40, 0.45, 0.25)
    working_age = able & (age < 60)
    kind = np.select(
        [working_age & (u < migrant_p), working_age & (u < migrant_p + 0.15), able],
        [MIGRANT, HALF, FARMING],
        NO_WORK,
    )
    months = np.select(
        [kind == MIGRANT, kind == HALF],
        [rng.integers(8, 13, age.size), rng.integers(3, 8, age.size)],
        0,
    )
    return kind, months


def draw_people(
    rng: np.random.Generator, age: np.ndarray, frailty_m: np.ndarray, hardship_m: np.ndarray
) -> People:
    """Every member's health, schooling, education, labour and pension enrolment."""
    health = draw_health(rng, age, frailty_m)
    in_school = _enrolment(rng, age, hardship_m)
    education = _education(rng, age, in_school)
    ability = _labour(rng, age, health, education, in_school)
    kind, months = _labour_type(rng, age, ability)
    pension_p = np.where(hardship_m > 1.2, 0.8, 0.88)
    pension = (age >= 16) & ~in_school & (rng.random(age.size) < pension_p)
    return People(health, in_school, education, ability, kind, months, pension)
