"""Uploading a roster or a survey export; the import runs as a background job whose page shows
its progress."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from fupin.imports.forms import RosterForm, SurveyForm
from fupin.imports.permissions import IMPORT_ROSTERS
from fupin.imports.services.uploads import keep_export, keep_upload
from fupin.imports.tasks import IMPORT_ROSTER, IMPORT_SURVEY
from fupin.jobs.services.runs import start_job
from fupin.registry.errors import RecordError
from fupin.registry.models import Region
from fupin.registry.permissions import require, scope_of

Keep = Callable[[IO[bytes], str], tuple[Path, str]]
ROSTER_HINT = _("A roster in the format of fupin identify (its template has every column): new households are added with their members and income; households already registered are brought to the roster as corrections, each old value kept on the card's history. Every problem is listed by sheet, row and column, and with any problem nothing is imported. A household's status never changes by an import: that goes through a case.")  # fmt: skip
SURVEY_HINT = _("Submissions of the registration survey (fupin survey xlsform) as ODK Central or KoboToolbox export them. A new household number registers the household; a registered one is updated as corrections. The checks are the roster's; every problem is listed by the export's own file, row and column, and with any problem nothing is imported. A submission imported before is left alone, so the same export can be imported again.")  # fmt: skip


def _upload(request: HttpRequest, form: Any, kind: str, keep: Keep, page: dict[str, Any]):  # type: ignore[no-untyped-def]
    require(request.user, IMPORT_ROSTERS)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            folder, name = keep(upload_file, upload_file.name)
        except RecordError as exc:
            errors = [message for _field, message in exc.errors]
        else:
            region = (
                Region.objects.filter(code__startswith=scope_of(request.user).prefix or "")
                .order_by("code")
                .first()
            )
            params = {"folder": str(folder), "name": name, "year": form.cleaned_data["year"],
                      "dry_run": form.cleaned_data["dry_run"], "file": upload_file.name,
                      "language": get_language() or ""}  # fmt: skip
            job = start_job(kind, params, actor=request.user, region=region, now=timezone.now())
            return redirect("jobs:job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "errors": errors, **page}
    return render(request, "imports/upload.html", context, status=status)


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the roster form; POST: keeps the file and starts the import, then shows the job."""
    form = RosterForm(request.POST or None, request.FILES or None)
    page = {"title": _("Import a roster"), "hint": ROSTER_HINT,
            "other": (reverse("imports:survey"), _("Import survey submissions (ODK, Kobo)"))}  # fmt: skip
    return _upload(request, form, IMPORT_ROSTER, keep_upload, page)


@login_required
def survey(request: HttpRequest) -> HttpResponse:
    """GET: the survey form; POST: keeps the export and starts the import, then shows the job."""
    form = SurveyForm(request.POST or None, request.FILES or None)
    page = {"title": _("Import survey submissions"), "hint": SURVEY_HINT,
            "other": (reverse("imports:roster"), _("Import a roster (xlsx or CSV)"))}  # fmt: skip
    return _upload(request, form, IMPORT_SURVEY, keep_export, page)
