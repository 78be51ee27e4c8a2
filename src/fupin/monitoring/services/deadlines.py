"""The monitoring procedure's deadlines: the home visit and the county's decision, and overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from fupin.monitoring.procedure import PENDING_STAGES
from fupin.procedure.deadlines import add_working_days


@dataclass(frozen=True)
class Deadlines:
    """When the home visit and the county's decision are due."""

    visit_due: dt.date
    decision_due: dt.date


def deadlines_for(raised_on: dt.date, visit_days: int, decision_working_days: int) -> Deadlines:
    """Home visit within ``visit_days`` calendar days, decision within the working-day limit."""
    return Deadlines(
        visit_due=raised_on + dt.timedelta(days=visit_days),
        decision_due=add_working_days(raised_on, decision_working_days),
    )


def overdue_kinds(
    stage: str, visit_due: dt.date, decision_due: dt.date, today: dt.date
) -> list[str]:
    """Which deadlines have passed unmet on ``today``: "visit", "decision" (or none)."""
    kinds = []
    if stage == "reported" and today > visit_due:
        kinds.append("visit")
    if stage in PENDING_STAGES and today > decision_due:
        kinds.append("decision")
    return kinds


def overdue_filter(today: dt.date) -> Q:
    """Alerts whose home visit or decision deadline has passed unmet on ``today``."""
    return Q(stage="reported", visit_due__lt=today) | Q(
        stage__in=PENDING_STAGES, decision_due__lt=today
    )
