"""Department screening import, risk-score upload, kernel run and escalation (offices only)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.jobs.services.runs import start_job
from fupin.monitoring.errors import ProcedureError
from fupin.monitoring.forms import ImportForm, ScoresForm
from fupin.monitoring.models import ScreeningImport
from fupin.monitoring.permissions import RUN_SCREENING
from fupin.monitoring.selectors.alerts import area_choices
from fupin.monitoring.services.escalation import escalate_overdue
from fupin.monitoring.services.model_scores import raise_from_scores, read_scores_csv
from fupin.monitoring.services.screening import import_screening
from fupin.monitoring.tasks import KERNEL_RUN
from fupin.monitoring.views.common import now
from fupin.monitoring.views.presenters import problem_rows
from fupin.registry.models import Region
from fupin.registry.permissions import require, scope_of, visible_to

MAX_UPLOAD = 20 * 1024 * 1024


def _page(request: HttpRequest, form=None, scores_form=None, errors=(), status=200) -> HttpResponse:
    context = {
        "form": form or ImportForm(),
        "scores_form": scores_form or ScoresForm(),
        "errors": list(errors),
        "areas": area_choices(request.user),
        "imports": visible_to(request.user, ScreeningImport.objects.all())[:20],
    }
    return render(request, "monitoring/import.html", context, status=status)


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    """GET: the import page; POST: imports a department list and shows its report."""
    require(request.user, RUN_SCREENING)
    if request.method != "POST":
        return _page(request)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD:
        return _page(request, form=form, errors=[_("The file is larger than 20 MB.")], status=400)
    try:
        record = import_screening(
            form.cleaned_data["department"],
            upload.name,
            upload.read(),
            actor=request.user,
            now=now(),
        )
    except ProcedureError as exc:
        return _page(request, form=form, errors=[f"{f}: {m}" for f, m in exc.errors], status=400)
    return redirect("monitoring:import-report", pk=record.pk)


@login_required
def import_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The report of one import: counts, and every row not used with its row, column and reason."""
    require(request.user, RUN_SCREENING)
    record = get_object_or_404(visible_to(request.user, ScreeningImport.objects.all()), pk=pk)
    context = {"record": record, "problems": problem_rows(record), "below": record.below_threshold}
    return render(request, "monitoring/import_report.html", context)


@login_required
@require_POST
def upload_scores(request: HttpRequest) -> HttpResponse:
    """Raises alerts from a risk-scores CSV written by ``fupin monitor score``."""
    require(request.user, RUN_SCREENING)
    form = ScoresForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, scores_form=form, status=400)
    try:
        rows = read_scores_csv(form.cleaned_data["scores"].read())
        summary = raise_from_scores(
            rows,
            prefix=scope_of(request.user).prefix or "",
            now=now(),
            actor=request.user,
        )
    except (ProcedureError, UnicodeDecodeError, ValueError, KeyError) as exc:
        return _page(request, scores_form=form, errors=[str(exc)], status=400)
    messages.success(
        request,
        _(
            "%(opened)d alerts raised, %(updated)d alerts given new evidence, %(skipped)d rows skipped."
        )
        % {"opened": summary.opened, "updated": summary.updated, "skipped": len(summary.skipped)},
    )
    return redirect("monitoring:alerts")


@login_required
@require_POST
def run_kernel(request: HttpRequest) -> HttpResponse:
    """Starts the rules kernel over an area as a background job and shows its page."""
    require(request.user, RUN_SCREENING)
    region = get_object_or_404(
        visible_to(request.user, Region.objects.all()), code=request.POST.get("region", "")
    )
    try:
        job = start_job(
            KERNEL_RUN, {"region": region.code}, actor=request.user, region=region, now=now()
        )
    except ProcedureError as exc:
        return _page(request, errors=[m for _f, m in exc.errors], status=403)
    return redirect("jobs:job", pk=job.pk)


@login_required
@require_POST
def escalate(request: HttpRequest) -> HttpResponse:
    """Escalates the overdue alerts of the user's area to their townships."""
    require(request.user, RUN_SCREENING)
    count = escalate_overdue(scope_of(request.user).prefix or "", now=now(), actor=request.user)
    messages.success(
        request, _("%(count)d overdue alerts escalated to their townships.") % {"count": count}
    )
    return redirect("monitoring:alerts")
