"""Who may see a job's page (starting one needs the permission its kind names)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fupin.registry.permissions import HOUSEHOLD_READERS, define

VIEW_JOBS = define(
    "jobs.view_jobs", HOUSEHOLD_READERS, _("follow the background jobs of their area")
)
