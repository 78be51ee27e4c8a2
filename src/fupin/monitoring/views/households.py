"""A household's monitoring page: its alerts, and the visit form that records a cadre's visit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.errors import ProcedureError
from fupin.monitoring.forms import VisitForm
from fupin.monitoring.models import Alert
from fupin.monitoring.permissions import RECORD_VISIT, VIEW_ALERTS
from fupin.monitoring.services.reports import record_visit
from fupin.monitoring.views.common import now
from fupin.registry.models import Household
from fupin.registry.permissions import can, require, visible_to
from fupin.registry.selectors import regions as region_tree


def _page(
    request: HttpRequest, household: Household, form: VisitForm, errors=(), status=200
) -> HttpResponse:
    context = {
        "household": household,
        "alerts": list(Alert.objects.filter(household=household).order_by("-raised_at")),
        "form": form if can(request.user, RECORD_VISIT, household) else None,
        "errors": list(errors),
        "breadcrumbs": [*region_tree.ancestors(request.user, household.village), household.village],
    }
    return render(request, "monitoring/household.html", context, status=status)


@login_required
def household(request: HttpRequest, number: str) -> HttpResponse:
    """The household's alerts; a POST records a visit (raising an alert when a risk was found)."""
    require(request.user, VIEW_ALERTS)
    visible = visible_to(request.user, Household.objects.select_related("village"))
    found = get_object_or_404(visible, number=number)
    if request.method != "POST":
        return _page(request, found, VisitForm(initial={"visited_on": timezone.localdate(now())}))
    require(request.user, RECORD_VISIT, found)
    form = VisitForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    try:
        alert = record_visit(
            found,
            actor=request.user,
            now=now(),
            visit=form.step_data(),
            causes=form.cleaned_data["causes"],
        )
    except ProcedureError as exc:
        return _page(request, found, form, errors=[m for _f, m in exc.errors], status=400)
    messages.success(request, _("The visit was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)
