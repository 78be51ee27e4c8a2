"""URL configuration: each app's pages, authentication, language switching and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fupin.web.api import api

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("monitoring/", include("fupin.monitoring.urls")),
    path("identification/", include("fupin.identification.urls")),
    path("notices/", include("fupin.procedure.urls")),
    path("files/", include("fupin.dossier.urls")),
    path("imports/", include("fupin.imports.urls")),
    path("exports/", include("fupin.exports.urls")),
    path("funds/", include("fupin.funds.urls")),
    path("jobs/", include("fupin.jobs.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("fupin.registry.urls")),
]
