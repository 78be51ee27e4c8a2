"""Taking one step of the signed procedure on an alert, under a row lock and a version check."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.choices import ACTION_ROLES
from fupin.monitoring.errors import MonitoringError, NotAllowed, StaleAlertError
from fupin.monitoring.models import Alert, MonitoredHousehold, StepRecord
from fupin.monitoring.procedure import CLOSED_STAGES, IllegalStep, next_stage
from fupin.monitoring.services.elimination import elimination_problems
from fupin.monitoring.services.step_checks import json_safe, step_problems
from fupin.registry.errors import IllegalTransition, StaleVersionError
from fupin.registry.models import Household
from fupin.registry.scoping import in_scope
from fupin.registry.services import append_event


def role_may(user: Any, action: str) -> bool:
    """True when the user's role may take ``action`` (superusers may take every action)."""
    if getattr(user, "is_superuser", False):
        return True
    profile = getattr(user, "profile", None)
    return profile is not None and profile.role in ACTION_ROLES[action]


def _household_event(
    alert: Alert, kind: str, actor: Any, now: dt.datetime, policy: Any, reason: str
) -> None:
    household = Household.objects.select_for_update().get(pk=alert.household_id)
    try:
        append_event(
            household,
            kind,
            actor=actor,
            reason=reason,
            evidence=_("monitoring alert #%(alert)d") % {"alert": alert.pk},
            policy=policy,
            data={"alert": alert.pk},
            occurred_at=now,
        )
    except (IllegalTransition, StaleVersionError) as exc:
        raise MonitoringError([("household", str(exc))]) from exc


def _close_monitoring(alert: Alert, outcome: str, today: dt.date) -> None:
    MonitoredHousehold.objects.filter(alert=alert).update(until=today, outcome=outcome)


def _effects(
    alert: Alert, action: str, data: dict, actor: Any, now: dt.datetime, policy: Any
) -> None:
    today = timezone.localdate(now)
    if action == "county_approve":
        group = data.get("group") or alert.group
        _household_event(alert, "monitored", actor, now, policy, data.get("note", ""))
        MonitoredHousehold.objects.create(
            household_id=alert.household_id, alert=alert, group=group, since=today
        )
        Alert.objects.filter(pk=alert.pk).update(group=group)
    elif action == "eliminate_risk":
        monitored = MonitoredHousehold.objects.get(alert=alert)
        problems = elimination_problems(monitored, today, policy)
        if problems:
            raise MonitoringError(problems)
        _household_event(alert, "risk_eliminated", actor, now, policy, data.get("note", ""))
        _close_monitoring(alert, "risk_eliminated", today)
    elif action == "return":
        _household_event(alert, "returned", actor, now, policy, data.get("reason", ""))
        _close_monitoring(alert, "returned", today)


def take_step(
    alert_id: int,
    action: str,
    *,
    actor: Any,
    now: dt.datetime,
    expected_version: int,
    policy: Any,
    data: dict[str, Any] | None = None,
    note: str = "",
) -> Alert:
    """Moves the alert through the transition table, all or nothing; returns the fresh alert."""
    data = dict(data or {})
    with transaction.atomic():
        alert = (
            Alert.objects.select_for_update().select_related("household__village").get(pk=alert_id)
        )
        if not in_scope(actor, alert.household.village.code) or not role_may(actor, action):
            raise NotAllowed([("action", _("your role may not take this step here"))])
        if alert.version != expected_version:
            raise StaleAlertError(alert.pk, expected_version)
        try:
            after = next_stage(alert.stage, action)
        except IllegalStep as exc:
            raise MonitoringError([("action", str(exc))]) from exc
        problems = step_problems(action, data, policy, timezone.localdate(now))
        if problems:
            raise MonitoringError(problems)
        _effects(alert, action, data, actor, now, policy)
        Alert.objects.filter(pk=alert.pk, version=expected_version).update(
            stage=after,
            version=F("version") + 1,
            closed_at=now if after in CLOSED_STAGES else None,
        )
        StepRecord.objects.create(
            alert=alert,
            action=action,
            stage_before=alert.stage,
            stage_after=after,
            actor=actor if getattr(actor, "pk", None) else None,
            occurred_at=now,
            note=note,
            data=json_safe(data),
        )
    return Alert.objects.get(pk=alert_id)
