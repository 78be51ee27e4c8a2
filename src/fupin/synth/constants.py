"""Fixed figures of the demo county and the coded values of the synthetic tables.

Where a figure comes from is documented in docs/synth.md; tags follow POLICY-FACTS.md
([C] confirmed, [L] local, [U] unconfirmed / assumed for the demo).
"""

from __future__ import annotations

# The exit-standard poverty line by year (POLICY-FACTS.md); the generator calibrates against it.
POVERTY_LINES: dict[int, int] = {
    2014: 2800,
    2015: 2968,
    2016: 3146,
    2017: 3335,
    2018: 3535,
    2019: 3747,
    2020: 4000,
}

# "L County" of POLICY-FACTS.md in 2014 [C]: 631 villages, ~40,000 poor people (8%), mean
# per-capita net income 8,100 yuan. 130,000 households x ~3.87 people gives ~500,000 residents.
HOUSEHOLDS = 130_000
VILLAGES = 631
TOWNSHIPS = 20
POOR_SHARE_2014 = 0.08
MEAN_INCOME_2014 = 8100.0
# Nominal growth of rural per-capita income per year after 2014 [U], used for other years.
INCOME_GROWTH = 1.09

# A fictitious county: province 61 is a western province, but prefecture 99 does not exist in
# it, so the codes 6199xx cannot be mistaken for a real county.
PROVINCE_CODE = "610000000000"
CITY_CODE = "619900000000"
COUNTY_CODE = "619901000000"
ID_AREA = COUNTY_CODE[:6]

YES_NO = ("yes", "no")
LEVELS = ("province", "city", "county", "township", "village")
REGISTERED_STATUSES = ("none", "poor", "exited")
HOUSING_GRADES = ("A", "B", "C", "D")
HOUSEHOLD_TYPES = ("ordinary", "dibao", "wubao", "dibao_wubao")
HOUSING_STRUCTURES = ("brick_concrete", "brick_wood", "earth_wood", "other")
CAUSES = (
    "illness",
    "disability",
    "schooling",
    "disaster",
    "land",
    "water",
    "skills",
    "labour",
    "funds",
    "transport",
    "motivation",
    "other",
)
# Shares of the main cause among registered poor households [illness: C, 42-44%; rest U].
MAIN_CAUSE_SHARES = (0.42, 0.06, 0.05, 0.04, 0.03, 0.02, 0.10, 0.09, 0.12, 0.03, 0.02, 0.02)

RELATIONS = ("head", "spouse", "child", "parent", "grandchild", "sibling", "other")
SEXES = ("M", "F")
HEALTH = ("healthy", "chronic", "serious", "disabled")
LABOUR_ABILITIES = ("ordinary", "skilled", "lost", "none")
LABOUR_TYPES = ("farming", "migrant", "half", "none")
EDUCATION = ("none", "primary", "junior", "senior", "college")
ETHNICITIES = ("han", "hui", "manchu", "mongol")
ETHNICITY_SHARES = (0.992, 0.005, 0.002, 0.001)

MONEY_COLUMNS = (
    "wage_local",
    "wage_migrant",
    "migrant_living_cost",
    "operating_income",
    "operating_cost",
    "property_income",
    "transfer_relief",
    "transfer_development",
    "inkind_consumption",
    "medical_out_of_pocket",
    "disaster_loss",
)
# The roster's net-income formula (issue 4): in-kind consumption never counts.
INCOME_SIGNS: dict[str, int] = {
    "wage_local": 1,
    "wage_migrant": 1,
    "migrant_living_cost": -1,
    "operating_income": 1,
    "operating_cost": -1,
    "property_income": 1,
    "transfer_relief": 1,
    "transfer_development": 1,
}

HOUSEHOLD_ROSTER_COLUMNS = (
    ("household_id", "village_code", "year", "registered_status")
    + ("food_secure", "clothing_secure", "safe_water", "housing_grade")
    + MONEY_COLUMNS
    + ("previous_per_capita_net_income",)
)
MEMBER_ROSTER_COLUMNS = (
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
