"""The jobs' pages (included under /jobs/ by the project)."""

from __future__ import annotations

from django.urls import path

from fupin.jobs.views import jobs

app_name = "jobs"

urlpatterns = [
    path("", jobs.job_list, name="list"),
    path("<int:pk>/", jobs.job, name="job"),
]
