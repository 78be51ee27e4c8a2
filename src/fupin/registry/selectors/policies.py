"""The policy in force for a region: its code and its policy categories (held by it or by any
region above it) given to ``fupin.policy.resolver``. The one place the web side asks for a policy.
"""

from __future__ import annotations

from collections.abc import Iterable

from fupin.policy import Policy
from fupin.policy.applicability import CATEGORIES
from fupin.policy.resolver import policy_for
from fupin.registry.choices import PREFIX_DIGITS
from fupin.registry.models import Household, Region


def _held(region: Region) -> set[str]:
    return {name for name in CATEGORIES if getattr(region, name)}


def ancestor_codes(code: str) -> list[str]:
    """The 12-digit codes of the province, city, county and township above a code (and itself)."""
    return [code[:digits].ljust(12, "0") for digits in PREFIX_DIGITS.values()]


def categories_by_code(codes: Iterable[str]) -> dict[str, frozenset[str]]:
    """Each region's policy categories with those of the regions above it, in one query."""
    wanted = set(codes)
    above = {a for code in wanted for a in ancestor_codes(code)}
    held = {r.code: _held(r) for r in Region.objects.filter(code__in=above)}
    return {
        code: frozenset().union(*(held.get(a, set()) for a in ancestor_codes(code)))
        for code in wanted
    }


def categories_of(region: Region) -> frozenset[str]:
    """The region's policy categories, inherited from the regions above it."""
    return categories_by_code([region.code])[region.code]


def policy_for_region(region: Region, year: int | None = None) -> Policy:
    """The policy in force in ``region`` (for ``year``, which it must cover, when given)."""
    return policy_for(region.code, categories_of(region), year)


def policies_for_villages(village_ids: Iterable[int]) -> dict[int, Policy]:
    """The policy of each village (by primary key), resolved with one query for the categories."""
    codes = dict(Region.objects.filter(pk__in=set(village_ids)).values_list("pk", "code"))
    categories = categories_by_code(codes.values())
    return {pk: policy_for(code, categories[code]) for pk, code in codes.items()}


def policy_for_household(household: Household) -> Policy:
    """The policy in force in the household's village."""
    return policy_for_region(household.village)
