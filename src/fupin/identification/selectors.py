"""Queries of the identification app: a household's entry years, case lists, a case's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from fupin.identification.models import Case
from fupin.procedure.models import Notice, Objection, ObjectionStatus, StepRecord
from fupin.registry.models import StatusEvent
from fupin.registry.permissions import User, visible_to


def entry_years(household_id: int) -> tuple[int | None, int | None]:
    """The years (local calendar) the household was last identified and last returned."""
    years: dict[str, int | None] = {"identified": None, "returned": None}
    events = StatusEvent.objects.filter(household_id=household_id, kind__in=years)
    for kind, occurred in events.order_by("occurred_at").values_list("kind", "occurred_at"):
        years[kind] = (
            timezone.localtime(occurred).year if timezone.is_aware(occurred) else (occurred.year)
        )
    return years["identified"], years["returned"]


def _case_type() -> ContentType:
    return ContentType.objects.get_for_model(Case)


def notices_of_case(case: Case) -> QuerySet[Notice]:
    """The case's notices, oldest first, with their objections."""
    return (
        Notice.objects.filter(subject_type=_case_type(), subject_id=case.pk)
        .select_related("region")
        .prefetch_related("objections")
        .order_by("posted_on", "id")
    )


def upheld_objections(case: Case) -> bool:
    """True when an objection to one of the case's notices was found valid."""
    return Objection.objects.filter(
        notice__subject_type=_case_type(), notice__subject_id=case.pk,
        status=ObjectionStatus.UPHELD,
    ).exists()  # fmt: skip


def visible_cases(user: User | None, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """The user's cases, newest first, filtered by kind, stage, open objections and closedness."""
    chosen = filters or {}
    cases = visible_to(user, Case.objects.all()).select_related("household__village")
    if not chosen.get("closed"):
        cases = cases.open()
    if chosen.get("kind"):
        cases = cases.filter(kind=chosen["kind"])
    if chosen.get("stage"):
        cases = cases.filter(stage=chosen["stage"])
    if chosen.get("open_objections"):
        cases = cases.filter(pk__in=_with_open_objections())
    return cases.order_by("-opened_at", "-id")


def _with_open_objections() -> QuerySet:
    from django.contrib.contenttypes.models import ContentType

    kind = ContentType.objects.get_for_model(Case)
    return Notice.objects.filter(subject_type=kind, objections__status=ObjectionStatus.OPEN).values(
        "subject_id"
    )


@dataclass(frozen=True)
class NoticeState:
    """A case's newest notice: until when it is up, and how many objections are open."""

    notice: Notice
    days_left: int
    open_objections: int


def notice_states(cases: list[Case], today: dt.date) -> dict[int, NoticeState]:
    """Each case's newest notice (one query for the page's cases)."""
    notices = (
        Notice.objects.filter(subject_type=_case_type(), subject_id__in=[c.pk for c in cases])
        .annotate(open=Count("objections", filter=Q(objections__status=ObjectionStatus.OPEN)))
        .order_by("posted_on", "id")
    )
    states = {}
    for notice in notices:
        left = max((notice.ends_on - today).days + 1, 0)
        states[notice.subject_id] = NoticeState(notice, left, notice.open)
    return states


def steps_of(case: Case) -> QuerySet[StepRecord]:
    """The case's step records, oldest first, with their signatures."""
    return (
        StepRecord.objects.filter(subject_type=_case_type(), subject_id=case.pk)
        .select_related("actor", "signature")
        .order_by("occurred_at", "id")
    )


def cases_of_household(user: User | None, household_id: int) -> QuerySet[Case]:
    """Every case of one household the user may see, newest first."""
    return visible_to(user, Case.objects.filter(household_id=household_id)).order_by("-opened_at")


def spot_checks_this_year(prefix: str, action: str, year: int) -> tuple[int, int]:
    """(spot-checked, reviewed) among the ``action`` steps taken this year on the cases of the
    area with code ``prefix``."""
    cases = Case.objects.filter(household__village__code__startswith=prefix).values("pk")
    steps = StepRecord.objects.filter(
        subject_type=_case_type(), subject_id__in=cases, action=action,
        procedure__startswith="identification.", occurred_at__year=year,
    )  # fmt: skip
    return steps.filter(data__spot_checked=True).count(), steps.count()
