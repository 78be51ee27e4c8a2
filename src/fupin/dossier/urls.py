"""Household file URLs (included under /files/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.dossier.views import files, verification

app_name = "dossier"

urlpatterns = [
    path("households/<str:number>/", files.household_file, name="file"),
    path("households/<str:number>/dossier/", files.export, name="export"),
    path("documents/<int:pk>/", files.document_file, name="document"),
    path("documents/<int:pk>/withdraw/", files.withdraw, name="withdraw"),
    path("verify/", verification.verify, name="verify"),
]
