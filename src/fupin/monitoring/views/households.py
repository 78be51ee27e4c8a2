"""A household's monitoring page: its alerts, and the visit form that records a cadre's visit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.forms import VisitForm
from fupin.monitoring.models import Alert
from fupin.monitoring.policy import current_policy
from fupin.monitoring.presenters import is_field_user
from fupin.monitoring.services.reports import record_visit
from fupin.monitoring.views.common import now
from fupin.registry.models import Household
from fupin.web import region_tree
from fupin.web.access import require_household_access


def _page(
    request: HttpRequest, household: Household, form: VisitForm, errors=(), status=200
) -> HttpResponse:
    context = {
        "household": household,
        "alerts": list(Alert.objects.filter(household=household).order_by("-raised_at")),
        "form": form if is_field_user(request.user) else None,
        "errors": list(errors),
        "breadcrumbs": [*region_tree.ancestors(request.user, household.village), household.village],
    }
    return render(request, "monitoring/household.html", context, status=status)


@login_required
def household(request: HttpRequest, number: str) -> HttpResponse:
    """The household's alerts; a POST records a visit (raising an alert when a risk was found)."""
    require_household_access(request.user)
    visible = Household.objects.visible_to(request.user).select_related("village")
    found = get_object_or_404(visible, number=number)
    if request.method != "POST":
        return _page(request, found, VisitForm(initial={"visited_on": timezone.localdate(now())}))
    if not is_field_user(request.user):
        raise PermissionDenied
    form = VisitForm(request.POST)
    if not form.is_valid():
        return _page(request, found, form, status=400)
    try:
        alert = record_visit(
            found,
            actor=request.user,
            now=now(),
            policy=current_policy(),
            visit=form.step_data(),
            causes=form.cleaned_data["causes"],
        )
    except MonitoringError as exc:
        return _page(request, found, form, errors=[m for _f, m in exc.errors], status=400)
    messages.success(request, _("The visit was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)
