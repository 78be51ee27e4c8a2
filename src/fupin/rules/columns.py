"""The roster's columns and their allowed values, shared by reader, kernel and template.

The codes themselves are the core's one table (``fupin.rules.checks.codes``); a roster holds the
coded columns below.
"""

from __future__ import annotations

# The roster's enumerations by name, for reader, kernel, template and generator alike.
from fupin.rules.checks.codes import (  # noqa: F401
    HEALTH,
    HOUSEHOLD_CODES,
    HOUSING_GRADES,
    LABOUR_ABILITIES,
    MEMBER_CODES,
    REGISTERED_STATUSES,
    RELATIONS,
    SEXES,
    YES_NO,
)

HOUSEHOLDS_SHEET = "households"
MEMBERS_SHEET = "members"
# Labour abilities that count as "able to work" for the NO_LABOUR flag.
ABLE_LABOUR = ("ordinary", "skilled")

# Income components in the order of the net-income formula; the sign says add or subtract.
INCOME_TERMS: tuple[tuple[str, int], ...] = (
    ("wage_local", 1),
    ("wage_migrant", 1),
    ("migrant_living_cost", -1),
    ("operating_income", 1),
    ("operating_cost", -1),
    ("property_income", 1),
    ("transfer_relief", 1),
    ("transfer_development", 1),
)
TRANSFER_COLUMNS = ("transfer_relief", "transfer_development")
RIGID_SPENDING_COLUMNS = ("medical_out_of_pocket", "disaster_loss")
# Recorded but never counted: in-kind consumption is not cash income.
RECORDED_ONLY_COLUMNS = ("inkind_consumption",)
MONEY_COLUMNS: tuple[str, ...] = (
    tuple(name for name, _ in INCOME_TERMS) + RECORDED_ONLY_COLUMNS + RIGID_SPENDING_COLUMNS
)
PREVIOUS_INCOME_COLUMN = "previous_per_capita_net_income"

# The coded columns of a roster, in its column order.
HOUSEHOLD_ENUMS: dict[str, tuple[str, ...]] = {
    name: HOUSEHOLD_CODES[name]
    for name in (
        "registered_status",
        "food_secure",
        "clothing_secure",
        "safe_water",
        "housing_grade",
    )
}
MEMBER_ENUMS: dict[str, tuple[str, ...]] = {
    name: MEMBER_CODES[name]
    for name in ("relation", "sex", "in_school", "health", "labour_ability", "medical_insurance")
}

HOUSEHOLD_COLUMNS: tuple[str, ...] = (
    ("household_id", "village_code", "year")
    + tuple(HOUSEHOLD_ENUMS)
    + MONEY_COLUMNS
    + (PREVIOUS_INCOME_COLUMN,)
)
MEMBER_COLUMNS: tuple[str, ...] = (
    "household_id",
    "id_number",
    "name",
    "relation",
    "sex",
    "birth_date",
    "in_school",
    "health",
    "labour_ability",
    "medical_insurance",
)

# Facts the national exclusion rules read ("四不列 / 七不进": a car, commercial or luxury housing,
# a business employing others, the whole family away with a high income; a member on the state
# payroll or a village cadre), and the household's productive machines and large livestock.
# Optional: checked when the column is there, an empty cell means not recorded. The kernel does
# not read them, so they are not in HOUSEHOLD_COLUMNS / MEMBER_COLUMNS (which `fupin batch`
# reads and requires): a roster holds them in ALL_HOUSEHOLD_COLUMNS / ALL_MEMBER_COLUMNS.
EXCLUSION_HOUSEHOLD_FLAGS = (
    "owns_vehicle",
    "owns_commercial_housing",
    "runs_business_with_employees",
    "away_with_high_income",
)
COUNT_COLUMNS = ("machinery_count", "livestock_heads")
EXCLUSION_MEMBER_FLAGS = ("on_state_payroll", "is_village_cadre")
OPTIONAL_HOUSEHOLD_ENUMS: dict[str, tuple[str, ...]] = {
    name: HOUSEHOLD_CODES[name] for name in EXCLUSION_HOUSEHOLD_FLAGS
}
OPTIONAL_MEMBER_ENUMS: dict[str, tuple[str, ...]] = {
    name: MEMBER_CODES[name] for name in EXCLUSION_MEMBER_FLAGS
}
EXCLUSION_HOUSEHOLD_COLUMNS = EXCLUSION_HOUSEHOLD_FLAGS + COUNT_COLUMNS
EXCLUSION_MEMBER_COLUMNS = EXCLUSION_MEMBER_FLAGS
# Every column a roster may hold, in the template's order.
ALL_HOUSEHOLD_COLUMNS = HOUSEHOLD_COLUMNS + EXCLUSION_HOUSEHOLD_COLUMNS
ALL_MEMBER_COLUMNS = MEMBER_COLUMNS + EXCLUSION_MEMBER_COLUMNS
# Columns a roster may leave out entirely.
OPTIONAL_HOUSEHOLD_COLUMNS = (PREVIOUS_INCOME_COLUMN, *EXCLUSION_HOUSEHOLD_COLUMNS)
OPTIONAL_MEMBER_COLUMNS = EXCLUSION_MEMBER_COLUMNS

GUARANTEE_GAPS = ("FOOD", "CLOTHING", "EDUCATION", "MEDICAL", "HOUSING", "WATER")
FLAGS = ("NEAR_LINE", "TRANSFER_DEPENDENT", "RIGID_SPENDING", "INCOME_DROP", "NO_LABOUR")
