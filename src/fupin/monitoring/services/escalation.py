"""Overdue alerts escalate to the township office of their village."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fupin.monitoring.models import Alert
from fupin.monitoring.procedure import MONITORING
from fupin.monitoring.services.deadlines import overdue_filter
from fupin.procedure.services.steps import record
from fupin.registry.permissions import User


def escalate_overdue(prefix: str, *, now: dt.datetime, actor: User | None = None) -> int:
    """Escalates every overdue, not yet escalated alert under ``prefix``; returns how many."""
    today = timezone.localdate(now)
    count = 0
    with transaction.atomic():
        due = (
            Alert.objects.select_for_update()
            .filter(household__village__code__startswith=prefix, escalated_at__isnull=True)
            .filter(overdue_filter(today))
            .select_related("household__village")
        )
        for alert in due:
            township = alert.household.village.parent_id
            Alert.objects.filter(pk=alert.pk).update(
                escalated_at=now, escalated_to_id=township, version=F("version") + 1
            )
            record(
                MONITORING,
                alert,
                "escalate",
                actor=actor,
                now=now,
                data={"visit_due": alert.visit_due, "decision_due": alert.decision_due},
            )
            count += 1
    return count
