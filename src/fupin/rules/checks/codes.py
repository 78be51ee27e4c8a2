"""The coded values of a household and its members: the one table of their allowed codes.

The roster (``fupin.rules.columns``), the synthetic generator, the batch screen and the registry
(its Django choices, with translated labels) all take their codes from here; the order is the
order in which forms and drop-down lists show them.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from fupin.rules.checks.arrays import is_missing, is_null, not_in

YES_NO = ("yes", "no")
REGISTERED_STATUSES = ("none", "poor", "exited")
HOUSING_GRADES = ("A", "B", "C", "D")
HOUSING_STRUCTURES = ("brick_concrete", "brick_wood", "earth_wood", "other")
HOUSEHOLD_TYPES = ("ordinary", "dibao", "wubao", "dibao_wubao")
IDENTIFICATION_STANDARDS = ("national", "provincial", "prefectural")
CAUSES = (
    "illness", "disability", "schooling", "disaster", "land", "water", "skills", "labour",
    "funds", "transport", "motivation", "other",
)  # fmt: skip
HEAD = "head"
RELATIONS = (HEAD, "spouse", "child", "parent", "grandchild", "sibling", "other")
SEXES = ("M", "F")
HEALTH = ("healthy", "chronic", "serious", "disabled")
LABOUR_ABILITIES = ("ordinary", "skilled", "lost", "none")
LABOUR_TYPES = ("farming", "migrant", "half", "none")
EDUCATION = ("none", "primary", "junior", "senior", "college")

# Every coded field of the household card and of a member, with its codes.
HOUSEHOLD_CODES: dict[str, tuple[str, ...]] = {
    "registered_status": REGISTERED_STATUSES,
    "food_secure": YES_NO,
    "clothing_secure": YES_NO,
    "safe_water": YES_NO,
    "housing_grade": HOUSING_GRADES,
    "water_difficult": YES_NO,
    "electricity": YES_NO,
    "road_access": YES_NO,
    "relocated": YES_NO,
    "housing_structure": HOUSING_STRUCTURES,
    "household_type": HOUSEHOLD_TYPES,
    "identification_standard": IDENTIFICATION_STANDARDS,
    "main_cause": CAUSES,
    # Facts the national exclusion rules read (optional on a roster).
    "owns_vehicle": YES_NO,
    "owns_commercial_housing": YES_NO,
    "runs_business_with_employees": YES_NO,
    "away_with_high_income": YES_NO,
}
MEMBER_CODES: dict[str, tuple[str, ...]] = {
    "relation": RELATIONS,
    "sex": SEXES,
    "in_school": YES_NO,
    "health": HEALTH,
    "labour_ability": LABOUR_ABILITIES,
    "medical_insurance": YES_NO,
    "pension_insurance": YES_NO,
    "education": EDUCATION,
    "labour_type": LABOUR_TYPES,
    "on_state_payroll": YES_NO,
    "is_village_cadre": YES_NO,
}

# Reason codes.
MISSING = "missing"  # no value (empty, or spaces only)
UNKNOWN_CODE = "unknown_code"  # a value that is none of the codes


def code_reasons(
    values: pa.Array | pa.ChunkedArray, allowed: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """For each row of a coded column: MISSING, UNKNOWN_CODE, or neither (a known code)."""
    missing = is_missing(values)
    text = values if pa.types.is_string(values.type) else values.cast(pa.string())
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    # Text of spaces only is missing, not an unknown code.
    return {MISSING: missing, UNKNOWN_CODE: not_in(text, allowed) & ~missing}


def code_is_bad(values: pa.Array | pa.ChunkedArray, allowed: tuple[str, ...]) -> np.ndarray:
    """True where a coded value is missing or unknown (MISSING or UNKNOWN_CODE of code_reasons).

    No code is blank, so blank text is also "none of the codes": the union needs no blank test,
    which keeps the batch screen to one pass per column.
    """
    text = values.combine_chunks() if isinstance(values, pa.ChunkedArray) else values
    return is_null(text) | not_in(text, allowed)
