"""Background jobs in the back office: read-only, scoped like the pages."""

from __future__ import annotations

from django.contrib import admin

from fupin.jobs.models import Job
from fupin.registry.admin import ReadOnlyScopedAdmin


@admin.register(Job)
class JobAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "kind", "status", "region", "created_by", "created_at", "attempts")
    list_filter = ("status", "kind")
