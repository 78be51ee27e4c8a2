"""URL configuration: the pages, authentication, language switching and the admin."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from fupin.web.views import households, regions, search

urlpatterns = [
    path("", regions.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("regions/<str:code>/", regions.region, name="region"),
    path("regions/<str:code>/children/", regions.region_children, name="region-children"),
    path("villages/<str:code>/", households.village, name="village"),
    path("households/<str:number>/", households.household, name="household"),
    path("search/", search.search, name="search"),
    path("monitoring/", include("fupin.monitoring.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]
