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
# Columns a roster may leave out entirely.
OPTIONAL_HOUSEHOLD_COLUMNS = (PREVIOUS_INCOME_COLUMN,)

GUARANTEE_GAPS = ("FOOD", "CLOTHING", "EDUCATION", "MEDICAL", "HOUSING", "WATER")
FLAGS = ("NEAR_LINE", "TRANSFER_DEPENDENT", "RIGID_SPENDING", "INCOME_DROP", "NO_LABOUR")
