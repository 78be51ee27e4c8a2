"""Importing a department registry for the exclusion rules, and an import's report."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fupin.identification.forms import RegistryImportForm
from fupin.identification.models import RegistryImport
from fupin.identification.permissions import SCREEN_REGISTRIES
from fupin.identification.services.registries import import_registry
from fupin.procedure.errors import ProcedureError
from fupin.procedure.views.common import now
from fupin.registry.permissions import require, visible_to
from fupin.registry.services.department_lists import problem_rows

MAX_BYTES = 50 * 2**20  # a county's registry extract; larger lists are split by township


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    """GET: the form and the earlier imports; POST: the import, then its report."""
    require(request.user, SCREEN_REGISTRIES)
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            errors = [f"{upload.name}: > {MAX_BYTES // 2**20} MB"]
        else:
            try:
                report = import_registry(form.cleaned_data["registry"], upload.name, upload.read(),
                                         actor=request.user, now=now())  # fmt: skip
            except ProcedureError as exc:
                errors = [f"{field}: {message}" for field, message in exc.errors]
            else:
                return redirect("identification:registry_report", pk=report.pk)
    earlier = visible_to(request.user, RegistryImport.objects.all())[:20]
    context = {"form": form, "errors": errors, "earlier": earlier}
    return render(request, "identification/registry_import.html", context,
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: counts, the cases it flagged or sends for review, every unused row."""
    require(request.user, SCREEN_REGISTRIES)
    found = get_object_or_404(visible_to(request.user, RegistryImport.objects.all()), pk=pk)
    context = {"record": found, "problems": problem_rows(found.problems)}
    return render(request, "identification/registry_report.html", context)
