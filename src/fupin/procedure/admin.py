"""Back-office views of the engine's records: read-only, scoped like the pages."""

from __future__ import annotations

from django.contrib import admin

from fupin.procedure.models import Notice, Objection, Signature, StepRecord
from fupin.registry.admin import ReadOnlyScopedAdmin


@admin.register(StepRecord)
class StepRecordAdmin(ReadOnlyScopedAdmin):
    list_display = (
        "procedure",
        "subject_id",
        "action",
        "stage_before",
        "stage_after",
        "actor",
        "occurred_at",
    )
    list_filter = ("procedure", "action")


@admin.register(Signature)
class SignatureAdmin(ReadOnlyScopedAdmin):
    list_display = ("signer_name", "role", "signed_at", "sha256")


@admin.register(Notice)
class NoticeAdmin(ReadOnlyScopedAdmin):
    list_display = ("title", "region", "posted_on", "ends_on")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyScopedAdmin):
    list_display = ("reference", "notice", "status", "received_at", "resolved_at")
