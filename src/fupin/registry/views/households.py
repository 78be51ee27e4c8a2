"""A village's household list and the household card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from fupin.registry.extensions import HOUSEHOLD_LINKS
from fupin.registry.models import Household, Region
from fupin.registry.permissions import EDIT_HOUSEHOLDS, VIEW_HOUSEHOLDS, access_log, can, require
from fupin.registry.selectors import regions as region_tree
from fupin.registry.selectors.card import build_card

PAGE_SIZE = 50


@login_required
def village(request: HttpRequest, code: str) -> HttpResponse:
    """The households of one village in the user's scope, paginated; ``?poor=1`` keeps the poor."""
    require(request.user, VIEW_HOUSEHOLDS)
    place = get_object_or_404(Region.objects.visible_to(request.user), code=code, level="village")
    households = (
        Household.objects.visible_to(request.user)
        .filter(village=place)
        .annotate(size=Count("members", filter=Q(members__active=True)))
        .order_by("group_no", "number")
    )
    poor_only = request.GET.get("poor") == "1"
    if poor_only:
        households = households.filter(region_tree.POOR_FILTER)
    page = Paginator(households, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "village": place,
        "page": page,
        "poor_only": poor_only,
        "export_query": f"region={place.code}" + ("&poor=1" if poor_only else ""),
        "counts": region_tree.region_counts(request.user, place),
        "breadcrumbs": region_tree.ancestors(request.user, place),
        "may_register": can(request.user, EDIT_HOUSEHOLDS, place),
    }
    return render(request, "registry/village.html", context)


@login_required
def household(request: HttpRequest, number: str) -> HttpResponse:
    """The household card; a household outside the user's scope does not exist for them (404)."""
    require(request.user, VIEW_HOUSEHOLDS)
    visible = Household.objects.visible_to(request.user).select_related("village")
    found = get_object_or_404(visible, number=number)
    card = build_card(found)
    access_log.info("household card: household=%s user=%s", found.number, request.user.username)
    links = [
        {"label": link.label, "url": reverse(link.url_name, args=[found.number])}
        for link in HOUSEHOLD_LINKS
        if can(request.user, link.permission, found)
    ]
    context = {
        "card": card,
        "household": found,
        "links": links,
        "breadcrumbs": [*region_tree.ancestors(request.user, found.village), found.village],
        "may_edit": can(request.user, EDIT_HOUSEHOLDS, found),
    }
    return render(request, "registry/household/card.html", context)
