"""Uploading a roster; the import runs as a background job whose page shows its progress."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from fupin.imports.forms import RosterForm
from fupin.imports.permissions import IMPORT_ROSTERS
from fupin.imports.services.uploads import keep_upload
from fupin.imports.tasks import IMPORT_ROSTER
from fupin.jobs.services.runs import start_job
from fupin.registry.errors import RecordError
from fupin.registry.models import Region
from fupin.registry.permissions import require, scope_of


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """GET: the form; POST: keeps the file and starts the import, then shows the job."""
    require(request.user, IMPORT_ROSTERS)
    form = RosterForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            folder, name = keep_upload(upload_file, upload_file.name)
        except RecordError as exc:
            errors = [message for _field, message in exc.errors]
        else:
            region = (
                Region.objects.filter(code__startswith=scope_of(request.user).prefix or "")
                .order_by("code")
                .first()
            )
            params = {"folder": str(folder), "name": name, "year": form.cleaned_data["year"],
                      "dry_run": form.cleaned_data["dry_run"], "file": upload_file.name}  # fmt: skip
            job = start_job(
                IMPORT_ROSTER, params, actor=request.user, region=region, now=timezone.now()
            )
            return redirect("jobs:job", pk=job.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "imports/upload.html", {"form": form, "errors": errors}, status=status)
