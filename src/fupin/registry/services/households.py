"""Registry services: register households and append status events (corrections: ``corrections``).

Every multi-step change runs in one transaction: it happens completely or not at all.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.registry.errors import RecordError, StaleVersionError, household_label
from fupin.registry.models import Household, Member, Region, StatusEvent
from fupin.registry.models.status import derive_status, next_status
from fupin.registry.permissions import User, account_of
from fupin.registry.services.validation import (
    Problem,
    check_duplicate_ids,
    check_heads,
    check_member_identity,
    model_problems,
    unknown_fields,
)

if TYPE_CHECKING:
    from fupin.policy import Policy

access_log = logging.getLogger("fupin.access")


def _village_problems(village: Region | None) -> list[Problem]:
    if village is None:
        return [("village", _("is required"))]
    if village.level != "village":
        return [
            (
                "village",
                _("%(code)s is a %(level)s, not a village")
                % {"code": village.code, "level": village.level},
            )
        ]
    return []


def _build_members(
    household: Household, members: Sequence[Mapping[str, Any]]
) -> tuple[list[Member], list[Problem]]:
    built: list[Member] = []
    problems: list[Problem] = []
    data_list = [dict(m) for m in members]
    problems += check_heads(data_list)
    for index, data in enumerate(data_list):
        path = f"members[{index}]"
        unknown = unknown_fields(Member, data, path)
        if unknown:
            problems += unknown
            continue
        problems += check_member_identity(data, path)
        member = Member(household=household, **data)
        problems += model_problems(member, path, exclude=["household"])
        built.append(member)
    problems += check_duplicate_ids(data_list, None)
    return built, problems


def register_household(
    village: Region | None,
    household: Mapping[str, Any],
    members: Sequence[Mapping[str, Any]],
    *,
    actor: User | None = None,
    reason: str = "",
) -> Household:
    """Creates a household with its members and its 'registered' event, all or nothing.

    Raises RecordError listing every problem by field path (``number``, ``members[2].id_number``).
    """
    unknown = unknown_fields(Household, household, "")
    if unknown:
        raise RecordError(unknown)
    record = Household(village=village, **dict(household))
    problems = _village_problems(village)
    problems += model_problems(record, "", exclude=["village"])
    if record.number and Household.objects.filter(number=record.number).exists():
        problems.append(
            ("number", _("household %(number)s already exists") % {"number": record.number})
        )
    if not members:
        problems.append(("members", _("a household needs at least one member")))
    built, member_problems = _build_members(record, members)
    problems += member_problems
    if problems:
        raise RecordError(problems)
    try:
        with transaction.atomic():
            record.save()
            for member in built:
                member.household = record
            Member.objects.bulk_create(built)
            append_event(record, "registered", actor=actor, reason=reason)
    except IntegrityError as exc:
        # A concurrent registration took the number or an ID between our check and our insert.
        raise RecordError(
            [("members", _("conflicts with a concurrent change: %(error)s") % {"error": exc})]
        ) from exc
    return record


def _stamp(policy: Policy | None) -> dict[str, str]:
    if policy is None:
        return {}
    stamp = policy.stamp()
    return {key: str(stamp[key]) for key in ("policy_id", "policy_version", "policy_hash")}


def append_event(
    household: Household,
    kind: str,
    *,
    actor: User | None = None,
    reason: str = "",
    evidence: str = "",
    policy: Policy | None = None,
    data: dict[str, Any] | None = None,
    occurred_at: dt.datetime | None = None,
    expected_version: int | None = None,
) -> StatusEvent:
    """Records a status event, moving the household through the transition table.

    Raises IllegalTransition when the current status does not allow ``kind``, and
    StaleVersionError when the household changed since ``expected_version`` (default: the
    version of the ``household`` object passed in).
    """
    version = household.version if expected_version is None else expected_version
    with transaction.atomic():
        row = Household.objects.filter(pk=household.pk).values_list("status", "version").first()
        current, stored_version = row if row else ("none", None)
        if stored_version != version:
            # Report the conflict before judging the event against a status the caller never saw.
            raise StaleVersionError(household_label(household.number), version)
        after = next_status(current, kind)
        updated = Household.objects.filter(pk=household.pk, version=version).update(
            status=after, version=F("version") + 1
        )
        if updated != 1:
            raise StaleVersionError(household_label(household.number), version)
        event = StatusEvent.objects.create(
            household=household,
            kind=kind,
            status_after=after,
            actor=account_of(actor),
            occurred_at=occurred_at or timezone.now(),
            reason=reason,
            evidence=evidence,
            data=data or {},
            **_stamp(policy),
        )
    household.status = after
    household.version = version + 1
    return event


def current_status(household: Household) -> str:
    """The status derived by replaying the household's events (the source of truth)."""
    kinds = household.events.order_by("occurred_at", "id").values_list("kind", flat=True)
    return derive_status(kinds)


def reveal_id_number(member: Member, user: User | None, purpose: str) -> str:
    """The full ID number of a member, logged to the fupin.access logger."""
    return member.full_id(user, purpose)
