"""Monitoring's endpoints: the alerts of the caller's area."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from fupin.monitoring.models import Alert
from fupin.monitoring.permissions import VIEW_ALERTS
from fupin.registry.api.common import Payload, caller
from fupin.registry.permissions import require, visible_to

router = Router(tags=["monitoring"])


class AlertOut(Schema):
    """An alert: the household, its sources and causes, stage, deadlines and policy stamp."""

    id: int
    household: str
    source: str
    sources: list[str]
    causes: list[str]
    group: str
    stage: str
    risk: float | None
    raised_at: dt.datetime
    visit_due: dt.date
    decision_due: dt.date
    closed_at: dt.datetime | None
    policy_id: str

    @staticmethod
    def resolve_household(obj: Any) -> str:
        """The household's number."""
        return str(obj.household.number)


class AlertFilter(Payload):
    """Alerts under a region code prefix, at a stage, raised in a year; open only by default."""

    prefix: str = ""
    stage: str = ""
    year: int | None = Field(None, ge=1949, le=2100)
    closed: bool = False


@router.get("/alerts", response=list[AlertOut])
@paginate
def alerts(request: HttpRequest, filters: Query[AlertFilter]) -> Any:
    """The caller's alerts, oldest first."""
    require(caller(request), VIEW_ALERTS)
    rows = visible_to(caller(request), Alert.objects.select_related("household"))
    if not filters.closed:
        rows = rows.filter(closed_at__isnull=True)
    if filters.prefix:
        rows = rows.filter(household__village__code__startswith=filters.prefix)
    if filters.stage:
        rows = rows.filter(stage=filters.stage)
    if filters.year:
        rows = rows.filter(raised_at__year=filters.year)
    return rows.order_by("id")


@router.get("/alerts/{alert_id}", response=AlertOut)
def alert(request: HttpRequest, alert_id: int) -> Any:
    """One alert."""
    require(caller(request), VIEW_ALERTS)
    return get_object_or_404(
        visible_to(caller(request), Alert.objects.select_related("household")), pk=alert_id
    )
