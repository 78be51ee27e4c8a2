"""Overdue alerts escalate to the township office of their village."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from fupin.monitoring.models import Alert, StepRecord
from fupin.monitoring.procedure import PENDING_STAGES


def overdue_filter(today: dt.date) -> Q:
    """Alerts whose home visit or decision deadline has passed unmet on ``today``."""
    return Q(stage="reported", visit_due__lt=today) | Q(
        stage__in=PENDING_STAGES, decision_due__lt=today
    )


def escalate_overdue(prefix: str, *, now: dt.datetime, actor: Any = None) -> int:
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
            StepRecord.objects.create(
                alert=alert,
                action="escalate",
                stage_before=alert.stage,
                stage_after=alert.stage,
                actor=actor if getattr(actor, "pk", None) else None,
                occurred_at=now,
                data={
                    "visit_due": alert.visit_due.isoformat(),
                    "decision_due": alert.decision_due.isoformat(),
                },
            )
            count += 1
    return count
