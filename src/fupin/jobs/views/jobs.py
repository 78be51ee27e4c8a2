"""A job's page, which refreshes itself while the job runs, and the list of the area's jobs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fupin.jobs.models import Job
from fupin.jobs.permissions import VIEW_JOBS
from fupin.jobs.selectors import job_view
from fupin.registry.permissions import require, visible_to

PAGE = 50


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """One job: status, progress, result or errors; htmx asks for the fragment while it runs."""
    require(request.user, VIEW_JOBS)
    found = get_object_or_404(visible_to(request.user, Job.objects.select_related("region")), pk=pk)
    template = "jobs/_status.html" if request.htmx else "jobs/job.html"
    return render(request, template, {"view": job_view(found, request.user)})


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    """The latest jobs of the user's area."""
    require(request.user, VIEW_JOBS)
    jobs = visible_to(request.user, Job.objects.select_related("region", "created_by"))[:PAGE]
    return render(request, "jobs/list.html", {"views": [job_view(j) for j in jobs]})
