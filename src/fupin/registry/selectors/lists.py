"""The registry's lists as spreadsheets: the households of a village, a township or a county."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from fupin.registry.extensions import ListExport, Listing
from fupin.registry.models import Household, Region
from fupin.registry.permissions import VIEW_HOUSEHOLDS, User
from fupin.registry.selectors.regions import POOR_FILTER

CHUNK = 2_000


def _rows(households: QuerySet[Household]) -> Iterator[list[Any]]:
    sized = households.select_related("village").annotate(
        size=Count("members", filter=Q(members__active=True))
    )
    for h in sized.order_by("village__code", "group_no", "number").iterator(chunk_size=CHUNK):
        yield [h.number, h.village.code, h.village.name, h.group_no, h.head_name, h.size,
               h.get_status_display()]  # fmt: skip


def households_listing(user: User, query: QueryDict, today: dt.date) -> Listing:
    """The households in the user's scope under ``?region=CODE`` (any level), ``?poor=1`` the
    poor; a region outside the scope is not found."""
    households = Household.objects.visible_to(user)
    if query.get("region"):
        region = get_object_or_404(Region.objects.visible_to(user), code=query["region"])
        households = households.filter(village__code__startswith=region.prefix)
    if query.get("poor") == "1":
        households = households.filter(POOR_FILTER)
    header = [_("household number"), _("village code"), _("village"), _("group"),
              _("head of household"), _("members"), _("status")]  # fmt: skip
    return Listing(header, households.count(), _rows(households))


HOUSEHOLDS = ListExport("registry.households", "households", VIEW_HOUSEHOLDS.name,
                        households_listing)  # fmt: skip
