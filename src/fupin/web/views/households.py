"""A village's household list and the household card."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from fupin.registry.models import Household, Region
from fupin.web import region_tree
from fupin.web.access import access_log, require_household_access
from fupin.web.decision import card_decision
from fupin.web.household_card import build_card

PAGE_SIZE = 50


@login_required
def village(request: HttpRequest, code: str) -> HttpResponse:
    """The households of one village in the user's scope, paginated; ``?poor=1`` keeps the poor."""
    require_household_access(request.user)
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
        "counts": region_tree.region_counts(request.user, place),
        "breadcrumbs": region_tree.ancestors(request.user, place),
    }
    return render(request, "web/village.html", context)


@login_required
def household(request: HttpRequest, number: str) -> HttpResponse:
    """The household card; a household outside the user's scope does not exist for them (404)."""
    require_household_access(request.user)
    visible = Household.objects.visible_to(request.user).select_related("village")
    found = get_object_or_404(visible, number=number)
    card = build_card(found)
    card.decision = card_decision(card)
    access_log.info("household card: household=%s user=%s", found.number, request.user.username)
    context = {
        "card": card,
        "household": found,
        "breadcrumbs": [*region_tree.ancestors(request.user, found.village), found.village],
    }
    return render(request, "web/household/card.html", context)
