"""A household's file: its documents (add, read, withdraw) and its dossier export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fupin.dossier import selectors
from fupin.dossier.errors import DocumentError
from fupin.dossier.forms import DocumentForm, WithdrawForm
from fupin.dossier.models import Document
from fupin.dossier.permissions import ADD_DOCUMENT, EXPORT_DOSSIER, VIEW_FILE, WITHDRAW_DOCUMENT
from fupin.dossier.services.documents import add_document, withdraw_document
from fupin.dossier.services.export import export_dossier
from fupin.pdf import PdfUnavailable
from fupin.procedure.views.common import now
from fupin.registry.models import Household
from fupin.registry.permissions import can, require, visible_to


def _household(request: HttpRequest, number: str) -> Household:
    require(request.user, VIEW_FILE)
    households = visible_to(request.user, Household.objects.select_related("village"))
    return get_object_or_404(households, number=number)


def _render(request: HttpRequest, household: Household, form=None, errors=(), status=200):  # type: ignore[no-untyped-def]
    user = request.user
    may_add = can(user, ADD_DOCUMENT, household)
    context = {
        "household": household,
        "lines": selectors.document_lines(household, user),
        "exports": selectors.last_exports(household, user),
        "form": form if form is not None else (DocumentForm() if may_add else None),
        "errors": list(errors),
        "may_withdraw": can(user, WITHDRAW_DOCUMENT, household),
        "may_export": can(user, EXPORT_DOSSIER, household),
        "withdraw_form": WithdrawForm(),
    }
    return render(request, "dossier/file.html", context, status=status)


@login_required
def household_file(request: HttpRequest, number: str) -> HttpResponse:
    """The file's documents, newest versions marked; POST adds one."""
    household = _household(request, number)
    if request.method != "POST":
        return _render(request, household)
    require(request.user, ADD_DOCUMENT, household)
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render(request, household, form=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        add_document(household.pk, upload, upload.name, kind=form.cleaned_data["kind"],
                     title=form.cleaned_data["title"], actor=request.user, now=now(),
                     replaces_id=form.cleaned_data["replaces"])  # fmt: skip
    except DocumentError as exc:
        return _render(
            request, household, form=form, errors=[m for _f, m in exc.errors], status=400
        )
    messages.success(request, _("The document was added to the file."))
    return redirect("dossier:file", number=household.number)


@login_required
def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """One document's bytes, for a reader of its household (never cached by a browser or proxy)."""
    require(request.user, VIEW_FILE)
    document = get_object_or_404(visible_to(request.user, Document.objects.all()), pk=pk)
    inline = document.content_type.startswith("image/")
    name = f"{document.household.number}-{document.pk}.{document.file.name.rsplit('.', 1)[-1]}"
    response = FileResponse(document.file.open("rb"), content_type=document.content_type,
                            as_attachment=not inline, filename=name)  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Marks a document withdrawn, with the reason given."""
    require(request.user, VIEW_FILE)
    document = get_object_or_404(visible_to(request.user, Document.objects.all()), pk=pk)
    form = WithdrawForm(request.POST)
    try:
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        withdraw_document(document.pk, reason=reason, actor=request.user, now=now())
    except DocumentError as exc:
        errors = [m for _f, m in exc.errors]
        return _render(request, document.household, errors=errors, status=400)
    messages.success(request, _("The document is marked withdrawn; it stays in the file."))
    return redirect("dossier:file", number=document.household.number)


@login_required
@require_POST
def export(request: HttpRequest, number: str) -> HttpResponse:
    """The household's dossier as one ZIP: the PDF, the attachments and the manifest."""
    household = _household(request, number)
    require(request.user, EXPORT_DOSSIER, household)
    try:
        dossier = export_dossier(household.pk, actor=request.user, now=now())
    except PdfUnavailable as exc:
        return _render(request, household, errors=[str(exc)], status=503)
    response = HttpResponse(dossier.content, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(True, dossier.filename)
    response["Cache-Control"] = "private, no-store"
    return response
