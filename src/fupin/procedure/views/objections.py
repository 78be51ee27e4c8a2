"""An objection as an office sees it, with the form that records the finding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fupin.procedure.errors import ProcedureError
from fupin.procedure.forms import FindingForm
from fupin.procedure.models import Objection
from fupin.procedure.permissions import VIEW_OBJECTIONS
from fupin.procedure.services.notices import may_resolve, resolve_objection
from fupin.registry.permissions import require, visible_to


@login_required
def objection(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the objection and its notice; POST: the finding (offices and cadres of the area)."""
    require(request.user, VIEW_OBJECTIONS)
    found = get_object_or_404(
        visible_to(
            request.user, Objection.objects.select_related("notice__region", "notice__step")
        ),
        pk=pk,
    )
    allowed = found.is_open and may_resolve(request.user, found)
    form = FindingForm(request.POST or None) if allowed else None
    context = {"objection": found, "notice": found.notice, "form": form, "errors": []}
    if request.method == "POST" and form is not None and form.is_valid():
        version = request.POST.get("version", "")
        try:
            resolve_objection(
                found.pk,
                status=form.cleaned_data["status"],
                finding=form.cleaned_data["finding"],
                actor=request.user,
                now=timezone.now(),
                expected_version=int(version) if version.isdigit() else -1,
            )
        except ProcedureError as exc:
            context["errors"] = [m for _f, m in exc.errors]
            return render(request, "procedure/objection.html", context, status=400)
        messages.success(request, _("The finding was recorded."))
        return redirect("procedure:objection", pk=found.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "procedure/objection.html", context, status=status)
