"""The region tree a user sees, with household and poor counts aggregated in the database."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import Substr

from fupin.registry.choices import PREFIX_DIGITS
from fupin.registry.models import Household, Region
from fupin.registry.permissions import User, countable_by, visible_to
from fupin.registry.selectors.roster import POOR_STATUSES

# "Poor" on the tree: households whose current status is identified poor or returned to poverty.
POOR_FILTER = Q(status__in=sorted(POOR_STATUSES))


@dataclass(frozen=True)
class Counts:
    """Households and poor households under one region."""

    households: int = 0
    poor: int = 0

    @property
    def poor_percent(self) -> float | None:
        """Poor households as a percentage of all households, None when there are none."""
        return 100 * self.poor / self.households if self.households else None


@dataclass(frozen=True)
class Node:
    """A region of the tree with its counts; ``region`` is None for the whole country."""

    region: Region | None
    counts: Counts

    @property
    def is_village(self) -> bool:
        """True for a leaf of the tree (its households are listed on the village page)."""
        return self.region is not None and self.region.level == "village"


def region_counts(user: User, region: Region | None) -> Counts:
    """Households and poor households in ``region`` (all visible ones when None): one query."""
    households = countable_by(user, Household.objects.all())
    if region is not None:
        households = households.filter(village__code__startswith=region.prefix)
    totals = households.aggregate(households=Count("id"), poor=Count("id", filter=POOR_FILTER))
    return Counts(households=totals["households"], poor=totals["poor"])


def children(user: User, region: Region | None) -> list[Node]:
    """The visible children of ``region`` (top-level regions when None), each with its counts."""
    regions = visible_to(user, Region.objects.all()).filter(parent=region).order_by("code")
    child_regions = list(regions)
    counts = _counts_by_prefix(user, region, {len(r.prefix) for r in child_regions})
    return [Node(region=r, counts=counts.get(r.prefix, Counts())) for r in child_regions]


def _counts_by_prefix(user: User, region: Region | None, lengths: set[int]) -> dict[str, Counts]:
    """Counts grouped by the first ``length`` digits of the village code: one query per length."""
    households = countable_by(user, Household.objects.all())
    if region is not None:
        households = households.filter(village__code__startswith=region.prefix)
    result: dict[str, Counts] = {}
    # Children of one parent are normally all of one level, so this is a single GROUP BY query.
    for length in sorted(lengths):
        rows = (
            households.order_by()
            .annotate(key=Substr("village__code", 1, length))
            .values("key")
            .annotate(households=Count("id"), poor=Count("id", filter=POOR_FILTER))
        )
        for row in rows:
            result[row["key"]] = Counts(households=row["households"], poor=row["poor"])
    return result


def ancestors(user: User, region: Region) -> list[Region]:
    """The visible regions above ``region``, top first (for breadcrumbs): one query."""
    digits = PREFIX_DIGITS[region.level]
    codes = [region.code[:n].ljust(12, "0") for n in PREFIX_DIGITS.values() if n < digits]
    found = visible_to(user, Region.objects.all()).filter(code__in=codes).exclude(pk=region.pk)
    return sorted(found, key=lambda r: PREFIX_DIGITS[r.level])
