"""Back-office views of monitoring records: read-mostly, never deletable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from fupin.monitoring.models import (
    Alert,
    Evidence,
    Measure,
    MonitoredHousehold,
    OwnReport,
    ScreeningImport,
    StepRecord,
)


class KeptAdmin(admin.ModelAdmin):
    """Records are flagged, never deleted; changes go through the services."""

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        """Never."""
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        """Read-only in the admin."""
        return False

    def has_add_permission(self, request: Any) -> bool:
        """Added by the services only."""
        return False


@admin.register(Alert)
class AlertAdmin(KeptAdmin):
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


for model in (Evidence, StepRecord, MonitoredHousehold, Measure, ScreeningImport, OwnReport):
    admin.site.register(model, KeptAdmin)
