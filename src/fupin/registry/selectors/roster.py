"""Registry records in the rules kernel's roster columns: one mapping for the card and monitoring."""

from __future__ import annotations

from typing import Any

from fupin.rules.columns import (
    COUNT_COLUMNS,
    EXCLUSION_HOUSEHOLD_FLAGS,
    EXCLUSION_MEMBER_FLAGS,
    MONEY_COLUMNS,
    PREVIOUS_INCOME_COLUMN,
)

# Statuses of a household on the poor list, and those it can only reach after leaving it.
POOR_STATUSES = frozenset({"identified", "returned"})
AFTER_EXIT_STATUSES = frozenset({"exited", "monitored", "risk_eliminated"})


def registered_status(status: str, exited_before: bool) -> str:
    """The roster's registered_status (none / poor / exited) from the registry status."""
    if status in POOR_STATUSES:
        return "poor"
    if status in AFTER_EXIT_STATUSES and exited_before:
        return "exited"
    return "none"


def yes_no(flag: bool) -> str:
    """A boolean field as the roster's yes / no."""
    return "yes" if flag else "no"


def household_row(household: Any, record: Any, exited_before: bool) -> dict[str, Any]:
    """One household in the kernel's roster columns for one income record."""
    row: dict[str, Any] = {
        "household_id": household.number,
        "year": record.year,
        "registered_status": registered_status(household.status, exited_before),
        "food_secure": yes_no(household.food_secure),
        "clothing_secure": yes_no(household.clothing_secure),
        "safe_water": yes_no(household.safe_water),
        "housing_grade": household.housing_grade,
    }
    row.update({name: getattr(record, name) for name in MONEY_COLUMNS})
    row[PREVIOUS_INCOME_COLUMN] = record.previous_per_capita_net_income
    # The card's fields carry the roster's names: the exclusion facts map one to one.
    row.update({name: yes_no(getattr(household, name)) for name in EXCLUSION_HOUSEHOLD_FLAGS})
    row.update({name: getattr(household, name) for name in COUNT_COLUMNS})
    return row


def member_row(member: Any) -> dict[str, Any]:
    """One member in the kernel's roster columns."""
    row = {
        "id_number": member.id_number,
        "name": member.name,
        "relation": member.relation,
        "sex": member.sex,
        "birth_date": member.birth_date,
        "in_school": yes_no(member.in_school),
        "health": member.health,
        "labour_ability": member.labour_ability,
        "medical_insurance": yes_no(member.medical_insurance),
    }
    row.update({name: yes_no(getattr(member, name)) for name in EXCLUSION_MEMBER_FLAGS})
    return row
