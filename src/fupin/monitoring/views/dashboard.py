"""The county dashboard: monitored counts by group and cause, outcomes, overdue, the village map."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fupin.monitoring import tilemap
from fupin.monitoring.choices import Group, cause_label
from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.monitoring.policy import current_policy
from fupin.monitoring.services.escalation import overdue_filter
from fupin.monitoring.services.memo import maybe_remembered, members_state
from fupin.monitoring.services.scale import regions_under, registered_population, scale_share
from fupin.monitoring.views.common import now, scope_region
from fupin.registry.models import Member, Region
from fupin.web import region_tree


def _people(prefix: str) -> Counter:
    members = Member.objects.filter(active=True, household__village__in=regions_under(prefix))
    return Counter(dict(members.values_list("household__village_id").annotate(n=Count("id"))))


def _village_figures(region: Region) -> list[dict[str, Any]]:
    villages = Region.objects.filter(
        level="village", code__startswith=region.prefix
    ).select_related("parent")
    people = maybe_remembered(
        "village_people", (region.prefix,), members_state(), lambda: _people(region.prefix)
    )
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
            "people": people[v.pk],
            "monitored": watched[v.pk],
        }
        for v in villages
    ]


def _figures(region: Region) -> dict[str, Any]:
    today = timezone.localdate(now())
    inside = Q(household__village__code__startswith=region.prefix)
    active = MonitoredHousehold.objects.filter(inside, until__isnull=True)
    by_group = dict(active.values_list("group").annotate(n=Count("id")))
    causes = Counter(c for row in active.values_list("alert__causes", flat=True) for c in row)
    alerts = Alert.objects.filter(inside).live()
    population = registered_population(region.prefix)
    share = scale_share(region, current_policy())
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
        "population": population,
        "share_percent": round(share * 100, 1),
        "bound": int(share * population),
        "year": today.year,
    }


@login_required
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Aggregates only (no personal data), for the user's area or one region inside it."""
    if code:
        region = get_object_or_404(Region.objects.visible_to(request.user), code=code)
    else:
        region = scope_region(request.user)
        if region is None:
            raise PermissionDenied
    tiles, width, height = tilemap.layout(_village_figures(region))
    context = {
        "region": region,
        "breadcrumbs": region_tree.ancestors(request.user, region),
        "tiles": tiles,
        "map_width": width,
        "map_height": height,
        "legend": [
            (f"≤ {upper:.0%}" if upper <= 1 else "> 10%", fill) for upper, fill in tilemap.BINS
        ],
        **_figures(region),
    }
    return render(request, "monitoring/dashboard.html", context)
