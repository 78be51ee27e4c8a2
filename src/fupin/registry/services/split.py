"""A household splitting (分户): members leave it to form a household of their own.

The members who go are kept on the old card, inactive, with the split on its history; the new
household is registered with copies of them, its "registered" event naming the household it
split from. Splits are how relatives were added to the poor list in audited counties, so both
cards show the split for anyone who reviews a later case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError, StaleVersionError, household_label
from fupin.registry.models import Household, Member
from fupin.registry.permissions import EDIT_HOUSEHOLDS, User, require
from fupin.registry.services.corrections import correct_member
from fupin.registry.services.households import register_household

# A member's own facts, copied to the new household (the relation is given anew).
NOT_COPIED = {"id", "household", "relation", "active"}


def _copy(member: Member, relation: str) -> dict[str, Any]:
    fields = [f.name for f in Member._meta.concrete_fields if f.name not in NOT_COPIED]
    return {**{name: getattr(member, name) for name in fields}, "relation": relation}


def _problems(household: Household, moving: Mapping[int, str]) -> list[tuple[str, str]]:
    active = {m.pk: m for m in household.members.filter(active=True)}
    problems = []
    if not moving:
        problems.append(("moving", _("choose the members who form the new household")))
    if set(moving) - set(active):
        problems.append(("moving", _("only active members of this household can move")))
    if set(active) <= set(moving):
        problems.append(("moving", _("someone must stay: this is a split, not a move")))
    if any(active[pk].relation == "head" for pk in moving if pk in active):
        problems.append(("moving", _("the head stays; name a new head first to move the head")))
    return problems


def split_household(
    household_id: int,
    moving: Mapping[int, str],
    *,
    new_number: str,
    on: dt.date,
    expected_version: int,
    actor: User | None,
    note: str = "",
    now: dt.datetime,
) -> Household:
    """Moves the ``moving`` members (id → relation in the new household) to a new household
    numbered ``new_number``; all or nothing. Returns the new household."""
    with transaction.atomic():
        household = (
            Household.objects.select_for_update().select_related("village").get(pk=household_id)
        )
        require(actor, EDIT_HOUSEHOLDS, household)
        if household.version != expected_version:
            raise StaleVersionError(household_label(household.number), expected_version)
        problems = _problems(household, moving)
        if problems:
            raise RecordError(problems)
        reason = _("split into household %(number)s on %(on)s") % {"number": new_number,
                                                                   "on": on.isoformat()}  # fmt: skip
        if note.strip():
            reason = f"{reason}: {note.strip()}"
        members = list(household.members.filter(pk__in=list(moving)).order_by("id"))
        for member in members:  # out of the old household first: an ID is active once
            version = Household.objects.values_list("version", flat=True).get(pk=household.pk)
            correct_member(member, {"active": False}, expected_version=version, actor=actor,
                           reason=reason, now=now)  # fmt: skip
        copies = [_copy(m, moving[m.pk]) for m in members]
        head = next((c for c in copies if c["relation"] == "head"), copies[0])
        facts = {"number": new_number, "head_name": head["name"], "group_no": household.group_no}
        split_from = _("split from household %(number)s on %(on)s") % {
            "number": household.number, "on": on.isoformat()}  # fmt: skip
        if note.strip():
            split_from = f"{split_from}: {note.strip()}"
        return register_household(household.village, facts, copies, actor=actor, reason=split_from)
