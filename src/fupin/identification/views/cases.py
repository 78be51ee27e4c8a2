"""The case list, one case's page with its next steps, opening a case, and the bulk opening."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.identification import selectors
from fupin.identification.choices import EXCLUSION_LABELS
from fupin.identification.forms import OpenCaseForm
from fupin.identification.models import Case
from fupin.identification.permissions import OPEN_CASE, OPEN_IN_BULK, VIEW_CASES
from fupin.identification.procedure import procedure_of
from fupin.identification.services.opening import open_case
from fupin.identification.services.steps import take_step
from fupin.identification.tasks import OPEN_CASES
from fupin.jobs.services.runs import start_job
from fupin.procedure.engine import IllegalStep
from fupin.procedure.errors import ProcedureError
from fupin.procedure.views.common import now, posted_version
from fupin.registry.models import Household, Region
from fupin.registry.permissions import can, require, visible_to

PAGE_SIZE = 50


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The user's cases: stage, days left on notices, open objections; filterable."""
    require(request.user, VIEW_CASES)
    form, chosen = selectors.case_filters(request.GET)
    cases = selectors.visible_cases(request.user, chosen)
    today = timezone.localdate(now())
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    states = selectors.notice_states(list(page.object_list), today)
    overdue = selectors.overdue_dates(list(page.object_list), states, today)
    rows = [(case, states.get(case.pk), overdue.get(case.pk)) for case in page.object_list]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode(),
               "may_open_in_bulk": can(request.user, OPEN_IN_BULK)}  # fmt: skip
    return render(request, "identification/case_list.html", context)


def _case_for(request: HttpRequest, pk: int) -> Case:
    require(request.user, VIEW_CASES)
    visible = visible_to(request.user, Case.objects.all()).select_related("household__village")
    return get_object_or_404(visible, pk=pk)


def _render_case(request, case: Case, forms=None, errors=(), status: int = 200) -> HttpResponse:  # type: ignore[no-untyped-def]
    procedure = procedure_of(case)
    steps = [(record, _label(procedure, record.action)) for record in selectors.steps_of(case)]
    if forms is None:
        forms = [
            (step, step.form(prefix=step.action))
            for step in procedure.steps_from(case.stage)
            if step.form is not None and can(request.user, step.permission, case)
        ]
    language = "zh-hans" if (get_language() or "").startswith("zh") else "en"
    context = {
        "case": case,
        "household": case.household,
        "stages": [{"label": label, "state": state} for _c, label, state in
                   procedure.progress(case.stage)],
        "steps": steps,
        "notices": selectors.notices_of_case(case),
        "step_forms": forms,
        "errors": list(errors),
        "reasons": case.evidence.get("decision", {}).get("reasons", {}).get(language, ""),
        "exclusions": [EXCLUSION_LABELS[code] for code in case.exclusions],
        "registry_records": list(selectors.registry_records_of(case.household_id)),
    }  # fmt: skip
    return render(request, "identification/case_detail.html", context, status=status)


def _label(procedure, action: str) -> str:  # type: ignore[no-untyped-def]
    labels = dict(procedure.action_choices())
    return str(labels.get(action, action))


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One case: the evidence, the stages with their signed steps, and the next step's form."""
    return _render_case(request, _case_for(request, pk))


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Takes the step the posted form names (``action``)."""
    case = _case_for(request, pk)
    action = request.POST.get("action", "")
    try:
        step = procedure_of(case).step(case.stage, action)
    except IllegalStep as exc:
        return _render_case(request, case, errors=[str(exc)], status=400)
    if step.form is None:  # every step of the tables has a form; a step without one is no page's
        return _render_case(request, case, errors=[str(_("This step has no form."))], status=400)
    form = step.form(request.POST, prefix=action)
    if not form.is_valid():
        return _render_case(request, case, forms=[(step, form)], status=400)
    try:
        take_step(case.pk, action, actor=request.user, now=now(),
                  expected_version=posted_version(request), data=form.step_data(),
                  note=str(form.cleaned_data.get("note") or form.cleaned_data.get("reason") or ""))  # fmt: skip
    except ProcedureError as exc:
        errors = [m for _f, m in exc.errors]
        return _render_case(request, case, forms=[(step, form)], errors=errors, status=400)
    messages.success(request, _("The step was recorded."))
    return redirect("identification:case", pk=case.pk)


@login_required
def household_cases(request: HttpRequest, number: str) -> HttpResponse:
    """A household's cases, and the form that opens a new one."""
    require(request.user, VIEW_CASES)
    household = get_object_or_404(visible_to(request.user, Household.objects.all()), number=number)
    form = OpenCaseForm(request.POST or None) if can(request.user, OPEN_CASE, household) else None
    errors: list[str] = []
    if request.method == "POST" and form is not None and form.is_valid():
        origin = "application" if form.cleaned_data["from_application"] else "cadre"
        try:
            case = open_case(household.pk, form.cleaned_data["kind"], actor=request.user,
                             now=now(), statement=form.cleaned_data["statement"], origin=origin)  # fmt: skip
        except ProcedureError as exc:
            errors = [m for _f, m in exc.errors]
        else:
            return redirect("identification:case", pk=case.pk)
    cases = selectors.cases_of_household(request.user, household.pk)
    context = {"household": household, "cases": cases, "form": form, "errors": errors}
    return render(request, "identification/household.html", context, status=400 if errors else 200)


@login_required
@require_POST
def open_in_bulk(request: HttpRequest) -> HttpResponse:
    """Starts the bulk opening over an area as a background job and shows its page."""
    require(request.user, OPEN_IN_BULK)
    region = get_object_or_404(
        visible_to(request.user, Region.objects.all()), code=request.POST.get("region", "")
    )
    try:
        job = start_job(OPEN_CASES, {"region": region.code}, actor=request.user, region=region,
                        now=now())  # fmt: skip
    except ProcedureError as exc:
        messages.error(request, "; ".join(m for _f, m in exc.errors))
        return redirect("identification:cases")
    return redirect("jobs:job", pk=job.pk)
