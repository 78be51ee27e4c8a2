"""The watch list: households flagged beyond the monitored scale (exported through the exports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fupin.monitoring.choices import cause_label
from fupin.monitoring.permissions import VIEW_ALERTS
from fupin.monitoring.selectors.alerts import watch_list
from fupin.monitoring.selectors.lists import watch_filters
from fupin.registry.permissions import require

PAGE_SIZE = 50


@login_required
def watch(request: HttpRequest) -> HttpResponse:
    """The open entries of the user's area, most severe first."""
    require(request.user, VIEW_ALERTS)
    form, data = watch_filters(request.user, request.GET)
    entries = watch_list(request.user, data)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": e, "causes": [cause_label(c) for c in e.causes]} for e in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "monitoring/watch.html", context)
