"""Search for people by name or by a complete ID number, within the user's scope, masked."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from fupin import idnumber
from fupin.registry.models import Household, Member
from fupin.registry.permissions import VIEW_HOUSEHOLDS, access_log, require

MAX_RESULTS = 50
FULL_ID = re.compile(r"^\d{17}[\dX]$")
# Digit strings that are not a whole ID number are refused: searching by fragments of ID numbers
# would let anyone enumerate people's birth dates and areas.
DIGITS = re.compile(r"^[\dX]+$")


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Finds active members by name (or household number) or by an exact ID number.

    The form posts, so an ID number typed in never lands in URLs, browser history or server logs,
    and the page never echoes it back unmasked.
    """
    require(request.user, VIEW_HOUSEHOLDS)
    raw = request.POST.get("q") if request.method == "POST" else request.GET.get("q")
    query = " ".join((raw or "").split())
    by_id = FULL_ID.match(query.upper()) is not None
    results: list[Member] = []
    notice = ""
    if query:
        members, notice = _matching_members(request, query)
        results = list(members[: MAX_RESULTS + 1]) if members is not None else []
    context = {
        "query": query,
        "shown_query": "" if by_id else query,
        "masked_id_query": idnumber.mask(query.upper()) if by_id else "",
        "results": results[:MAX_RESULTS],
        "truncated": len(results) > MAX_RESULTS,
        "notice": notice,
        "max_results": MAX_RESULTS,
    }
    template = "registry/search/_results.html" if request.htmx else "registry/search/page.html"
    return render(request, template, context)


def _matching_members(request: HttpRequest, query: str) -> tuple[QuerySet[Member] | None, str]:
    visible = Household.objects.visible_to(request.user)
    members = (
        Member.objects.filter(active=True, household__in=visible)
        .select_related("household__village")
        .order_by("household__number", "id")
    )
    upper = query.upper()
    if FULL_ID.match(upper):
        access_log.info("search by ID number: user=%s", request.user.username)
        return members.filter(id_number=upper), ""
    if DIGITS.match(upper):
        exact_household = members.filter(household__number=query)
        if exact_household.exists():
            return exact_household, ""
        return None, _(
            "Enter a complete 18-character ID number; parts of ID numbers are not searched."
        )
    by_name = Q(name__icontains=query) | Q(household__head_name__icontains=query)
    return members.filter(by_name | Q(household__number=query)), ""
