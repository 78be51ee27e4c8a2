"""Imports URLs (included under /imports/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.imports.views import rosters

app_name = "imports"

urlpatterns = [
    path("roster/", rosters.upload, name="roster"),
    path("survey/", rosters.survey, name="survey"),
]
