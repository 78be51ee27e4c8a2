"""The public form a household uses to report a hardship: no login, CSRF, rate-limited by address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fupin.monitoring.forms import OwnReportForm
from fupin.monitoring.services.reports import receive_own_report
from fupin.monitoring.views.common import now
from fupin.procedure.ratelimit import over_limit

LIMIT = 5  # reports per address per hour
WINDOW = 3600


def own_report(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: keeps the report and answers with its reference (never the match)."""
    if request.method != "POST":
        return render(request, "monitoring/report_form.html", {"form": OwnReportForm()})
    if over_limit(request, "own-report", LIMIT, WINDOW):
        context = {
            "form": OwnReportForm(request.POST),
            "errors": [_("Too many reports from this address; please try again in an hour.")],
        }
        return render(request, "monitoring/report_form.html", context, status=429)
    form = OwnReportForm(request.POST)
    if not form.is_valid():
        return render(request, "monitoring/report_form.html", {"form": form}, status=400)
    data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
    report = receive_own_report(**data, now=now())
    # The answer is the same whether or not the ID matched: the form must not reveal who is registered.
    return render(request, "monitoring/report_received.html", {"reference": report.reference})
