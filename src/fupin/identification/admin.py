"""The back office shows cases read-only: they change only through their procedure's steps."""

from __future__ import annotations

from django.contrib import admin

from fupin.identification.models import Case, RegistryImport
from fupin.registry.admin import ReadOnlyScopedAdmin


@admin.register(Case)
class CaseAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "household", "kind", "stage", "origin", "opened_at", "closed_at")
    list_filter = ("kind", "stage", "origin")
    search_fields = ("household__number", "household__head_name")
    raw_id_fields = ("household",)
    list_select_related = ("household",)


@admin.register(RegistryImport)
class RegistryImportAdmin(ReadOnlyScopedAdmin):
    list_display = ("id", "registry", "file_name", "imported_at", "rows_total", "rows_matched")
    list_filter = ("registry",)
    search_fields = ("file_name", "sha256")
