"""The registry's endpoints: regions, households (read and corrected), members, income records,
the status history, and a member's full ID number (its own permission, logged)."""

# ninja reads the annotations at import: no `from __future__ import annotations` here.
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router
from ninja.pagination import paginate

from fupin.registry.api.common import Payload, caller, expected_version, stale, with_etag
from fupin.registry.api.schemas import (
    CorrectionIn,
    EventOut,
    FullIdOut,
    HouseholdOut,
    IncomeOut,
    MemberOut,
    RegionOut,
)
from fupin.registry.errors import StaleVersionError
from fupin.registry.models import Household, Member, Region
from fupin.registry.permissions import (
    EDIT_HOUSEHOLDS,
    REVEAL_ID_NUMBERS,
    VIEW_HOUSEHOLDS,
    VIEW_REGIONS,
    require,
    visible_to,
)
from fupin.registry.services.corrections import correct_household
from fupin.registry.services.households import reveal_id_number

router = Router(tags=["registry"])


class RegionFilter(Payload):
    """Regions under a code prefix, of a level."""

    prefix: str = ""
    level: str = ""


class HouseholdFilter(Payload):
    """Households under a region code prefix, with a status."""

    prefix: str = ""
    status: str = ""


@router.get("/regions", response=list[RegionOut])
@paginate
def regions(request: HttpRequest, filters: Query[RegionFilter]) -> Any:
    """The regions the caller sees, by code."""
    require(caller(request), VIEW_REGIONS)
    rows = visible_to(caller(request), Region.objects.select_related("parent"))
    if filters.prefix:
        rows = rows.filter(code__startswith=filters.prefix)
    if filters.level:
        rows = rows.filter(level=filters.level)
    return rows.order_by("code")


@router.get("/regions/{code}", response=RegionOut)
def region(request: HttpRequest, code: str) -> Any:
    """One region."""
    require(caller(request), VIEW_REGIONS)
    return get_object_or_404(
        visible_to(caller(request), Region.objects.select_related("parent")), code=code
    )


def _household(request: HttpRequest, number: str) -> Household:
    require(caller(request), VIEW_HOUSEHOLDS)
    visible = visible_to(caller(request), Household.objects.select_related("village"))
    return get_object_or_404(visible, number=number)


@router.get("/households", response=list[HouseholdOut])
@paginate
def households(request: HttpRequest, filters: Query[HouseholdFilter]) -> Any:
    """The caller's households, by number; filter by region prefix and status."""
    require(caller(request), VIEW_HOUSEHOLDS)
    rows = visible_to(caller(request), Household.objects.select_related("village"))
    if filters.prefix:
        rows = rows.filter(village__code__startswith=filters.prefix)
    if filters.status:
        rows = rows.filter(status=filters.status)
    return rows.order_by("number")


@router.get("/households/{number}", response=HouseholdOut)
def household(request: HttpRequest, response: HttpResponse, number: str) -> Any:
    """One household; its version is the ETag a correction sends back as If-Match."""
    found = _household(request, number)
    with_etag(response, found.version)
    return found


@router.patch("/households/{number}", response={200: HouseholdOut})
def correct(
    request: HttpRequest, response: HttpResponse, number: str, payload: CorrectionIn
) -> Any:
    """Corrects card fields, each old value kept; a stale version gets 409 with the current one."""
    found = _household(request, number)
    require(caller(request), EDIT_HOUSEHOLDS, found)
    version = expected_version(request, payload.version)
    try:
        correct_household(found, payload.changes, expected_version=version, actor=caller(request),
                          reason=payload.reason, now=timezone.now())  # fmt: skip
    except StaleVersionError as exc:
        current = Household.objects.values_list("version", flat=True).get(pk=found.pk)
        raise stale(current, exc) from None
    found.refresh_from_db()
    with_etag(response, found.version)
    return found


@router.get("/households/{number}/members", response=list[MemberOut])
def members(request: HttpRequest, number: str) -> Any:
    """The household's members (those who left too, marked inactive)."""
    return _household(request, number).members.order_by("id")


@router.get("/households/{number}/incomes", response=list[IncomeOut])
def incomes(request: HttpRequest, number: str) -> Any:
    """The household's income records, by year; amounts in fen."""
    return _household(request, number).incomes.order_by("year")


@router.get("/households/{number}/events", response=list[EventOut])
def events(request: HttpRequest, number: str) -> Any:
    """The household's status history, oldest first."""
    return _household(request, number).events.select_related("actor").order_by("occurred_at", "id")


@router.get("/members/{member_id}/id-number", response=FullIdOut)
def full_id_number(request: HttpRequest, member_id: int, purpose: str) -> Any:
    """A member's full ID number, for a stated purpose; the read is logged."""
    user = caller(request)
    require(user, REVEAL_ID_NUMBERS)
    visible = visible_to(user, Member.objects.select_related("household__village"))
    member = get_object_or_404(visible, pk=member_id)
    require(user, REVEAL_ID_NUMBERS, member)
    return {"id": member.pk, "id_number": reveal_id_number(member, user, purpose)}
