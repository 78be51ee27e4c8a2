"""Back-office views of monitoring records: read-only and scoped; the services write them."""

from __future__ import annotations

from django.contrib import admin

from fupin.monitoring.models import (
    Alert,
    Evidence,
    Measure,
    MonitoredHousehold,
    OwnReport,
    ScreeningImport,
    WatchEntry,
)
from fupin.registry.admin import ReadOnlyScopedAdmin


@admin.register(Alert)
class AlertAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "id",
        "household",
        "source",
        "group",
        "stage",
        "raised_at",
        "decision_due",
        "escalated_at",
    )
    list_filter = ("stage", "source", "group")
    search_fields = ("household__number",)


for model in (Evidence, WatchEntry, MonitoredHousehold, Measure, ScreeningImport, OwnReport):
    admin.site.register(model, ReadOnlyScopedAdmin)
