"""Queries of the public notices: those up in a village, one notice with its objections."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from fupin.procedure.models import Notice


def notices_up(village_code: str, today: dt.date) -> QuerySet[Notice]:
    """The notices of a village still up on ``today`` (objections taken), newest first."""
    return Notice.objects.filter(
        region__code=village_code, posted_on__lte=today, ends_on__gte=today
    ).order_by("-posted_on", "id")


def notices_recent(village_code: str, today: dt.date, days: int = 90) -> QuerySet[Notice]:
    """The notices of a village that came down in the last ``days`` days."""
    since = today - dt.timedelta(days=days)
    return Notice.objects.filter(
        region__code=village_code, ends_on__lt=today, ends_on__gte=since
    ).order_by("-ends_on", "id")
