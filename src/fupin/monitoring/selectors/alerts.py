"""The alert list: the user's alerts filtered, and their order (ranked live ones, then closed)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from fupin.monitoring.models import Alert, WatchEntry
from fupin.monitoring.procedure import CLOSED_STAGES
from fupin.monitoring.selectors.scale import COUNTY_DIGITS, CountyRanking
from fupin.monitoring.services.deadlines import overdue_filter
from fupin.registry.models import Region
from fupin.registry.permissions import User, scope_of, visible_to


def area_root(user: User) -> Region | None:
    """The region at the top of the user's area (for an administrator: the first county)."""
    scope = scope_of(user)
    if scope.everything:
        return Region.objects.filter(level="county").order_by("code").first()
    return scope.region


def area_choices(user: User) -> list[tuple[str, str]]:
    """The county, townships and villages of the user's area, for filters and forms."""
    regions = visible_to(user, Region.objects.filter(level__in=("county", "township", "village")))
    return [
        (r.code, f"{'· ' if r.level == 'village' else ''}{r.name}")
        for r in regions.order_by("code")
    ]


def filtered_alerts(user: User, data: dict[str, Any], now: Any) -> QuerySet[Alert]:
    """The alerts the user may read, narrowed by the list's filters (``data``: cleaned form)."""
    alerts = visible_to(user, Alert.objects.all()).select_related("household__village", "assignee")
    if not data.get("closed"):
        alerts = alerts.live()
    if data.get("region"):
        region = get_object_or_404(visible_to(user, Region.objects.all()), code=data["region"])
        alerts = alerts.filter(household__village__code__startswith=region.prefix)
    for name in ("stage", "source", "group"):
        if data.get(name):
            alerts = alerts.filter(**{name: data[name]})
    if data.get("overdue"):
        alerts = alerts.filter(overdue_filter(timezone.localdate(now)))
    if data.get("escalated"):
        alerts = alerts.filter(escalated_at__isnull=False)
    return alerts


def counties_of(user: User) -> set[str]:
    """The 6-digit codes of the counties the user's area touches (one county or all under it)."""
    prefix = scope_of(user).prefix or ""
    if len(prefix) >= COUNTY_DIGITS:
        return {prefix[:COUNTY_DIGITS]}
    codes = Region.objects.filter(level="county", code__startswith=prefix).values_list("code")
    return {code[:COUNTY_DIGITS] for (code,) in codes}


def list_order(alerts: QuerySet[Alert], ranking: CountyRanking, with_closed: bool) -> list[int]:
    """Live alerts in ranked order (county, rank), then closed ones newest first per county.

    Only primary keys are read here; the page's rows are loaded afterwards, so a county with
    tens of thousands of alerts does not build them all (the ranking comes from the memo).
    """
    shown = set(alerts.live().values_list("pk", flat=True))
    order = [pk for pk in ranking.by_alert if pk in shown]
    order += sorted(shown.difference(ranking.by_alert))  # outside any county: last, not lost
    if with_closed:
        closed = alerts.filter(stage__in=CLOSED_STAGES).values_list(
            "pk", "household__village__code", "raised_at"
        )
        rows = sorted(closed, key=lambda r: (r[1][:COUNTY_DIGITS], -r[2].timestamp()))
        order += [pk for pk, _code, _raised in rows]
    return order


def watch_list(user: User, data: dict[str, Any]) -> QuerySet[WatchEntry]:
    """The open watch-list entries the user may read, narrowed by area and cause, most severe
    first."""
    entries = visible_to(user, WatchEntry.objects.open()).select_related("household__village")
    if data.get("region"):
        region = get_object_or_404(visible_to(user, Region.objects.all()), code=data["region"])
        entries = entries.filter(household__village__code__startswith=region.prefix)
    if data.get("cause"):
        # The JSON text holds each code in quotes: this matches whole codes, on every database.
        entries = entries.filter(causes__icontains=f'"{data["cause"]}"')
    return entries.order_by("-severity", "-risk", "household__number")
