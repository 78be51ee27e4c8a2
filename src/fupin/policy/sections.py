"""The sections of a policy file: income flags, guarantees, monitoring, identification, exit, loans.

Every section is immutable and forbids unknown keys. ``problems()`` lists cross-field conflicts
(a minimum above its maximum) as ``(field, message kind, context)`` for the loader to report.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from decimal import Decimal
from typing import Any

from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from fupin.policy.base import PolicyModel, Problem
from fupin.policy.errors import PolicyYearError
from fupin.policy.messages import MESSAGES
from fupin.policy.types import (
    Amount,
    AmountByYear,
    Code,
    Count,
    ExactShare,
    Flag,
    Positive,
    Share,
    ShareByYear,
)

# Codes the rules kernel knows; a policy may use a subset, never an unknown code (a typo).
GUARANTEE_CHECKS = ("food", "clothing", "education", "medical", "housing", "drinking_water")
EXCLUSIONS = (
    "vehicle",
    "commercial_housing",
    "state_payroll",
    "village_cadre",
    "employs_others",
    "away_high_income",
)
HOUSING_GRADES = ("A", "B", "C", "D")


def _known(values: tuple[str, ...], known: tuple[str, ...]) -> tuple[str, ...]:
    """Refuses codes the rules kernel does not know."""
    for value in values:
        if value not in known:
            raise PydanticCustomError(
                "unknown_code", MESSAGES["unknown_code"], {"got": value, "known": ", ".join(known)}
            )
    return values


def _ordered(section: str, low: str, high: str, values: Mapping[str, Any]) -> Iterator[Problem]:
    """A problem when the field ``low`` is greater than the field ``high``."""
    if values[low] > values[high]:
        yield (
            f"{section}.{low}",
            "order",
            {"other": high, "value": values[low], "bound": values[high]},
        )


class Section(PolicyModel):
    """One table of a policy file."""


class IncomeRules(Section):
    """Flags raised from a household's income accounts."""

    transfer_dependent_share: Share  # transfers above this share of net income
    income_drop_ratio: Share  # per-capita income below this ratio of last year's


class Guarantees(Section):
    """The checkable forms of "two no-worries, three guarantees" plus safe drinking water."""

    checks: tuple[Code, ...] = GUARANTEE_CHECKS
    school_age_min: Count  # completed years of age on 31 December of the year
    school_age_max: Count
    dilapidated_grades: tuple[str, ...]  # housing safety grades that count as dilapidated
    require_medical_insurance: Flag
    require_safe_water: Flag

    @field_validator("checks")
    @classmethod
    def _checks_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, GUARANTEE_CHECKS)

    @field_validator("dilapidated_grades")
    @classmethod
    def _grades_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, HOUSING_GRADES)

    def problems(self) -> Iterator[Problem]:
        """The school age range must not be inverted."""
        yield from _ordered("guarantees", "school_age_min", "school_age_max", self.__dict__)


class Monitoring(Section):
    """Return-to-poverty monitoring: the line, the scale, department screening and deadlines."""

    line_multiplier: Positive
    line_by_year: AmountByYear = Field(default_factory=dict, alias="line")
    rigid_spending_ratio: Positive  # rigid spending above this multiple of last year's income
    scale_share: Share
    scale_share_deep_poverty: Share
    hospital_oop_monitored: Amount
    hospital_oop_other: Amount
    annual_oop: Amount
    visit_days: Count
    visit_people_min: Count
    decision_working_days: Count
    risk_elimination_months: Count
    notice_days_min: Count
    notice_days_max: Count

    def scale_share_for(self, categories: Collection[str]) -> Decimal:
        """The monitored share of the registered population in an area with ``categories``."""
        deep = "deep_poverty" in categories
        return self.scale_share_deep_poverty if deep else self.scale_share

    def problems(self) -> Iterator[Problem]:
        """Notice period and scale bounds must not be inverted."""
        yield from _ordered("monitoring", "notice_days_min", "notice_days_max", self.__dict__)
        yield from _ordered("monitoring", "scale_share", "scale_share_deep_poverty", self.__dict__)


class Identification(Section):
    """Identifying poor households and villages: procedure, exclusions and area categories."""

    notice_days_min: Count
    step_working_days: Count  # a case waiting longer at a stage than this is overdue
    appraisal_quorum: ExactShare
    township_spot_check: Share
    county_spot_check: Share
    exclusions: tuple[Code, ...]
    deep_poverty_county_incidence: Share
    deep_poverty_village_incidence: Share
    poor_village_incidence_multiple: Positive
    poor_village_income_share: Share

    @field_validator("exclusions")
    @classmethod
    def _exclusions_known(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        return _known(value, EXCLUSIONS)


class ExitRules(Section):
    """Exit thresholds for households, villages and counties, and the assessment sample."""

    same_year_exit_allowed: Flag
    village_incidence_max: Share
    village_incidence_max_west: Share
    county_overall_incidence_max: Share
    county_overall_incidence_max_west: Share
    wrong_exit_max: Share
    missed_poor_max: Share
    approval_min: Share
    sample_villages_min: Count
    sample_villages_max: Count
    sample_non_poor_share: Share
    sample_non_poor_max: Count

    def village_incidence_limit(self, categories: Collection[str]) -> Decimal:
        """The village exit threshold: incidence below it (the western region's when western)."""
        west = "western" in categories
        return self.village_incidence_max_west if west else self.village_incidence_max

    def county_incidence_limit(self, categories: Collection[str]) -> Decimal:
        """The county exit threshold on overall incidence (the western region's when western)."""
        west = "western" in categories
        return self.county_overall_incidence_max_west if west else self.county_overall_incidence_max

    def problems(self) -> Iterator[Problem]:
        """The sampled village range must not be inverted."""
        yield from _ordered("exit", "sample_villages_min", "sample_villages_max", self.__dict__)


class Microcredit(Section):
    """Poverty microcredit (扶贫小额信贷): caps, borrower ages and the interest subsidy by year."""

    max_amount: Amount
    max_years: Count
    borrower_age_min: Count
    borrower_age_max: Count
    interest_subsidy_by_year: ShareByYear = Field(alias="interest_subsidy")

    def interest_subsidy(self, year: int) -> Decimal:
        """The share of the interest the budget pays in ``year``; raises PolicyYearError."""
        table = self.interest_subsidy_by_year
        if year not in table:
            from fupin.i18n import gettext

            raise PolicyYearError(
                gettext(
                    "no microcredit interest subsidy for {year} (covers {first}–{last})"
                ).format(year=year, first=min(table), last=max(table)),
                year=year,
                policy_id="",
            )
        return table[year]

    def problems(self) -> Iterator[Problem]:
        """The borrower age range must not be inverted."""
        yield from _ordered("microcredit", "borrower_age_min", "borrower_age_max", self.__dict__)
