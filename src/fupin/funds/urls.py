"""Funds URLs (included under /funds/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.funds.views import public, tracing

app_name = "funds"

urlpatterns = [
    path("", tracing.overview, name="overview"),
    path("households/<str:number>/", tracing.household, name="household"),
    path("sources/<str:code>/", tracing.source, name="source"),
    path("public/heads/", public.heads, name="heads"),
    path("public/entries/<int:seq>/", public.entry, name="entry"),
]
