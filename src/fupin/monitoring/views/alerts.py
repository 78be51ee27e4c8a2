"""The alert list (ranked, filterable) and one alert's page with its procedure and step forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.monitoring.forms import MeasureForm
from fupin.monitoring.models import Alert, MonitoredHousehold
from fupin.monitoring.permissions import ADD_MEASURE, RUN_SCREENING, VIEW_ALERTS
from fupin.monitoring.procedure import MONITORING
from fupin.monitoring.selectors.alerts import area_root, counties_of, filtered_alerts, list_order
from fupin.monitoring.selectors.lists import alert_filters
from fupin.monitoring.selectors.scale import county_ranking
from fupin.monitoring.services.measures import add_measure as add_measure_service
from fupin.monitoring.services.steps import take_step
from fupin.monitoring.views import presenters
from fupin.monitoring.views.common import now
from fupin.procedure.engine import IllegalStep
from fupin.procedure.errors import ProcedureError
from fupin.procedure.views.common import posted_version
from fupin.registry.permissions import can, require, visible_to

PAGE_SIZE = 50


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts in the user's area, ranked by risk against their county's monitored-scale bound."""
    require(request.user, VIEW_ALERTS)
    form, data = alert_filters(request.user, request.GET)
    alerts = filtered_alerts(request.user, data, now())
    ranking = county_ranking(counties_of(request.user))
    page = Paginator(list_order(alerts, ranking, bool(data.get("closed"))), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    shown = alerts.in_bulk(list(page))
    today = timezone.localdate(now())
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": [presenters.list_row(shown[pk], ranking.by_alert.get(pk), today) for pk in page],
        "bound": ranking.bound,
        "region": area_root(request.user),
        "people": ranking.people,
        "exceeded": ranking.exceeded,
        "is_office": can(request.user, RUN_SCREENING),
        "query": query.urlencode(),
    }
    return render(request, "monitoring/alert_list.html", context)


def _alert_for(request: HttpRequest, pk: int) -> Alert:
    require(request.user, VIEW_ALERTS)
    visible = visible_to(request.user, Alert.objects.all()).select_related(
        "household__village", "assignee"
    )
    return get_object_or_404(visible, pk=pk)


def _render_alert(
    request: HttpRequest, alert: Alert, forms=None, errors=(), status: int = 200
) -> HttpResponse:
    context = presenters.alert_page(alert, request.user, timezone.localdate(now()))
    if forms is not None:
        context["step_forms"] = forms
    context["errors"] = list(errors)
    return render(request, "monitoring/alert_detail.html", context, status=status)


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One alert: the household, the evidence, the model's factors, the stages and the next step."""
    return _render_alert(request, _alert_for(request, pk))


@login_required
@require_POST
def alert_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes the step of the procedure that the posted form names (``action``)."""
    alert = _alert_for(request, pk)
    action = request.POST.get("action", "")
    try:
        step = MONITORING.step(alert.stage, action)
    except IllegalStep as exc:
        return _render_alert(request, alert, errors=[str(exc)], status=400)
    assert step.form is not None
    form = step.form(request.POST, prefix=action)
    if not form.is_valid():
        return _render_alert(request, alert, forms=[(step, form)], status=400)
    try:
        take_step(
            alert.pk,
            action,
            actor=request.user,
            now=now(),
            expected_version=posted_version(request),
            data=form.step_data(),
            note=str(form.cleaned_data.get("note") or form.cleaned_data.get("findings") or ""),
        )
    except ProcedureError as exc:
        return _render_alert(
            request, alert, forms=[(step, form)], errors=[m for _f, m in exc.errors], status=400
        )
    messages.success(request, _("The step was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)


@login_required
@require_POST
def add_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Records a help measure for the monitored household of the alert."""
    alert = _alert_for(request, pk)
    monitored = get_object_or_404(MonitoredHousehold, alert=alert, until__isnull=True)
    require(request.user, ADD_MEASURE, alert)
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return _render_alert(
            request, alert, errors=[_("The measure could not be recorded.")], status=400
        )
    try:
        add_measure_service(monitored.pk, actor=request.user, **form.cleaned_data)
    except ProcedureError as exc:
        return _render_alert(request, alert, errors=[m for _f, m in exc.errors], status=400)
    messages.success(request, _("The measure was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)
