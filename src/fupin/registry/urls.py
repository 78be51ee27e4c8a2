"""The registry's pages: the region tree, a village's households, the household card, search."""

from __future__ import annotations

from django.urls import path

from fupin.registry.views import households, life_events, regions, registration, search, split

urlpatterns = [
    path("", regions.home, name="home"),
    path("regions/<str:code>/", regions.region, name="region"),
    path("regions/<str:code>/children/", regions.region_children, name="region-children"),
    path("villages/<str:code>/", households.village, name="village"),
    path("villages/<str:code>/register/", registration.register, name="register-household"),
    path("households/<str:number>/", households.household, name="household"),
    path("households/<str:number>/events/", life_events.life_event, name="life-event"),
    path("households/<str:number>/split/", split.split, name="split-household"),
    path("search/", search.search, name="search"),
]
