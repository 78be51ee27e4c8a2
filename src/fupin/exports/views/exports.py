"""A list page's export: the file at once for a short list, a job's page for a long one; and
the file a job wrote, for the reader who asked for it."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language

from fupin.exports.services import exports as service
from fupin.jobs.models import Job, JobStatus
from fupin.procedure.errors import NotAllowed
from fupin.registry.permissions import EXPORT_LISTS, require, visible_to

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _file_response(path: Path, fmt: str, name: str) -> FileResponse:
    response = FileResponse(path.open("rb"), as_attachment=True, filename=name,
                            content_type=CONTENT_TYPES[fmt])  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def export(request: HttpRequest, name: str) -> HttpResponse:
    """``/exports/<list>/?<the page's filters>&format=csv|xlsx``: the file at once, or for a
    long list a page whose button (a POST) starts the job."""
    query = request.GET.copy()
    try:
        fmt = service.checked_format(query.pop("format", [None])[-1])
        query.pop("page", None)
        today = timezone.localdate()
        listing = service.listing_for(request.user, name, query, today)
    except service.UnknownExport:
        raise Http404(name) from None
    except NotAllowed:
        raise PermissionDenied from None
    except ValueError as exc:
        return HttpResponseBadRequest(str(exc))
    if listing.count > service.DIRECT_ROWS:
        # A job is started by a POST only: a link or an image elsewhere cannot queue one.
        if request.method != "POST":
            return render(request, "exports/confirm.html", {"rows": listing.count, "format": fmt})
        job = service.start_export(request.user, name, query.urlencode(), fmt,
                                   get_language() or "", timezone.now())  # fmt: skip
        return redirect("jobs:job", pk=job.pk)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"export.{fmt}"
        rows = service.write_listing(listing, fmt, path)
        # Opened before the folder goes: the open file outlives its name on every POSIX system.
        response = _file_response(path, fmt, service.file_name(name, fmt, today))
    service.log_export(request.user, name, rows)
    return response


@login_required
def download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file an export job wrote; only its reader gets it, and only while it is kept."""
    require(request.user, EXPORT_LISTS)
    jobs = visible_to(request.user, Job.objects.filter(kind=service.EXPORT_LIST))
    job = get_object_or_404(jobs, pk=pk, status=JobStatus.DONE, created_by=request.user.pk)
    path = service.stored_file(job)
    if path is None:
        return render(request, "exports/gone.html", {"job": job}, status=410)
    service.log_export(request.user, f"{job.params['export']} (job {job.pk})", job.result["rows"])
    return _file_response(path, job.params["format"], job.result["file"])
