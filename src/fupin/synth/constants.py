"""Fixed figures of the demo county and the coded values of the synthetic tables.

Where a figure comes from is documented in docs/synth.md; tags follow docs/policy-facts.md
([C] confirmed, [L] local, [U] unconfirmed / assumed for the demo).
"""

from __future__ import annotations

from fupin.policy import load_policy
from fupin.rules import columns as _roster
from fupin.rules.checks import codes as _codes

# The synthetic county lies in no real province: it is generated against the national policy,
# whose figures (the one source) it reads: the exit-standard poverty line and the monitoring
# line of every year the policy covers.
NATIONAL = load_policy("cn")
POVERTY_LINES: dict[int, int] = {year: int(NATIONAL.poverty_line(year)) for year in NATIONAL.years}
MONITORING_LINES: dict[int, int] = {
    year: int(NATIONAL.monitoring_line(year)) for year in NATIONAL.years
}
# Absolute poverty ended with 2020 [C]: the poor list's last exits; from 2021 no household is
# identified as poor any more, and households at risk are monitored instead.
CAMPAIGN_END = 2020

# "L County" of docs/policy-facts.md in 2014 [C]: 631 villages, ~40,000 poor people (8%), mean
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

# The coded values are the core's one table (fupin.rules.checks.codes): what the generator
# draws is what the roster, the batch screen and the registry accept. Draws index these tuples.
YES_NO = _codes.YES_NO
LEVELS = ("province", "city", "county", "township", "village")
REGISTERED_STATUSES = _codes.REGISTERED_STATUSES
HOUSING_GRADES = _codes.HOUSING_GRADES
HOUSEHOLD_TYPES = _codes.HOUSEHOLD_TYPES
HOUSING_STRUCTURES = _codes.HOUSING_STRUCTURES
CAUSES = _codes.CAUSES
# Shares of the main cause among registered poor households [illness: C, 42-44%; rest U].
MAIN_CAUSE_SHARES = (0.42, 0.06, 0.05, 0.04, 0.03, 0.02, 0.10, 0.09, 0.12, 0.03, 0.02, 0.02)

RELATIONS = _codes.RELATIONS
SEXES = _codes.SEXES
HEALTH = _codes.HEALTH
LABOUR_ABILITIES = _codes.LABOUR_ABILITIES
LABOUR_TYPES = _codes.LABOUR_TYPES
EDUCATION = _codes.EDUCATION
ETHNICITIES = ("han", "hui", "manchu", "mongol")
ETHNICITY_SHARES = (0.992, 0.005, 0.002, 0.001)

# The roster's columns and net-income formula are the rules kernel's contract; the generator
# uses the very same definitions, so what it calibrates is what the kernel decides on.
MONEY_COLUMNS = _roster.MONEY_COLUMNS

# The facts the national exclusion rules read: optional roster columns the generator fills.
EXCLUSION_HOUSEHOLD_FLAGS = _roster.EXCLUSION_HOUSEHOLD_FLAGS
COUNT_COLUMNS = _roster.COUNT_COLUMNS
EXCLUSION_MEMBER_FLAGS = _roster.EXCLUSION_MEMBER_FLAGS

HOUSEHOLD_ROSTER_COLUMNS = (
    ("household_id", "village_code", "year", "registered_status")
    + ("food_secure", "clothing_secure", "safe_water", "housing_grade")
    + MONEY_COLUMNS
    + ("previous_per_capita_net_income",)
    + _roster.EXCLUSION_HOUSEHOLD_COLUMNS
)
MEMBER_ROSTER_COLUMNS = _roster.ALL_MEMBER_COLUMNS
