"""A household's field-level history as the card shows it: what changed, from what, to what."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _

from fupin.registry.models import FieldChange, Household, IncomeRecord, Member


@dataclass(frozen=True)
class ChangeLine:
    """One changed field, labelled in the reader's language."""

    change: FieldChange
    label: str
    old: Any
    new: Any


def _verbose(model: Any, field: str) -> str:
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # a field since removed from the card: show its name
        return field


def _label(field: str, member: bool) -> str:
    """``wage_local`` → its label; ``incomes.2019.wage_local`` → "2019 · local wages"."""
    if field == "members":
        return str(_("member added"))
    if field.startswith("incomes."):
        parts = field.split(".")
        if len(parts) == 2:
            return str(_("income record %(year)s added") % {"year": parts[1]})
        return f"{parts[1]} · {_verbose(IncomeRecord, parts[2])}"
    return _verbose(Member if member else Household, field)


def changes_of(household: Household) -> list[ChangeLine]:
    """Every field change of the household and its members, newest first."""
    rows = household.changes.select_related("actor", "member").order_by("-changed_at", "-id")
    return [
        ChangeLine(
            change=row,
            label=_label(row.field, row.member_id is not None),
            old=row.old_value,
            new=row.new_value,
        )
        for row in rows
    ]
