"""Life events of a household: a birth or a marriage brings a member in; a death, a marriage out
or a move away takes one out of the household (kept, inactive); a move back brings one back.
Each goes through the services that keep the card's field-level history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from fupin.registry.errors import RecordError
from fupin.registry.models import Household, Member
from fupin.registry.permissions import User
from fupin.registry.services.corrections import correct_member, record_addition
from fupin.registry.services.validation import (
    check_member_identity,
    model_problems,
    unknown_fields,
)

# The events, each with whether it brings a member in (True), takes one out (False), or back.
JOINING = {"birth": gettext_noop("birth"), "married_in": gettext_noop("married into the household")}
LEAVING = {
    "death": gettext_noop("death"),
    "married_out": gettext_noop("married out of the household"),
    "moved_away": gettext_noop("moved away"),
}
RETURNING = {"moved_back": gettext_noop("moved back")}
EVENTS = {**JOINING, **LEAVING, **RETURNING}


def _reason(kind: str, on: dt.date, note: str) -> str:
    text = f"{_(EVENTS[kind])} {on.isoformat()}"
    return f"{text}: {note.strip()}" if note.strip() else text


def member_joins(
    household: Household,
    kind: str,
    data: Mapping[str, Any],
    *,
    on: dt.date,
    actor: User | None,
    note: str = "",
    now: dt.datetime | None = None,
) -> Member:
    """A new member by birth or marriage, checked as a registered member is; all or nothing."""
    if kind not in JOINING:
        raise RecordError([("kind", _("not an event that brings a member in"))])
    problems = unknown_fields(Member, data, "member") + check_member_identity(dict(data), "member")
    member = Member(household=household, **dict(data))
    problems += model_problems(member, "member", exclude=["household"])
    if problems:
        raise RecordError(problems)
    try:
        with transaction.atomic():
            member.save()
            record_addition(household, "members", f"{member.name} ({member.masked_id})",
                            actor=actor, reason=_reason(kind, on, note), now=now)  # fmt: skip
    except IntegrityError as exc:  # the ID number is an active member elsewhere, meanwhile
        raise RecordError([("member.id_number", str(exc))]) from exc
    return member


def member_leaves(
    member: Member,
    kind: str,
    *,
    on: dt.date,
    expected_version: int,
    actor: User | None,
    note: str = "",
) -> Member:
    """A member leaves (death, marriage out, moving away) or comes back (moving back): kept on
    the card, active or not, the change on the household's history."""
    if kind not in LEAVING and kind not in RETURNING:
        raise RecordError([("kind", _("not an event that takes a member out or back"))])
    if kind in LEAVING and member.relation == "head" and member.active:
        raise RecordError([("member", _("name a new head of household before the head leaves"))])
    return correct_member(
        member,
        {"active": kind in RETURNING},
        expected_version=expected_version,
        actor=actor,
        reason=_reason(kind, on, note),
        now=timezone.now(),
    )
