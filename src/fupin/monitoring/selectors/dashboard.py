"""The monitoring dashboard's figures: aggregates only, never a household's details."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Q

from fupin.monitoring.choices import Group, cause_label
from fupin.monitoring.models import Alert, MonitoredHousehold, WatchEntry
from fupin.monitoring.selectors.scale import (
    area_bound,
    area_share,
    register_people_by_village,
    registered_population,
)
from fupin.monitoring.services.deadlines import overdue_filter
from fupin.registry.models import Member, Region


def village_figures(region: Region) -> list[dict[str, Any]]:
    """Per village: people on the poverty register, and people in monitored households."""
    villages = Region.objects.filter(
        level="village", code__startswith=region.prefix
    ).select_related("parent")
    on_register = register_people_by_village(region.prefix)
    watched = Counter(
        dict(
            Member.objects.filter(
                active=True,
                household_id__in=MonitoredHousehold.objects.filter(
                    until__isnull=True, household__village__code__startswith=region.prefix
                ).values("household_id"),
            )
            .values_list("household__village_id")
            .annotate(n=Count("id"))
        )
    )
    return [
        {
            "code": v.code,
            "name": v.name,
            "township": v.parent.name if v.parent else "",
            "people": on_register[v.pk],
            "monitored": watched[v.pk],
        }
        for v in villages
    ]


def figures(region: Region, today: dt.date) -> dict[str, Any]:
    """Monitored counts by group and cause, outcomes this year, the procedure's backlog, the scale."""
    inside = Q(household__village__code__startswith=region.prefix)
    active = MonitoredHousehold.objects.filter(inside, until__isnull=True)
    by_group = dict(active.values_list("group").annotate(n=Count("id")))
    causes = Counter(c for row in active.values_list("alert__causes", flat=True) for c in row)
    alerts = Alert.objects.filter(inside).live()
    return {
        "groups": [(label, by_group.get(code, 0)) for code, label in Group.choices],
        "monitored_total": sum(by_group.values()),
        "causes": [(cause_label(code), n) for code, n in causes.most_common()],
        "eliminated_this_year": MonitoredHousehold.objects.filter(
            inside, outcome="risk_eliminated", until__year=today.year
        ).count(),
        "pending": alerts.exclude(stage="monitored").count(),
        "overdue": alerts.filter(overdue_filter(today)).count(),
        "escalated": alerts.filter(escalated_at__isnull=False).exclude(stage="monitored").count(),
        "watched": WatchEntry.objects.open().filter(inside).count(),
        "population": registered_population(region.prefix),
        "share_percent": round(area_share(region) * 100, 1),
        "bound": area_bound(region.prefix),
        "year": today.year,
    }
