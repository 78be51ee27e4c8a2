"""The back office shows documents and exports read-only: they change only through the file's pages."""

from __future__ import annotations

from django.contrib import admin

from fupin.dossier.models import Document, DossierExport
from fupin.registry.admin import ReadOnlyScopedAdmin


@admin.register(Document)
class DocumentAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "household", "kind", "title", "uploaded_at", "sha256")
    list_filter = ("kind",)
    search_fields = ("household__number", "title", "sha256")
    raw_id_fields = ("household",)
    list_select_related = ("household",)


@admin.register(DossierExport)
class DossierExportAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "household", "made_at", "made_by", "pdf_sha256")
    search_fields = ("household__number", "pdf_sha256", "manifest_sha256")
    raw_id_fields = ("household",)
