"""The watch list: households flagged beyond the monitored scale, listed and exported (CSV)."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fupin.monitoring.choices import cause_label
from fupin.monitoring.forms import WatchFilterForm
from fupin.monitoring.permissions import VIEW_ALERTS
from fupin.monitoring.selectors.alerts import area_choices, watch_list
from fupin.registry.permissions import access_log, require

PAGE_SIZE = 50


def _entries(request: HttpRequest):  # type: ignore[no-untyped-def]
    form = WatchFilterForm(request.GET or None, regions=area_choices(request.user))
    data = form.cleaned_data if form.is_valid() else {}
    return form, watch_list(request.user, data)


@login_required
def watch(request: HttpRequest) -> HttpResponse:
    """The open entries of the user's area, most severe first; ``?format=csv`` exports them."""
    require(request.user, VIEW_ALERTS)
    form, entries = _entries(request)
    if request.GET.get("format") == "csv":
        return _csv(request, entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"entry": e, "causes": [cause_label(c) for c in e.causes]} for e in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "monitoring/watch.html", context)


HEADER = ("household", "head", "village", "causes", "severity", "risk", "income_year",
          "first_flagged", "last_flagged", "policy")  # fmt: skip


def _csv(request: HttpRequest, entries) -> HttpResponse:  # type: ignore[no-untyped-def]
    access_log.info("watch list exported: user=%s", request.user.get_username())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="watch-list.csv"'
    response.write("\ufeff")  # Excel on Chinese Windows opens UTF-8 with a BOM correctly
    writer = csv.writer(response)
    writer.writerow(HEADER)
    for e in entries.iterator():
        writer.writerow([
            e.household.number, e.household.head_name, e.household.village.name,
            ";".join(e.causes), e.severity, "" if e.risk is None else f"{e.risk:.3f}",
            e.year or "", f"{e.first_seen_at:%Y-%m-%d}", f"{e.last_seen_at:%Y-%m-%d}", e.policy_id,
        ])  # fmt: skip
    return response
