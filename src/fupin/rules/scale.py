"""The monitored-scale bound and the order in which flagged households are taken into it.

Policy: monitored households are "generally about 5% of the registered population, at most 10%
in deep-poverty areas". The registered population is the people of the households on the
poverty register (建档立卡: registered poor, or exited from it) — not every rural resident — and
a deep-poverty area is one whose region, or a region above it, carries that category. Every
caller (the web's alert ranking, the risk scorer, the batch) counts the bound here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

# The roster's registered_status values of households on the poverty register.
ON_REGISTER = ("poor", "exited")

# How pressing each reason is when households compete for the monitored scale (higher first):
# income below the line, then the unmet guarantees, then shocks, then the softer flags.
SEVERITY: dict[str, int] = {
    "INCOME_POOR": 100,
    "FOOD": 70, "CLOTHING": 70, "HOUSING": 60, "WATER": 60, "MEDICAL": 55, "EDUCATION": 55,
    "HOSPITAL_OOP": 50, "ANNUAL_OOP": 50, "DISASTER": 50, "ACCIDENT": 45, "ILLNESS": 45,
    "RIGID_SPENDING": 45, "JOB_LOSS": 40, "INCOME_DROP": 35, "CIVIL_AID": 30,
    "NEAR_LINE": 25, "MODEL_RISK": 20, "TRANSFER_DEPENDENT": 15, "NO_LABOUR": 15,
    "VISIT_FINDING": 10, "OTHER": 10,
}  # fmt: skip


def scale_bound(people: np.ndarray, shares: np.ndarray) -> int:
    """People who may be monitored: Σ people on the register × their area's share, rounded down.

    ``people``: registered people per area (or household); ``shares``: each one's share.
    """
    total = np.sum(np.asarray(people, dtype=np.float64) * np.asarray(shares, dtype=np.float64))
    return math.floor(total + 1e-9)


def severity(codes: Sequence[str]) -> int:
    """How pressing a set of reasons is: its most pressing reason first, then how many there are
    (unknown codes weigh 1): 100 × the highest weight + the number of distinct reasons."""
    distinct = list(dict.fromkeys(codes))
    if not distinct:
        return 0
    return 100 * max(SEVERITY.get(code, 1) for code in distinct) + min(len(distinct), 99)


def priority_order(risk: np.ndarray, severities: np.ndarray) -> np.ndarray:
    """Row order by model risk (missing: NaN, last), then severity, highest first; stable."""
    risk = np.nan_to_num(np.asarray(risk, dtype=np.float64), nan=-1.0)
    return np.lexsort((-np.asarray(severities, dtype=np.int64), -risk))


def within_capacity(order: np.ndarray, people: np.ndarray, capacity: float) -> np.ndarray:
    """Households taken in ``order`` while the people of those taken still fit ``capacity``."""
    taken = np.cumsum(np.asarray(people)[order]) <= capacity + 1e-9
    mask = np.zeros(len(order), dtype=bool)
    mask[order[taken]] = True
    return mask
