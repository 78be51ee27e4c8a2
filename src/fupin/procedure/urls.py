"""The engine's pages (included under /notices/ by the project)."""

from __future__ import annotations

from django.urls import path

from fupin.procedure.views import notices, objections

app_name = "procedure"

urlpatterns = [
    path("village/<str:code>/", notices.board, name="notices"),
    path("village/<str:code>/print.pdf", notices.board_pdf, name="notices_pdf"),
    path("<int:pk>/object/", notices.object_to, name="object"),
    path("objections/<int:pk>/", objections.objection, name="objection"),
]
