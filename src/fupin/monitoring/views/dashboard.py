"""The county dashboard: monitored counts by group and cause, outcomes, overdue, the village map."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from fupin.monitoring.selectors.alerts import area_root
from fupin.monitoring.selectors.dashboard import figures, village_figures
from fupin.monitoring.views import tilemap
from fupin.monitoring.views.common import now
from fupin.registry.models import Region
from fupin.registry.permissions import visible_to
from fupin.registry.selectors import regions as region_tree


@login_required
def dashboard(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Aggregates only (no personal data), for the user's area or one region inside it."""
    if code:
        region = get_object_or_404(visible_to(request.user, Region.objects.all()), code=code)
    else:
        region = area_root(request.user)
        if region is None:
            raise PermissionDenied
    tiles, width, height = tilemap.layout(village_figures(region))
    context = {
        "region": region,
        "breadcrumbs": region_tree.ancestors(request.user, region),
        "tiles": tiles,
        "map_width": width,
        "map_height": height,
        "legend": [
            (f"≤ {upper:.0%}" if upper <= 1 else "> 10%", fill) for upper, fill in tilemap.BINS
        ],
        **figures(region, timezone.localdate(now())),
    }
    return render(request, "monitoring/dashboard.html", context)
