"""Raising alerts: one live alert per household; every further signal is added as evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fupin.monitoring.choices import SUDDEN_CAUSES
from fupin.monitoring.deadlines import deadlines_for
from fupin.monitoring.models import Alert, Evidence
from fupin.monitoring.policy import stamp_fields
from fupin.registry.models import Household
from fupin.registry.roster import POOR_STATUSES

# Households that are registered poor are helped by assistance, not by monitoring.
ASSIGNEE_ROLES = ("paired_helper", "village_cadre")


@dataclass
class Signal:
    """One risk signal on a household from one source."""

    household: Household
    source: str
    causes: list[str]
    summary: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    risk: float | None = None
    factors: list[Any] = field(default_factory=list)


def is_monitorable(household: Household) -> bool:
    """False for households registered poor (they are helped, not monitored)."""
    return household.status not in POOR_STATUSES


def ever_exited(household: Household) -> bool:
    """True when the household's history has an exit from poverty."""
    return household.status == "exited" or household.events.filter(kind="exited").exists()


def group_for(household: Household, causes: list[str]) -> str:
    """The monitored group: exited households are 'unstable', shocks 'sudden', others 'edge'."""
    if ever_exited(household):
        return "unstable_exited"
    if SUDDEN_CAUSES.intersection(causes):
        return "sudden_hardship"
    return "edge"


def assignee_for(household: Household) -> Any:
    """The village's paired helper, else its village cadre (the first by id), else None."""
    users = get_user_model().objects.filter(is_active=True, profile__region_id=household.village_id)
    for role in ASSIGNEE_ROLES:
        found = users.filter(profile__role=role).order_by("id").first()
        if found is not None:
            return found
    return None


def _merged(old: list[Any], new: list[Any]) -> list[Any]:
    return list(dict.fromkeys([*old, *new]))


def _local_date(now: dt.datetime) -> dt.date:
    return timezone.localdate(now) if timezone.is_aware(now) else now.date()


def _open(signal: Signal, now: dt.datetime, policy: Any) -> Alert:
    due = deadlines_for(
        _local_date(now), policy.monitoring.visit_days, policy.monitoring.decision_working_days
    )
    return Alert.objects.create(
        household=signal.household,
        source=signal.source,
        sources=[signal.source],
        causes=list(dict.fromkeys(signal.causes)),
        group=group_for(signal.household, signal.causes),
        risk=signal.risk,
        factors=list(signal.factors),
        assignee=assignee_for(signal.household),
        raised_at=now,
        visit_due=due.visit_due,
        decision_due=due.decision_due,
        **stamp_fields(policy),
    )


def _add_to(alert: Alert, signal: Signal) -> None:
    alert.sources = _merged(alert.sources, [signal.source])
    alert.causes = _merged(alert.causes, signal.causes)
    if signal.risk is not None:
        alert.risk = signal.risk if alert.risk is None else max(alert.risk, signal.risk)
        alert.factors = list(signal.factors) or alert.factors
    Alert.objects.filter(pk=alert.pk).update(
        sources=alert.sources,
        causes=alert.causes,
        risk=alert.risk,
        factors=alert.factors,
        version=F("version") + 1,
    )
    alert.version += 1


def raise_alert(
    signal: Signal, *, now: dt.datetime, policy: Any, actor: Any = None, screening: Any = None
) -> tuple[Alert, bool]:
    """Adds the signal to the household's live alert or opens one; returns (alert, opened)."""
    with transaction.atomic():
        # Lock the household so two sources cannot open two live alerts at once.
        Household.objects.select_for_update().filter(pk=signal.household.pk).first()
        alert = Alert.objects.select_for_update().live().filter(household=signal.household).first()
        opened = alert is None
        if alert is None:
            alert = _open(signal, now, policy)
        else:
            _add_to(alert, signal)
        Evidence.objects.create(
            alert=alert,
            source=signal.source,
            causes=list(signal.causes),
            summary=signal.summary,
            data=signal.data,
            recorded_by=actor if getattr(actor, "pk", None) else None,
            recorded_at=now,
            screening=screening,
        )
    return alert, opened
