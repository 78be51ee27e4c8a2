"""The alert list (ranked, filterable) and one alert's page with its procedure and step forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.monitoring import presenters
from fupin.monitoring.errors import MonitoringError
from fupin.monitoring.forms import STEP_FORMS, FilterForm, MeasureForm, step_action, step_data
from fupin.monitoring.models import Alert, Measure, MonitoredHousehold
from fupin.monitoring.policy import current_policy
from fupin.monitoring.procedure import CLOSED_STAGES
from fupin.monitoring.services.escalation import overdue_filter
from fupin.monitoring.services.scale import COUNTY_DIGITS, CountyRanking, county_ranking
from fupin.monitoring.services.steps import take_step
from fupin.monitoring.views.common import area_choices, is_office, now, scope_region
from fupin.registry.models import Region
from fupin.registry.scoping import scope_prefix
from fupin.web.access import require_household_access

PAGE_SIZE = 50


def _filtered(request: HttpRequest, form: FilterForm):
    alerts = Alert.objects.visible_to(request.user).select_related("household__village", "assignee")
    data = form.cleaned_data if form.is_valid() else {}
    if not data.get("closed"):
        alerts = alerts.live()
    if data.get("region"):
        region = get_object_or_404(Region.objects.visible_to(request.user), code=data["region"])
        alerts = alerts.filter(household__village__code__startswith=region.prefix)
    for name in ("stage", "source", "group"):
        if data.get(name):
            alerts = alerts.filter(**{name: data[name]})
    if data.get("overdue"):
        alerts = alerts.filter(overdue_filter(timezone.localdate(now())))
    if data.get("escalated"):
        alerts = alerts.filter(escalated_at__isnull=False)
    return alerts, data


def _counties(user) -> set[str]:
    """The 6-digit codes of the counties the user's area touches (one county or all under it)."""
    prefix = scope_prefix(user) or ""
    if len(prefix) >= COUNTY_DIGITS:
        return {prefix[:COUNTY_DIGITS]}
    codes = Region.objects.filter(level="county", code__startswith=prefix).values_list("code")
    return {code[:COUNTY_DIGITS] for (code,) in codes}


def _ordered(alerts, ranking: CountyRanking, with_closed: bool) -> list[int]:
    """Live alerts in ranked order (county, rank), then closed ones newest first per county.

    Only primary keys are read here; the page's 50 rows are loaded afterwards, so a county with
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


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    """Alerts in the user's area, ranked by risk against their county's monitored-scale bound."""
    require_household_access(request.user)
    form = FilterForm(request.GET or None, regions=area_choices(request.user))
    alerts, data = _filtered(request, form)
    ranking = county_ranking(_counties(request.user), current_policy())
    page = Paginator(_ordered(alerts, ranking, bool(data.get("closed"))), PAGE_SIZE).get_page(
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
        "region": scope_region(request.user),
        "people": ranking.people,
        "exceeded": ranking.exceeded,
        "is_office": is_office(request.user),
        "query": query.urlencode(),
    }
    return render(request, "monitoring/alert_list.html", context)


def _alert_for(request: HttpRequest, pk: int) -> Alert:
    require_household_access(request.user)
    visible = Alert.objects.visible_to(request.user).select_related(
        "household__village", "assignee"
    )
    return get_object_or_404(visible, pk=pk)


def _render_alert(
    request: HttpRequest, alert: Alert, form=None, errors=(), status: int = 200
) -> HttpResponse:
    context = presenters.alert_page(alert, request.user, timezone.localdate(now()))
    if form is not None:
        context["step_form"] = form
    context["errors"] = list(errors)
    return render(request, "monitoring/alert_detail.html", context, status=status)


@login_required
def alert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One alert: the household, the evidence, the model's factors, the stages and the next step."""
    return _render_alert(request, _alert_for(request, pk))


def _version(request: HttpRequest) -> int:
    """The alert version the form was built from (-1 when missing: always stale)."""
    text = request.POST.get("version", "")
    return int(text) if text.isdigit() else -1


@login_required
@require_POST
def alert_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes the next step of the procedure from the alert page's form."""
    alert = _alert_for(request, pk)
    form_class = STEP_FORMS.get(alert.stage)
    if form_class is None:
        return _render_alert(request, alert, errors=[_("This alert is closed.")], status=400)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_alert(request, alert, form=form, status=400)
    try:
        take_step(
            alert.pk,
            step_action(alert.stage, form),
            actor=request.user,
            now=now(),
            expected_version=_version(request),
            policy=current_policy(),
            data=step_data(form),
            note=str(form.cleaned_data.get("note") or form.cleaned_data.get("findings") or ""),
        )
    except MonitoringError as exc:
        return _render_alert(
            request, alert, form=form, errors=[m for _f, m in exc.errors], status=400
        )
    messages.success(request, _("The step was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)


@login_required
@require_POST
def add_measure(request: HttpRequest, pk: int) -> HttpResponse:
    """Records a help measure for the monitored household of the alert."""
    alert = _alert_for(request, pk)
    monitored = get_object_or_404(MonitoredHousehold, alert=alert, until__isnull=True)
    if not presenters.is_field_user(request.user):
        raise PermissionDenied
    form = MeasureForm(request.POST)
    if not form.is_valid():
        return _render_alert(
            request, alert, errors=[_("The measure could not be recorded.")], status=400
        )
    Measure.objects.create(monitored=monitored, recorded_by=request.user, **form.cleaned_data)
    messages.success(request, _("The measure was recorded."))
    return redirect("monitoring:alert", pk=alert.pk)
