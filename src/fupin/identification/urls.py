"""Identification URLs (included under /identification/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.identification.views import cases, registries

app_name = "identification"

urlpatterns = [
    path("", cases.case_list, name="cases"),
    path("cases/<int:pk>/", cases.case_detail, name="case"),
    path("cases/<int:pk>/step/", cases.case_step, name="step"),
    path("households/<str:number>/", cases.household_cases, name="household"),
    path("bulk/", cases.open_in_bulk, name="bulk"),
    path("registries/", registries.import_page, name="registries"),
    path("registries/<int:pk>/", registries.report, name="registry_report"),
]
