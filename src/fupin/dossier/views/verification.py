"""An auditor's check of an exported dossier, and the lookup of one printed signature hash."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fupin.dossier.errors import DossierUnreadable
from fupin.dossier.forms import HashForm, VerifyForm
from fupin.dossier.permissions import VERIFY_DOSSIER
from fupin.dossier.selectors import signature_by_hash
from fupin.dossier.services.verify import verify_dossier
from fupin.registry.permissions import require


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """GET: the forms (and a hash looked up); POST: the check of an uploaded dossier."""
    require(request.user, VERIFY_DOSSIER)
    form = VerifyForm(request.POST or None, request.FILES or None)
    hash_form = HashForm(request.GET if "sha256" in request.GET else None)
    context = {"form": form, "hash_form": hash_form, "report": None, "errors": []}
    if hash_form.is_bound and hash_form.is_valid():
        context["found"] = signature_by_hash(request.user, hash_form.cleaned_data["sha256"])
        context["looked_up"] = True
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                context["report"] = verify_dossier(form.cleaned_data["file"], user=request.user)
            except DossierUnreadable as exc:
                context["errors"] = [m for _f, m in exc.errors]
                status = 400
        else:
            status = 400
    return render(request, "dossier/verify.html", context, status=status)
