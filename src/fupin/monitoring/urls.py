"""Monitoring URLs (included under /monitoring/ by fupin.web.urls)."""

from __future__ import annotations

from django.urls import path

from fupin.monitoring.views import alerts, dashboard, households, imports, public, watch

app_name = "monitoring"

urlpatterns = [
    path("", alerts.alert_list, name="alerts"),
    path("alerts/<int:pk>/", alerts.alert_detail, name="alert"),
    path("watch/", watch.watch, name="watch"),
    path("alerts/<int:pk>/step/", alerts.alert_step, name="step"),
    path("alerts/<int:pk>/measures/", alerts.add_measure, name="measure"),
    path("households/<str:number>/", households.household, name="household"),
    path("import/", imports.import_list, name="import"),
    path("import/<int:pk>/", imports.import_report, name="import-report"),
    path("scores/", imports.upload_scores, name="scores"),
    path("kernel/", imports.run_kernel, name="kernel"),
    path("escalate/", imports.escalate, name="escalate"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/<str:code>/", dashboard.dashboard, name="dashboard-region"),
    path("report/", public.own_report, name="report"),
]
