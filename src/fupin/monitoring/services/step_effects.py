"""What the monitoring procedure's decisions change beyond the alert's stage."""

from __future__ import annotations

from django.utils.translation import gettext as _

from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.procedure.engine import StepContext
from fupin.procedure.errors import ProcedureError
from fupin.registry.errors import IllegalTransition, StaleVersionError
from fupin.registry.models import Household
from fupin.registry.services.households import append_event


def _household_event(context: StepContext, kind: str, reason: str) -> None:
    alert = context.subject
    household = Household.objects.select_for_update().get(pk=alert.household_id)
    try:
        append_event(
            household,
            kind,
            actor=context.actor,
            reason=reason,
            evidence=_("monitoring alert #%(alert)d") % {"alert": alert.pk},
            policy=context.policy,
            data={"alert": alert.pk},
            occurred_at=context.now,
        )
    except (IllegalTransition, StaleVersionError) as exc:
        raise ProcedureError([("household", str(exc))]) from exc


def enter_monitoring(context: StepContext) -> None:
    """The county's approval: the household is monitored from today in the chosen group."""
    alert = context.subject
    group = context.data.get("group") or alert.group
    _household_event(context, "monitored", context.data.get("note", ""))
    MonitoredHousehold.objects.create(
        household_id=alert.household_id, alert=alert, group=group, since=context.today
    )
    Alert.objects.filter(pk=alert.pk).update(group=group)


def _close(context: StepContext, outcome: str) -> None:
    MonitoredHousehold.objects.filter(alert=context.subject).update(
        until=context.today, outcome=outcome
    )


def end_with_risk_eliminated(context: StepContext) -> None:
    """Monitoring ends: the household's risk is eliminated (the record is kept and flagged)."""
    _household_event(context, "risk_eliminated", context.data.get("note", ""))
    _close(context, "risk_eliminated")


def end_with_return(context: StepContext) -> None:
    """Monitoring ends: the household has returned to poverty."""
    _household_event(context, "returned", context.data.get("reason", ""))
    _close(context, "returned")
