"""Raising many alerts at once (kernel runs, department lists, model scores) in a few queries.

The rules are those of ``raise_alert``: one live alert per household, further signals added as
evidence. Signals for households registered poor are the caller's to filter out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from fupin.monitoring.choices import SUDDEN_CAUSES
from fupin.monitoring.deadlines import deadlines_for
from fupin.monitoring.models import Alert, Evidence
from fupin.monitoring.policy import stamp_fields
from fupin.monitoring.services.raising import ASSIGNEE_ROLES, Signal, _local_date, _merged
from fupin.registry.models import Household, StatusEvent


@dataclass
class BulkResult:
    """How many alerts were opened and how many live ones got new evidence."""

    opened: int = 0
    updated: int = 0


def _assignees(village_ids: set[int]) -> dict[int, Any]:
    """Per village: its paired helper, else its village cadre (the first by id)."""
    users = (
        get_user_model()
        .objects.filter(
            is_active=True, profile__region_id__in=village_ids, profile__role__in=ASSIGNEE_ROLES
        )
        .select_related("profile")
        .order_by("id")
    )
    chosen: dict[int, Any] = {}
    for role in ASSIGNEE_ROLES:
        for user in users:
            if user.profile.role == role:
                chosen.setdefault(user.profile.region_id, user)
    return chosen


def _exited(households: dict[int, Household]) -> set[int]:
    events = StatusEvent.objects.filter(household_id__in=households, kind="exited")
    return set(events.values_list("household_id", flat=True)) | {
        pk for pk, h in households.items() if h.status == "exited"
    }


def _group(pk: int, causes: list[str], exited: set[int]) -> str:
    if pk in exited:
        return "unstable_exited"
    return "sudden_hardship" if SUDDEN_CAUSES.intersection(causes) else "edge"


def _merge(alert: Alert, signal: Signal) -> None:
    alert.sources = _merged(alert.sources, [signal.source])
    alert.causes = _merged(alert.causes, signal.causes)
    if signal.risk is not None:
        alert.risk = signal.risk if alert.risk is None else max(alert.risk, signal.risk)
        alert.factors = list(signal.factors) or alert.factors


def raise_many(
    signals: Sequence[Signal],
    *,
    now: dt.datetime,
    policy: Any,
    actor: Any = None,
    screening: Any = None,
) -> BulkResult:
    """Opens or updates the alerts of all ``signals`` in one transaction; returns the counts."""
    if not signals:
        return BulkResult()
    households = {s.household.pk: s.household for s in signals}
    due = deadlines_for(
        _local_date(now), policy.monitoring.visit_days, policy.monitoring.decision_working_days
    )
    by_actor = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        list(Household.objects.select_for_update().filter(pk__in=households).values_list("pk"))
        live = {
            a.household_id: a
            for a in Alert.objects.select_for_update().live().filter(household_id__in=households)
        }
        existing = set(live)
        exited = _exited(households)
        assignees = _assignees({h.village_id for h in households.values()})
        fresh: dict[int, Alert] = {}
        for signal in signals:
            pk = signal.household.pk
            if pk in live:
                _merge(live[pk], signal)
                continue
            fresh[pk] = live[pk] = Alert(
                household_id=pk,
                source=signal.source,
                sources=[signal.source],
                causes=list(dict.fromkeys(signal.causes)),
                group=_group(pk, signal.causes, exited),
                risk=signal.risk,
                factors=list(signal.factors),
                assignee=assignees.get(signal.household.village_id),
                raised_at=now,
                visit_due=due.visit_due,
                decision_due=due.decision_due,
                **stamp_fields(policy),
            )
        Alert.objects.bulk_create(list(fresh.values()))
        updated = [live[pk] for pk in existing]
        for alert in updated:
            alert.version += 1
        Alert.objects.bulk_update(updated, ["sources", "causes", "risk", "factors", "version"])
        Evidence.objects.bulk_create(
            Evidence(
                alert=live[s.household.pk],
                source=s.source,
                causes=list(s.causes),
                summary=s.summary,
                data=s.data,
                recorded_by=by_actor,
                recorded_at=now,
                screening=screening,
            )
            for s in signals
        )
    return BulkResult(opened=len(fresh), updated=len(existing & set(households)))
