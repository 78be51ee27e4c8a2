"""Export URLs (included under /exports/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.exports.views import exports

app_name = "exports"

urlpatterns = [
    path("<str:name>/", exports.export, name="list"),
    path("jobs/<int:pk>/file/", exports.download, name="download"),
]
