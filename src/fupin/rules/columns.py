"""The roster's columns and their allowed values (issue 4), shared by reader, kernel and template."""

from __future__ import annotations

HOUSEHOLDS_SHEET = "households"
MEMBERS_SHEET = "members"

YES_NO = ("yes", "no")
REGISTERED_STATUSES = ("none", "poor", "exited")
HOUSING_GRADES = ("A", "B", "C", "D")
RELATIONS = ("head", "spouse", "child", "parent", "grandchild", "sibling", "other")
SEXES = ("M", "F")
HEALTH = ("healthy", "chronic", "serious", "disabled")
LABOUR_ABILITIES = ("ordinary", "skilled", "lost", "none")
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

HOUSEHOLD_ENUMS: dict[str, tuple[str, ...]] = {
    "registered_status": REGISTERED_STATUSES,
    "food_secure": YES_NO,
    "clothing_secure": YES_NO,
    "safe_water": YES_NO,
    "housing_grade": HOUSING_GRADES,
}
MEMBER_ENUMS: dict[str, tuple[str, ...]] = {
    "relation": RELATIONS,
    "sex": SEXES,
    "in_school": YES_NO,
    "health": HEALTH,
    "labour_ability": LABOUR_ABILITIES,
    "medical_insurance": YES_NO,
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
